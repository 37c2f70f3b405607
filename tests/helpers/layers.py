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


def assert_same_layer(fast, plain, x, atol=1e-5):
    """Two layers given the same random weights agree on `x` in outputs and in the
    gradients of `sum(out ** 2)` with respect to their weights and to `x`."""
    from keras import ops

    from kerasgan.backend import get_backend

    fast.build(x.shape)
    plain.build(x.shape)
    weights = [random(*v.shape, seed=i + 2) for i, v in enumerate(fast.get_weights())]
    fast.set_weights(weights)
    plain.set_weights(weights)
    np.testing.assert_allclose(numpy(fast(x)), numpy(plain(x)), atol=atol)
    backend = get_backend()
    grads = []
    for layer in (fast, plain):

        def loss(values, layer=layer):
            out, _ = layer.stateless_call(values[:-1], [], values[-1])
            return ops.sum(out**2), ()

        values = [backend.read_value(v) for v in layer.trainable_variables]
        values.append(ops.convert_to_tensor(x))
        grads.append([numpy(g) for g in backend.value_and_grad(loss, values)[1]])
    for fast_grad, plain_grad in zip(*grads):
        np.testing.assert_allclose(fast_grad, plain_grad, rtol=1e-4, atol=1e-4)


def power_iteration(w, u, steps=1):
    """Spectral normalization's power iteration (Miyato et al. 2018) in numpy: (sigma, u)."""
    for _ in range(steps):
        v = u @ w.T
        v = v / np.linalg.norm(v)
        u = v @ w
        u = u / np.linalg.norm(u)
    return (v @ w @ u.T).item(), u


def conv2d_numpy(x, kernel):
    """A stride-1, "same"-padded NHWC cross-correlation (Keras' conv) in float64 numpy.

    `kernel` is (k, k, C_in, C_out) with k odd, or one such kernel per sample
    (batch, k, k, C_in, C_out).
    """
    x, kernel = np.asarray(x, "float64"), np.asarray(kernel, "float64")
    if kernel.ndim == 4:
        kernel = np.broadcast_to(kernel, (len(x), *kernel.shape))
    k = kernel.shape[1]
    padded = np.pad(x, ((0, 0), (k // 2, k // 2), (k // 2, k // 2), (0, 0)))
    h, w = x.shape[1:3]
    out = np.zeros((len(x), h, w, kernel.shape[-1]))
    for a in range(k):
        for b in range(k):
            out += np.einsum("nhwi,nio->nhwo", padded[:, a : a + h, b : b + w], kernel[:, a, b])
    return out


def upfirdn2d_numpy(x, kernel, up=1, down=1, pad=(0, 0), gain=1.0):
    """StyleGAN2's upfirdn2d in float64 numpy, one step at a time (NHWC, pads >= 0).

    Zeros inserted after each pixel, zero padding, a true convolution of every
    channel (the flipped kernel slid over the image), a gain, every `down`th pixel.
    """
    x = np.asarray(x, "float64")
    n, h, w, c = x.shape
    upsampled = np.zeros((n, h * up, w * up, c))
    upsampled[:, ::up, ::up] = x
    p0, p1 = pad
    padded = np.pad(upsampled, ((0, 0), (p0, p1), (p0, p1), (0, 0)))
    flipped = np.asarray(kernel, "float64")[::-1, ::-1]
    kh, kw = flipped.shape
    out_h, out_w = padded.shape[1] - kh + 1, padded.shape[2] - kw + 1
    out = np.zeros((n, out_h, out_w, c))
    for i in range(out_h):
        for j in range(out_w):
            window = padded[:, i : i + kh, j : j + kw]
            out[:, i, j] = np.einsum("nabc,ab->nc", window, flipped)
    return gain * out[:, ::down, ::down]
