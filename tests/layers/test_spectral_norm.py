"""SpectralNorm: sigma is the largest singular value; outputs are those of W / sigma."""

import keras
import numpy as np
import pytest

from kerasgan.layers import SpectralNorm
from tests.helpers import (
    changed,
    fit_one_step,
    numpy,
    power_iteration,
    random,
    round_trip,
    save_and_load,
)

CASES = {
    "dense": (lambda: keras.layers.Dense(5), (3, 4)),
    "conv2d": (lambda: keras.layers.Conv2D(3, 2), (2, 5, 5, 2)),
    "conv2d_transpose": (lambda: keras.layers.Conv2DTranspose(3, 2, strides=2), (2, 3, 3, 2)),
    "conv1d": (lambda: keras.layers.Conv1D(3, 2), (2, 6, 2)),
    "embedding": (lambda: keras.layers.Embedding(7, 4), (2, 3)),
}


def inputs_for(case):
    shape = CASES[case][1]
    if case == "embedding":
        return np.random.default_rng(3).integers(0, 7, shape).astype("int32")
    return random(*shape, seed=3)


def wrapped(case, **kwargs):
    """A built SpectralNorm around the case's layer, with a non-zero bias if it has one."""
    keras.utils.set_random_seed(0)
    layer = SpectralNorm(CASES[case][0](), **kwargs)
    layer(inputs_for(case))
    if getattr(layer.layer, "use_bias", False):
        layer.layer.bias.assign(random(*layer.layer.bias.shape, seed=4))
    return layer


def matrix(layer):
    """The wrapped weight as a numpy (-1, out) matrix, computed independently of the layer."""
    inner = layer.layer
    if isinstance(inner, keras.layers.Embedding):
        return numpy(inner.embeddings)
    kernel = numpy(inner.kernel)
    if isinstance(inner, keras.layers.Conv2DTranspose):  # (kh, kw, out, in)
        kernel = np.swapaxes(kernel, -1, -2)
    return kernel.reshape(-1, kernel.shape[-1])


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("mode", ["many_calls", "many_iterations"])
def test_sigma_is_the_largest_singular_value(case, mode):
    layer = wrapped(case, power_iterations=100 if mode == "many_iterations" else 1)
    if mode == "many_calls":
        for _ in range(100):
            layer(inputs_for(case), training=True)
    expected = np.linalg.svd(matrix(layer), compute_uv=False)[0]
    assert numpy(layer.power_iteration()[0]) == pytest.approx(expected, rel=1e-3)
    assert layer.u.shape == (1, matrix(layer).shape[1])


def test_dense_output_is_x_times_kernel_over_sigma_plus_bias():
    layer, x = wrapped("dense"), inputs_for("dense")
    w, b = numpy(layer.layer.kernel), numpy(layer.layer.bias)
    sigma, _ = power_iteration(w, numpy(layer.u))
    np.testing.assert_allclose(numpy(layer(x)), x @ (w / sigma) + b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("case", list(CASES))
def test_output_equals_the_layer_with_a_normalized_kernel(case):
    layer, x = wrapped(case), inputs_for(case)
    sigma, _ = power_iteration(matrix(layer), numpy(layer.u))
    twin = layer.layer.__class__.from_config(layer.layer.get_config())
    twin(x)
    weights = layer.layer.get_weights()
    twin.set_weights([weights[0] / sigma, *weights[1:]])
    for training in (False, True):
        np.testing.assert_allclose(
            numpy(layer(x, training=training)), numpy(twin(x)), rtol=1e-5, atol=1e-5
        )


def test_only_training_calls_update_u():
    layer, x = wrapped("conv2d"), inputs_for("conv2d")
    u = numpy(layer.u)
    layer(x, training=False)
    layer(x)
    np.testing.assert_array_equal(numpy(layer.u), u)
    layer(x, training=True)
    _, expected = power_iteration(matrix(layer), u)
    assert not np.allclose(numpy(layer.u), u)
    np.testing.assert_allclose(numpy(layer.u), expected, rtol=1e-5, atol=1e-6)


def test_stateless_call_returns_the_new_u_and_leaves_the_layer_alone():
    layer, x = wrapped("dense"), inputs_for("dense")
    before, u = [numpy(v) for v in layer.variables], numpy(layer.u)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    outputs, new_non_trainable = layer.stateless_call(trainable, non_trainable, x, training=True)
    index = next(i for i, v in enumerate(layer.non_trainable_variables) if v is layer.u)
    _, expected = power_iteration(matrix(layer), u)
    np.testing.assert_allclose(numpy(new_non_trainable[index]), expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(numpy(outputs), numpy(layer(x)), rtol=1e-5, atol=1e-6)
    for old, variable in zip(before, layer.variables):
        np.testing.assert_array_equal(numpy(variable), old)


def test_a_nonlinear_activation_is_refused():
    with pytest.raises(ValueError, match="activation"):
        SpectralNorm(keras.layers.Dense(3, activation="relu"))


def test_a_layer_without_a_kernel_is_refused():
    with pytest.raises(ValueError, match="kernel"):
        SpectralNorm(keras.layers.LayerNormalization())(random(2, 3))


@pytest.mark.parametrize("case", ["conv2d_transpose", "embedding"])
def test_config_round_trip(case):
    layer = wrapped(case, power_iterations=3)
    assert layer.get_config()["power_iterations"] == 3
    original, copy = round_trip(layer, inputs_for(case))
    np.testing.assert_allclose(copy, original, rtol=1e-6)


def test_model_saves_and_loads(tmp_path):
    keras.utils.set_random_seed(0)
    inputs = keras.Input((5, 5, 2))
    h = SpectralNorm(keras.layers.Conv2D(3, 2))(inputs)
    h = keras.layers.LeakyReLU(0.2)(keras.layers.Flatten()(h))
    model = keras.Model(inputs, SpectralNorm(keras.layers.Dense(1), power_iterations=2)(h))
    x = random(2, 5, 5, 2)
    model(x, training=True)  # moves u away from its initial value
    original, loaded = save_and_load(model, x, tmp_path)
    np.testing.assert_allclose(loaded, original, rtol=1e-6)


def test_fit_updates_the_kernel_and_u():
    keras.utils.set_random_seed(0)
    layer = SpectralNorm(keras.layers.Conv2D(2, 2))
    before, after = fit_one_step(layer, (4, 4, 2))
    assert changed(before, after) == len(before)  # kernel, bias, u, the Dense head
    names = [w.path for w in layer.weights]
    assert any(name.endswith("/u") for name in names)


def _train_and_inference_outputs(layer, x):
    layer(x)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    trained, _ = layer.stateless_call(trainable, non_trainable, x, training=True)
    inferred = layer(x, training=False)
    return keras.ops.convert_to_numpy(trained), keras.ops.convert_to_numpy(inferred)


def test_training_and_inference_agree_inside_the_pure_step_unlike_keras_own_wrapper():
    """Why kerasgan has its own wrapper (README, "Parts").

    In a stateless call (the engine's training step) Keras' SpectralNormalization
    divides the kernel only for that call and loses the write, and at inference it
    uses the raw kernel, so the two disagree. If this Keras assertion ever fails,
    Keras has changed and its wrapper may serve again.
    """
    x = np.random.default_rng(0).normal(size=(4, 5)).astype("float32")
    ours = _train_and_inference_outputs(SpectralNorm(keras.layers.Dense(3)), x)
    np.testing.assert_allclose(*ours, rtol=1e-5, atol=1e-6)
    theirs = _train_and_inference_outputs(
        keras.layers.SpectralNormalization(keras.layers.Dense(3)), x
    )
    assert not np.allclose(*theirs, atol=1e-3)
