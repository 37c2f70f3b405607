"""Metric formulas against closed forms and constructed cases."""

import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.frechet import feature_statistics, frechet_distance
from kerasgan.metrics.inception_score import inception_score
from kerasgan.metrics.kid import kernel_inception_distance, mmd2_unbiased
from kerasgan.metrics.precision_recall import density_coverage, precision_recall


def test_frechet_distance_of_known_gaussians():
    # Diagonal covariances: FD = |mu1-mu2|^2 + sum (s1 + s2 - 2 sqrt(s1 s2)).
    mu1, mu2 = np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 0.0])
    s1, s2 = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 1.0])
    expected = 5.0 + np.sum(s1 + s2 - 2 * np.sqrt(s1 * s2))
    assert frechet_distance(mu1, np.diag(s1), mu2, np.diag(s2)) == pytest.approx(expected)


def test_frechet_distance_of_rotated_covariance():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4))
    sigma = a @ a.T + np.eye(4)
    assert frechet_distance(np.zeros(4), sigma, np.zeros(4), sigma) == pytest.approx(0, abs=1e-6)
    # Scaling: FD(N(0, S), N(0, 4 S)) = Tr(S + 4S - 2*2S) = Tr(S).
    assert frechet_distance(np.zeros(4), sigma, np.zeros(4), 4 * sigma) == pytest.approx(
        np.trace(sigma), rel=1e-6
    )


def test_frechet_distance_of_samples_with_themselves_is_near_zero():
    x = np.random.default_rng(1).normal(size=(500, 16))
    stats = feature_statistics(x)
    assert abs(frechet_distance(*stats, *stats)) < 1e-6


def test_frechet_distance_handles_singular_covariances():
    x = np.random.default_rng(2).normal(size=(5, 32))  # rank 4 < 32
    value = frechet_distance(*feature_statistics(x), *feature_statistics(x + 1.0))
    assert value == pytest.approx(32.0, rel=1e-3)


def test_feature_statistics_needs_two_samples():
    with pytest.raises(KerasGANError, match="at least 2"):
        feature_statistics(np.zeros((1, 8)))


def test_kid_is_unbiased_near_zero_for_one_distribution():
    rng = np.random.default_rng(3)
    values = [mmd2_unbiased(rng.normal(size=(50, 8)), rng.normal(size=(50, 8))) for _ in range(200)]
    assert abs(np.mean(values)) < 3 * np.std(values) / np.sqrt(len(values))
    assert min(values) < 0  # an unbiased estimate can be negative


def test_kid_grows_with_a_shift():
    rng = np.random.default_rng(4)
    real = rng.normal(size=(300, 8))
    same, _ = kernel_inception_distance(
        real, rng.normal(size=(300, 8)), subsets=10, subset_size=100
    )
    shifted, _ = kernel_inception_distance(
        real, rng.normal(size=(300, 8)) + 1.0, subsets=10, subset_size=100
    )
    assert shifted > 10 * abs(same)


def test_kid_matches_a_direct_computation():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(6, 3)), rng.normal(size=(7, 3))
    k = lambda a, b: (a @ b.T / 3 + 1) ** 3  # noqa: E731
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    expected = (kxx.sum() - np.trace(kxx)) / 30 + (kyy.sum() - np.trace(kyy)) / 42 - 2 * kxy.mean()
    assert mmd2_unbiased(x, y) == pytest.approx(expected)


def test_inception_score_bounds():
    uniform = np.full((100, 10), 0.1)
    assert inception_score(uniform)[0] == pytest.approx(1.0)
    one_hot = np.eye(10)[np.arange(1000) % 10]
    mean, std = inception_score(one_hot)
    assert mean == pytest.approx(10.0) and std == pytest.approx(0.0, abs=1e-9)
    collapsed = np.eye(10)[np.zeros(100, int)]
    assert inception_score(collapsed)[0] == pytest.approx(1.0)


def test_precision_recall_on_constructed_sets():
    real = np.array([[x, 0.0] for x in range(10)], dtype=float)
    # Five samples on the real line (inside), five far away (outside).
    fake = np.vstack([real[:5] + [0.1, 0.0], real[:5] + [0.0, 100.0]])
    precision, recall = precision_recall(real, fake, k=3)
    assert precision == pytest.approx(0.5)
    # Fake radii (3rd neighbour) are 2-3, so the near fakes (0.1 .. 4.1) reach the real
    # points 0..7, not 8 and 9: recall 8/10.
    assert recall == pytest.approx(0.8)
    p_same, r_same = precision_recall(real, real.copy(), k=3)
    assert p_same == 1.0 and r_same == 1.0


def test_density_coverage_on_constructed_sets():
    real = np.array([[x, 0.0] for x in range(20)], dtype=float)
    fake = real[:10] + [0.01, 0.0]
    density, coverage = density_coverage(real, fake, k=5)
    # Real radii (5th neighbour) are 3 inside, up to 5 at the ends: the fakes at
    # 0.01 .. 9.01 reach real points 0..12, 13 of 20.
    assert coverage == pytest.approx(13 / 20)
    assert density > 0.5
    far = real + [0.0, 1000.0]
    assert density_coverage(real, far, k=5) == (0.0, 0.0)


def test_feature_statistics_in_blocks_equal_numpy():
    from kerasgan.metrics.frechet import feature_statistics

    features = np.random.default_rng(0).standard_normal((1001, 7)).astype("float32")
    mu, sigma = feature_statistics(features, block=100)  # ragged last block
    exact = features.astype(np.float64)
    np.testing.assert_allclose(mu, exact.mean(axis=0), rtol=0, atol=1e-12)
    np.testing.assert_allclose(sigma, np.cov(exact, rowvar=False), rtol=0, atol=1e-12)
    assert mu.dtype == sigma.dtype == np.float64
