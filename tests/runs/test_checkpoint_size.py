"""A checkpoint stores each value once: the model's variables in the weights file, the
optimizer's in optimizer.npz."""

import os

import h5py
import keras
import numpy as np

from kerasgan.runs.checkpoints import (
    OPTIMIZER_FILE,
    WEIGHTS_FILE,
    restore_checkpoint,
    save_checkpoint,
)
from tests.helpers import tiny_model


def nbytes(variables):
    return sum(int(np.prod(v.shape)) * np.dtype(v.dtype).itemsize for v in variables)


def test_each_value_is_stored_once_and_resume_stays_exact(tmp_path):
    model = tiny_model("dcgan", g_filters=16, d_filters=16)  # big enough to dominate headers
    images = np.random.default_rng(0).uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    model.fit(images, batch_size=8, epochs=1, verbose=0)
    path = save_checkpoint(model, tmp_path / "checkpoints", 1)
    with h5py.File(os.path.join(path, WEIGHTS_FILE)) as weights:
        assert "optimizer" not in weights
    model_bytes = nbytes(model.weights)
    optimizer_bytes = nbytes(model.optimizer.variables)
    on_disk = os.path.getsize(os.path.join(path, WEIGHTS_FILE))
    assert model_bytes <= on_disk < 1.5 * model_bytes + 64 * 1024
    assert os.path.getsize(os.path.join(path, OPTIMIZER_FILE)) < 1.2 * optimizer_bytes + 8192
    # restoring gives back every weight and optimizer value
    other = tiny_model("dcgan", g_filters=16, d_filters=16, seed=1)
    other.fit(images, batch_size=8, epochs=1, verbose=0)
    assert restore_checkpoint(other, path) == 1
    for mine, theirs in zip(model.weights, other.weights, strict=True):
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs)
        )
    pairs = zip(model.optimizer.variables, other.optimizer.variables, strict=True)
    for mine, theirs in pairs:
        np.testing.assert_array_equal(
            keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs)
        )
