"""FastConv2DTranspose and its formulations against Keras' own Conv2DTranspose."""

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.backend import get_backend
from kerasgan.layers import FastConv2DTranspose
from kerasgan.layers.transposed import matmul_conv_transpose, transposed_output_length
from tests.helpers import numpy, random, round_trip, save_and_load
from tests.helpers.layers import assert_same_layer

# (kernel, strides, padding, input height, input width): DCGAN's and CycleGAN's layers,
# kernels smaller than, equal to and larger than the stride, odd sizes, one pixel.
CASES = [
    (4, (2, 2), "same", 7, 7),
    (3, (2, 2), "same", 5, 4),
    (4, (2, 3), "valid", 3, 5),
    (5, (3, 2), "same", 4, 1),
    (2, (3, 3), "valid", 2, 3),
    (1, (2, 1), "same", 3, 3),
    (3, (1, 1), "same", 4, 4),
]


@pytest.mark.parametrize("kernel_size,strides,padding,h,w", CASES)
def test_matmul_formulation_equals_conv_transpose(kernel_size, strides, padding, h, w):
    x = random(2, h, w, 3)
    kernel = random(kernel_size, kernel_size + 1, 4, 3, seed=1)
    expected = numpy(ops.conv_transpose(x, kernel, strides, padding=padding))
    out = numpy(matmul_conv_transpose(ops.convert_to_tensor(x), kernel, strides, padding))
    assert out.shape == expected.shape
    assert out.shape[1] == transposed_output_length(h, kernel_size, strides[0], padding)
    np.testing.assert_allclose(out, expected, atol=1e-4)


@pytest.mark.parametrize("kernel_size,strides,padding,h,w", CASES)
def test_layer_equals_keras_layer_with_the_same_weights(kernel_size, strides, padding, h, w):
    """Outputs, weight gradients and input gradients, whatever path the backend takes."""
    settings = dict(filters=4, kernel_size=kernel_size, strides=strides, padding=padding)
    fast = FastConv2DTranspose(**settings, activation="tanh")
    plain = keras.layers.Conv2DTranspose(**settings, activation="tanh")
    assert_same_layer(fast, plain, random(2, h, w, 3), atol=1e-4)


def test_backend_conv_transpose_declines_asymmetric_padding():
    """PyTorch's own op takes only symmetric padding: kernel 3, stride 2 is left to Keras."""
    backend = get_backend()
    if getattr(backend, "transposed_conv", None) != "backend":
        pytest.skip("this backend has no conv_transpose of its own")
    x = ops.convert_to_tensor(random(1, 3, 3, 2))
    kernel = ops.convert_to_tensor(random(3, 3, 2, 2))
    assert backend.conv_transpose(x, kernel, (2, 2), "same") is None
    short = ops.convert_to_tensor(random(2, 2, 2, 2))  # Keras pads the output of 2 < stride 3
    assert backend.conv_transpose(x, short, (3, 3), "valid") is None
    out = backend.conv_transpose(x, ops.convert_to_tensor(random(4, 4, 2, 2)), (2, 2), "same")
    assert tuple(out.shape) == (1, 6, 6, 2)


def test_dilated_layer_falls_back_to_keras():
    x = random(1, 5, 5, 2)
    fast = FastConv2DTranspose(3, 3, dilation_rate=2, padding="same")
    plain = keras.layers.Conv2DTranspose(3, 3, dilation_rate=2, padding="same")
    fast.build(x.shape)
    plain.build(x.shape)
    plain.set_weights(fast.get_weights())
    assert fast._fast_path() is None
    np.testing.assert_allclose(numpy(fast(x)), numpy(plain(x)), atol=1e-5)


def test_serialized_copy_is_the_same_layer_with_the_same_outputs():
    x = random(2, 4, 4, 3)
    layer = FastConv2DTranspose(2, 4, strides=2, padding="same")
    out, copied = round_trip(layer, x)
    assert isinstance(keras.layers.deserialize(keras.layers.serialize(layer)), FastConv2DTranspose)
    np.testing.assert_allclose(copied, out, atol=1e-6)


def test_keras_file_of_a_network_with_it_loads(tmp_path):
    inputs = keras.Input((3, 3, 2))
    model = keras.Model(inputs, FastConv2DTranspose(2, 4, strides=2, padding="same")(inputs))
    out, loaded = save_and_load(model, random(2, 3, 3, 2), tmp_path)
    np.testing.assert_allclose(loaded, out, atol=1e-6)
