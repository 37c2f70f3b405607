"""`kerasgan train sgan`: a labelled subset picked from labelled data, recorded in the run."""

import json

import keras
import numpy as np

from kerasgan.cli.main import main
from tests.helpers import CLI_SMALL as SMALL
from tests.helpers import assert_clean_failure as _assert_clean_failure
from tests.helpers import run_args


def test_sgan_trains_with_six_labels_and_records_them(npz_data, tmp_path):
    assert main(run_args(npz_data, tmp_path, "sgan", *SMALL, "--labeled", "6")) == 0
    run = tmp_path / "runs" / "sgan-1"
    config = json.loads((run / "config.json").read_text())
    assert config["arguments"]["labeled"] == 6 and config["arguments"]["num_classes"] == 3
    labeled = json.loads((run / "labeled.json").read_text())
    assert labeled["labeled"] == 6 and labeled["per_class"] == [2, 2, 2]
    labels = np.load(npz_data)["y"]
    assert np.bincount(labels[labeled["indices"]], minlength=3).tolist() == [2, 2, 2]
    history = (run / "history.csv").read_text().splitlines()[0].split(",")
    assert {"d_class_loss", "d_class_acc", "d_unsup_loss", "g_loss"} <= set(history)
    generator = keras.saving.load_model(run / "generator.keras")
    images = keras.ops.convert_to_numpy(generator(np.zeros((2, 6), "float32")))
    assert images.shape == (2, 8, 8, 1) and np.all(np.abs(images) <= 1.0)
    assert (run / "samples" / "epoch_0001.png").is_file()
    assert main(["train", "--resume", str(run), "--epochs", "2", "--quiet"]) == 0


def test_sgan_with_all_labels_trains(npz_data, tmp_path):
    args = run_args(npz_data, tmp_path, "sgan", *SMALL, "--labeled", "0")
    assert main([*args, "--generator-loss", "non_saturating"]) == 0
    labeled = json.loads((tmp_path / "runs" / "sgan-1" / "labeled.json").read_text())
    assert labeled["indices"] == "all" and sum(labeled["per_class"]) == 32


def test_more_labels_than_images_is_a_clear_error(npz_data, tmp_path, capsys):
    code = main(run_args(npz_data, tmp_path, "sgan", *SMALL, "--labeled", "100"))
    _assert_clean_failure(code, capsys, "labeled=100", "32 images", runs_dir=tmp_path / "runs")


def test_fewer_labels_than_classes_is_a_clear_error(npz_data, tmp_path, capsys):
    code = main(run_args(npz_data, tmp_path, "sgan", *SMALL, "--labeled", "2"))
    _assert_clean_failure(code, capsys, "labeled=2", "3 classes", runs_dir=tmp_path / "runs")


def test_sgan_needs_labels(tmp_path, capsys):
    images = tmp_path / "images.npy"
    np.save(images, np.zeros((16, 8, 8, 1), np.uint8))
    code = main(["train", "sgan", "--data", str(images), "--out", str(tmp_path / "runs")])
    _assert_clean_failure(code, capsys, "labels", "sgan", runs_dir=tmp_path / "runs")
