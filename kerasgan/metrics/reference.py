"""The real images of an evaluation, their features and statistics, cached under a content hash.

Real images stay uint8 (a memory-mapped folder cache stays on disk); features are computed in
chunks and cached per content and extractor in `<cache>/reference_features/`; the mean and
covariance FID needs are cached beside them in `<cache>/reference_stats/`, and shipped with the
package for the bundled data and the domain extractors (`kerasgan/metrics/reference_stats/`).
"""

import hashlib
from importlib import resources
from pathlib import Path

import numpy as np

from kerasgan.data import load_dataset
from kerasgan.data.cache import default_cache_dir
from kerasgan.errors import KerasGANError
from kerasgan.metrics.features import extract
from kerasgan.metrics.frechet import feature_statistics
from kerasgan.runs.atomic import atomic_path

SHIPPED_STATS = "reference_stats"
"""The package folder (inside `kerasgan.metrics`) holding shipped statistics."""


def reference_images(reference, n, seed=0, image_size=None):
    """Up to `n` uint8 images of the reference dataset, and the dataset.

    Args:
        reference: a dataset name (with optional `:split`), a path, or an `ImageDataset`.
        n: the number of images wanted; all of them when the dataset has fewer.
        seed: seed of the subset when the dataset has more.
        image_size: resize the reference to this size (None: as stored).

    Returns:
        `(images, dataset)`: uint8 (n, h, w, c) images and the dataset they come from.
    """
    dataset = reference if hasattr(reference, "images") else load_dataset(reference, image_size)
    if len(dataset) == 0:
        raise KerasGANError(f"the reference {reference} holds no images.")
    subset = dataset.subset(n, seed=seed) if len(dataset) > n else dataset
    return np.asarray(subset.images), dataset


def second_real_set(dataset, n, seed=0):
    """`n` real images disjoint from `reference_images(dataset, n, seed)`, or None.

    A real-vs-real comparison at the evaluation's size needs `2 n` images; with fewer,
    None (callers then split the first set in halves).

    Args:
        dataset: the reference `ImageDataset`.
        n: images per set.
        seed: the evaluation's seed.
    """
    if len(dataset) < 2 * n:
        return None
    first = np.random.default_rng(seed).choice(len(dataset), size=n, replace=False)
    rest = np.setdiff1d(np.arange(len(dataset)), first)
    second = np.sort(np.random.default_rng(seed + 1).choice(rest, size=n, replace=False))
    return np.asarray(dataset.images[second])


def content_key(images, *parts):
    """A hex key from the images' bytes and any protocol parts (extractor, weights...)."""
    digest = hashlib.sha256()
    for start in range(0, len(images), 4096):
        digest.update(np.ascontiguousarray(images[start : start + 4096]).tobytes())
    digest.update(str(tuple(np.shape(images))).encode())
    for part in parts:
        digest.update(str(part).encode())
    return digest.hexdigest()[:24]


def extractor_key(images, extractor):
    """The content key of `images` under `extractor` (its name and weights)."""
    return content_key(images, extractor.name, extractor.info.get("weights_sha256"))


def cached_features(images, extractor, cache_dir=None, progress=None, label=None):
    """Features of real images, computed once per content and extractor, written atomically.

    Args:
        images: uint8 images (or floats in [-1, 1]).
        extractor: a `kerasgan.metrics.features.Extractor`.
        cache_dir: cache root (default `default_cache_dir()`).
        progress: a progress factory (`kerasgan.progress.progress_bars`) or None.
        label: the progress label.

    Returns:
        `(features, path_of_cache_file)`.
    """
    key = extractor_key(images, extractor)
    path = Path(cache_dir or default_cache_dir()) / "reference_features" / f"{key}.npy"
    if path.is_file():
        return np.load(path), path
    label = label or f"features of {len(images)} real images"
    features = extract(extractor.features, images, progress, label).astype(np.float32)
    with atomic_path(path, suffix=".npy") as tmp:
        np.save(tmp, features)
    return features, path


def shipped_statistics(key):
    """The (mu, sigma) shipped with the package for this content key, or None."""
    entry = resources.files("kerasgan.metrics").joinpath(SHIPPED_STATS, f"{key}.npz")
    if not entry.is_file():
        return None
    with entry.open("rb") as handle, np.load(handle) as data:
        return data["mu"], data["sigma"]


def statistics_path(key, cache_dir=None):
    """Where the statistics of a content key are cached."""
    return Path(cache_dir or default_cache_dir()) / "reference_stats" / f"{key}.npz"


def save_statistics(path, mu, sigma):
    """Writes `mu` and `sigma` to an `.npz` file atomically."""
    with atomic_path(path, suffix=".npz") as tmp:
        np.savez(tmp, mu=mu, sigma=sigma)


def reference_statistics(images, extractor, cache_dir=None, features=None, progress=None):
    """FID's mean and covariance of the real images: shipped, cached, or computed once.

    Args:
        images: the real uint8 images.
        extractor: the `Extractor`.
        cache_dir: cache root.
        features: their features when already computed (else read from `cached_features`).
        progress: a progress factory or None.

    Returns:
        `(mu, sigma, where)`: float64 statistics and "shipped", "cached" or "computed".
    """
    key = extractor_key(images, extractor)
    shipped = shipped_statistics(key)
    if shipped is not None:
        return (*shipped, "shipped")
    path = statistics_path(key, cache_dir)
    if path.is_file():
        with np.load(path) as data:
            return data["mu"], data["sigma"], "cached"
    if features is None:
        features, _ = cached_features(images, extractor, cache_dir, progress)
    mu, sigma = feature_statistics(features)
    save_statistics(path, mu, sigma)
    return mu, sigma, "computed"
