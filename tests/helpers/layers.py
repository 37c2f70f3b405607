"""Checks shared by the layer tests: config round trip, one fit step, save and load."""

import keras
import numpy as np

from tests.helpers.arrays import numpy, random


def round_trip(layer, x, **call_kwargs):
    """Outputs of `layer` and of its serialize/deserialize copy given the same weights."""
    layer(x, **call_kwargs)
    copy = keras.layers.deserialize(keras.layers.serialize(layer))
    copy(x, **call_kwargs)
    copy.set_weights(layer.get_weights())
    return numpy(layer(x, **call_kwargs)), numpy(copy(x, **call_kwargs))


def around(layer, input_shape):
    """`Input -> layer -> Flatten -> Dense(1)`: a functional model around a layer."""
    inputs = keras.Input(input_shape)
    outputs = keras.layers.Dense(1)(keras.layers.Flatten()(layer(inputs)))
    return keras.Model(inputs, outputs)


def fit_one_step(layer, input_shape, batch=4):
    """Fits a tiny model around `layer` for one MSE step; returns (before, after) weights."""
    model = around(layer, input_shape)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    before = [numpy(w) for w in model.weights]
    x, y = random(batch, *input_shape, seed=1), random(batch, 1, seed=2)
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    return before, [numpy(w) for w in model.weights]


def save_and_load(model, x, tmp_path):
    """Outputs of `model` and of its `.keras` save reloaded."""
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    return numpy(model(x)), numpy(loaded(x))


def power_iteration(w, u, steps=1):
    """Spectral normalization's power iteration (Miyato et al. 2018) in numpy: (sigma, u)."""
    for _ in range(steps):
        v = u @ w.T
        v = v / np.linalg.norm(v)
        u = v @ w
        u = u / np.linalg.norm(u)
    return (v @ w @ u.T).item(), u
