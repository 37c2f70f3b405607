"""Pure latent-space helpers: interpolation paths, class grids, traversals."""

import numpy as np
import pytest

from kerasgan.inference.latent import class_grid, interpolation_grid, lerp, slerp, traversal_grid


def _angle(a, b):
    return np.arccos(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.mark.parametrize("interpolate", [lerp, slerp])
def test_paths_start_and_end_at_the_given_vectors(interpolate):
    rng = np.random.default_rng(0)
    z0, z1 = rng.standard_normal((2, 16)).astype("float32")
    path = interpolate(z0, z1, 7)
    assert path.shape == (7, 16) and path.dtype == np.float32
    np.testing.assert_allclose(path[0], z0, rtol=1e-6)
    np.testing.assert_allclose(path[-1], z1, rtol=1e-6)


@pytest.mark.parametrize("interpolate", [lerp, slerp])
def test_paths_need_two_steps_and_matching_vectors(interpolate):
    with pytest.raises(ValueError, match="at least 2"):
        interpolate(np.zeros(3), np.ones(3), 1)
    with pytest.raises(ValueError, match="one shape"):
        interpolate(np.zeros(3), np.ones(4), 5)


def test_lerp_midpoint_and_even_spacing():
    path = lerp([0.0, 2.0], [4.0, -2.0], 5)
    np.testing.assert_allclose(path[2], [2.0, 0.0])
    np.testing.assert_allclose(np.diff(path, axis=0), np.full((4, 2), [1.0, -1.0]))


def test_slerp_keeps_the_norm_and_halves_the_angle():
    z0 = np.array([3.0, 0.0, 0.0])
    z1 = np.array([0.0, 3.0 * np.cos(0.4), 3.0 * np.sin(0.4)])  # 90 degrees apart, norm 3
    path = slerp(z0, z1, 9)
    np.testing.assert_allclose(np.linalg.norm(path, axis=1), 3.0)
    assert _angle(path[4], z0) == pytest.approx(np.pi / 4)
    assert _angle(path[4], z1) == pytest.approx(np.pi / 4)
    # constant angular speed: consecutive points are pi/16 apart
    steps = [_angle(a, b) for a, b in zip(path[:-1], path[1:])]
    np.testing.assert_allclose(steps, np.pi / 16)


def test_slerp_norm_moves_linearly_between_unequal_norms():
    rng = np.random.default_rng(1)
    z0, z1 = rng.standard_normal((2, 32))
    z1 *= 3.0
    norms = np.linalg.norm(slerp(z0, z1, 6), axis=1)
    np.testing.assert_allclose(norms, np.linspace(norms[0], norms[-1], 6))


@pytest.mark.parametrize("scale", [2.0, -1.0, 0.0])
def test_slerp_falls_back_to_lerp_for_parallel_or_zero_vectors(scale):
    z0 = np.array([1.0, 2.0, -1.0])
    z1 = scale * z0 + 1e-9
    path = slerp(z0, z1, 5)
    assert np.all(np.isfinite(path))
    np.testing.assert_allclose(path, lerp(z0, z1, 5))


def test_interpolation_grid_rows_are_paths_between_fresh_vectors():
    for method, interpolate in (("slerp", slerp), ("linear", lerp)):
        z = interpolation_grid(3, latent_dim=5, rows=4, steps=6, method=method)
        assert z.shape == (24, 5) and z.dtype == np.float32
        paths = z.reshape(4, 6, 5)
        for path in paths:
            np.testing.assert_allclose(path, interpolate(path[0], path[-1], 6), atol=1e-6)
        assert len({tuple(p[0]) for p in paths}) == 4  # each row starts somewhere new
    np.testing.assert_array_equal(interpolation_grid(3, 5, 4, 6), interpolation_grid(3, 5, 4, 6))
    rng = np.random.default_rng(3)
    assert interpolation_grid(rng, 5, 2, 3).shape == (6, 5)


def test_interpolation_grid_rejects_unknown_method_and_no_rows():
    with pytest.raises(ValueError, match="slerp, linear"):
        interpolation_grid(0, 4, 2, 3, method="cubic")
    with pytest.raises(ValueError, match="rows"):
        interpolation_grid(0, 4, 0, 3)


def test_class_grid_shares_noise_down_each_column():
    z, labels = class_grid(latent_dim=4, num_classes=3, per_class=5, seed=2)
    assert z.shape == (15, 4) and labels.shape == (15,)
    np.testing.assert_array_equal(labels.reshape(3, 5), np.repeat([[0], [1], [2]], 5, axis=1))
    grid = z.reshape(3, 5, 4)
    np.testing.assert_array_equal(grid[1], grid[0])
    np.testing.assert_array_equal(grid[2], grid[0])
    assert len({tuple(v) for v in grid[0]}) == 5
    with pytest.raises(ValueError, match="at least 1"):
        class_grid(4, 3, 0)


def test_traversal_grid_sets_one_coordinate_per_column():
    base = np.arange(6, dtype="float32").reshape(2, 3)
    grid = traversal_grid(base, 1, [-1.0, 0.0, 1.0])
    assert grid.shape == (6, 3) and grid.dtype == np.float32
    np.testing.assert_array_equal(grid[:, 1], [-1, 0, 1, -1, 0, 1])
    np.testing.assert_array_equal(grid[:3, [0, 2]], np.tile(base[0, [0, 2]], (3, 1)))
    np.testing.assert_array_equal(grid[3:, [0, 2]], np.tile(base[1, [0, 2]], (3, 1)))
    np.testing.assert_array_equal(base, np.arange(6).reshape(2, 3))  # input untouched
    assert traversal_grid(base[0], 2, [5.0]).tolist() == [[0.0, 1.0, 5.0]]


@pytest.mark.parametrize("index", [-1, 3, 10])
def test_traversal_grid_rejects_an_index_out_of_range(index):
    with pytest.raises(ValueError, match="outside the 3 latent coordinates"):
        traversal_grid(np.zeros((2, 3)), index, [0.0, 1.0])


def test_traversal_grid_needs_values():
    with pytest.raises(ValueError, match="at least one value"):
        traversal_grid(np.zeros((2, 3)), 0, [])
