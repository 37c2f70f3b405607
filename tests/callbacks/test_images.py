import os

import numpy as np
import pytest
from PIL import Image

from kerasgan.images import load_png, make_grid, save_png, to_uint8
from kerasgan.runs.atomic import atomic_path, write_json


def test_to_uint8_maps_range_clips_and_handles_nan():
    values = np.array([-1.0, 0.0, 1.0, -3.0, 2.0, np.nan], dtype=np.float32)
    np.testing.assert_array_equal(to_uint8(values), [0, 128, 255, 0, 255, 0])
    assert to_uint8(values).dtype == np.uint8
    already = np.array([3, 200], dtype=np.uint8)
    assert to_uint8(already) is already


@pytest.mark.parametrize(
    "n, nrow, expected_rows, expected_cols",
    [(16, 4, 4, 4), (10, 4, 3, 4), (3, 8, 1, 3), (1, 1, 1, 1)],
)
def test_make_grid_shape(n, nrow, expected_rows, expected_cols):
    images = np.zeros((n, 7, 5, 3), dtype=np.float32)
    grid = make_grid(images, nrow=nrow, padding=2)
    assert grid.dtype == np.uint8
    assert grid.shape == (expected_rows * 9 + 2, expected_cols * 7 + 2, 3)


def test_make_grid_places_images_and_padding():
    images = np.stack([np.full((2, 3, 1), value) for value in (-1.0, 1.0, -1.0)])
    grid = make_grid(images, nrow=2, padding=1, pad_value=77)
    assert grid.shape == (2 * 3 + 1, 2 * 4 + 1, 1)
    assert (grid[1:3, 1:4] == 0).all()  # first image
    assert (grid[1:3, 5:8] == 255).all()  # second image, same row
    assert (grid[4:6, 1:4] == 0).all()  # third image, next row
    assert (grid[0] == 77).all() and (grid[:, 0] == 77).all() and (grid[3] == 77).all()
    assert (grid[4:6, 5:8] == 77).all()  # empty cell stays padding


def test_make_grid_accepts_nhw_and_zero_padding():
    grid = make_grid(np.zeros((4, 3, 3)), nrow=2, padding=0)
    assert grid.shape == (6, 6, 1)


def test_make_grid_rejects_empty():
    with pytest.raises(ValueError):
        make_grid(np.zeros((0, 3, 3, 1)), nrow=2)


def test_save_png_grey_is_mode_l_and_round_trips(tmp_path):
    grid = make_grid(np.linspace(-1, 1, 4 * 8 * 8).reshape(4, 8, 8, 1), nrow=2)
    path = tmp_path / "sub" / "grid.png"
    save_png(grid, path)
    with Image.open(path) as image:
        assert image.mode == "L"
    np.testing.assert_array_equal(load_png(path), grid)
    assert os.listdir(tmp_path / "sub") == ["grid.png"]


def test_save_png_rgb_round_trips_and_overwrites(tmp_path):
    path = tmp_path / "rgb.png"
    save_png(np.zeros((4, 5, 3), dtype=np.uint8), path)
    rgb = np.random.default_rng(0).integers(0, 256, (4, 5, 3), dtype=np.uint8)
    save_png(rgb, path)
    np.testing.assert_array_equal(load_png(path), rgb)
    assert os.listdir(tmp_path) == ["rgb.png"]


def test_save_png_rejects_float(tmp_path):
    with pytest.raises(ValueError, match="uint8"):
        save_png(np.zeros((4, 4)), tmp_path / "x.png")
    assert os.listdir(tmp_path) == []


def test_atomic_path_failure_keeps_old_file_and_leaves_no_tmp(tmp_path):
    path = tmp_path / "state.json"
    write_json(path, {"a": 1})
    with pytest.raises(RuntimeError):
        with atomic_path(path) as tmp:
            with open(tmp, "w") as stream:
                stream.write("{partial")
            raise RuntimeError("killed")
    assert path.read_text() == '{\n  "a": 1\n}\n'
    assert os.listdir(tmp_path) == ["state.json"]


def test_atomic_path_suffix_lets_writers_keep_the_name(tmp_path):
    """np.save appends .npy and Keras checks .weights.h5: the temporary name ends like that."""
    path = tmp_path / "features.npy"
    with atomic_path(path, suffix=".npy") as tmp:
        assert tmp.endswith(".npy") and os.path.dirname(tmp) == str(tmp_path)
        np.save(tmp, np.arange(3))
    np.testing.assert_array_equal(np.load(path), np.arange(3))
    assert os.listdir(tmp_path) == ["features.npy"]
