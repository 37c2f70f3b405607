"""The tiled k-NN metrics against a plain full-matrix implementation (the pre-tiling code).

On integer-valued features every float64 operation is exact, so the tiled code must give
bit-identical radii, distances and metrics, duplicates and tied distances included. On gaussian
features BLAS rounds a product of differently shaped tiles differently (a few ulps), so
distances are compared to 1e-12 and the metrics, which only compare distances with radii,
exactly.
"""

import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.neighbours import nearest_indices, pixel_vectors
from kerasgan.metrics.precision_recall import (
    density_coverage,
    distance_tiles,
    knn_radii,
    pairwise_distances,
    precision_recall,
)


# ------------------------------------------------------------------ reference (full matrices)
def full_distances(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    d2 = (a * a).sum(1)[:, None] - 2 * a @ b.T + (b * b).sum(1)[None, :]
    return np.sqrt(np.maximum(d2, 0.0))


def full_radii(features, k):
    return np.sort(full_distances(features, features), axis=1)[:, k]


def full_precision_recall(real, fake, k=3):
    real_radii, fake_radii = full_radii(real, k), full_radii(fake, k)
    d = full_distances(fake, real)
    precision = float((d <= real_radii[None, :]).any(axis=1).mean())
    recall = float((d.T <= fake_radii[None, :]).any(axis=1).mean())
    return precision, recall


def full_density_coverage(real, fake, k=5):
    inside = full_distances(fake, real) <= full_radii(real, k)[None, :]
    return float(inside.sum(axis=1).mean() / k), float(inside.any(axis=0).mean())


def full_nearest(queries, reference, k=3):
    d = full_distances(queries, reference)
    # A stable sort: ties by reference index (the tiled code's order; a default argsort
    # orders equal distances arbitrarily).
    return np.argsort(d, axis=1, kind="stable")[:, :k], np.sort(d, axis=1)[:, :k]


# ------------------------------------------------------------------ data
def feature_sets(kind, n, m, dim, seed=0):
    """Two sets; "integer*" sets hold duplicated points and fakes equal to real points."""
    rng = np.random.default_rng(seed)
    if kind.startswith("integer"):
        real = rng.integers(-2, 3, size=(n, dim)).astype(np.float64)
        fake = rng.integers(-2, 3, size=(m, dim)).astype(np.float64) + (rng.random(dim) < 0.3)
        real[4:8] = real[:4]  # duplicates: distance 0 to another point
        fake[3:6] = fake[:3]
        fake[-6:] = real[-6:]  # fakes exactly at real points: d == a real radius
    else:
        real = rng.standard_normal((n, dim))
        fake = rng.standard_normal((m, dim)) + 0.3
    if kind.endswith("float32"):
        real, fake = real.astype(np.float32), fake.astype(np.float32)
    return real, fake


def assert_same(ours, theirs, exact):
    if exact:
        np.testing.assert_array_equal(ours, theirs)
    else:
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12)


KINDS = ["integer", "integer_float32", "gaussian", "gaussian_float32"]
SHAPES = [(37, 53, 5), (53, 37, 64)]
# None: the default plan (one tile here); an int: square tiles (each pair of blocks computed
# once for knn_radii); pairs: ragged rectangular tiles.
BLOCKS = [None, 7, (7, 11), (11, 7), (1, 3)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n,m,dim", SHAPES)
@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_tiled_metrics_equal_full_matrix(kind, n, m, dim, block):
    real, fake = feature_sets(kind, n, m, dim)
    exact = kind.startswith("integer")
    for k in (1, 3, 5):
        assert_same(knn_radii(real, k, block=block), full_radii(real, k), exact)
        assert_same(knn_radii(fake, k, block=block), full_radii(fake, k), exact)
    assert precision_recall(real, fake, k=3, block=block) == full_precision_recall(real, fake, 3)
    assert density_coverage(real, fake, k=5, block=block) == full_density_coverage(real, fake, 5)
    for queries in (fake[:8], fake[:1], fake):
        index, distance = nearest_indices(queries, real, k=4, block=block)
        full_index, full_distance = full_nearest(queries, real, k=4)
        np.testing.assert_array_equal(index, full_index)
        assert_same(distance, full_distance, exact)


def test_metrics_return_python_floats():
    real, fake = feature_sets("gaussian", 40, 30, 8)
    for value in (*precision_recall(real, fake), *density_coverage(real, fake)):
        assert type(value) is float


def test_integer_ties_really_tie():
    """The integer sets do exercise ties: equal distances at the k-th place and at radii."""
    real, fake = feature_sets("integer", 37, 53, 5)
    d = np.sort(full_distances(real, real), axis=1)
    assert (d[:, 3] == d[:, 4]).any()
    inside = full_distances(fake, real) == full_radii(real, 5)[None, :]
    assert inside.any()


def test_nearest_indices_with_few_references():
    real, fake = feature_sets("integer", 12, 16, 4)
    real = real[:3]
    index, distance = nearest_indices(fake, real, k=5, block=(2, 2))
    assert index.shape == distance.shape == (16, 3)
    full_index, full_distance = full_nearest(fake, real, k=5)
    np.testing.assert_array_equal(index, full_index)
    np.testing.assert_array_equal(distance, full_distance)


def test_nearest_indices_of_uint8_pixels():
    """Integer pixels (what the neighbour grids pass) are cast per tile, no overflow."""
    rng = np.random.default_rng(3)
    real = rng.integers(0, 256, (40, 8, 8, 3), dtype=np.uint8)
    fake = rng.integers(0, 256, (5, 8, 8, 3), dtype=np.uint8)
    queries, reference = fake.reshape(5, -1), real.reshape(40, -1)
    index, distance = nearest_indices(queries, reference, k=4, block=(2, 9))
    full_index, full_distance = full_nearest(queries, reference, k=4)
    np.testing.assert_array_equal(index, full_index)
    np.testing.assert_array_equal(distance, full_distance)


def test_pairwise_distances_is_the_full_matrix():
    real, fake = feature_sets("integer_float32", 20, 30, 6)
    np.testing.assert_array_equal(pairwise_distances(fake, real), full_distances(fake, real))
    np.testing.assert_array_equal(
        pairwise_distances(fake, real, chunk=7), full_distances(fake, real)
    )


@pytest.mark.parametrize("dim", [1, 5, 300])
def test_planned_tiles_stay_under_the_bound(dim):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((101, dim)).astype(np.float32)
    b = rng.standard_normal((67, dim)).astype(np.float32)
    seen = np.zeros((101, 67), int)
    for rows, cols, d in distance_tiles(a, b, max_elements=200):
        assert d.size <= 200 and d.dtype == np.float64
        assert (rows.stop - rows.start) * dim <= max(200, dim)
        assert (cols.stop - cols.start) * dim <= max(200, dim)
        seen[rows, cols] += 1
    assert (seen == 1).all()  # every pair exactly once
    radii = knn_radii(a, 3, max_elements=200)
    np.testing.assert_allclose(radii, full_radii(a, 3), rtol=1e-12)


def test_knn_radii_needs_more_than_k_points():
    with pytest.raises(KerasGANError, match="more than 3 samples"):
        knn_radii(np.zeros((3, 2)), 3)


def test_pixel_vectors_keep_float32_without_a_copy():
    images = np.random.default_rng(2).uniform(-1, 1, (4, 6, 5, 3)).astype(np.float32)
    vectors = pixel_vectors(images)
    assert vectors.shape == (4, 90) and vectors.dtype == np.float32
    assert np.shares_memory(vectors, images)
    assert pixel_vectors(np.zeros((2, 3, 3, 1), np.uint8)).dtype == np.float32


def test_nearest_indices_put_nan_features_last():
    real, fake = feature_sets("gaussian", 20, 4, 3)
    real[[2, 5, 6, 9]] = np.nan
    index, distance = nearest_indices(fake, real, k=18, block=(3, 4))
    assert np.isinf(distance[:, -2:]).all() and np.isfinite(distance[:, :-2]).all()
    assert set(index[0, -2:]) <= {2, 5, 6, 9}
