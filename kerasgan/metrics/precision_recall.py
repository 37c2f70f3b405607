"""Improved precision/recall (Kynkaanniemi et al. 2019) and density/coverage (Naeem et al. 2020)."""

import numpy as np


def pairwise_distances(a, b, chunk=2048):
    """Euclidean distances between rows of a and rows of b, computed in chunks."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    b2 = (b * b).sum(1)
    out = np.empty((len(a), len(b)))
    for start in range(0, len(a), chunk):
        part = a[start : start + chunk]
        d2 = (part * part).sum(1)[:, None] - 2 * part @ b.T + b2[None, :]
        out[start : start + chunk] = np.sqrt(np.maximum(d2, 0.0))
    return out


def knn_radii(features, k):
    """Distance from each point to its k-th nearest other point of the same set."""
    d = pairwise_distances(features, features)
    return np.sort(d, axis=1)[:, k]  # column 0 is the point itself


def precision_recall(real, fake, k=3):
    """Improved precision and recall from k-NN manifolds.

    Precision: share of generated samples inside the real manifold (the union of
    balls around real samples reaching their k-th neighbour); recall: share of
    real samples inside the generated manifold.

    Reference: Kynkaanniemi et al., "Improved Precision and Recall Metric for
    Assessing Generative Models", NeurIPS 2019.

    Args:
        real: (n, d) real features.
        fake: (m, d) generated features.
        k: neighbourhood size (3 in the paper).

    Returns:
        `(precision, recall)`.
    """
    real_radii, fake_radii = knn_radii(real, k), knn_radii(fake, k)
    d = pairwise_distances(fake, real)  # (m, n)
    precision = float((d <= real_radii[None, :]).any(axis=1).mean())
    recall = float((d.T <= fake_radii[None, :]).any(axis=1).mean())
    return precision, recall


def density_coverage(real, fake, k=5):
    """Density and coverage (Naeem et al. 2020).

    Density: how many real-sample neighbourhoods contain each generated sample, on
    average, divided by k (can exceed 1). Coverage: share of real samples whose
    neighbourhood contains at least one generated sample.

    Reference: Naeem et al., "Reliable Fidelity and Diversity Metrics for
    Generative Models", ICML 2020.

    Args:
        real: (n, d) real features.
        fake: (m, d) generated features.
        k: neighbourhood size (5 in the paper).

    Returns:
        `(density, coverage)`.
    """
    radii = knn_radii(real, k)
    inside = pairwise_distances(fake, real) <= radii[None, :]  # (m, n)
    density = float(inside.sum(axis=1).mean() / k)
    coverage = float(inside.any(axis=0).mean())
    return density, coverage
