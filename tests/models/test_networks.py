"""DCGAN and MLP networks adapt to image size, channels and labels.

Their config and `.keras` round trips are in tests/models/test_every_network.py.
"""

import keras
import numpy as np
import pytest

from kerasgan.layers import LabelFusion, LabelPlanes
from kerasgan.models import DCGANDiscriminator, DCGANGenerator, MLPGenerator
from kerasgan.networks.conv import upsampling_stages


@pytest.mark.parametrize("size,expected", [(28, (2, 7)), (32, (3, 4)), (64, (4, 4)), (8, (1, 4))])
def test_upsampling_stages(size, expected):
    assert upsampling_stages(size) == expected


@pytest.mark.parametrize("size", [28, 32, 64])
@pytest.mark.parametrize("channels", [1, 3])
@pytest.mark.parametrize("upsampling", ["transpose", "upsample"])
def test_dcgan_networks_fit_the_image_shape(size, channels, upsampling):
    shape = (size, size, channels)
    g = DCGANGenerator(7, shape, filters=2, upsampling=upsampling)
    d = DCGANDiscriminator(shape, filters=2)
    images = g(np.zeros((2, 7), "float32"))
    assert tuple(images.shape) == (2, *shape)
    assert tuple(d(images).shape) == (2, 1)


@pytest.mark.parametrize("fusion", ["concat", "multiply"])
def test_conditional_networks_use_labels(fusion):
    g = DCGANGenerator(5, (8, 8, 1), filters=2, num_classes=4, label_fusion=fusion)
    d = DCGANDiscriminator((8, 8, 1), filters=2, num_classes=4, label_fusion=fusion)
    z = np.random.default_rng(0).normal(size=(2, 5)).astype("float32")
    a = keras.ops.convert_to_numpy(g(z, np.array([0, 0])))
    b = keras.ops.convert_to_numpy(g(z, np.array([1, 3])))
    assert not np.allclose(a, b)
    assert tuple(d(a, np.array([0, 1])).shape) == (2, 1)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="upsampling"):
        DCGANGenerator(5, (8, 8, 1), upsampling="bilinear")
    with pytest.raises(ValueError, match="normalization"):
        DCGANDiscriminator((8, 8, 1), normalization="group")
    with pytest.raises(ValueError, match="label_fusion"):
        LabelFusion(3, "add")
    with pytest.raises(ValueError, match="square images"):
        DCGANGenerator(5, (7, 7, 1))


def test_label_layers_shapes():
    x = np.zeros((2, 4, 4, 1), "float32")
    assert tuple(LabelPlanes(3)(x, np.array([0, 2])).shape) == (2, 4, 4, 4)
    z = np.ones((2, 5), "float32")
    assert tuple(LabelFusion(3, "concat")(z, np.array([0, 2])).shape) == (2, 8)
    assert tuple(LabelFusion(3, "multiply")(z, np.array([0, 2])).shape) == (2, 5)


def test_mlp_generator_normalization_option():
    plain = MLPGenerator(5, (4, 4, 1), hidden_units=(8,), normalization="none")
    plain(np.zeros((2, 5), "float32"))
    assert not any(isinstance(layer, keras.layers.BatchNormalization) for layer in plain.blocks)
    assert MLPGenerator.from_config(plain.get_config()).normalization == "none"
    with pytest.raises(ValueError, match="normalization"):
        MLPGenerator(5, (4, 4, 1), normalization="layer")
