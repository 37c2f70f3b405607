"""`kerasgan train acgan`: trains on labelled data, refuses data without labels."""

import json

import keras
import numpy as np

from kerasgan.cli.main import main
from tests.helpers import CLI_SMALL as SMALL
from tests.helpers import assert_clean_failure as _assert_clean_failure
from tests.helpers import run_args


def test_acgan_trains_from_the_cli(npz_data, tmp_path):
    extra = ["--minibatch", "stddev", "--class-weight", "0.5"]
    assert main(run_args(npz_data, tmp_path, "acgan", *SMALL, *extra)) == 0
    run = tmp_path / "runs" / "acgan-1"
    config = json.loads((run / "config.json").read_text())
    assert config["variant"] == "acgan"
    assert config["arguments"]["num_classes"] == 3
    assert config["arguments"]["class_weight"] == 0.5
    history = (run / "history.csv").read_text().splitlines()[0].split(",")
    assert {"d_class_acc", "g_class_loss"} <= set(history)
    generator = keras.saving.load_model(run / "generator.keras")
    images = keras.ops.convert_to_numpy(generator(np.zeros((3, 6), "float32"), np.arange(3)))
    assert images.shape == (3, 8, 8, 1) and np.all(np.abs(images) <= 1.0)
    assert (run / "samples" / "epoch_0001.png").is_file()


def test_acgan_needs_labels(tmp_path, capsys):
    images = tmp_path / "images.npy"
    np.save(images, np.zeros((16, 8, 8, 1), np.uint8))
    code = main(["train", "acgan", "--data", str(images), "--out", str(tmp_path / "runs")])
    _assert_clean_failure(code, capsys, "labels", "acgan", runs_dir=tmp_path / "runs")
