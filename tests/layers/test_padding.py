"""ReflectionPadding2D against numpy.pad(mode="reflect")."""

import numpy as np
import pytest

from kerasgan.layers import ReflectionPadding2D
from tests.helpers import numpy, random, round_trip


@pytest.mark.parametrize(
    "padding,pairs",
    [(1, ((1, 1), (1, 1))), ((2, 1), ((2, 2), (1, 1))), (((1, 3), (0, 2)), ((1, 3), (0, 2)))],
)
def test_reflection_padding_matches_numpy(padding, pairs):
    x = random(2, 5, 4, 3)
    layer = ReflectionPadding2D(padding)
    out = numpy(layer(x))
    np.testing.assert_array_equal(out, np.pad(x, ((0, 0), *pairs, (0, 0)), mode="reflect"))
    assert layer.compute_output_shape((None, 5, 4, 3)) == (None, *out.shape[1:])


def test_reflection_mirrors_without_repeating_the_edge():
    x = np.arange(1, 4, dtype="float32").reshape(1, 1, 3, 1)
    out = numpy(ReflectionPadding2D(((0, 0), (2, 2)))(x))
    np.testing.assert_array_equal(out[0, 0, :, 0], [3, 2, 1, 2, 3, 2, 1])


def test_reflection_padding_round_trip():
    layer = ReflectionPadding2D(((1, 2), (3, 0)))
    original, copy = round_trip(layer, random(1, 4, 4, 2))
    np.testing.assert_array_equal(copy, original)
    assert original.shape == (1, 7, 7, 2)


def test_padding_must_be_smaller_than_the_side():
    with pytest.raises(ValueError, match="longer than the padding"):
        ReflectionPadding2D(3)(random(1, 3, 8, 1))
