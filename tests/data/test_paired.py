"""Aligned pairs: A/ and B/ folders, side-by-side images, and identical augmentation of a pair."""

import re

import numpy as np
import pytest
from PIL import Image

from kerasgan.data import PairedDataset, load_paired
from kerasgan.data.pair_batches import PairBatches
from kerasgan.errors import DataError


def save_array(path, array):
    """Write a uint8 (H, W) or (H, W, 3) array losslessly; return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)
    return array


def random_images(count, height=12, width=10, channels=1, seed=0):
    shape = (count, height, width, channels)
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


@pytest.fixture
def ab_folder(tmp_path):
    """A/: 3 grey 12x10 PNGs; B/: RGB images of the same names (one .bmp); returns content."""
    root = tmp_path / "pairs"
    a, b = random_images(3), random_images(3, channels=3, seed=1)
    for stem, ext, x, y in zip(("cat", "dog", "eel"), ("png", "bmp", "png"), a, b):
        save_array(root / "A" / f"{stem}.png", x[..., 0])
        save_array(root / "B" / f"{stem}.{ext}", y)
    return root, a, b


def test_a_b_folders_pair_by_name(ab_folder):
    root, a, b = ab_folder
    pairs = load_paired(root)
    assert len(pairs) == 3 and pairs.name == str(root)
    assert pairs.source_shape == (12, 10, 1) and pairs.image_shape == (12, 10, 3)
    np.testing.assert_array_equal(pairs.a, a)
    np.testing.assert_array_equal(pairs.b, b)
    assert pairs.num_classes == 0 and pairs.labels is None and pairs.class_names is None
    again = load_paired(root)
    assert isinstance(again.a, np.memmap)
    np.testing.assert_array_equal(again.b, b)


def test_pairs_with_an_unreadable_file_are_skipped(ab_folder):
    root, a, b = ab_folder
    (root / "B" / "dog.bmp").write_bytes(b"not an image")
    with pytest.warns(UserWarning, match="skipped 1 of the 3 pairs"):
        pairs = load_paired(root)
    np.testing.assert_array_equal(pairs.a, a[[0, 2]])
    np.testing.assert_array_equal(pairs.b, b[[0, 2]])


def test_a_b_folders_resize_and_channels(ab_folder):
    root, _, _ = ab_folder
    pairs = load_paired(root, image_size=6, channels=(3, 1))
    assert pairs.source_shape == (6, 6, 3) and pairs.image_shape == (6, 6, 1)


def test_missing_partners_are_listed_with_counts(tmp_path):
    root = tmp_path / "pairs"
    for stem in ["same"] + [f"only_a{i:02d}" for i in range(12)]:
        save_array(root / "A" / f"{stem}.png", np.zeros((4, 4), np.uint8))
    for stem in ("same", "only_b1", "only_b2"):
        save_array(root / "B" / f"{stem}.jpg", np.zeros((4, 4), np.uint8))
    with pytest.raises(DataError) as error:
        load_paired(root)
    message = str(error.value)
    assert "12 names in A/" in message and "2 names in B/" in message
    assert "only_a00" in message and "only_a09" in message and "only_a10" not in message
    assert "only_b1" in message and "only_b2" in message and "'same'" not in message


def test_side_by_side_images_split_at_half_width(tmp_path):
    left, right = random_images(2, 8, 8, 3), random_images(2, 8, 8, 3, seed=5)
    for i in range(2):
        save_array(tmp_path / "facades" / f"{i}.png", np.concatenate([left[i], right[i]], 1))
    pairs = load_paired(tmp_path / "facades")
    assert pairs.source_shape == pairs.image_shape == (8, 8, 3)
    np.testing.assert_array_equal(pairs.a, left)
    np.testing.assert_array_equal(pairs.b, right)
    small = load_paired(tmp_path / "facades", image_size=4, channels=(1, None))
    assert small.source_shape == (4, 4, 1) and small.image_shape == (4, 4, 3)


def test_side_by_side_halves_are_resized_separately(tmp_path):
    image = np.concatenate([np.full((6, 6), 0, np.uint8), np.full((6, 6), 250, np.uint8)], 1)
    save_array(tmp_path / "sbs" / "x.png", image)
    pairs = load_paired(tmp_path / "sbs", image_size=(3, 5))
    assert pairs.a.max() <= 2 and pairs.b.min() >= 248


def test_odd_width_is_an_error(tmp_path):
    save_array(tmp_path / "odd" / "x.png", np.zeros((4, 7), np.uint8))
    with pytest.raises(DataError, match=r"x\.png is 7 pixels wide, an odd width"):
        load_paired(tmp_path / "odd")


def test_mismatched_pairs_are_errors():
    with pytest.raises(DataError, match="3 a images for 2 b images"):
        PairedDataset(random_images(3), random_images(2))
    with pytest.raises(DataError, match="pass image_size"):
        PairedDataset(random_images(2, 8, 8), random_images(2, 8, 6))
    with pytest.raises(DataError, match="uint8"):
        PairedDataset(random_images(2).astype(np.float32), random_images(2))


def test_unknown_spec_names_the_paired_tasks(tmp_path):
    with pytest.raises(DataError, match="edges2fashion"):
        load_paired("no_such_task")
    with pytest.raises(DataError, match="load_unpaired"):
        load_paired("sneaker2boot")


def test_batches_are_unit_range_and_drop_the_remainder():
    pairs = PairedDataset(random_images(10), random_images(10, channels=3), name="rand")
    batches = pairs.batches(4, seed=3)
    assert isinstance(batches, PairBatches) and len(batches) == 2
    a, b = batches[1]
    assert a.shape == (4, 12, 10, 1) and b.shape == (4, 12, 10, 3) and a.dtype == np.float32
    assert a.min() >= -1 and a.max() <= 1 and b.min() >= -1 and b.max() <= 1
    with pytest.raises(DataError, match="batch_size=11"):
        pairs.batches(11)


def test_crop_larger_than_the_images_is_an_error():
    pairs = PairedDataset(random_images(4, 28, 28), random_images(4, 28, 28), name="small")
    with pytest.raises(DataError, match=r"crop=40x40 is larger than the 28x28 images of small"):
        pairs.batches(2, crop=40)
    with pytest.raises(DataError, match=re.escape("after load_size=24")):
        pairs.batches(2, crop=26, load_size=24)


def test_both_sides_of_a_pair_get_the_same_crop_and_flip():
    a = random_images(16, 12, 12)
    pairs = PairedDataset(a, np.repeat(a, 3, axis=-1))
    batches = pairs.batches(8, crop=(7, 9), flip=True, seed=1)
    flipped = moved = 0
    for index in range(len(batches)):
        x, y = batches[index]
        assert x.shape == (8, 7, 9, 1) and y.shape == (8, 7, 9, 3)
        np.testing.assert_array_equal(y, np.repeat(x, 3, axis=-1))
        source = a[batches.batch_indices(index)].astype(np.float32) / 127.5 - 1
        for crop, image in zip(x, source):
            found = _find_crop(image, crop)
            assert found is not None, "each crop is a window of its own source image"
            flipped += found[2]
            moved += found[:2] != (0, 0)
    assert 0 < flipped < 16 and moved > 8


def _find_crop(image, crop):
    """Return `(top, left, flipped)` where `crop` lies in `image`, or None."""
    height, width = crop.shape[:2]
    for flipped, window_of in ((False, crop), (True, crop[:, ::-1])):
        for top in range(image.shape[0] - height + 1):
            for left in range(image.shape[1] - width + 1):
                if np.allclose(image[top : top + height, left : left + width], window_of):
                    return top, left, flipped
    return None


def test_augmentation_is_reproducible_per_seed_epoch_and_index():
    a = random_images(8, 16, 16)
    pairs = PairedDataset(a, a.copy())
    first, second = pairs.batches(4, crop=8, flip=True), pairs.batches(4, crop=8, flip=True)
    np.testing.assert_array_equal(first[1][0], second[1][0])
    first.on_epoch_end()
    assert not np.array_equal(first[1][0], second[1][0])
    second.set_epoch(1)
    np.testing.assert_array_equal(first[1][0], second[1][0])
    other_seed = pairs.batches(4, crop=8, flip=True, seed=9)
    assert not np.array_equal(other_seed[0][0], pairs.batches(4, crop=8, flip=True)[0][0])


def test_load_size_resizes_before_cropping():
    pairs = PairedDataset(random_images(4, 10, 10), random_images(4, 10, 10, channels=3))
    a, b = pairs.batches(2, load_size=14, crop=12)[0]
    assert a.shape == (2, 12, 12, 1) and b.shape == (2, 12, 12, 3)
    a, _ = pairs.batches(2, load_size=(6, 8), shuffle=False)[0]
    assert a.shape == (2, 6, 8, 1)


def test_subset_split_and_resized_keep_pairs_aligned():
    a = random_images(20)
    pairs = PairedDataset(a, np.repeat(a, 3, axis=-1), name="rand")
    small = pairs.subset(5, seed=2)
    assert len(small) == 5
    np.testing.assert_array_equal(small.b, np.repeat(small.a, 3, axis=-1))
    train, held = pairs.split(0.25, seed=1)
    assert (len(train), len(held)) == (15, 5)
    rows = {a_row.tobytes() for a_row in train.a} | {a_row.tobytes() for a_row in held.a}
    assert len(rows) == 20
    np.testing.assert_array_equal(held.b[..., :1], held.a)
    assert [len(s) for s in pairs.split(3)] == [17, 3]
    with pytest.raises(DataError, match="holdout=20"):
        pairs.split(20)
    resized = pairs.resized(6, channels=(3, 1))
    assert resized.source_shape == (6, 6, 3) and resized.image_shape == (6, 6, 1)
    assert pairs.resized() is pairs
