"""Class-conditional and semi-supervised variants refuse bad labels with one clear line."""

import numpy as np
import pytest

from kerasgan.cli.main import main
from tests.helpers import CLI_SMALL as SMALL
from tests.helpers import assert_clean_failure as _assert_clean_failure
from tests.helpers import run_args

LABELLED = {"cgan": SMALL, "acgan": SMALL, "sgan": [*SMALL, "--labeled", "6"]}


def npz(tmp_path, labels=None, class_names=None):
    """12 random 8x8 grey images, with `labels` (and `class_names`) when given."""
    images = np.random.default_rng(0).integers(0, 256, (12, 8, 8, 1), dtype=np.uint8)
    arrays = {"x": images}
    if labels is not None:
        arrays["y"] = np.asarray(labels)
    if class_names is not None:
        arrays["class_names"] = np.asarray(class_names)
    path = tmp_path / "data.npz"
    np.savez(path, **arrays)
    return path


@pytest.mark.parametrize("variant", sorted(LABELLED))
def test_negative_labels(variant, tmp_path, capsys):
    data = npz(tmp_path, labels=[-1, 0, 1, 2] * 3)
    code = main(run_args(data, tmp_path, variant, *LABELLED[variant]))
    _assert_clean_failure(code, capsys, "range from -1 to 2", runs_dir=tmp_path / "runs")


@pytest.mark.parametrize("variant", sorted(LABELLED))
def test_labels_beyond_the_class_names(variant, tmp_path, capsys):
    data = npz(tmp_path, labels=[0, 1, 2, 3] * 3, class_names=["a", "b", "c"])
    code = main(run_args(data, tmp_path, variant, *LABELLED[variant]))
    _assert_clean_failure(code, capsys, "range from 0 to 3", "0 to 2", runs_dir=tmp_path / "runs")


@pytest.mark.parametrize("variant", sorted(LABELLED))
def test_data_without_labels(variant, tmp_path, capsys):
    code = main(run_args(npz(tmp_path), tmp_path, variant, *LABELLED[variant]))
    _assert_clean_failure(code, capsys, "needs labels", variant, runs_dir=tmp_path / "runs")


@pytest.mark.parametrize("variant", sorted(LABELLED))
def test_negative_labels_in_a_labels_file(variant, tmp_path, capsys):
    labels = tmp_path / "labels.npy"
    np.save(labels, np.array([0, 1, -2, 1] * 3))
    args = run_args(npz(tmp_path), tmp_path, variant, *LABELLED[variant], "--labels", str(labels))
    _assert_clean_failure(main(args), capsys, "negative labels", runs_dir=tmp_path / "runs")


def test_sgan_with_an_empty_class_asks_for_labels_of_every_class(tmp_path, capsys):
    data = npz(tmp_path, labels=[0, 1, 3] * 4)  # class 2 has no image
    code = main(run_args(data, tmp_path, "sgan", *LABELLED["sgan"]))
    _assert_clean_failure(code, capsys, "class 2 has no image", runs_dir=tmp_path / "runs")
