"""`ImageDataset.batches`: a keras PyDataset of [-1, 1] float32 batches."""

import keras
import numpy as np
import pytest

from kerasgan.data import ImageDataset, load_dataset
from kerasgan.errors import DataError
from tests.helpers import labelled_images


@pytest.fixture
def data():
    images, labels = labelled_images(count=10, num_classes=5, channels=3)
    return ImageDataset(images, labels, name="toy")


def test_shapes_dtype_and_range():
    batches = load_dataset().batches(64)
    assert isinstance(batches, keras.utils.PyDataset)
    x, y = batches[0]
    assert len(batches) == 156 and x.shape == (64, 28, 28, 1) and y.shape == (64,)
    assert x.dtype == np.float32 and y.dtype == np.int32
    assert x.min() == -1.0 and x.max() == 1.0


def test_labels_are_aligned_with_images(data):
    for x, y in data.batches(3, drop_remainder=False):
        np.testing.assert_array_equal(np.rint((x[:, 0, 0, 0] + 1) * 127.5), y * 50)


def test_lengths(data):
    assert len(data.batches(3)) == 3 and len(data.batches(3, drop_remainder=False)) == 4
    assert data.batches(3, drop_remainder=False)[3][0].shape == (1, 4, 4, 3)
    with pytest.raises(IndexError):
        data.batches(3)[3]


def test_shuffling_per_epoch_and_by_seed():
    images = np.arange(40, dtype=np.uint8).reshape(40, 1, 1, 1)
    data = ImageDataset(images, np.zeros(40, np.int64))
    batches = data.batches(8, seed=1, drop_remainder=False)
    first = _epoch_order(batches)
    batches.on_epoch_end()
    second = _epoch_order(batches)
    assert sorted(first) == sorted(second) == list(range(40)) and first != second
    again = data.batches(8, seed=1)
    assert _epoch_order(again) == first
    again.set_epoch(1)
    assert _epoch_order(again) == second
    assert _epoch_order(data.batches(8, seed=2)) != first
    assert _epoch_order(data.batches(8, shuffle=False)) == list(range(40))


def _epoch_order(batches):
    values = np.concatenate([batches[i][0][:, 0, 0, 0] for i in range(len(batches))])
    return np.rint((values + 1) * 127.5).astype(int).tolist()


def test_with_labels_choice(data):
    assert isinstance(data.batches(2, with_labels=False)[0], np.ndarray)
    unlabelled = ImageDataset(data.images)
    assert isinstance(unlabelled.batches(2)[0], np.ndarray)
    with pytest.raises(DataError, match="needs labels"):
        unlabelled.batches(2, with_labels=True)


def test_batch_size_errors(data):
    with pytest.raises(DataError, match="batch_size=11 does not fit the 10 images of toy"):
        data.batches(11)
    assert len(data.batches(11, drop_remainder=False)) == 1


def test_batches_from_a_memmap(tmp_path):
    images, labels = labelled_images(count=12, num_classes=3)
    np.save(tmp_path / "x.npy", images)
    np.save(tmp_path / "y.npy", labels)
    data = load_dataset(tmp_path / "x.npy", labels_path=tmp_path / "y.npy")
    assert isinstance(data.images, np.memmap)
    for x, y in data.batches(4, seed=5):
        np.testing.assert_array_equal(np.rint((x[:, 0, 0, 0] + 1) * 127.5), y * 50)
