"""`kerasgan sample` from a run folder or a .keras generator."""

import numpy as np
import pytest

from kerasgan.cli.common import select_backend
from kerasgan.cli.main import main
from kerasgan.errors import ConfigError
from kerasgan.images import load_png
from kerasgan.inference.sampling import continuous_codes_of, load_sampler


@pytest.fixture
def dcgan_run(train_args, tmp_path):
    assert main(train_args("dcgan")) == 0
    return tmp_path / "runs" / "dcgan-1"


@pytest.fixture
def cgan_run(train_args, tmp_path):
    assert main(train_args("cgan")) == 0
    return tmp_path / "runs" / "cgan-1"


def test_sample_grid_from_run(dcgan_run, tmp_path):
    out = tmp_path / "grid.png"
    assert main(["sample", str(dcgan_run), "--n", "16", "--out", str(out), "--seed", "3"]) == 0
    grid = load_png(out)
    assert grid.shape[0] == 4 * 8 + 5 * 2  # 4 rows of 8 px, 2 px padding
    again = tmp_path / "again.png"
    assert main(["sample", str(dcgan_run), "--n", "16", "--out", str(again), "--seed", "3"]) == 0
    np.testing.assert_array_equal(load_png(again), grid)


def test_sample_folder_of_pngs_from_keras_file(dcgan_run, tmp_path):
    out = tmp_path / "pngs"
    assert main(["sample", str(dcgan_run / "generator.keras"), "--n", "5", "--out", str(out)]) == 0
    assert len(list(out.glob("*.png"))) == 5


def test_sample_default_output_in_run(dcgan_run):
    assert main(["sample", str(dcgan_run), "--n", "4"]) == 0
    assert (dcgan_run / "samples" / "sample-seed0.png").is_file()


def test_sample_by_label(cgan_run, tmp_path, capsys):
    out = tmp_path / "two.png"
    assert main(["sample", str(cgan_run), "--n", "4", "--label", "2", "--out", str(out)]) == 0
    assert main(["sample", str(cgan_run), "--label", "7"]) == 2
    assert "outside the 3 classes" in capsys.readouterr().err


def test_label_on_unconditional_model_is_an_error(dcgan_run, capsys):
    assert main(["sample", str(dcgan_run), "--label", "1"]) == 2
    assert "unconditional" in capsys.readouterr().err


CLI_ERRORS = [
    (["--n", "0"], "--n must be at least 1."),
    (["--label", "3"], "--label 3 is outside the 3 classes"),
    (["--interpolate", "--n", "0"], "--n (the number of interpolation rows) must be at least 1."),
    (["--interpolate", "--steps", "1"], "--steps must be at least 2 (a path has two ends), not 1."),
    (["--classes", "--n", "0"], "--n (images per class) must be at least 1."),
]


def test_the_cli_names_flags_and_the_sampler_names_arguments(cgan_run, capsys):
    """The same mistakes: the command line's message names the flag, the library's the argument."""
    for extra, message in CLI_ERRORS:
        assert main(["sample", str(cgan_run), *extra]) == 2, extra
        assert message in capsys.readouterr().err, extra
    sampler = load_sampler(cgan_run)
    offset = sampler.latent_dim - 2
    calls = [
        (lambda: sampler.sample(0), "n must be at least 1, not 0."),
        (lambda: sampler.sample(2, label=3), "label 3 is outside the 3 classes"),
        (lambda: sampler.interpolate(rows=0), "rows must be at least 1, not 0."),
        (lambda: sampler.interpolate(steps=1), "steps must be at least 2"),
        (lambda: sampler.class_grid(per_class=0), "per_class must be at least 1, not 0."),
        (lambda: sampler.traverse(5, code_offset=offset), "index 5 is outside the 2 continuous"),
        (lambda: continuous_codes_of(cgan_run / "generator.keras"), "is not a run folder"),
        (lambda: continuous_codes_of(cgan_run), "cgan run without continuous latent codes"),
    ]
    for call, message in calls:
        with pytest.raises(ConfigError) as info:
            call()
        assert message in str(info.value) and "--" not in str(info.value), str(info.value)


def test_sample_from_checkpoint_when_generator_file_is_missing(dcgan_run, tmp_path):
    (dcgan_run / "generator.keras").unlink()
    out = tmp_path / "ckpt.png"
    assert main(["sample", str(dcgan_run), "--n", "4", "--out", str(out)]) == 0
    assert out.is_file()


def test_sample_missing_source(tmp_path, capsys):
    assert main(["sample", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_select_backend_reports_a_missing_backend(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(ConfigError, match=r"pip install -e '\.\[jax\]'"):
        select_backend("jax")


def test_backend_flag_picks_the_backend_in_a_new_process(tmp_path):
    """`--backend` is read before Keras is imported, whatever KERAS_BACKEND says."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "KERAS_BACKEND": "tensorflow"}
    out = tmp_path / "runs"
    command = [
        sys.executable,
        "-m",
        "kerasgan.cli.main",
        "train",
        "gan",
        "--backend",
        "torch",
        "--limit",
        "64",
        "--epochs",
        "1",
        "--batch-size",
        "32",
        "--g-units",
        "8",
        "--d-units",
        "8",
        "--out",
        str(out),
        "--quiet",
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    import json

    config = json.loads((out / "gan-1" / "config.json").read_text())
    assert config["versions"]["backend"] == "torch"
