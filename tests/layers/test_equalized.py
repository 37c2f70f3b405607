"""EqualizedDense, EqualizedConv2D and PixelNorm against numpy reimplementations."""

import math

import keras
import numpy as np
import pytest

from kerasgan.layers import EqualizedConv2D, EqualizedDense, PixelNorm
from tests.helpers import changed, fit_one_step, numpy, random, round_trip, save_and_load
from tests.helpers.layers import conv2d_numpy

CASES = [  # gain, lr_multiplier, activation
    (math.sqrt(2.0), 1.0, "leaky_relu"),
    (1.0, 0.01, None),
    (0.5, 3.0, "linear"),
]


def leaky_relu(y, activation):
    return np.where(y >= 0, y, 0.2 * y) if activation == "leaky_relu" else y


def set_random_weights(layer, seed=3):
    """Stored weights drawn N(0, 1), so that a wrong run-time scale shows."""
    layer.set_weights([random(*w.shape, seed=seed + i) for i, w in enumerate(layer.weights)])
    return [numpy(w).astype("float64") for w in layer.weights]


@pytest.mark.parametrize("gain,lr_multiplier,activation", CASES)
def test_dense_matches_numpy(gain, lr_multiplier, activation):
    layer = EqualizedDense(6, gain, lr_multiplier, bias_init=0.5, activation=activation)
    x = random(3, 5, seed=1)
    layer(x)
    kernel, bias = set_random_weights(layer)
    expected = x @ (kernel * gain * lr_multiplier / math.sqrt(5)) + bias * lr_multiplier
    out = numpy(layer(x))
    assert out.shape == (3, 6)
    np.testing.assert_allclose(out, leaky_relu(expected, activation), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("lr_multiplier", [1.0, 0.01])
def test_dense_initial_weights(lr_multiplier):
    keras.utils.set_random_seed(0)
    layer = EqualizedDense(64, lr_multiplier=lr_multiplier, bias_init=1.0)
    layer(random(2, 64))
    effective = numpy(layer.kernel) * lr_multiplier  # N(0, 1) once the multiplier is applied
    assert abs(effective.std() - 1.0) < 0.05 and abs(effective.mean()) < 0.05
    np.testing.assert_allclose(numpy(layer.bias) * lr_multiplier, np.ones(64), rtol=1e-6)
    assert layer.scale == pytest.approx(math.sqrt(2.0) * lr_multiplier / 8.0)


def test_dense_without_bias():
    layer = EqualizedDense(4, gain=1.0, use_bias=False)
    x = random(2, 9, seed=1)
    layer(x)
    assert len(layer.weights) == 1
    (kernel,) = set_random_weights(layer)
    np.testing.assert_allclose(numpy(layer(x)), x @ kernel / 3.0, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("kernel_size", [1, 3])
@pytest.mark.parametrize("gain,lr_multiplier,activation", CASES)
def test_conv_matches_numpy(kernel_size, gain, lr_multiplier, activation):
    layer = EqualizedConv2D(4, kernel_size, gain, lr_multiplier, activation=activation)
    x = random(2, 5, 4, 3, seed=1)
    layer(x)
    kernel, bias = set_random_weights(layer)
    scale = gain * lr_multiplier / math.sqrt(kernel_size * kernel_size * 3)
    expected = conv2d_numpy(x, kernel * scale) + bias * lr_multiplier
    out = numpy(layer(x))
    assert out.shape == (2, 5, 4, 4)
    np.testing.assert_allclose(out, leaky_relu(expected, activation), rtol=1e-4, atol=1e-5)


def test_conv_starts_with_zero_bias_and_unit_weights():
    keras.utils.set_random_seed(0)
    layer = EqualizedConv2D(16, 3, lr_multiplier=0.5)
    layer(random(1, 4, 4, 16))
    assert abs(numpy(layer.kernel).std() * 0.5 - 1.0) < 0.05
    np.testing.assert_array_equal(numpy(layer.bias), np.zeros(16))


@pytest.mark.parametrize("shape", [(3, 8), (2, 3, 4, 5)])
def test_pixel_norm_matches_numpy(shape):
    x = random(*shape, seed=1, scale=3.0).astype("float64")
    expected = x / np.sqrt(np.mean(x**2, axis=-1, keepdims=True) + 1e-8)
    out = numpy(PixelNorm()(x.astype("float32")))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.mean(out**2, axis=-1), np.ones(shape[:-1]), rtol=1e-5)


def test_pixel_norm_epsilon_keeps_zeros_finite():
    out = numpy(PixelNorm(epsilon=1e-4)(np.zeros((2, 3), "float32")))
    np.testing.assert_array_equal(out, np.zeros((2, 3)))


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: EqualizedDense(4, activation="relu"), "activation"),
        (lambda: EqualizedDense(4, lr_multiplier=0.0), "lr_multiplier"),
        (lambda: EqualizedConv2D(4, 2), "kernel_size"),
        (lambda: EqualizedConv2D(4, 0), "kernel_size"),
        (lambda: EqualizedConv2D(4, activation="tanh"), "activation"),
    ],
)
def test_bad_arguments_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_conv_needs_nhwc():
    with pytest.raises(ValueError, match="NHWC"):
        EqualizedConv2D(4)(random(2, 5, 3))


@pytest.mark.parametrize(
    "make,shape",
    [
        (lambda: EqualizedDense(3, 1.0, 0.1, bias_init=0.2, activation="leaky_relu"), (2, 5)),
        (lambda: EqualizedConv2D(3, 3, 1.0, 2.0, activation="leaky_relu"), (2, 4, 4, 2)),
        (lambda: PixelNorm(epsilon=1e-6), (2, 4, 4, 3)),
    ],
)
def test_config_round_trip(make, shape):
    layer = make()
    original, copy = round_trip(layer, random(*shape, seed=1))
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config


@pytest.mark.parametrize(
    "make,shape",
    [
        (lambda: EqualizedDense(3, lr_multiplier=0.1, activation="leaky_relu"), (5,)),
        (lambda: EqualizedConv2D(2, 3, activation="leaky_relu"), (4, 4, 2)),
    ],
)
def test_fit_changes_every_weight(make, shape):
    keras.utils.set_random_seed(0)
    before, after = fit_one_step(make(), shape)
    assert changed(before, after) == len(before)


def test_a_tiny_model_saves_and_loads(tmp_path):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((4, 4, 2))
    h = PixelNorm()(EqualizedConv2D(3, 3, activation="leaky_relu")(inputs))
    h = EqualizedDense(2, lr_multiplier=0.1, bias_init=1.0)(keras.layers.Flatten()(h))
    model = keras.Model(inputs, h)
    original, loaded = save_and_load(model, random(2, 4, 4, 2), tmp_path)
    np.testing.assert_allclose(loaded, original, rtol=1e-5, atol=1e-6)
