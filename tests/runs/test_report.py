"""`kerasgan report`: a self-contained HTML page, checked in a real (headless) browser."""

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kerasgan.errors import ConfigError
from kerasgan.runs.report import build_report, run_facts, run_folders

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def fake_run(folder, fid, seconds=60.0, epochs=2, variant="dcgan"):
    """A run folder with the files a finished, evaluated run holds (no training needed)."""
    (folder / "samples").mkdir(parents=True)
    (folder / "nearest").mkdir()
    config = {"variant": variant, "arguments": {}, "settings": {"data": "fashion_mnist_test"}}
    (folder / "config.json").write_text(json.dumps(config))
    rows = "".join(f"{e},{1.0 / e},{0.5 * e}\n" for e in range(1, epochs + 1))
    (folder / "history.csv").write_text("epoch,d_loss,g_loss\n" + rows)
    (folder / "timing.json").write_text(json.dumps({"seconds": seconds, "epochs": epochs}))
    rng = np.random.default_rng(int(fid))
    frames = []
    for epoch in range(1, epochs + 1):
        grid = rng.integers(0, 256, (20, 20, 3), dtype=np.uint8)
        Image.fromarray(grid).save(folder / "samples" / f"epoch_{epoch:04d}.png")
        frames.append(Image.fromarray(grid))
    frames[0].save(folder / "training.gif", save_all=True, append_images=frames[1:])
    Image.fromarray(np.zeros((10, 30), np.uint8)).save(folder / "losses.png")
    Image.fromarray(np.zeros((10, 50), np.uint8)).save(folder / "nearest" / "nearest_pixels.png")
    latest = {"metrics": {"fid": fid, "precision": 0.5}, "protocol": {"n_generated": 100}}
    (folder / "metrics.json").write_text(json.dumps({"evaluations": [latest], "latest": latest}))
    return folder


@pytest.fixture
def three_runs(tmp_path):
    root = tmp_path / "runs"
    for name, fid in (("dcgan-1", 30.0), ("dcgan-2", 10.0), ("wgan-1", 20.0)):
        fake_run(root / name, fid, variant=name.split("-")[0])
    return root


def test_the_page_embeds_everything_and_loads_nothing(three_runs):
    page = build_report([three_runs])
    assert page.count('<h2 id="') == 3 and 'id="comparison"' in page
    assert "http://" not in page and "https://" not in page and 'src="data:image/' in page
    assert page.count("data:image/gif;base64,") == 3  # each run's training GIF
    facts = run_facts(three_runs / "dcgan-2")
    assert facts["epochs"] == 2 and facts["seconds"] == 60.0 and facts["metrics"]["fid"] == 10.0
    assert set(facts["images"]) >= {"training GIF", "last sample grid", "loss curves"}


def test_run_folders_and_their_errors(three_runs, tmp_path):
    assert [p.name for p in run_folders([three_runs])] == ["dcgan-1", "dcgan-2", "wgan-1"]
    assert run_folders([three_runs / "wgan-1"]) == [three_runs / "wgan-1"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(ConfigError, match="neither a run folder"):
        run_folders([tmp_path / "empty"])
    with pytest.raises(ConfigError, match="does not exist"):
        run_folders([tmp_path / "missing"])


def test_cli_report_of_a_real_run(train_args, tmp_path, capsys):
    from kerasgan.cli.main import main

    assert main(train_args("dcgan")) == 0
    out = tmp_path / "report.html"
    assert main(["report", str(tmp_path / "runs"), "--out", str(out)]) == 0
    assert f"wrote {out}: 1 run" in capsys.readouterr().out
    page = out.read_text()
    assert "dcgan-1" in page and "data:image/png;base64," in page
    timing = json.loads((tmp_path / "runs" / "dcgan-1" / "timing.json").read_text())
    assert timing["epochs"] == 1 and timing["seconds"] > 0 and timing["steps"] == 4  # 32 / 8


@pytest.mark.skipif(
    CHROMIUM is None or os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow",
    reason="needs Chromium (Debian's chromium package); run once, with the TensorFlow pass",
)
def test_the_report_in_a_headless_browser(three_runs, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    out = tmp_path / "report.html"
    out.write_text(build_report([three_runs]))
    errors = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("http*://**", lambda route: errors.append(route.request.url) or route.abort())
        page.goto(Path(out).as_uri())
        widths = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
        assert len(widths) == 3 * 4 + 3 and all(width > 0 for width in widths)

        def first_column():
            return page.eval_on_selector_all(
                "#comparison tbody tr td:first-child", "cells => cells.map(c => c.textContent)"
            )

        header = page.locator("#comparison th", has_text="FD")
        header.click()
        assert first_column() == ["dcgan-2", "wgan-1", "dcgan-1"]  # FD 10, 20, 30
        header.click()
        assert first_column() == ["dcgan-1", "wgan-1", "dcgan-2"]
        page.locator("#comparison th", has_text="variant").click()
        assert first_column()[-1] == "wgan-1"
        screenshot = tmp_path / "report.png"
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    assert errors == []
    assert screenshot.stat().st_size > 10_000
