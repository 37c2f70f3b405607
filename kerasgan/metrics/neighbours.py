"""Generated images beside their nearest training images (a memorisation check)."""

import numpy as np

from kerasgan.images import make_grid, to_uint8
from kerasgan.metrics.precision_recall import pairwise_distances


def nearest_indices(queries, reference, k=3):
    """Indices of the k nearest reference rows for each query row (Euclidean).

    Args:
        queries: (m, d) array.
        reference: (n, d) array.
        k: neighbours per query.
    """
    d = pairwise_distances(queries, reference)
    return np.argsort(d, axis=1)[:, :k], np.sort(d, axis=1)[:, :k]


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
    """Flattened float64 pixels, for pixel-space neighbours."""
    return np.asarray(images, np.float64).reshape(len(images), -1)
