"""PixelShuffle against a numpy transcription of torch.nn.PixelShuffle's channel order."""

import numpy as np
import pytest

from kerasgan.layers import PixelShuffle
from tests.helpers import changed, fit_one_step, numpy, random, round_trip


def torch_pixel_shuffle(x_nchw, r):
    """torch.nn.PixelShuffle: out[n, c, h*r + i, w*r + j] = in[n, c*r*r + i*r + j, h, w]."""
    n, crr, h, w = x_nchw.shape
    out = np.empty((n, crr // (r * r), h * r, w * r), x_nchw.dtype)
    for c in range(crr // (r * r)):
        for i in range(r):
            for j in range(r):
                out[:, c, i::r, j::r] = x_nchw[:, c * r * r + i * r + j]
    return out


def nhwc(x):
    return np.transpose(x, (0, 2, 3, 1))


def nchw(x):
    return np.transpose(x, (0, 3, 1, 2))


@pytest.mark.parametrize("scale,channels,h,w", [(2, 3, 4, 5), (3, 2, 2, 3), (2, 1, 1, 1)])
def test_pixel_shuffle_matches_torch_order(scale, channels, h, w):
    x = random(2, h, w, channels * scale**2)
    out = numpy(PixelShuffle(scale)(x))
    assert out.shape == (2, h * scale, w * scale, channels)
    np.testing.assert_array_equal(out, nhwc(torch_pixel_shuffle(nchw(x), scale)))


def test_pixel_shuffle_agrees_with_torch_itself():
    torch = pytest.importorskip("torch")
    x = random(2, 3, 4, 8)
    expected = torch.nn.functional.pixel_shuffle(torch.from_numpy(nchw(x)), 2).numpy()
    np.testing.assert_array_equal(numpy(PixelShuffle(2)(x)), nhwc(expected))


def test_pixel_shuffle_takes_any_height_and_width():
    layer = PixelShuffle(2)
    assert numpy(layer(random(1, 2, 2, 8))).shape == (1, 4, 4, 2)
    assert numpy(layer(random(3, 5, 3, 8))).shape == (3, 10, 6, 2)
    assert layer.compute_output_shape((None, None, 7, 8)) == (None, None, 14, 2)


def test_pixel_shuffle_round_trip_fit_and_errors():
    original, copy = round_trip(PixelShuffle(3), random(1, 2, 2, 9))
    np.testing.assert_array_equal(copy, original)
    before, after = fit_one_step(PixelShuffle(2), (2, 2, 4))
    assert changed(before, after) == len(before)
    with pytest.raises(ValueError, match="multiple of 4"):
        PixelShuffle(2)(random(1, 2, 2, 6))
