"""Super-resolution photos: random HR crops, their bicubic LR versions, held-out crops, folders."""

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from kerasgan.data import SuperResolutionDataset, load_superres
from kerasgan.data.pair_batches import SuperResBatches
from kerasgan.data.superres import downscale
from kerasgan.errors import DataError


def smooth_photo(height, width, seed):
    """A smooth random RGB image (blurred noise stretched to [0, 255])."""
    noise = np.random.default_rng(seed).random((height, width, 3))
    smooth = ndimage.gaussian_filter(noise, (3, 3, 0))
    smooth = (smooth - smooth.min()) / (smooth.max() - smooth.min())
    return np.rint(smooth * 255).astype(np.uint8)


@pytest.fixture
def photos():
    return SuperResolutionDataset(
        [smooth_photo(40, 60, 0), smooth_photo(33, 33, 1), smooth_photo(70, 50, 2)],
        scale=4,
        name="smooth",
        crop=16,
    )


def to_uint8(batch):
    return np.rint((batch + 1) * 127.5).astype(np.uint8)


def block_mean(hr, scale):
    count, height, width, channels = hr.shape
    blocks = hr.reshape(count, height // scale, scale, width // scale, scale, channels)
    return blocks.astype(np.float64).mean(axis=(2, 4))


def test_shapes_and_unit_range(photos):
    assert photos.source_shape == (4, 4, 3) and photos.image_shape == (16, 16, 3)
    assert len(photos) == 3 and photos.num_classes == 0 and photos.labels is None
    batches = photos.batches(5, steps_per_epoch=7)
    assert isinstance(batches, SuperResBatches) and len(batches) == 7
    lr, hr = batches[6]
    assert lr.shape == (5, 4, 4, 3) and hr.shape == (5, 16, 16, 3) and lr.dtype == np.float32
    assert -1 <= lr.min() and lr.max() <= 1 and -1 <= hr.min() and hr.max() <= 1
    with pytest.raises(IndexError):
        batches[7]
    lr, hr = photos.batches(2, crop=32)[0]
    assert lr.shape == (2, 8, 8, 3) and hr.shape == (2, 32, 32, 3)


def test_lr_is_the_antialiased_downscaled_hr(photos):
    lr, hr = photos.batches(16, seed=3)[0]
    lr, hr = to_uint8(lr).astype(np.float64), to_uint8(hr)
    expected = block_mean(hr, 4)
    assert np.abs(lr - expected).mean() < 3
    assert np.corrcoef(lr.ravel(), expected.ravel())[0, 1] > 0.97
    subsampled = hr[:, ::4, ::4].astype(np.float64)
    assert np.abs(lr - expected).mean() < np.abs(subsampled - expected).mean()


def test_hr_crops_are_windows_of_the_photos_and_flips_happen(photos):
    photo = np.random.default_rng(0).integers(0, 256, (24, 30, 3), dtype=np.uint8)
    data = SuperResolutionDataset([photo], scale=2, crop=8)
    _, hr = data.batches(20, seed=1, flip=True)[0]
    flips = 0
    for crop in to_uint8(hr):
        found = [
            (top, left, flipped)
            for flipped, window in ((False, crop), (True, crop[:, ::-1]))
            for top in range(24 - 8 + 1)
            for left in range(30 - 8 + 1)
            if np.array_equal(photo[top : top + 8, left : left + 8], window)
        ]
        assert len(found) == 1
        flips += found[0][2]
    assert 0 < flips < 20
    _, unflipped = data.batches(20, seed=1, flip=False)[0]
    assert not np.array_equal(unflipped, hr)


def test_batches_are_reproducible_per_seed_and_epoch(photos):
    first, second = photos.batches(4, seed=5), photos.batches(4, seed=5)
    np.testing.assert_array_equal(first[2][1], second[2][1])
    first.on_epoch_end()
    assert not np.array_equal(first[2][1], second[2][1])
    second.set_epoch(1)
    np.testing.assert_array_equal(first[2][1], second[2][1])
    assert not np.array_equal(photos.batches(4, seed=6)[0][1], second[0][1])


def test_heldout_crops_are_deterministic_and_downscaled(photos):
    lr, hr = photos.heldout_crops(7, seed=2)
    assert lr.shape == (7, 4, 4, 3) and hr.shape == (7, 16, 16, 3) and hr.dtype == np.uint8
    again_lr, again_hr = photos.heldout_crops(7, seed=2)
    np.testing.assert_array_equal(hr, again_hr)
    np.testing.assert_array_equal(lr, again_lr)
    np.testing.assert_array_equal(lr, downscale(hr, 4))
    assert not np.array_equal(photos.heldout_crops(7, seed=3)[1], hr)
    assert photos.heldout_crops(3, crop=32)[1].shape == (3, 32, 32, 3)


def test_crop_errors(photos):
    with pytest.raises(DataError, match="crop=18 is not a positive multiple of scale=4"):
        photos.batches(2, crop=18)
    with pytest.raises(DataError, match=r"smaller than crop=36 \(photo 1 is 33x33\)"):
        photos.batches(2, crop=36)
    with pytest.raises(DataError, match="crop=6 is not a positive multiple"):
        SuperResolutionDataset([smooth_photo(20, 20, 0)], scale=4, crop=6)
    with pytest.raises(DataError, match="photo 1 of"):
        SuperResolutionDataset([smooth_photo(20, 20, 0), np.zeros((20, 20, 1), np.uint8)])


def test_split_holds_out_whole_photos(photos):
    train, held = photos.split(1, seed=0)
    assert (len(train), len(held)) == (2, 1)
    shapes = sorted(p.shape for p in train.images + held.images)
    assert shapes == sorted(p.shape for p in photos.images)
    assert held.crop == photos.crop and held.scale == photos.scale


def test_load_folder_of_photos_of_different_sizes(tmp_path):
    for i, (height, width) in enumerate(((40, 50), (64, 48))):
        Image.fromarray(smooth_photo(height, width, i)).save(tmp_path / f"{i}.png")
    Image.new("L", (30, 20), 77).save(tmp_path / "grey.png")
    data = load_superres(tmp_path, scale=2, crop=16)
    assert [p.shape for p in data.images] == [(40, 50, 3), (64, 48, 3), (20, 30, 3)]
    assert data.source_shape == (8, 8, 3) and data.image_shape == (16, 16, 3)
    with pytest.raises(DataError, match="photos"):
        load_superres(tmp_path / "missing")
