"""SRResNet generator and SRGAN discriminator: shapes, any-size inputs, configs."""

import warnings

import keras
import numpy as np
import pytest

from kerasgan.layers import PixelShuffle
from kerasgan.models import SRDiscriminator, SRResNetGenerator
from tests.helpers import images, numpy


@pytest.mark.parametrize("size,scale", [(28, 4), (32, 2), (64, 4)])
def test_generator_upscales_each_image(size, scale):
    low = size // scale
    g = SRResNetGenerator((low, low, 1), scale=scale, filters=4, n_blocks=1, out_channels=1)
    out = numpy(g(images(2, (low, low, 1)), training=True))
    assert out.shape == (2, size, size, 1) and np.isfinite(out).all()
    assert not np.allclose(out[0], out[1]) and out[0].std() > 0


def test_generator_is_fully_convolutional():
    g = SRResNetGenerator((8, 8, 3), scale=4, filters=4, n_blocks=2)
    assert numpy(g(images(1, (8, 8, 3)))).shape == (1, 32, 32, 3)
    assert numpy(g(images(2, (5, 7, 3)))).shape == (2, 20, 28, 3)
    assert numpy(g(images(1, (12, 3, 3)), training=True)).shape == (1, 48, 12, 3)


def test_generator_layout_follows_the_paper():
    g = SRResNetGenerator((6, 6, 3), scale=8, filters=4, n_blocks=3)
    assert len([b for b in g.residual if type(b).__name__ == "SRResidualBlock"]) == 3
    shuffles = [layer for layer in g.upsample if isinstance(layer, PixelShuffle)]
    assert [s.scale for s in shuffles] == [2, 2, 2]
    assert g.head[0].kernel_size == (9, 9) and g.to_image.kernel_size == (9, 9)
    assert numpy(g(images(1, (6, 6, 3)))).shape == (1, 48, 48, 3)
    same_size = SRResNetGenerator((6, 6, 3), scale=1, filters=4, n_blocks=0)
    assert numpy(same_size(images(1, (6, 6, 3)))).shape == (1, 6, 6, 3)


@pytest.mark.parametrize("input_skip", ["none", "bicubic", "bilinear"])
def test_generator_builds_every_sublayer_it_holds(input_skip):
    g = SRResNetGenerator((4, 4, 3), scale=2, filters=4, n_blocks=1, input_skip=input_skip)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Keras warns of a sublayer left unbuilt by call()
        g(images(1, (4, 4, 3)))
    assert g.layers and all(layer.built for layer in g.layers)


@pytest.mark.parametrize("size,pooling", [(28, "flatten"), (32, "average"), (64, "flatten")])
def test_discriminator_gives_one_logit(size, pooling):
    d = SRDiscriminator((size, size, 3), filters=4, dense=8, pooling=pooling)
    assert numpy(d(images(2, (size, size, 3)), training=True)).shape == (2, 1)


def test_discriminator_layout_and_average_pooling_takes_any_size():
    d = SRDiscriminator((32, 32, 3), filters=4, dense=8, pooling="average")
    convs = [layer for layer in d.blocks if isinstance(layer, keras.layers.Conv2D)]
    assert [c.filters for c in convs] == [4, 4, 8, 8, 16, 16, 32, 32]
    assert [c.strides[0] for c in convs] == [1, 2] * 4
    assert numpy(d(images(1, (20, 12, 3)))).shape == (1, 1)


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="power of 2"):
        SRResNetGenerator((8, 8, 3), scale=3)
    with pytest.raises(ValueError, match="pooling"):
        SRDiscriminator((8, 8, 3), pooling="max")


@pytest.mark.parametrize("interpolation", ["bicubic", "bilinear"])
def test_input_skip_starts_as_the_enlarged_input(interpolation):
    from keras import ops

    keras.utils.set_random_seed(0)
    g = SRResNetGenerator((4, 6, 3), scale=4, filters=4, n_blocks=1, input_skip=interpolation)
    x = np.random.default_rng(0).uniform(-0.5, 0.5, (2, 4, 6, 3)).astype("float32")
    out = ops.convert_to_numpy(g(x))
    enlarged = ops.convert_to_numpy(keras.layers.UpSampling2D(4, interpolation=interpolation)(x))
    assert out.shape == (2, 16, 24, 3)
    np.testing.assert_allclose(out, np.clip(enlarged, -1, 1), atol=1e-6)  # zero residual
    g.to_image.kernel.assign(np.full(g.to_image.kernel.shape, 0.01, "float32"))
    assert not np.allclose(ops.convert_to_numpy(g(x)), out)
    assert SRResNetGenerator.from_config(g.get_config()).input_skip == interpolation
    with pytest.raises(ValueError, match="out_channels"):
        SRResNetGenerator((4, 4, 1), out_channels=3, input_skip=interpolation)
    with pytest.raises(ValueError, match="input_skip"):
        SRResNetGenerator((4, 4, 3), input_skip="lanczos")


def test_bicubic_and_bilinear_skips_differ():
    """The two interpolations are not the same function (bicubic overshoots at edges)."""
    from keras import ops

    x = np.zeros((1, 4, 4, 3), "float32")
    x[:, :, 2:] = 0.8
    outs = [
        ops.convert_to_numpy(SRResNetGenerator((4, 4, 3), filters=4, n_blocks=1, input_skip=k)(x))
        for k in ("bicubic", "bilinear")
    ]
    assert np.abs(outs[0] - outs[1]).max() > 0.01
