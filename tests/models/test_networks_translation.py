"""U-Net, PatchGAN, ResNet and encoder-decoder translators: shapes, sizes, layouts."""

import keras
import numpy as np
import pytest

from kerasgan.models import (
    EncoderDecoderTranslator,
    PatchDiscriminator,
    ResNetTranslator,
    UNetGenerator,
    receptive_field,
)
from kerasgan.networks.patchgan import patch_layers_for
from kerasgan.networks.translators import encoder_decoder_depth, resnet_downsamplings
from tests.helpers import images, numpy

SIZES = [28, 32, 64]


@pytest.mark.parametrize("size", SIZES)
def test_translators_keep_the_size_and_translate_each_image(size):
    x = images(2, (size, size, 1), seed=size)
    for net in (
        UNetGenerator((size, size, 1), 3, filters=4),
        ResNetTranslator((size, size, 1), 3, filters=4, n_blocks=1),
        EncoderDecoderTranslator((size, size, 1), 3, filters=4),
    ):
        out = numpy(net(x, training=True))
        assert out.shape == (2, size, size, 3), type(net).__name__
        assert np.isfinite(out).all() and not np.allclose(out[0], out[1]), type(net).__name__


def test_translators_take_non_square_images():
    x = images(1, (16, 24, 3))
    assert numpy(UNetGenerator((16, 24, 3), 2, filters=4)(x)).shape == (1, 16, 24, 2)
    assert numpy(ResNetTranslator((16, 24, 3), 2, filters=4, n_blocks=1)(x)).shape[1:3] == (16, 24)


@pytest.mark.parametrize("size,depth", [(28, 2), (32, 5), (64, 6), (256, 8), (512, 8), (48, 4)])
def test_unet_depth_reaches_the_smallest_exact_bottleneck(size, depth):
    assert UNetGenerator((size, size, 1), 1, filters=1).depth == depth


def test_unet_layers_follow_the_paper():
    g = UNetGenerator((256, 256, 3), 3, filters=64)

    def kinds(block, kind):
        return [layer for layer in block if isinstance(layer, kind)]

    convs = [kinds(block, keras.layers.Conv2D)[0].filters for block in g.encoder]
    assert convs == [64, 128, 256, 512, 512, 512, 512, 512]
    norms = [bool(kinds(block, keras.layers.BatchNormalization)) for block in g.encoder]
    assert norms == [False] + [True] * 6 + [False]
    ups = [kinds(block, keras.layers.Conv2DTranspose)[0].filters for block in g.decoder]
    assert ups == [512, 512, 512, 512, 256, 128, 64]
    dropouts = [bool(kinds(block, keras.layers.Dropout)) for block in g.decoder]
    assert dropouts == [True] * 3 + [False] * 4


def test_unet_dropout_only_in_training():
    g = UNetGenerator((8, 8, 1), 1, filters=4, dropout=0.5)
    x = images(2, (8, 8, 1))
    np.testing.assert_array_equal(numpy(g(x)), numpy(g(x, training=False)))


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: UNetGenerator((30, 30, 1), 1, depth=2), "30x30 is not.*multiples of 4"),
        (lambda: UNetGenerator((27, 27, 1), 1), "27x27"),
        (lambda: ResNetTranslator((30, 30, 1), 1, n_down=2), "divisible by 4"),
        (lambda: ResNetTranslator((3, 3, 1), 1), "too small"),
        (lambda: EncoderDecoderTranslator((28, 28, 1), 1, depth=3), "divisible by 8"),
        (lambda: EncoderDecoderTranslator((6, 6, 1), 1), "at least one downsampling"),
        (lambda: PatchDiscriminator((32, 32, 1), (32, 32, 1), n_layers=4), "at least 48"),
        (lambda: PatchDiscriminator((16, 16, 1), (32, 32, 1)), "height"),
        (lambda: PatchDiscriminator(None, (32, 32, 1), n_layers=0, conditional=False), "n_layers"),
        (lambda: UNetGenerator((32, 32, 1), 1, norm="layer"), "norm must be one of"),
    ],
)
def test_bad_sizes_and_options_raise_clear_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("size,n_down", [(28, 2), (32, 2), (16, 2), (12, 1), (30, 1), (6, 0)])
def test_resnet_downsamplings(size, n_down):
    assert resnet_downsamplings((size, size, 1)) == n_down


def test_resnet_blocks_default_and_encoder_decoder_depth():
    assert ResNetTranslator((128, 128, 3), 3, filters=1).n_blocks == 6
    assert ResNetTranslator((256, 256, 3), 3, filters=1).n_blocks == 9
    assert [encoder_decoder_depth((s, s, 1)) for s in (28, 32, 64, 256)] == [2, 3, 4, 6]


def test_receptive_field():
    assert receptive_field(3) == 70
    assert [receptive_field(n) for n in (1, 2, 4)] == [16, 34, 142]
    assert [patch_layers_for(s) for s in (28, 32, 64, 128, 256, 512)] == [1, 1, 1, 2, 3, 4]


def test_receptive_field_is_the_patch_one_logit_sees():
    # One logit in the middle of the map depends on exactly receptive_field(n) input rows.
    n, size = 2, 48
    d = PatchDiscriminator(
        None, (size, size, 1), filters=2, n_layers=n, norm="none", conditional=False
    )
    d(np.zeros((1, size, size, 1), "float32"))
    for w in d.weights:  # positive weights: no cancellation, every path counts
        w.assign(np.abs(np.random.default_rng(0).normal(size=w.shape)).astype("float32") + 0.1)
    base = numpy(d(np.zeros((1, size, size, 1), "float32")))[0, :, :, 0]
    centre = base.shape[0] // 2
    touched = []
    for row in range(size):
        x = np.zeros((1, size, size, 1), "float32")
        x[0, row, :, 0] = 1.0
        touched.append(numpy(d(x))[0, centre, centre, 0] != base[centre, centre])
    assert sum(touched) == receptive_field(n) == 34


@pytest.mark.parametrize("size", SIZES)
def test_patch_discriminator_logit_maps(size):
    source, target = images(2, (size, size, 1)), images(2, (size, size, 3), seed=1)
    d = PatchDiscriminator((size, size, 1), (size, size, 3), filters=4)
    side = size // 2**d.n_layers - 2
    assert numpy(d(target, source, training=True)).shape == (2, side, side, 1)
    d3 = PatchDiscriminator(None, (size, size, 3), filters=4, n_layers=3, conditional=False)
    assert numpy(d3(target)).shape == (2, size // 8 - 2, size // 8 - 2, 1)


def test_patch_discriminator_uses_the_source_when_conditional():
    d = PatchDiscriminator((16, 16, 1), (16, 16, 3), filters=4)
    target = images(2, (16, 16, 3))
    a = numpy(d(target, images(2, (16, 16, 1), seed=1)))
    b = numpy(d(target, images(2, (16, 16, 1), seed=2)))
    assert not np.allclose(a, b)
    with pytest.raises(ValueError, match="needs `source`"):
        d(target)
    with pytest.raises(ValueError, match="takes no `source`"):
        PatchDiscriminator(None, (16, 16, 3), conditional=False)(target, target[..., :1])


def test_a_few_gradient_steps_reduce_an_l1_loss():
    keras.utils.set_random_seed(0)
    g = ResNetTranslator((8, 8, 1), 1, filters=4, n_blocks=1)
    g.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mae")
    x = images(4, (8, 8, 1))
    before = g.evaluate(x, x, verbose=0)
    g.fit(x, x, batch_size=4, epochs=5, verbose=0)
    assert g.evaluate(x, x, verbose=0) < before
