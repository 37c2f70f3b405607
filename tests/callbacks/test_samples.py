import os

import numpy as np
import pytest

from kerasgan.callbacks import SampleGrid
from kerasgan.callbacks.samples import fixed_inputs
from kerasgan.images import load_png
from tests.helpers import fake_gan, fit_fake_gan


def pngs(folder):
    return sorted(name for name in os.listdir(folder))


def test_files_named_by_epoch_every_and_last(tmp_path):
    model = fake_gan()
    fit_fake_gan(model, [SampleGrid(tmp_path, n=9, every=2)], epochs=5)
    assert pngs(tmp_path) == ["epoch_0002.png", "epoch_0004.png", "epoch_0005.png"]


def test_resume_continues_epoch_numbers(tmp_path):
    model = fake_gan()
    fit_fake_gan(model, [SampleGrid(tmp_path, n=4)], epochs=2)
    fit_fake_gan(model, [SampleGrid(tmp_path, n=4)], epochs=4, initial_epoch=2)
    assert pngs(tmp_path) == [f"epoch_{e:04d}.png" for e in (1, 2, 3, 4)]


def test_resume_with_every_uses_real_epoch(tmp_path):
    model = fake_gan()
    fit_fake_gan(model, [SampleGrid(tmp_path, n=4, every=3)], epochs=7, initial_epoch=4)
    assert pngs(tmp_path) == ["epoch_0006.png", "epoch_0007.png"]


def test_unconditional_grid_shape_and_fixed_noise(tmp_path):
    model = fake_gan(image_shape=(6, 5, 1))
    callback = SampleGrid(tmp_path, n=10, seed=3)
    callback.set_model(model)
    callback.on_train_begin()
    z = callback.z.copy()
    callback.on_epoch_end(0)
    callback.on_epoch_end(1)
    np.testing.assert_array_equal(callback.z, z)
    np.testing.assert_array_equal(z, fixed_inputs(4, 0, 10, 3)[0])
    grid = load_png(tmp_path / "epoch_0001.png")
    assert grid.shape == (3 * 8 + 2, 4 * 7 + 2, 1)  # 10 images, 4 per row
    assert model.last_labels is None


@pytest.mark.parametrize("n, per_row", [(12, 4), (2, 1)])
def test_conditional_one_row_per_class(tmp_path, n, per_row):
    model = fake_gan(num_classes=3, image_shape=(4, 4, 3))
    callback = SampleGrid(tmp_path, n=n)
    callback.set_model(model)
    callback.on_train_begin()
    callback.on_epoch_end(0)
    np.testing.assert_array_equal(model.last_labels, np.repeat([0, 1, 2], per_row))
    for row in range(3):  # a column shares its noise across classes
        rows = callback.z[row * per_row : (row + 1) * per_row]
        np.testing.assert_array_equal(rows, callback.z[:per_row])
    grid = load_png(tmp_path / "epoch_0001.png")
    assert grid.shape == (3 * 6 + 2, per_row * 6 + 2, 3)
    images = model.generate(callback.z, callback.labels)
    first_of_row = [grid[2 + 6 * r : 6 + 6 * r, 2:6] for r in range(3)]
    for r in range(3):
        np.testing.assert_allclose(
            first_of_row[r], np.rint((images[r * per_row] + 1) * 127.5), atol=1
        )
