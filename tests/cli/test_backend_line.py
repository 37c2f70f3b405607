"""`sample`, `evaluate` and `devices` print the backend, its version and its devices (the line
`train` prints in its start block), and `evaluate` records them in metrics.json."""

import json

import keras
import pytest

from kerasgan.backend import devices, framework_version
from kerasgan.cli.main import main
from kerasgan.errors import KerasGANError
from kerasgan.runs import environment


def expected_line():
    return f"backend: {framework_version()}, devices: {', '.join(devices())}"


@pytest.fixture
def dcgan_run(train_args, tmp_path):
    assert main(train_args("dcgan")) == 0
    return tmp_path / "runs" / "dcgan-1"


@pytest.fixture
def generator_file(tmp_path):
    """A tiny untrained DCGAN generator saved as `.keras` (no training needed)."""
    from kerasgan.models import get_variant

    model = get_variant("dcgan")(image_shape=(8, 8, 1), latent_dim=6, g_filters=4, d_filters=4)
    path = tmp_path / "generator.keras"
    model.sampling_generator.save(path)
    return path


@pytest.fixture
def pixels_only(monkeypatch, tmp_path):
    """Nearest neighbours in pixels, a private cache: no feature extractor is loaded."""

    def unavailable(*args, **kwargs):
        raise KerasGANError("no extractor in this test")

    monkeypatch.setattr("kerasgan.metrics.protocol.get_extractor", unavailable)
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))


def test_the_line_names_the_running_backend():
    line = expected_line()
    assert line.startswith(f"backend: {keras.backend.backend()} ")
    assert "(version unknown)" not in line and line.split("devices: ")[1]
    assert environment.backend_line() == line
    record = environment.versions()
    assert record["backend"] == keras.backend.backend() and record["devices"] == devices()


def test_sample_prints_the_line_first(generator_file, tmp_path, capsys):
    out_file = tmp_path / "grid.png"
    assert main(["sample", str(generator_file), "--n", "4", "--out", str(out_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [expected_line(), f"wrote {out_file}"]


def test_evaluate_prints_and_records_the_line_like_train(dcgan_run, pixels_only, capsys):
    capsys.readouterr()
    args = ["evaluate", str(dcgan_run), "--metrics", "nn", "--n", "8", "--no-baselines"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == expected_line()
    latest = json.loads((dcgan_run / "metrics.json").read_text())["latest"]
    assert {"protocol", "metrics", "source", "versions"} <= set(latest)  # old keys kept
    assert latest["versions"]["framework"] == framework_version()
    assert latest["versions"]["devices"] == devices()
    assert latest["versions"]["backend"] == keras.backend.backend()
    # under the same keys as the run's config.json, written by train
    recorded = json.loads((dcgan_run / "config.json").read_text())["versions"]
    assert recorded["framework"] == latest["versions"]["framework"]
    assert recorded["backend"] == latest["versions"]["backend"]


def test_evaluate_images_records_the_line(generator_file, npz_data, tmp_path, pixels_only, capsys):
    folder = tmp_path / "pngs"
    assert main(["sample", str(generator_file), "--n", "8", "--out", f"{folder}/"]) == 0
    capsys.readouterr()
    args = ["evaluate", "--images", str(folder), "--reference", str(npz_data)]
    assert main([*args, "--metrics", "nn", "--no-baselines"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == expected_line()
    latest = json.loads((tmp_path / "pngs_evaluation" / "metrics.json").read_text())["latest"]
    assert latest["out"] and latest["versions"]["framework"] == framework_version()


def test_devices_command(capsys):
    assert main(["devices"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [expected_line()]


def test_devices_warns_when_both_tensorflow_wheels_are_installed(capsys, monkeypatch):
    def version(name):
        if name in ("tensorflow", "tensorflow-cpu"):
            return "2.21.0"
        raise environment.importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(environment.importlib.metadata, "version", version)
    assert main(["devices"]) == 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("kerasgan: warning: both tensorflow 2.21.0 and tensorflow-cpu 2.21.0")
    assert len(err.splitlines()) == 1


def test_has_accelerator():
    assert environment.has_accelerator(["gpu:0", "gpu:1"])
    assert environment.has_accelerator(["cuda:0"])
    assert not environment.has_accelerator(["cpu:0"])
