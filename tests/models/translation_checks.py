"""Shared checks for the image-to-image networks: config and `.keras` round trips."""

import keras
import numpy as np


def numpy(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def images(n, shape, seed=0):
    """A fixed batch of images in [-1, 1]."""
    return np.random.default_rng(seed).uniform(-1, 1, (n, *shape)).astype("float32")


def assert_config_round_trip(net):
    """`from_config(get_config())` gives the same config and, with the same weights, outputs."""
    inputs = net.example_inputs(batch_size=2)
    inputs = tuple(images(2, x.shape[1:], seed=i) for i, x in enumerate(inputs))
    expected = numpy(net(*inputs, training=False))
    clone = type(net).from_config(net.get_config())
    clone(*inputs, training=False)
    clone.set_weights(net.get_weights())
    config_a, config_b = net.get_config(), clone.get_config()
    config_a.pop("name"), config_b.pop("name")
    assert config_a == config_b
    np.testing.assert_allclose(numpy(clone(*inputs, training=False)), expected, atol=1e-6)
    return inputs, expected


def assert_saves_and_loads(net, tmp_path):
    """A `.keras` save reloads (building itself) and gives identical inference outputs."""
    inputs, expected = assert_config_round_trip(net)
    path = tmp_path / f"{type(net).__name__}.keras"
    net.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is type(net)
    np.testing.assert_allclose(numpy(loaded(*inputs, training=False)), expected, atol=1e-6)
