"""`ImageDataset`: validation, labels, `resized` and `subset`."""

import numpy as np
import pytest

from kerasgan.data import ImageDataset
from kerasgan.errors import DataError
from tests.helpers import labelled_images


def test_attributes():
    images, labels = labelled_images(count=8, channels=3)
    data = ImageDataset(images, labels, list("abcd"), name="toy")
    assert data.image_shape == (4, 4, 3) and len(data) == 8 and data.num_classes == 4
    assert data.labels.dtype == np.int64 and "toy" in repr(data)
    assert ImageDataset(images).num_classes == 0
    assert ImageDataset(images, labels).num_classes == 4


@pytest.mark.parametrize(
    ("images", "labels", "names", "message"),
    [
        (np.zeros((2, 4, 4), np.uint8), None, None, r"images of shape \(2, 4, 4\)"),
        (np.zeros((2, 4, 4, 1), np.float32), None, None, "dtype float32"),
        (np.zeros((2, 4, 4, 1), np.uint8), [0, 1, 1], None, "has 3 labels for 2 images"),
        (np.zeros((2, 4, 4, 1), np.uint8), [0, 2], ["a", "b"], "range from 0 to 2: use 0 to 1"),
        (np.zeros((2, 4, 4, 1), np.uint8), [0.5, 1], None, "are not whole numbers"),
        (np.zeros((2, 4, 4, 1), np.uint8), [[1, 1], [0, 1]], None, "2-D but not one-hot"),
    ],
)
def test_invalid_datasets(images, labels, names, message):
    with pytest.raises(DataError, match=message):
        ImageDataset(images, labels, names, name="toy")


def test_one_hot_labels():
    data = ImageDataset(np.zeros((3, 2, 2, 1), np.uint8), np.eye(3)[[2, 0, 1]])
    assert data.labels.tolist() == [2, 0, 1] and data.num_classes == 3


def test_require_labels():
    images, labels = labelled_images()
    data = ImageDataset(images, labels)
    assert data.require_labels("cgan") is data
    message = "acgan is conditional and needs labels: use a folder with class subfolders"
    with pytest.raises(DataError, match=message):
        ImageDataset(images, name="faces").require_labels("acgan")


def test_resized_sizes_and_channels():
    images, labels = labelled_images(count=5, size=8, channels=1)
    data = ImageDataset(images, labels, name="toy")
    assert data.resized() is data and data.resized(8, 1) is data
    bigger = data.resized(16, channels=3)
    assert bigger.image_shape == (16, 16, 3) and bigger.labels is data.labels
    np.testing.assert_array_equal(bigger.images[:, 3, 3, 1], images[:, 0, 0, 0])
    assert data.resized((4, 2)).image_shape == (4, 2, 1)
    rgb = ImageDataset(np.full((1, 2, 2, 3), (255, 0, 0), np.uint8))
    assert rgb.resized(channels=1).images[0, 0, 0, 0] == 76


def test_resized_bad_arguments():
    data = ImageDataset(np.zeros((1, 2, 2, 1), np.uint8))
    with pytest.raises(DataError, match="channels=2 is not supported"):
        data.resized(channels=2)
    with pytest.raises(DataError, match=r"image_size=\(1, 2, 3\) is not a size"):
        data.resized((1, 2, 3))


def test_subset():
    images, labels = labelled_images(count=30, num_classes=5)
    data = ImageDataset(images, labels)
    part = data.subset(10, seed=3)
    assert len(part) == 10 and part.num_classes == 5
    np.testing.assert_array_equal(part.images[:, 0, 0, 0], part.labels * 50)
    np.testing.assert_array_equal(part.labels, data.subset(10, seed=3).labels)
    assert not np.array_equal(part.images, data.subset(10, seed=4).images)
    with pytest.raises(DataError, match="cannot take 31 images .*--limit.* which has 30"):
        data.subset(31)
