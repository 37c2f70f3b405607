"""MinibatchDiscrimination and MinibatchStdDev against numpy reimplementations."""

import keras
import numpy as np
import pytest

from kerasgan.layers import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.layers.minibatch import group_size_for
from tests.helpers import changed, fit_one_step, numpy, random, round_trip


def minibatch_features(x, t, num_kernels, kernel_dim):
    """Salimans et al. (2016) section 3.2, one pair (i, j) at a time."""
    m = (x @ t).reshape(len(x), num_kernels, kernel_dim)
    o = np.zeros((len(x), num_kernels))
    for i in range(len(x)):
        for j in range(len(x)):
            if i != j:
                o[i] += np.exp(-np.abs(m[i] - m[j]).sum(axis=-1))
    return np.concatenate([x, o], axis=-1)


def group_std(x, group):
    """Karras et al. (2018) section 3 with contiguous groups of `group` samples."""
    planes = []
    for start in range(0, len(x), group):
        members = x[start : start + group].astype("float64")
        value = np.sqrt(members.var(axis=0) + 1e-8).mean()
        planes += [np.full(x.shape[1:3] + (1,), value)] * len(members)
    return np.concatenate([x, np.stack(planes)], axis=-1)


def test_minibatch_discrimination_matches_numpy():
    layer = MinibatchDiscrimination(num_kernels=4, kernel_dim=3)
    x = random(3, 5, seed=0)
    layer(x)
    t = random(5, 12, seed=1, scale=0.3)
    layer.set_weights([t])
    out = numpy(layer(x))
    assert out.shape == (3, 5 + 4)
    np.testing.assert_allclose(out, minibatch_features(x, t, 4, 3), rtol=1e-5, atol=1e-6)
    assert 0 < out[:, 5:].min() and out[:, 5:].max() < 2


def test_identical_samples_count_the_others():
    x = np.repeat(random(1, 6), 5, axis=0)
    out = numpy(MinibatchDiscrimination(num_kernels=3, kernel_dim=2)(x))
    np.testing.assert_allclose(out[:, 6:], np.full((5, 3), 4.0), rtol=1e-6)


def test_minibatch_discrimination_needs_rank_2():
    with pytest.raises(ValueError, match="flatten"):
        MinibatchDiscrimination()(random(2, 3, 4))


def test_minibatch_discrimination_round_trip_and_fit():
    layer = MinibatchDiscrimination(num_kernels=2, kernel_dim=3)
    original, copy = round_trip(layer, random(4, 5))
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    assert layer.get_config()["num_kernels"] == 2
    before, after = fit_one_step(MinibatchDiscrimination(2, 3), (5,))
    assert changed(before, after) == len(before)


@pytest.mark.parametrize(
    "batch,group_size,group",
    [(4, 2, 2), (8, 4, 4), (3, 4, 3), (3, 2, 1), (2, 4, 2), (6, 4, 3), (1, 4, 1)],
)
def test_minibatch_std_dev_matches_numpy(batch, group_size, group):
    assert group_size_for(batch, group_size) == group
    x = random(batch, 3, 2, 2, seed=batch)
    out = numpy(MinibatchStdDev(group_size)(x))
    assert out.shape == (batch, 3, 2, 3)
    np.testing.assert_allclose(out, group_std(x, group), rtol=1e-5, atol=1e-6)
    values = out[:, 0, 0, -1].reshape(-1, group)
    np.testing.assert_array_equal(
        values, np.broadcast_to(values[:, :1], values.shape)
    )  # one value per group


def test_group_size_from_a_tensor_batch_size_agrees():
    for batch in range(1, 13):
        tensor = group_size_for(keras.ops.convert_to_tensor(batch, "int32"), 4)
        assert int(numpy(tensor)) == group_size_for(batch, 4)


def test_minibatch_std_dev_round_trip_and_fit():
    layer = MinibatchStdDev(group_size=2, epsilon=1e-6)
    original, copy = round_trip(layer, random(4, 2, 2, 3))
    np.testing.assert_allclose(copy, original, rtol=1e-6)
    assert layer.get_config()["epsilon"] == 1e-6
    before, after = fit_one_step(MinibatchStdDev(4), (3, 3, 2), batch=8)
    assert changed(before, after) == len(before)  # the Dense head: gradients reach it
