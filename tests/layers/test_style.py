"""NoiseInjection, AdaIN, ModulatedConv2D and BiasActivation against numpy."""

import math

import keras
import numpy as np
import pytest

from kerasgan.layers import AdaIN, BiasActivation, ModulatedConv2D, NoiseInjection, fir_kernel
from tests.helpers import changed, fit_one_step, numpy, random, round_trip, save_and_load
from tests.helpers.layers import conv2d_numpy, upfirdn2d_numpy

X, W = (2, 4, 3, 3), (2, 5)  # features (n, h, w, c) and latents (n, w_dim)


def leaky_relu(y):
    return np.where(y >= 0, y, 0.2 * y)


def set_random_weights(layer, seed=3, scale=1.0):
    """Every weight of `layer` drawn N(0, scale^2), returned as float64 numpy by name."""
    layer.set_weights(
        [random(*w.shape, seed=seed + i, scale=scale) for i, w in enumerate(layer.weights)]
    )
    return {w.path.split("/", 1)[-1]: numpy(w).astype("float64") for w in layer.weights}


def affine_numpy(w, kernel, bias):
    """An EqualizedDense with gain 1 and lr_multiplier 1."""
    return w.astype("float64") @ kernel / math.sqrt(kernel.shape[0]) + bias


# NoiseInjection


def test_noise_injection_starts_as_the_identity():
    x = random(*X, seed=1)
    np.testing.assert_array_equal(numpy(NoiseInjection(seed=0)(x)), x)


def test_noise_injection_adds_strength_times_the_given_noise():
    layer, x, noise = NoiseInjection(), random(*X, seed=1), random(2, 4, 3, 1, seed=2)
    layer(x)
    strength = random(3, seed=4)
    layer.strength.assign(strength)
    out = numpy(layer(x, noise=noise))
    np.testing.assert_allclose(out, x + strength * noise, rtol=1e-6, atol=1e-6)


def test_noise_injection_draws_fresh_unit_noise_shared_by_the_channels():
    layer, x = NoiseInjection(seed=5), random(1, 32, 32, 2, seed=1)
    layer(x)
    layer.strength.assign(np.array([1.0, -2.0], "float32"))
    first, second = (numpy(layer(x, training=True)) - x for _ in range(2))
    np.testing.assert_allclose(first[..., 1], -2.0 * first[..., 0], rtol=1e-5, atol=1e-6)
    assert abs(first[..., 0].mean()) < 0.1 and abs(first[..., 0].std() - 1.0) < 0.1
    assert not np.allclose(first, second)
    again = NoiseInjection(seed=5)
    again(x)
    again.set_weights(layer.get_weights())
    fresh = numpy(again(x, training=True)) - x
    np.testing.assert_allclose(fresh, first, rtol=1e-6)  # the seed reproduces


def test_noise_injection_uses_its_fixed_noise_at_inference():
    layer, x = NoiseInjection(seed=5), random(2, 16, 16, 2, seed=1)
    layer(x)
    layer.strength.assign(np.array([1.0, 3.0], "float32"))
    first, second = numpy(layer(x)) - x, numpy(layer(x, training=False)) - x
    np.testing.assert_allclose(first, second, rtol=1e-6)
    fixed = numpy(layer.fixed_noise)
    assert fixed.shape == (16, 16, 1) and abs(fixed.std() - 1.0) < 0.2
    np.testing.assert_allclose(first[1, ..., 1:], 3.0 * fixed, rtol=1e-5, atol=1e-6)
    trained = numpy(layer(x, training=True)) - x
    assert not np.allclose(trained, first)


def test_noise_injection_in_stateless_call_returns_the_new_seed_state():
    layer, x = NoiseInjection(seed=2), keras.ops.convert_to_tensor(random(*X, seed=1))
    layer(x)
    layer.strength.assign(np.ones(3, "float32"))
    trainable = [v.value for v in layer.trainable_variables]
    state = [v.value for v in layer.non_trainable_variables]
    assert len(state) == 2  # the fixed noise and the seed generator's state
    seed_index = [v.name for v in layer.non_trainable_variables].index("seed_generator_state")

    def call(trainable, state, x):
        return layer.stateless_call(trainable, state, x, training=True)

    if keras.backend.backend() == "jax":
        import jax

        call = jax.jit(call)
    out, new_state = call(trainable, state, x)
    out_again, _ = call(trainable, state, x)
    out_next, _ = call(trainable, new_state, x)
    np.testing.assert_array_equal(numpy(out), numpy(out_again))  # same state, same noise
    assert not np.array_equal(numpy(new_state[seed_index]), numpy(state[seed_index]))
    assert not np.allclose(numpy(out_next), numpy(out))
    current = numpy(layer.non_trainable_variables[seed_index])
    np.testing.assert_array_equal(current, numpy(state[seed_index]))


def test_noise_injection_round_trip_and_fit():
    layer, x, noise = NoiseInjection(seed=3), random(*X), random(2, 4, 3, 1, seed=2)
    original, copy = round_trip(layer, x, noise=noise)
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    assert layer.get_config()["seed"] == 3
    keras.utils.set_random_seed(0)
    layer = NoiseInjection(seed=1)
    fit_one_step(layer, (4, 4, 2))
    assert np.all(numpy(layer.strength) != 0.0)


# AdaIN


def adain_numpy(x, style, epsilon=1e-8):
    """Instance norm, then x * (1 + ys) + yb (the official style_mod)."""
    x = x.astype("float64")
    c = x.shape[-1]
    centered = x - x.mean(axis=(1, 2), keepdims=True)
    normalized = centered / np.sqrt(np.mean(centered**2, axis=(1, 2), keepdims=True) + epsilon)
    ys, yb = style[:, None, None, :c], style[:, None, None, c:]
    return normalized * (1 + ys) + yb


def test_adain_matches_numpy():
    layer, x, w = AdaIN(), random(*X, seed=1, scale=2.0), random(*W, seed=2)
    layer([x, w])
    weights = set_random_weights(layer)
    style = affine_numpy(w, weights["style/kernel"], weights["style/bias"])
    out = numpy(layer([x, w]))
    np.testing.assert_allclose(out, adain_numpy(x, style), rtol=1e-4, atol=1e-5)


def test_adain_output_has_the_style_as_its_statistics():
    layer, x, w = AdaIN(), random(2, 5, 5, 3, seed=1) + 4.0, random(*W, seed=2)
    layer([x, w])
    weights = set_random_weights(layer, scale=0.5)
    style = affine_numpy(w, weights["style/kernel"], weights["style/bias"])
    out = numpy(layer([x, w])).astype("float64")
    np.testing.assert_allclose(out.mean(axis=(1, 2)), style[:, 3:], atol=1e-5)
    np.testing.assert_allclose(out.std(axis=(1, 2)), np.abs(1 + style[:, :3]), rtol=1e-4)


def test_adain_starts_with_a_zero_bias_style():
    keras.utils.set_random_seed(0)
    layer = AdaIN()
    layer([random(*X), random(*W)])
    assert tuple(layer.style.kernel.shape) == (5, 6)
    np.testing.assert_array_equal(numpy(layer.style.bias), np.zeros(6))
    assert layer.style.gain == 1.0


# ModulatedConv2D


def modulated_conv_numpy(x, w, weights, kernel_size, demodulate, upsample, epsilon=1e-8):
    """Karras et al. (2020) eqs. 1-3: one modulated (demodulated) kernel per sample."""
    s = affine_numpy(w, weights["affine/kernel"], weights["affine/bias"])  # (n, C_in)
    kernel = weights["kernel"] / math.sqrt(kernel_size * kernel_size * x.shape[-1])
    if upsample:
        x = upfirdn2d_numpy(x, fir_kernel(), up=2, pad=(2, 1), gain=4.0)
    out = []
    for i in range(len(x)):
        modulated = kernel * s[i][None, None, :, None]  # w' = s_i * w
        if demodulate:
            modulated = modulated / np.sqrt(np.sum(modulated**2, axis=(0, 1, 2)) + epsilon)
        out.append(conv2d_numpy(x[i : i + 1], modulated)[0])
    return np.stack(out)


@pytest.mark.parametrize("kernel_size", [1, 3])
@pytest.mark.parametrize("demodulate", [True, False])
@pytest.mark.parametrize("upsample", [False, True])
def test_modulated_conv_matches_per_sample_weights(kernel_size, demodulate, upsample):
    layer = ModulatedConv2D(4, kernel_size, demodulate=demodulate, upsample=upsample)
    x, w = random(*X, seed=1), random(*W, seed=2)
    layer([x, w])
    weights = set_random_weights(layer)
    out = numpy(layer([x, w]))
    factor = 2 if upsample else 1
    assert out.shape == (2, 4 * factor, 3 * factor, 4)
    assert out.shape == layer.compute_output_shape([x.shape, w.shape])
    expected = modulated_conv_numpy(x, w, weights, kernel_size, demodulate, upsample)
    np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4)


def test_demodulation_ignores_the_style_magnitude():
    layer, x, w = ModulatedConv2D(3), random(*X, seed=1), random(*W, seed=2)
    layer([x, w])
    first = numpy(layer([x, w]))
    layer.affine.set_weights([3.0 * numpy(v) for v in layer.affine.weights])  # s -> 3 s
    np.testing.assert_allclose(numpy(layer([x, w])), first, rtol=1e-4, atol=1e-5)


def test_modulated_conv_initial_weights():
    keras.utils.set_random_seed(0)
    layer = ModulatedConv2D(32, 3)
    layer([random(1, 4, 4, 16), random(1, 5)])
    assert tuple(layer.kernel.shape) == (3, 3, 16, 32)
    assert abs(numpy(layer.kernel).std() - 1.0) < 0.05
    np.testing.assert_array_equal(numpy(layer.affine.bias), np.ones(16))  # s starts near 1
    assert layer.scale == pytest.approx(1.0 / 12.0)


# BiasActivation


@pytest.mark.parametrize(
    "activation,gain,lr_multiplier",
    [("leaky_relu", math.sqrt(2.0), 1.0), (None, 1.0, 1.0), ("linear", 2.0, 0.5)],
)
def test_bias_activation_matches_numpy(activation, gain, lr_multiplier):
    layer, x = BiasActivation(activation, gain, lr_multiplier), random(*X, seed=1)
    layer(x)
    np.testing.assert_array_equal(numpy(layer.bias), np.zeros(3))
    bias = random(3, seed=2)
    layer.set_weights([bias])
    y = x.astype("float64") + bias * lr_multiplier
    expected = (leaky_relu(y) if activation == "leaky_relu" else y) * gain
    np.testing.assert_allclose(numpy(layer(x)), expected, rtol=1e-5, atol=1e-6)


def test_bias_activation_round_trip_and_fit():
    original, copy = round_trip(BiasActivation(None, 1.0, 0.1), random(*X))
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    keras.utils.set_random_seed(0)
    before, after = fit_one_step(BiasActivation(), (4, 4, 2))
    assert changed(before, after) == len(before)


# Shared checks


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: ModulatedConv2D(4, 2), "kernel_size"),
        (lambda: ModulatedConv2D(0), "filters"),
        (lambda: ModulatedConv2D(4)([random(2, 4, 3), random(*W)]), "NHWC"),
        (lambda: ModulatedConv2D(4)([random(*X), random(2, 1, 5)]), "w_dim"),
        (lambda: AdaIN()(random(*X)), r"\[x, w\]"),
        (lambda: AdaIN()([random(*X)]), r"\[x, w\]"),
        (lambda: NoiseInjection()(random(2, 3)), "NHWC"),
        (lambda: BiasActivation("relu"), "activation"),
        (lambda: BiasActivation(lr_multiplier=0), "lr_multiplier"),
    ],
)
def test_bad_arguments_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize(
    "make",
    [
        lambda: AdaIN(epsilon=1e-5),
        lambda: ModulatedConv2D(2, 1, demodulate=False, epsilon=1e-6),
        lambda: ModulatedConv2D(2, 3, upsample=True),
    ],
)
def test_two_input_config_round_trip(make):
    layer = make()
    original, copy = round_trip(layer, [random(*X, seed=1), random(*W, seed=2)])
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config


def synthesis_block():
    """A tiny StyleGAN2-like block using every style layer: (x, w, noise) -> RGB."""
    keras.utils.set_random_seed(0)
    x, w, noise = keras.Input((4, 3, 3)), keras.Input((5,)), keras.Input((8, 6, 1))
    h = ModulatedConv2D(4, upsample=True)([x, w])
    h = BiasActivation()(NoiseInjection(seed=1)(h, noise=noise))
    h = AdaIN()([h, w])
    rgb = BiasActivation(None, gain=1.0)(ModulatedConv2D(3, 1, demodulate=False)([h, w]))
    return keras.Model([x, w, noise], rgb)


def block_inputs(batch=2):
    return [random(batch, 4, 3, 3, seed=1), random(batch, 5, seed=2), random(batch, 8, 6, 1)]


def test_a_synthesis_block_trains_every_weight():
    model = synthesis_block()
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    before = [numpy(v) for v in model.trainable_variables]
    model.fit(block_inputs(), random(2, 8, 6, 3, seed=5), batch_size=2, verbose=0)
    after = [numpy(v) for v in model.trainable_variables]
    assert len(before) == 11 and changed(before, after) == len(before)


def test_a_synthesis_block_saves_and_loads(tmp_path):
    model = synthesis_block()
    noise_layer = next(layer for layer in model.layers if isinstance(layer, NoiseInjection))
    noise_layer.strength.assign(np.full((4,), 0.5, "float32"))
    original, loaded = save_and_load(model, block_inputs(), tmp_path)
    assert original.shape == (2, 8, 6, 3)
    np.testing.assert_allclose(loaded, original, rtol=1e-5, atol=1e-6)
