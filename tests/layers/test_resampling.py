"""fir_kernel, upfirdn2d, Blur2D, Upsample2D and Downsample2D against numpy."""

import keras
import numpy as np
import pytest
from scipy.signal import convolve2d

from kerasgan.layers import Blur2D, Downsample2D, Upsample2D, fir_kernel, upfirdn2d
from kerasgan.layers.resampling import fir_taps
from tests.helpers import changed, fit_one_step, numpy, random, round_trip, save_and_load
from tests.helpers.layers import upfirdn2d_numpy

ASYMMETRIC = random(3, 3, seed=7)  # flipping it or not gives different results


def test_fir_kernel_is_the_normalised_outer_product():
    kernel = fir_kernel()
    assert kernel.dtype == np.float32 and kernel.shape == (4, 4)
    np.testing.assert_allclose(kernel, np.outer([1, 3, 3, 1], [1, 3, 3, 1]) / 64.0)
    np.testing.assert_allclose(fir_kernel((1, 2, 1)), np.outer([1, 2, 1], [1, 2, 1]) / 16.0)
    assert fir_kernel((2,)).item() == 1.0


@pytest.mark.parametrize(
    "taps,match", [((), "non-empty"), (((1, 2), (3, 4)), "1-D"), ((1, -1), "sum")]
)
def test_fir_kernel_rejects_bad_taps(taps, match):
    with pytest.raises(ValueError, match=match):
        fir_kernel(taps)


@pytest.mark.parametrize(
    "kernel,up,down,pad,gain",
    [
        (fir_kernel(), 1, 1, (2, 1), 1.0),  # blur
        (fir_kernel(), 2, 1, (2, 1), 4.0),  # StyleGAN2's upsample
        (fir_kernel(), 1, 2, (1, 1), 1.0),  # StyleGAN2's downsample
        (ASYMMETRIC, 2, 1, (1, 1), 1.0),
        (ASYMMETRIC, 1, 2, (2, 0), 2.0),
        (ASYMMETRIC, 2, 2, (2, 1), 0.5),
        (ASYMMETRIC, 3, 1, (0, 0), 1.0),
    ],
)
def test_upfirdn2d_matches_numpy(kernel, up, down, pad, gain):
    x = random(2, 6, 5, 3, seed=1)
    out = numpy(upfirdn2d(x, kernel, up=up, down=down, pad=pad, gain=gain))
    expected = upfirdn2d_numpy(x, kernel, up, down, pad, gain)
    assert out.shape == expected.shape
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "up,down,pad,gain",
    [(1, 1, (2, 1), 1.0), (2, 1, (2, 1), 4.0), (1, 2, (1, 1), 1.0), (2, 2, (2, 0), 0.5),
     (3, 1, (0, 0), -2.0)],
)  # fmt: skip
def test_separable_taps_equal_their_two_dimensional_kernel(up, down, pad, gain):
    """1-D taps are the kernel outer(taps, taps), applied as two 1-D passes."""
    taps = np.array([1.0, 2.0, 4.0, 0.5])  # asymmetric: a missing flip would show
    x = random(2, 6, 5, 3, seed=1)
    separable = numpy(upfirdn2d(x, taps, up=up, down=down, pad=pad, gain=gain))
    expected = upfirdn2d_numpy(x, np.outer(taps, taps), up, down, pad, gain)
    assert separable.shape == expected.shape
    np.testing.assert_allclose(separable, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np.outer(fir_taps((1, 2, 1)), fir_taps((1, 2, 1))),
                               fir_kernel((1, 2, 1)), rtol=1e-6)  # fmt: skip


def test_upfirdn2d_is_a_true_convolution():
    x = random(1, 5, 5, 2, seed=2)
    out = numpy(upfirdn2d(x, ASYMMETRIC, pad=(2, 2)))  # "full" padding
    for c in range(2):
        expected = convolve2d(x[0, :, :, c].astype("float64"), ASYMMETRIC, mode="full")
        np.testing.assert_allclose(out[0, :, :, c], expected, rtol=1e-5, atol=1e-5)


def test_upfirdn2d_negative_padding_crops():
    x = random(2, 6, 6, 2, seed=3)
    out = numpy(upfirdn2d(x, ASYMMETRIC, pad=(-1, 2)))
    expected = upfirdn2d_numpy(x[:, 1:, 1:], ASYMMETRIC, pad=(0, 2))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_upfirdn2d_with_an_unknown_batch():
    def upsample(x):
        return upfirdn2d(x, fir_kernel(), up=2, pad=(2, 1), gain=4.0)

    symbolic = keras.layers.Lambda(upsample)(keras.Input((3, 5, 2)))  # traced, batch None
    assert tuple(symbolic.shape) == (None, 6, 10, 2)


@pytest.mark.parametrize(
    "make,match",
    [
        (lambda: upfirdn2d(random(1, 4, 4, 1), fir_kernel(), up=0), "up"),
        (lambda: upfirdn2d(random(1, 4, 4, 1), fir_kernel(), down=1.5), "down"),
        (lambda: upfirdn2d(random(1, 4, 4, 1), np.ones((3, 3, 1), "float32")), "1-D or 2-D"),
        (lambda: upfirdn2d(random(4, 4, 1), fir_kernel()), "NHWC"),
        (lambda: Upsample2D(factor=0), "factor"),
        (lambda: Downsample2D(factor=1.5), "factor"),
        (lambda: Blur2D(taps=()), "taps"),
        (lambda: Blur2D()(random(2, 4, 4)), "NHWC"),
        (lambda: Downsample2D()(random(2, 4)), "NHWC"),
    ],
)
def test_bad_arguments_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


@pytest.mark.parametrize("taps", [(1, 3, 3, 1), (1, 2, 1)])
def test_blur_matches_numpy_and_keeps_the_size(taps):
    x = random(2, 6, 5, 3, seed=1)
    k = len(taps)
    out = numpy(Blur2D(taps)(x))
    assert out.shape == x.shape
    expected = upfirdn2d_numpy(x, fir_kernel(taps), pad=(k // 2, (k - 1) // 2))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_blur_keeps_a_constant_image_constant_inside():
    out = numpy(Blur2D()(np.full((1, 8, 8, 2), 0.7, "float32")))
    np.testing.assert_allclose(out[:, 2:-1, 2:-1], 0.7, rtol=1e-6)  # the padding's reach
    assert out[0, 0, 0, 0] < 0.7  # zeros come in at the border


@pytest.mark.parametrize("factor,taps", [(2, (1, 3, 3, 1)), (4, (1, 3, 3, 1)), (3, (1, 2, 1))])
def test_upsample_matches_numpy(factor, taps):
    x = random(2, 3, 4, 2, seed=1)
    layer = Upsample2D(factor, taps)
    out = numpy(layer(x))
    assert out.shape == (2, 3 * factor, 4 * factor, 2) == layer.compute_output_shape(x.shape)
    p = len(taps) - factor
    pad = ((p + 1) // 2 + factor - 1, p // 2)
    expected = upfirdn2d_numpy(x, fir_kernel(taps), up=factor, pad=pad, gain=factor**2)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_upsample_keeps_a_constant_image_constant_inside():
    out = numpy(Upsample2D()(np.full((1, 4, 4, 1), -0.3, "float32")))
    np.testing.assert_allclose(out[:, 2:-2, 2:-2], -0.3, rtol=1e-6)


@pytest.mark.parametrize(
    "factor,taps,size", [(2, (1, 3, 3, 1), 6), (3, (1, 2, 1), 6), (2, (1, 1), 5)]
)
def test_downsample_matches_numpy(factor, taps, size):
    x = random(2, size, size, 3, seed=1)
    layer = Downsample2D(factor, taps)
    out = numpy(layer(x))
    assert out.shape == layer.compute_output_shape(x.shape)
    if size % factor == 0:
        assert out.shape == (2, size // factor, size // factor, 3)
    p = len(taps) - factor
    expected = upfirdn2d_numpy(x, fir_kernel(taps), down=factor, pad=((p + 1) // 2, p // 2))
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_downsample_keeps_a_constant_image_constant_inside():
    out = numpy(Downsample2D()(np.full((1, 8, 8, 1), 2.0, "float32")))
    np.testing.assert_allclose(out[:, 1:-1, 1:-1], 2.0, rtol=1e-6)


@pytest.mark.parametrize(
    "make", [lambda: Blur2D((1, 2, 1)), lambda: Upsample2D(2), lambda: Downsample2D(2, (1, 1))]
)
def test_config_round_trip_and_unknown_sizes(make):
    layer = make()
    original, copy = round_trip(layer, random(2, 4, 4, 3, seed=1))
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    config = layer.get_config()
    assert type(layer).from_config(config).get_config() == config
    assert layer.compute_output_shape((None, None, None, 3)) == (None, None, None, 3)


@pytest.mark.parametrize("make", [Upsample2D, Downsample2D])
def test_gradients_flow_through(make):
    keras.utils.set_random_seed(0)
    before, after = fit_one_step(make(), (4, 4, 2))
    assert changed(before, after) == len(before) == 2  # the Dense head around it


def test_a_compiled_model_with_an_unknown_batch_saves_and_loads(tmp_path):
    inputs = keras.Input((4, 4, 2))  # batch None
    outputs = Blur2D()(Downsample2D()(Upsample2D()(inputs)))
    model = keras.Model(inputs, outputs)
    assert model.output_shape == (None, 4, 4, 2)
    x = random(3, 4, 4, 2, seed=1)
    expected = numpy(Blur2D()(Downsample2D()(Upsample2D()(x))))
    np.testing.assert_allclose(model.predict(x, batch_size=2, verbose=0), expected, atol=1e-5)
    original, loaded = save_and_load(model, x, tmp_path)
    np.testing.assert_allclose(loaded, original, rtol=1e-6)
