"""Regularisers of D as pure functions: values worked out by hand."""

import numpy as np
from keras import ops

from kerasgan import penalties


def value(x):
    return ops.convert_to_numpy(x)


def test_gradient_norm_and_two_sided_penalty():
    grads = np.array([[[3.0, 4.0]], [[0.0, 0.0]]], "float32")  # norms 5 and 0
    np.testing.assert_allclose(value(penalties.gradient_norm(grads)), [5.0, 0.0], atol=1e-5)
    # ((5 - 1)^2 + (0 - 1)^2) / 2
    np.testing.assert_allclose(value(penalties.gradient_penalty(grads)), 8.5, rtol=1e-5)
    np.testing.assert_allclose(value(penalties.gradient_penalty(grads, target=0.0)), 12.5)


def test_interpolate_uses_one_weight_per_sample():
    real = ops.zeros((2, 2, 2, 1))
    fake = ops.ones((2, 2, 2, 1))
    mixed = value(penalties.interpolate(real, fake, ops.convert_to_tensor([0.25, 1.0])))
    np.testing.assert_allclose(mixed[0], 0.25)
    np.testing.assert_allclose(mixed[1], 1.0)


def test_dragan_perturbation_is_half_the_batch_std_times_the_noise():
    real = np.array([[-1.0, 1.0], [-1.0, 1.0]], "float32")  # std 1
    noise = np.array([[0.0, 1.0], [0.5, 0.25]], "float32")
    tensors = ops.convert_to_tensor(real), ops.convert_to_tensor(noise)
    np.testing.assert_allclose(value(penalties.perturb(*tensors)), real + 0.5 * noise, rtol=1e-6)
    np.testing.assert_allclose(value(penalties.perturb(*tensors, scale=2.0)), real + 2 * noise)


def test_r1_is_the_mean_squared_gradient_norm():
    grads = np.array([[[3.0, 4.0]], [[1.0, 0.0]]], "float32")
    np.testing.assert_allclose(value(penalties.r1_penalty(grads)), (25.0 + 1.0) / 2, rtol=1e-6)


def test_clip_weights_bounds_every_value():
    values = [np.array([-0.5, 0.005, 0.3], "float32"), np.array([[0.02]], "float32")]
    out = [value(v) for v in penalties.clip_weights(values, 0.01)]
    np.testing.assert_allclose(out[0], [-0.01, 0.005, 0.01])
    np.testing.assert_allclose(out[1], [[0.01]])


def test_pull_away_term():
    orthogonal = np.eye(3, 4, dtype="float32") * 7.0
    np.testing.assert_allclose(value(penalties.pull_away_term(orthogonal)), 0.0, atol=1e-6)
    same = np.ones((4, 3), "float32")
    np.testing.assert_allclose(value(penalties.pull_away_term(same)), 1.0, rtol=1e-5)
    # Two codes at 60 degrees: cos^2 = 0.25 for the single pair (both orders).
    codes = np.array([[1.0, 0.0], [0.5, np.sqrt(3) / 2]], "float32")
    np.testing.assert_allclose(value(penalties.pull_away_term(codes)), 0.25, rtol=1e-5)
