"""InstanceNormalization against numpy, and the norm_layer factory."""

import keras
import numpy as np
import pytest

from kerasgan.layers import InstanceNormalization, norm_layer
from tests.helpers import changed, fit_one_step, numpy, random, round_trip


def instance_norm(x, gamma, beta, epsilon=1e-5):
    """Ulyanov et al. (2016), eq. 4, one sample and channel at a time."""
    out = np.empty_like(x, dtype="float64")
    for n in range(x.shape[0]):
        for c in range(x.shape[-1]):
            plane = x[n, :, :, c].astype("float64")
            out[n, :, :, c] = (plane - plane.mean()) / np.sqrt(plane.var() + epsilon)
    return out * gamma + beta


def test_instance_norm_matches_numpy():
    x = random(2, 5, 4, 3, scale=3.0) + 1.5
    layer = InstanceNormalization()
    layer(x)
    gamma, beta = random(3, seed=1), random(3, seed=2)
    layer.set_weights([gamma, beta])
    np.testing.assert_allclose(numpy(layer(x)), instance_norm(x, gamma, beta), atol=1e-5)


def test_instance_norm_without_affine_has_no_weights_and_ignores_training():
    x = random(2, 4, 4, 2)
    layer = InstanceNormalization(affine=False)
    out = numpy(layer(x, training=True))
    assert layer.weights == []
    np.testing.assert_allclose(out, numpy(layer(x, training=False)))
    np.testing.assert_allclose(out, instance_norm(x, 1.0, 0.0), atol=1e-5)


def test_instance_norm_equals_group_norm_with_one_group_per_channel():
    x = random(2, 6, 5, 4, seed=3)
    group = keras.layers.GroupNormalization(groups=-1, epsilon=1e-5)
    np.testing.assert_allclose(
        numpy(InstanceNormalization()(x)), numpy(group(x)), rtol=1e-4, atol=1e-5
    )


def test_instance_norm_round_trip_and_fit():
    layer = InstanceNormalization(epsilon=1e-3)
    original, copy = round_trip(layer, random(2, 3, 3, 2))
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    assert layer.get_config()["epsilon"] == 1e-3 and layer.get_config()["affine"]
    before, after = fit_one_step(InstanceNormalization(), (3, 3, 2))
    assert changed(before, after) == len(before)


def test_instance_norm_needs_nhwc():
    with pytest.raises(ValueError, match="NHWC"):
        InstanceNormalization()(random(2, 3))


def test_norm_layer_kinds():
    assert isinstance(norm_layer("batch"), keras.layers.BatchNormalization)
    instance = norm_layer("instance")
    assert isinstance(instance, InstanceNormalization) and not instance.affine
    assert norm_layer("none") is None
    with pytest.raises(ValueError, match="norm must be one of"):
        norm_layer("layer")
