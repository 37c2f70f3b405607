"""Real-image features of a reference dataset, cached under a content hash."""

import hashlib
from pathlib import Path

import numpy as np

from kerasgan.data import load_dataset
from kerasgan.data.cache import default_cache_dir
from kerasgan.runs.atomic import atomic_path


def reference_images(reference, n, seed=0):
    """Up to `n` images of the reference dataset, as float32 in [-1, 1], and its facts.

    Args:
        reference: a dataset name (with optional `:split`) or path.
        n: the number of images wanted; all of them when the dataset has fewer.
        seed: seed of the subset when the dataset has more.

    Returns:
        `(images, dataset)`.
    """
    dataset = load_dataset(reference)
    if len(dataset) > n:
        dataset = dataset.subset(n, seed=seed)
    images = np.asarray(dataset.images, np.float32) / 127.5 - 1.0
    return images, dataset


def content_key(images, *parts):
    """A hex key from the images' bytes and any protocol parts (extractor, weights...)."""
    digest = hashlib.sha256(np.ascontiguousarray(images).tobytes())
    for part in parts:
        digest.update(str(part).encode())
    return digest.hexdigest()[:24]


def cached_features(images, extractor, cache_dir=None):
    """Features of real images, computed once per content and extractor, written atomically.

    Args:
        images: float32 images in [-1, 1].
        extractor: a `kerasgan.metrics.features.Extractor`.
        cache_dir: cache root (default `default_cache_dir()`).

    Returns:
        `(features, path_of_cache_file)`.
    """
    key = content_key(images, extractor.name, extractor.info.get("weights_sha256"))
    folder = Path(cache_dir or default_cache_dir()) / "reference_features"
    path = folder / f"{key}.npy"
    if path.is_file():
        return np.load(path), path
    features = np.asarray(extractor.features(images), np.float32)
    with atomic_path(path, suffix=".npy") as tmp:
        np.save(tmp, features)
    return features, path
