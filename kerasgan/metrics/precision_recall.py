"""Improved precision/recall (Kynkaanniemi et al. 2019) and density/coverage (Naeem et al. 2020).

The metrics never hold a whole distance matrix: distances are computed a tile of rows x
columns at a time and reduced at once to what each metric keeps (the k+1 smallest distances of
each row, one boolean or one count per sample). A tile, and each float64 copy of input rows,
holds at most `MAX_TILE_ELEMENTS` values, so 50,000 x 50,000 samples with 2,048-d float32
features need the inputs plus a few hundred MB, not 20 GB per matrix.

Distances use the same float64 formula as a full matrix would (|a|^2 - 2 a.b + |b|^2, clamped at
0, square root), with inputs cast to float64 one tile at a time (float32 inputs are never copied
whole). The results equal the full-matrix computation's, except that BLAS may round the
products of differently shaped tiles differently (a few ulps of a distance; none on
integer-valued features), which can only matter for a distance exactly equal to a radius.
"""

import math

import numpy as np

from kerasgan.errors import KerasGANError

MAX_TILE_ELEMENTS = 1 << 24
"""Most float64 values in one distance tile or in one float64 copy of input rows (16 M, 128 MB)."""


def _as_rows(x):
    """x as a 2-d (samples, features) array, in its own dtype (no float64 copy)."""
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"expected a 2-d (samples, features) array, got shape {x.shape}")
    return x


def _tile_shape(n_rows, n_cols, dim, block, max_elements):
    """(rows, columns) of a tile: `block` when given (an int means a square), else planned.

    The plan keeps a column tile's float64 copy (columns x dim), a row block's copy and the
    distance tile (rows x columns) each under `max_elements` values.
    """
    if block is not None:
        rows, cols = (block, block) if np.ndim(block) == 0 else block
    else:
        per_row = max(int(dim), 1)
        cols = max_elements // per_row
        rows = min(max_elements // max(min(cols, n_cols), 1), max_elements // per_row)
    return max(1, min(int(rows), n_rows)), max(1, min(int(cols), n_cols))


def _square_side(n, dim, block, max_elements):
    """Side of the square tiles of a set against itself."""
    if block is not None:
        return _tile_shape(n, n, dim, block, max_elements)
    side = min(math.isqrt(max_elements), max_elements // max(int(dim), 1))
    side = max(1, min(side, n))
    return side, side


def squared_norms(x, max_elements=MAX_TILE_ELEMENTS):
    """Squared Euclidean norm of each row of x, in float64, a block of rows at a time."""
    x = _as_rows(x)
    out = np.empty(len(x))
    step = max(1, max_elements // max(x.shape[1], 1))
    for start in range(0, len(x), step):
        part = np.asarray(x[start : start + step], np.float64)
        out[start : start + step] = (part * part).sum(1)
    return out


def _squared_distances(xa, xb, a2, b2):
    """(|a|^2 - 2 a.b) + |b|^2 for float64 row blocks xa, xb (not clamped)."""
    d2 = xa @ xb.T
    d2 *= -2.0
    d2 += a2[:, None]
    d2 += b2[None, :]
    return d2


def _finish(d2):
    """Clamp squared distances at 0 and take the square root, in place."""
    np.maximum(d2, 0.0, out=d2)
    return np.sqrt(d2, out=d2)


def distance_tiles(a, b, block=None, max_elements=MAX_TILE_ELEMENTS):
    """Yield `(rows, cols, d)`: the float64 distances `d` between a[rows] and b[cols], tile by tile.

    Args:
        a: (n, d) array (any float dtype; cast to float64 one block at a time).
        b: (m, d) array.
        block: `(rows, columns)` of a tile (an int: a square); default: planned so that no tile
            and no float64 copy of input rows holds more than `max_elements` values.
        max_elements: the planning bound.

    Example:
        >>> for rows, cols, d in distance_tiles(fake, real):
        ...     hits[rows] |= (d <= radii[cols]).any(axis=1)
    """
    a, b = _as_rows(a), _as_rows(b)
    a2, b2 = squared_norms(a, max_elements), squared_norms(b, max_elements)
    rows, cols = _tile_shape(len(a), len(b), a.shape[1], block, max_elements)
    for c0 in range(0, len(b), cols):
        cs = slice(c0, min(c0 + cols, len(b)))
        xb = np.asarray(b[cs], np.float64)
        for r0 in range(0, len(a), rows):
            rs = slice(r0, min(r0 + rows, len(a)))
            d2 = _squared_distances(np.asarray(a[rs], np.float64), xb, a2[rs], b2[cs])
            yield rs, cs, _finish(d2)


def pairwise_distances(a, b, chunk=2048):
    """Euclidean distances between rows of a and rows of b: the full (n, m) float64 matrix.

    For small sets (tests, grids); the metrics below never build it.
    """
    a, b = _as_rows(a), _as_rows(b)
    out = np.empty((len(a), len(b)))
    for rows, cols, d in distance_tiles(a, b, block=(chunk, max(len(b), 1))):
        out[rows, cols] = d
    return out


def _keep_smallest(best, rows, values):
    """Merge `values` (r, c) into `best[rows]` (r, keep): the keep smallest of each row."""
    keep = best.shape[1]
    if values.shape[1] > keep:
        values.partition(keep - 1, axis=1)
        values = values[:, :keep]
    merged = np.concatenate([best[rows], values], axis=1)
    merged.partition(keep - 1, axis=1)
    best[rows] = merged[:, :keep]


def knn_radii(features, k, block=None, max_elements=MAX_TILE_ELEMENTS):
    """Distance from each point to its k-th nearest other point of the same set.

    Index k of each row of the sorted distance matrix, the point itself (distance ~0) being
    index 0. Computed in tiles, keeping the k + 1 smallest squared distances of each row
    (`np.partition`, no sort); with square tiles each pair of blocks is computed once and used
    for both blocks' rows.

    Args:
        features: (n, d) array, n > k (float32 is cast one tile at a time).
        k: neighbour rank.
        block: tile shape, `(rows, columns)` or an int (square); default: planned from
            `max_elements` (square tiles).
        max_elements: most values in one tile.

    Returns:
        (n,) float64 radii.
    """
    x = _as_rows(features)
    n = len(x)
    if not 0 <= k < n:
        raise KerasGANError(f"k-NN radii with k={k} need more than {k} samples, got {n}.")
    norms = squared_norms(x, max_elements)
    rows, cols = _square_side(n, x.shape[1], block, max_elements)
    symmetric = rows == cols
    best = np.full((n, k + 1), np.inf)
    for c0 in range(0, n, cols):
        cs = slice(c0, min(c0 + cols, n))
        xb = np.asarray(x[cs], np.float64)
        for r0 in range(0, n, rows):
            if symmetric and r0 > c0:
                continue  # used as the transpose of tile (c0, r0)
            rs = slice(r0, min(r0 + rows, n))
            xa = xb if symmetric and r0 == c0 else np.asarray(x[rs], np.float64)
            g = xa @ xb.T
            g *= -2.0
            if symmetric and r0 != c0:
                # The same products from the other side, with that side's order of additions.
                transposed = np.add(g.T, norms[cs, None], order="C")
                transposed += norms[None, rs]
                _keep_smallest(best, cs, transposed)
                del transposed
            g += norms[rs, None]
            g += norms[None, cs]
            _keep_smallest(best, rs, g)
            del g
    # best holds the k + 1 smallest squared distances of each row; clamping and the square
    # root are monotone, so applied to the largest of them they give index k of the sorted row.
    return _finish(best.max(axis=1))


def precision_recall(real, fake, k=3, block=None, max_elements=MAX_TILE_ELEMENTS):
    """Improved precision and recall from k-NN manifolds.

    Precision: share of generated samples inside the real manifold (the union of
    balls around real samples reaching their k-th neighbour); recall: share of
    real samples inside the generated manifold.

    Computed in tiles of the distance matrices (see `knn_radii`); memory does not grow with
    n x m.

    Reference: Kynkaanniemi et al., "Improved Precision and Recall Metric for
    Assessing Generative Models", NeurIPS 2019.

    Args:
        real: (n, d) real features.
        fake: (m, d) generated features.
        k: neighbourhood size (3 in the paper).
        block: tile shape `(rows, columns)` (or an int), for tests; default: planned.
        max_elements: most values in one tile.

    Returns:
        `(precision, recall)`.

    Example:
        >>> precision, recall = precision_recall(real_features, fake_features, k=3)
    """
    real, fake = _as_rows(real), _as_rows(fake)
    real_radii = knn_radii(real, k, block, max_elements)
    fake_radii = knn_radii(fake, k, block, max_elements)
    in_real = np.zeros(len(fake), bool)  # fake i inside some real ball
    in_fake = np.zeros(len(real), bool)  # real j inside some fake ball
    for rows, cols, d in distance_tiles(fake, real, block, max_elements):
        in_real[rows] |= (d <= real_radii[None, cols]).any(axis=1)
        in_fake[cols] |= (d <= fake_radii[rows, None]).any(axis=0)
    return float(in_real.mean()), float(in_fake.mean())


def density_coverage(real, fake, k=5, block=None, max_elements=MAX_TILE_ELEMENTS):
    """Density and coverage (Naeem et al. 2020).

    Density: how many real-sample neighbourhoods contain each generated sample, on
    average, divided by k (can exceed 1). Coverage: share of real samples whose
    neighbourhood contains at least one generated sample.

    Computed in tiles of the distance matrices (see `knn_radii`); memory does not grow with
    n x m.

    Reference: Naeem et al., "Reliable Fidelity and Diversity Metrics for
    Generative Models", ICML 2020.

    Args:
        real: (n, d) real features.
        fake: (m, d) generated features.
        k: neighbourhood size (5 in the paper).
        block: tile shape `(rows, columns)` (or an int), for tests; default: planned.
        max_elements: most values in one tile.

    Returns:
        `(density, coverage)`.

    Example:
        >>> density, coverage = density_coverage(real_features, fake_features, k=5)
    """
    real, fake = _as_rows(real), _as_rows(fake)
    radii = knn_radii(real, k, block, max_elements)
    counts = np.zeros(len(fake), np.int64)  # real balls containing fake i
    covered = np.zeros(len(real), bool)  # real j's ball contains some fake
    for rows, cols, d in distance_tiles(fake, real, block, max_elements):
        inside = d <= radii[None, cols]
        counts[rows] += inside.sum(axis=1)
        covered[cols] |= inside.any(axis=0)
    return float(counts.mean() / k), float(covered.mean())
