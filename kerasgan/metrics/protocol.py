"""The pieces every evaluation shares: metric names, image conversion, and the metrics of two
feature sets under one protocol (neighbourhood sizes, KID subsets, IS splits)."""

import numpy as np

from kerasgan.errors import KerasGANError
from kerasgan.images import to_uint8
from kerasgan.metrics.features import extract, get_extractor
from kerasgan.metrics.frechet import feature_statistics, frechet_distance
from kerasgan.metrics.kid import kernel_inception_distance
from kerasgan.metrics.precision_recall import density_coverage, precision_recall

METRICS = ("fid", "kid", "is", "pr", "dc", "nn")
DEFAULT_METRICS = ("fid", "kid", "pr", "dc")
FEATURE_METRICS = ("fid", "kid", "pr", "dc")
PR_K, DC_K = 3, 5
"""The neighbourhood sizes of precision/recall and density/coverage."""
KID_SUBSETS, KID_SUBSET_SIZE, IS_SPLITS = 100, 1000, 10


def parse_metrics(text):
    """`"fid,kid"` -> ("fid", "kid"); unknown names raise KerasGANError."""
    names = tuple(m.strip().lower() for m in str(text).split(",") if m.strip())
    unknown = [m for m in names if m not in METRICS]
    if unknown or not names:
        raise KerasGANError(
            f"unknown metrics {unknown or text!r}; choose from {','.join(METRICS)}."
        )
    return names


def as_uint8(images):
    """Images as uint8 (floats are read in [-1, 1], as generators make them)."""
    images = np.asarray(images)
    return images if images.dtype == np.uint8 else to_uint8(images)


def match_reference(images, shape):
    """Converts images to uint8 at the reference's size and channels; returns a note.

    Args:
        images: uint8 images, or floats in [-1, 1].
        shape: the reference's (h, w, c).
    """
    images = as_uint8(images)
    if tuple(images.shape[1:]) == tuple(shape):
        return images, None
    from kerasgan.data import ImageDataset

    converted = ImageDataset(images).resized(shape[:2], shape[2])
    note = (
        f"generated images {'x'.join(map(str, images.shape[1:]))} were converted to the "
        f"reference's {'x'.join(map(str, shape))}"
    )
    return np.asarray(converted.images), note


def check_counts(metrics, generated, real):
    """Refuses image counts a metric cannot work with, in one line."""
    for name, k in (("pr", PR_K), ("dc", DC_K)):
        if name in metrics and min(real, generated) <= k:
            raise KerasGANError(
                f"{name} compares each image with its {k} nearest neighbours: it needs at least "
                f"{k + 1} generated and {k + 1} real images, not {generated} and {real}."
            )
    if "fid" in metrics and min(real, generated) < 2:
        raise KerasGANError("the Frechet distance needs at least 2 generated and 2 real images.")


def feature_metrics(metrics, real_features, fake_features, seed=0, real_stats=None):
    """The feature-space metrics of `metrics` between two feature sets.

    Args:
        metrics: metric names; fid, kid, pr and dc are computed here.
        real_features: (n, d) real features (None when only "fid" is asked and
            `real_stats` is given).
        fake_features: (m, d) generated features.
        seed: seed of KID's subsets.
        real_stats: `(mu, sigma)` of the real features, when already known.

    Returns:
        A dict: fid, kid_mean, kid_std, precision, recall, density, coverage (those asked).
    """
    results = {}
    if "fid" in metrics:
        mu, sigma = real_stats if real_stats is not None else feature_statistics(real_features)
        results["fid"] = frechet_distance(mu, sigma, *feature_statistics(fake_features))
    if "kid" in metrics:
        results["kid_mean"], results["kid_std"] = kernel_inception_distance(
            real_features, fake_features, KID_SUBSETS, KID_SUBSET_SIZE, seed=seed
        )
    if "pr" in metrics:
        results["precision"], results["recall"] = precision_recall(
            real_features, fake_features, PR_K
        )
    if "dc" in metrics:
        results["density"], results["coverage"] = density_coverage(
            real_features, fake_features, DC_K
        )
    return results


def load_extractor(kind, reference, weights, metrics, notes):
    """The extractor the metrics need, or None when only the nn grid is asked and none loads.

    With `kind="auto"` and only "nn" asked, a missing network is a note, not an error: the
    nearest-pixel grid needs no extractor (and a label accuracy is then left out).

    Args:
        kind: "auto", "domain" or "inception".
        reference: the reference's name or path.
        weights: the FID Inception weights file, or None.
        metrics: the metric names asked for.
        notes: the result's notes, appended to.
    """
    needed = bool(set(FEATURE_METRICS + ("is",)) & set(metrics))
    try:
        return get_extractor(kind, reference, weights)
    except KerasGANError as error:
        if needed or kind != "auto":
            raise
        notes.append(f"nearest neighbours in pixels only; feature neighbours need: {error}")
        return None


def probabilities_of(ext, kind, images, notes, progress=None):
    """Class probabilities for the Inception Score: the domain classifier's, or ImageNet's."""
    if kind == "domain":
        return extract(ext.probabilities, images, progress, f"classes of {len(images)} images")
    from kerasgan.metrics.extractors.imagenet_inception import (
        imagenet_probabilities,
        load_imagenet_inception,
    )

    notes.append("IS from Keras' InceptionV3 (1000 ImageNet classes)")
    model, _ = load_imagenet_inception()
    return extract(
        lambda batch: imagenet_probabilities(model, batch),
        images,
        progress,
        f"ImageNet classes of {len(images)} images",
    )
