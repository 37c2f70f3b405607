"""SelfAttention: identity at init, a numpy reimplementation once gamma is set."""

import keras
import numpy as np
import pytest

from kerasgan.layers import MinibatchDiscrimination, MinibatchStdDev, SelfAttention, SpectralNorm
from tests.helpers import (
    changed,
    fit_one_step,
    numpy,
    power_iteration,
    random,
    round_trip,
    save_and_load,
)


def conv1x1(x, layer):
    """A 1x1 convolution in numpy, divided by sigma if spectrally normalized."""
    inner = layer.layer if isinstance(layer, SpectralNorm) else layer
    kernel, bias = numpy(inner.kernel)[0, 0], numpy(inner.bias)
    sigma = 1.0
    if isinstance(layer, SpectralNorm):
        sigma, _ = power_iteration(kernel, numpy(layer.u))
    return x @ (kernel / sigma) + bias


def self_attention(x, layer):
    """Zhang et al. (2019) section 3 in numpy, from the layer's weights."""
    n, h, w, c = x.shape
    f, g, v = (
        conv1x1(x, conv).reshape(n, h * w, -1) for conv in (layer.query, layer.key, layer.value)
    )
    scores = f @ g.transpose(0, 2, 1)
    attention = np.exp(scores - scores.max(axis=-1, keepdims=True))
    attention /= attention.sum(axis=-1, keepdims=True)
    return x + numpy(layer.gamma) * (attention @ v).reshape(x.shape)


def built(spectral_norm=False, gamma=None, shape=(2, 3, 4, 8), **kwargs):
    keras.utils.set_random_seed(0)
    layer = SelfAttention(spectral_norm=spectral_norm, **kwargs)
    layer(random(*shape))
    if gamma is not None:
        layer.gamma.assign(gamma)
    return layer


@pytest.mark.parametrize("spectral_norm", [False, True])
def test_starts_as_the_identity(spectral_norm):
    x = random(2, 3, 4, 8, seed=1)
    np.testing.assert_array_equal(numpy(built(spectral_norm)(x)), x)


@pytest.mark.parametrize("spectral_norm", [False, True])
def test_matches_numpy_once_gamma_is_set(spectral_norm):
    layer, x = built(spectral_norm, gamma=1.0), random(2, 3, 4, 8, seed=1)
    out = numpy(layer(x))
    assert np.abs(out - x).max() > 1e-3
    np.testing.assert_allclose(out, self_attention(x, layer), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("channels,key_ratio,keys", [(8, 8, 1), (4, 8, 1), (16, 4, 4)])
def test_query_and_key_channels(channels, key_ratio, keys):
    layer = built(shape=(1, 2, 2, channels), key_ratio=key_ratio)
    assert tuple(layer.query.kernel.shape) == (1, 1, channels, keys)
    assert tuple(layer.key.kernel.shape) == (1, 1, channels, keys)
    assert tuple(layer.value.kernel.shape) == (1, 1, channels, channels)


def test_spectral_norm_wraps_the_convolutions_and_round_trips():
    layer = built(spectral_norm=True, gamma=0.5, key_ratio=4)
    assert all(isinstance(c, SpectralNorm) for c in (layer.query, layer.key, layer.value))
    assert layer.get_config()["spectral_norm"] is True
    original, copy = round_trip(layer, random(2, 3, 4, 8, seed=2))
    np.testing.assert_allclose(copy, original, rtol=1e-6)


@pytest.mark.parametrize("spectral_norm", [False, True])
def test_fit_trains_gamma(spectral_norm):
    keras.utils.set_random_seed(0)
    layer = SelfAttention(spectral_norm=spectral_norm)
    before, after = fit_one_step(layer, (3, 3, 8))
    assert numpy(layer.gamma) != 0.0  # it starts at 0
    assert changed(before, after) >= 3  # gamma and the Dense head, and u when normalized
    if spectral_norm:
        assert numpy(layer.query.u).shape == (1, 1)


def test_a_discriminator_with_every_layer_saves_and_loads(tmp_path):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((4, 4, 8))
    h = SelfAttention(spectral_norm=True)(inputs)
    h = MinibatchStdDev(2)(h)
    h = keras.layers.Flatten()(SpectralNorm(keras.layers.Conv2D(2, 3))(h))
    outputs = keras.layers.Dense(1)(MinibatchDiscrimination(3, 2)(h))
    model = keras.Model(inputs, outputs)
    model.layers[1].gamma.assign(0.7)
    original, loaded = save_and_load(model, random(4, 4, 4, 8), tmp_path)
    np.testing.assert_allclose(loaded, original, rtol=1e-5)
