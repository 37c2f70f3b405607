"""`kerasgan train cogan`, then sampling its pairs like any generator."""

import json

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.images import load_png

TINY = ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"]


def train_command(data, out, *extra):
    return [
        "train", "cogan", "--data", str(data), "--epochs", "1", "--batch-size", "8",
        "--out", str(out), "--quiet", "--samples", "4", *TINY, *extra,
    ]  # fmt: skip


@pytest.mark.parametrize("transform", ["negative", "edges"])
def test_train_then_sample_pairs(npz_data, tmp_path, transform):
    assert main(train_command(npz_data, tmp_path / "runs", "--transform", transform)) == 0
    run = tmp_path / "runs" / "cogan-1"
    config = json.loads((run / "config.json").read_text())
    assert config["variant"] == "cogan" and config["arguments"]["transform"] == transform
    assert config["arguments"]["image_shape"] == [8, 8, 1]
    header = (run / "history.csv").read_text().splitlines()[0].split(",")
    assert {"d_loss", "d_loss_a", "d_loss_b", "g_loss", "g_loss_a", "g_loss_b"} <= set(header)
    assert (run / "samples" / "epoch_0001.png").is_file()
    generator = keras.saving.load_model(run / "generator.keras")
    pairs = keras.ops.convert_to_numpy(generator(np.zeros((2, 6), "float32")))
    assert pairs.shape == (2, 8, 16, 1) and np.all(np.abs(pairs) <= 1.0)
    out = tmp_path / "grid.png"
    assert main(["sample", str(run), "--n", "4", "--out", str(out)]) == 0
    assert load_png(out).shape[:2] == (2 * 8 + 3 * 2, 2 * 16 + 3 * 2)  # 2x2 grid of pairs
    (run / "generator.keras").unlink()
    assert main(["sample", str(run), "--n", "4"]) == 0
    assert (run / "samples" / "sample-seed0.png").is_file()
