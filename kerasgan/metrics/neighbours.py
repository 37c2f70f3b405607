"""Generated images beside their nearest training images (a memorisation check)."""

import numpy as np

from kerasgan.images import make_grid, to_uint8
from kerasgan.metrics.precision_recall import MAX_TILE_ELEMENTS, distance_tiles


def _smallest_sorted(d, k):
    """The k smallest values of each row of d and their columns, ordered by (value, column)."""
    if np.isnan(d).any():  # NaN features: infinitely far rather than a failed selection
        d = np.where(np.isnan(d), np.inf, d)
    if d.shape[1] > k:
        kth = np.partition(d, k - 1, axis=1)[:, k - 1 : k]
        less, equal = d < kth, d == kth
        need = k - less.sum(axis=1)
        tied = equal.sum(axis=1) > need  # more columns at the k-th value than places left
        if tied.any():
            sub = equal[tied]
            sub &= np.cumsum(sub, axis=1) <= need[tied, None]  # the lowest columns win
            equal[tied] = sub
        cols = np.nonzero(less | equal)[1].reshape(len(d), k)
    else:
        cols = np.broadcast_to(np.arange(d.shape[1]), d.shape)
    values = np.take_along_axis(d, cols, axis=1)
    order = np.argsort(values, axis=1, kind="stable")
    return np.take_along_axis(values, order, axis=1), np.take_along_axis(cols, order, axis=1)


def nearest_indices(queries, reference, k=3, block=None, max_elements=MAX_TILE_ELEMENTS):
    """Indices of the k nearest reference rows for each query row (Euclidean).

    Computed over tiles of reference rows with a running top-k per query, so memory does not
    grow with the reference set; float32 inputs are cast to float64 one tile at a time.
    Equal distances are ordered by reference index.

    Args:
        queries: (m, d) array.
        reference: (n, d) array.
        k: neighbours per query (at most n are returned).
        block: tile shape `(rows, columns)` (or an int), for tests; default: planned from
            `max_elements`.
        max_elements: most values in one tile.

    Returns:
        `(indices, distances)`, both (m, min(k, n)), nearest first.

    Example:
        >>> index, dist = nearest_indices(fake_features[:8], real_features, k=4)
    """
    k = min(int(k), len(reference))
    best_d = np.empty((len(queries), k))
    best_i = np.empty((len(queries), k), np.intp)
    if k <= 0:
        return best_i, best_d
    for rows, cols, d in distance_tiles(queries, reference, block, max_elements):
        values, index = _smallest_sorted(d, k)
        seen = min(k, cols.start)  # the running top-k holds columns before this tile
        values = np.concatenate([best_d[rows, :seen], values], axis=1)
        index = np.concatenate([best_i[rows, :seen], index + cols.start], axis=1)
        order = np.argsort(values, axis=1, kind="stable")[:, :k]  # earlier columns first
        width = order.shape[1]
        best_d[rows, :width] = np.take_along_axis(values, order, axis=1)
        best_i[rows, :width] = np.take_along_axis(index, order, axis=1)
    return best_i, best_d


def neighbours_grid(generated, real, index):
    """A grid: each row a generated image followed by its nearest real images.

    Args:
        generated: (m, h, w, c) images in [-1, 1].
        real: (n, h, w, c) images in [-1, 1] (same size and channels).
        index: (m, k) indices into `real`, nearest first.

    Returns:
        A uint8 (H, W, C) grid with m rows and k + 1 columns.
    """
    rows = []
    for image, neighbours in zip(generated, index):
        rows.append(to_uint8(image[None]))
        rows.append(to_uint8(real[neighbours]))
    tiles = np.concatenate(rows, axis=0)
    return make_grid(tiles, nrow=index.shape[1] + 1)


def pixel_vectors(images):
    """Flattened pixels, for pixel-space neighbours: (n, h * w * c).

    Float images keep their dtype (a view when contiguous: no float64 copy of a whole
    reference set); integer ones become float32 (exact for 8- and 16-bit pixels).
    `nearest_indices` casts to float64 a tile at a time.
    """
    images = np.asarray(images)
    if not np.issubdtype(images.dtype, np.floating):
        images = images.astype(np.float32)
    return images.reshape(len(images), -1)
