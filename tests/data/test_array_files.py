"""`.npy` / `.npz` sources: value ranges, layouts, labels files and their errors."""

import re

import numpy as np
import pytest

from kerasgan.data import load_dataset
from kerasgan.errors import DataError
from tests.helpers import labelled_images


def test_uint8_nhwc_npy_is_memory_mapped(tmp_path):
    images, _ = labelled_images(channels=3)
    np.save(tmp_path / "x.npy", images)
    data = load_dataset(tmp_path / "x.npy")
    assert isinstance(data.images, np.memmap) and data.labels is None
    np.testing.assert_array_equal(data.images, images)


def test_nhw_gets_a_channel_and_nchw_is_moved(tmp_path):
    np.save(tmp_path / "nhw.npy", np.zeros((3, 5, 6), np.uint8))
    assert load_dataset(tmp_path / "nhw.npy").image_shape == (5, 6, 1)
    np.save(tmp_path / "nchw.npy", np.zeros((3, 3, 5, 6), np.uint8))
    assert load_dataset(str(tmp_path / "nchw.npy")).image_shape == (5, 6, 3)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([0.0, 0.5, 1.0], [0, 128, 255]),
        ([-1.0, 0.0, 1.0], [0, 128, 255]),
        ([0.0, 100.0, 255.0], [0, 100, 255]),
        (np.array([0, 7, 255], np.int64), [0, 7, 255]),
    ],
)
def test_value_ranges_are_detected(tmp_path, values, expected):
    images = np.broadcast_to(np.asarray(values)[:, None, None], (3, 2, 2))
    np.save(tmp_path / "x.npy", images)
    data = load_dataset(tmp_path / "x.npy")
    assert data.images.dtype == np.uint8 and data.images[:, 0, 0, 0].tolist() == expected


def test_out_of_range_values(tmp_path):
    np.save(tmp_path / "x.npy", np.full((2, 3, 3), 300.0))
    with pytest.raises(DataError, match=r"x\.npy holds values from 300 to 300"):
        load_dataset(tmp_path / "x.npy")


def test_npz_with_labels_and_class_names(tmp_path):
    images, labels = labelled_images()
    np.savez(tmp_path / "d.npz", x=images, y=labels, class_names=np.array(list("abcd")))
    data = load_dataset(tmp_path / "d.npz")
    assert data.class_names == list("abcd") and data.num_classes == 4
    np.testing.assert_array_equal(data.labels, labels)
    np.savez(tmp_path / "e.npz", images=images / 255.0, labels=labels[:, None])
    other = load_dataset(tmp_path / "e.npz")
    assert other.num_classes == 4 and other.class_names is None
    np.testing.assert_array_equal(other.images, images)


def test_npz_without_images(tmp_path):
    np.savez(tmp_path / "d.npz", a=np.zeros(2), b=np.zeros(2))
    with pytest.raises(DataError, match=r"d\.npz has no array named x or images \(found a, b\)"):
        load_dataset(tmp_path / "d.npz")


def test_labels_file(tmp_path):
    images, labels = labelled_images(count=6)
    np.save(tmp_path / "x.npy", images)
    np.save(tmp_path / "y.npy", labels)
    data = load_dataset(tmp_path / "x.npy", labels_path=tmp_path / "y.npy")
    np.testing.assert_array_equal(data.labels, labels)
    assert data.num_classes == 4


def test_labels_file_errors(tmp_path):
    np.save(tmp_path / "x.npy", np.zeros((4, 2, 2), np.uint8))
    np.save(tmp_path / "short.npy", np.zeros(3, np.int64))
    np.save(tmp_path / "negative.npy", -np.ones(4, np.int64))
    path = re.escape(str(tmp_path))
    cases = {
        "short.npy": f"labels file {path}/short.npy has 3 labels for 4 images",
        "missing.npy": f"labels file {path}/missing.npy does not exist",
        "negative.npy": f"labels file {path}/negative.npy holds negative labels",
        "x.txt": "is not a .npy file",
    }
    (tmp_path / "x.txt").write_text("0")
    for name, message in cases.items():
        with pytest.raises(DataError, match=message):
            load_dataset(tmp_path / "x.npy", labels_path=tmp_path / name)


def test_npz_labels_that_do_not_match(tmp_path):
    np.savez(tmp_path / "d.npz", x=np.zeros((4, 2, 2), np.uint8), y=np.zeros(5, np.int64))
    with pytest.raises(DataError, match=r"d\.npz has 5 labels for 4 images"):
        load_dataset(tmp_path / "d.npz")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.npy", None, "data path .*missing.npy does not exist"),
        ("sub/missing", None, "data path .*sub/missing does not exist"),
        ("notes.txt", b"hello", "data path .*notes.txt is neither a folder nor a .npy/.npz file"),
        ("bad.npy", b"garbage", "bad.npy is not a readable .npy file"),
        ("bad.npz", b"garbage", "bad.npz is not a readable .npz file"),
        ("strings.npy", np.full((2, 2, 2), "a"), "strings.npy holds <U1 values"),
        ("flat.npy", np.zeros((4, 10), np.uint8), r"flat.npy holds an array of shape \(4, 10\)"),
    ],
)
def test_bad_files(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        np.save(path, content)
    with pytest.raises(DataError, match=message):
        load_dataset(path)


def test_array_file_resized(tmp_path):
    np.save(tmp_path / "x.npy", np.zeros((2, 8, 4, 1), np.uint8))
    data = load_dataset(tmp_path / "x.npy", image_size=(2, 3), channels=3)
    assert data.image_shape == (2, 3, 3)
