"""Unaligned domains: epoch length, cycling of the smaller domain, independent orders and crops."""

import numpy as np
import pytest
from PIL import Image

from kerasgan.data import UnpairedDataset, load_unpaired
from kerasgan.data.pair_batches import UnpairedBatches
from kerasgan.errors import DataError


def numbered(count, start=0, size=4, channels=1):
    """Images whose every pixel is the image's number `start + i` (so batches can be decoded)."""
    values = np.arange(start, start + count, dtype=np.uint8)
    return np.broadcast_to(values[:, None, None, None], (count, size, size, channels)).copy()


def numbers(batch):
    """Decode the image numbers of a [-1, 1] batch made from `numbered` images."""
    return np.rint((batch[:, 0, 0, 0] + 1) * 127.5).astype(int)


def save_folder(folder, count, size=(6, 6), mode="L"):
    """Write `count` plain images; image i has value i (grey) or colour (i, 0, 255) (RGB)."""
    folder.mkdir(parents=True)
    for i in range(count):
        Image.new(mode, size, i if mode == "L" else (i, 0, 255)).save(folder / f"{i}.png")


def test_epoch_covers_the_larger_domain_and_cycles_the_smaller():
    data = UnpairedDataset(numbered(10), numbered(25, start=100), name="nums")
    batches = data.batches(4, seed=2)
    assert isinstance(batches, UnpairedBatches) and len(batches) == 25 // 4 == 6
    a_seen, b_seen = [], []
    for index in range(len(batches)):
        a, b = batches[index]
        assert a.shape == b.shape == (4, 4, 4, 1) and a.dtype == np.float32
        a_seen += numbers(a).tolist()
        b_seen += numbers(b).tolist()
    assert len(set(b_seen)) == 24 and set(b_seen) <= set(range(100, 125))
    counts = np.bincount(a_seen, minlength=10)
    assert set(counts.tolist()) <= {2, 3} and counts.sum() == 24


def test_each_domain_has_its_own_order_and_each_epoch_a_new_one():
    data = UnpairedDataset(numbered(16), numbered(16))
    batches = data.batches(16, seed=0)
    a, b = batches[0]
    assert sorted(numbers(a)) == sorted(numbers(b)) == list(range(16))
    orders = [tuple(o) for o in batches._orders]
    assert orders[0] != orders[1]
    batches.on_epoch_end()
    assert tuple(batches._orders[0]) != orders[0]
    batches.set_epoch(0)
    assert tuple(batches._orders[0]) == orders[0]
    unshuffled = data.batches(4, shuffle=False)
    np.testing.assert_array_equal(numbers(unshuffled[1][0]), [4, 5, 6, 7])


def test_crops_and_flips_are_drawn_independently_per_side():
    ramp = np.arange(64, dtype=np.uint8).reshape(1, 8, 8, 1) * 3
    data = UnpairedDataset(np.repeat(ramp, 12, 0), np.repeat(ramp, 12, 0))
    a, b = data.batches(12, crop=5, flip=True, seed=4)[0]
    assert a.shape == b.shape == (12, 5, 5, 1)
    different = [not np.array_equal(x, y) for x, y in zip(a, b)]
    assert sum(different) >= 6
    flipped = [x[0, 0, 0] > x[0, -1, 0] for x in a]
    assert 0 < sum(flipped) < 12


def test_batch_size_larger_than_the_larger_domain_is_an_error():
    data = UnpairedDataset(numbered(3), numbered(5))
    assert len(data.batches(5)) == 1
    with pytest.raises(DataError, match="batch_size=6"):
        data.batches(6)
    with pytest.raises(DataError, match="crop=9x9 is larger than the 4x4 images"):
        data.batches(2, crop=9)


def test_mismatched_domains_are_errors():
    with pytest.raises(DataError, match="pass image_size"):
        UnpairedDataset(numbered(2, size=4), numbered(2, size=5))
    with pytest.raises(DataError, match="at least one image"):
        UnpairedDataset(numbered(0), numbered(2))


def test_subset_split_resized_and_shapes():
    data = UnpairedDataset(numbered(10), numbered(30, start=50, channels=3), name="nums")
    assert data.source_shape == (4, 4, 1) and data.image_shape == (4, 4, 3)
    small = data.subset(20, seed=1)
    assert (len(small.a), len(small.b)) == (10, 20)
    train, held = data.split(0.2, seed=3)
    assert (len(train.a), len(held.a), len(train.b), len(held.b)) == (8, 2, 24, 6)
    assert not set(held.b[:, 0, 0, 0]) & set(train.b[:, 0, 0, 0])
    resized = data.resized(8, channels=(3, None))
    assert resized.source_shape == (8, 8, 3) and resized.image_shape == (8, 8, 3)


def test_load_folder_with_a_and_b(tmp_path):
    save_folder(tmp_path / "d" / "A", 3, size=(6, 6))
    save_folder(tmp_path / "d" / "B", 5, size=(6, 6), mode="RGB")
    data = load_unpaired(tmp_path / "d")
    assert (len(data.a), len(data.b)) == (3, 5)
    assert data.source_shape == (6, 6, 1) and data.image_shape == (6, 6, 3)
    assert data.a[:, 0, 0, 0].tolist() == [0, 1, 2]
    assert data.b[:, 0, 0].tolist() == [[i, 0, 255] for i in range(5)]
    grey = load_unpaired(tmp_path / "d", channels=(3, 1))
    assert grey.source_shape == (6, 6, 3) and grey.image_shape == (6, 6, 1)


def test_load_cyclegan_layout_and_splits(tmp_path):
    root = tmp_path / "horse2zebra"
    save_folder(root / "trainA", 4, size=(8, 6))
    save_folder(root / "trainB", 2, size=(10, 10))
    save_folder(root / "testA", 1, size=(8, 8))
    save_folder(root / "testB", 1, size=(8, 8))
    with pytest.raises(DataError, match="pass image_size"):
        load_unpaired(root)
    train = load_unpaired(root, image_size=4)
    assert (len(train.a), len(train.b)) == (4, 2) and train.image_shape == (4, 4, 1)
    test = load_unpaired(root, split="test")
    assert (len(test.a), len(test.b)) == (1, 1) and test.image_shape == (8, 8, 1)
    with pytest.raises(DataError, match="no A/ and B/ .nor valA/ and valB/"):
        load_unpaired(root, split="val")


def test_unknown_spec_names_the_unpaired_tasks():
    with pytest.raises(DataError, match="sneaker2boot"):
        load_unpaired("no_such_task")
    with pytest.raises(DataError, match="load_paired"):
        load_unpaired("edges2fashion")
