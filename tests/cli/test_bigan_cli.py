"""`kerasgan train bigan`, then sampling its generator like any generator."""

import json

import keras
import numpy as np

from kerasgan.cli.main import main
from kerasgan.images import load_png

TINY = ["--g-units", "16", "--e-units", "16", "--d-units", "16", "--latent-dim", "6"]


def test_train_then_sample(npz_data, tmp_path):
    out = tmp_path / "runs"
    command = [
        "train", "bigan", "--data", str(npz_data), "--epochs", "1", "--batch-size", "8",
        "--out", str(out), "--quiet", "--samples", "4", *TINY, "--g-lr", "0.001",
    ]  # fmt: skip
    assert main(command) == 0
    run = out / "bigan-1"
    config = json.loads((run / "config.json").read_text())
    assert config["variant"] == "bigan" and "num_classes" not in config["arguments"]
    assert config["arguments"]["latent_dim"] == 6 and config["arguments"]["e_units"] == [16]
    header = (run / "history.csv").read_text().splitlines()[0].split(",")
    assert {"d_loss", "g_loss"} <= set(header)
    generator = keras.saving.load_model(run / "generator.keras")
    assert generator.latent_dim == 6 and generator.num_classes == 0
    images = keras.ops.convert_to_numpy(generator(np.zeros((2, 6), "float32")))
    assert images.shape == (2, 8, 8, 1) and np.all(np.abs(images) <= 1.0)
    grid = tmp_path / "grid.png"
    assert main(["sample", str(run), "--n", "4", "--out", str(grid)]) == 0
    assert load_png(grid).shape[0] == 2 * 8 + 3 * 2


def test_augment_is_a_clear_error(npz_data, tmp_path, capsys):
    command = [
        "train", "bigan", "--data", str(npz_data), "--epochs", "1", "--out",
        str(tmp_path / "runs"), "--quiet", *TINY, "--augment", "all",
    ]  # fmt: skip
    assert main(command) == 2
    err = capsys.readouterr().err
    assert "augment does not apply" in err and "Traceback" not in err


def test_prior_dropout_and_code_norm_options(npz_data, tmp_path):
    out = tmp_path / "runs"
    command = [
        "train", "bigan", "--data", str(npz_data), "--epochs", "1", "--batch-size", "8",
        "--out", str(out), "--quiet", "--samples", "4", *TINY,
        "--prior", "uniform", "--dropout", "0.2", "--code-norm", "false",
    ]  # fmt: skip
    assert main(command) == 0
    run = out / "bigan-1"
    arguments = json.loads((run / "config.json").read_text())["arguments"]
    assert arguments["prior"] == "uniform" and arguments["dropout"] == 0.2
    assert arguments["code_norm"] is False
    grid = tmp_path / "grid.png"
    assert main(["sample", str(run), "--n", "4", "--out", str(grid)]) == 0  # uniform codes
    assert load_png(grid).shape[0] == 2 * 8 + 3 * 2
