"""FastConv2D against Keras' own Conv2D, and checkpoints shared with Keras' layers."""

import h5py
import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.backend import get_backend
from kerasgan.layers import FastConv2D, FastConv2DTranspose
from kerasgan.runs.checkpoints import load_model_weights
from tests.helpers import numpy, random, round_trip, save_and_load
from tests.helpers.layers import assert_same_layer

# (kernel, strides, padding, input height, input width): DCGAN's discriminator layers,
# 3x3 and 1x1 convolutions, padding that PyTorch cannot take (kernel 3, stride 2 on an even
# size pads only at the end), odd sizes and a non-square kernel.
CASES = [
    (4, (2, 2), "same", 8, 8),
    (4, (2, 2), "same", 7, 5),
    (3, (1, 1), "same", 5, 4),
    (3, (2, 2), "same", 6, 6),
    (1, (1, 1), "valid", 3, 3),
    (5, (1, 2), "valid", 6, 7),
    ((3, 2), (1, 1), "same", 4, 4),
]


def _pair(kernel_size, strides, padding):
    settings = dict(filters=4, kernel_size=kernel_size, strides=strides, padding=padding)
    return (
        FastConv2D(**settings, activation="tanh"),
        keras.layers.Conv2D(**settings, activation="tanh"),
    )


@pytest.mark.parametrize("kernel_size,strides,padding,h,w", CASES)
def test_layer_equals_keras_layer_with_the_same_weights(kernel_size, strides, padding, h, w):
    """Outputs, weight gradients and input gradients, whatever path the backend takes."""
    fast, plain = _pair(kernel_size, strides, padding)
    assert_same_layer(fast, plain, random(2, h, w, 3))


def test_backend_conv_declines_padding_it_cannot_take():
    backend = get_backend()
    if getattr(backend, "plain_conv", None) != "backend":
        pytest.skip("this backend has no conv of its own")
    x = ops.convert_to_tensor(random(1, 6, 6, 2))
    kernel = ops.convert_to_tensor(random(3, 3, 2, 5))
    assert backend.conv(x, kernel, (2, 2), "same") is None  # Keras pads 0 before, 1 after
    assert tuple(backend.conv(x, kernel, (1, 1), "same").shape) == (1, 6, 6, 5)
    assert tuple(backend.conv(x, kernel, (1, 1), "valid").shape) == (1, 4, 4, 5)


def test_grouped_and_dilated_layers_fall_back_to_keras():
    x = random(1, 7, 7, 4)
    for settings in (dict(dilation_rate=2), dict(groups=2)):
        fast = FastConv2D(4, 3, padding="same", **settings)
        plain = keras.layers.Conv2D(4, 3, padding="same", **settings)
        fast.build(x.shape)
        plain.build(x.shape)
        plain.set_weights(fast.get_weights())
        assert fast._fast_path() is None
        np.testing.assert_allclose(numpy(fast(x)), numpy(plain(x)), atol=1e-5)


def test_serialized_copy_is_the_same_layer_with_the_same_outputs(tmp_path):
    x = random(2, 4, 4, 3)
    layer = FastConv2D(2, 4, strides=2, padding="same")
    out, copied = round_trip(layer, x)
    assert isinstance(keras.layers.deserialize(keras.layers.serialize(layer)), FastConv2D)
    np.testing.assert_allclose(copied, out, atol=1e-6)
    inputs = keras.Input((4, 4, 3))
    model = keras.Model(inputs, FastConv2D(2, 3, padding="same")(inputs))
    out, loaded = save_and_load(model, x, tmp_path)
    np.testing.assert_allclose(loaded, out, atol=1e-6)


class _Stack(keras.Model):
    """Layers held in a list: Keras' weights files name these by class name."""

    def __init__(self, conv, transposed):
        super().__init__()
        self.blocks = [conv(3, 3, padding="same"), transposed(2, 4, strides=2, padding="same")]
        self.blocks += [conv(2, 1)]

    def call(self, x):
        for block in self.blocks:
            x = block(x)
        return x


def _built(conv, transposed, seed):
    model = _Stack(conv, transposed)
    model(random(1, 4, 4, 2))
    model.set_weights([random(*v.shape, seed=seed + i) for i, v in enumerate(model.weights)])
    return model


@pytest.mark.parametrize("direction", ["keras_to_fast", "fast_to_keras"])
def test_checkpoints_move_between_keras_layers_and_fast_ones(tmp_path, direction):
    keras_layers = (keras.layers.Conv2D, keras.layers.Conv2DTranspose)
    fast_layers = (FastConv2D, FastConv2DTranspose)
    source, target = (keras_layers, fast_layers)
    if direction == "fast_to_keras":
        source, target = target, source
    written = _built(*source, seed=0)
    path = tmp_path / "model.weights.h5"
    written.save_weights(path)
    read = _built(*target, seed=100)
    load_model_weights(read, path)
    for a, b in zip(written.get_weights(), read.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert FastConv2D(2, 3).name.startswith("conv2d")


def _names(weights):
    found = []
    weights.visit(found.append)  # append returns None, which keeps the visit going
    return found


def test_checkpoint_with_an_earlier_release_s_layer_names_loads(tmp_path):
    """The release before this one saved `FastConv2DTranspose` as `fast_conv2d_transpose`."""
    written = _built(FastConv2D, FastConv2DTranspose, seed=0)
    path = tmp_path / "model.weights.h5"
    written.save_weights(path)
    with h5py.File(path, "r+") as weights:
        groups = [name for name in _names(weights) if name.endswith("conv2d_transpose")]
        assert groups
        for name in groups:
            head, _, tail = name.rpartition("/")
            weights.move(name, f"{head}/fast_{tail}" if head else f"fast_{tail}")
    read = _built(FastConv2D, FastConv2DTranspose, seed=100)
    with pytest.raises(ValueError):
        read.load_weights(path)  # Keras alone cannot read it
    load_model_weights(read, path)
    for a, b in zip(written.get_weights(), read.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert list(tmp_path.iterdir()) == [path]
