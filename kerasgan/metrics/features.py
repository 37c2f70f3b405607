"""Feature extractors behind one interface: the FID Inception and the domain classifiers."""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from kerasgan.errors import KerasGANError
from kerasgan.progress import in_chunks

EXTRACTORS = ("auto", "domain", "inception")
CHUNK = 500
"""Images per extractor call when features are counted by a progress bar."""
DOMAINS = ("fashion_mnist", "mnist")


@dataclass
class Extractor:
    """Features (and class probabilities, where the network has them) of images.

    Args:
        name: the extractor's name, written into every result.
        info: its protocol facts (weights' sha256, source, accuracy...).
        features: `fn(images in [-1, 1] NHWC) -> (n, d)`.
        probabilities: `fn(images) -> (n, classes)` or None.
        notes: conversions applied to the images (resizing, channels), for the output.
    """

    name: str
    info: dict
    features: Callable
    probabilities: Callable = None
    notes: list = field(default_factory=list)


def domain_of(reference):
    """The domain classifier that fits a reference dataset name, e.g. fashion_mnist:train."""
    base = str(reference).split(":")[0]
    if base == "mnist5k":
        return "mnist"
    for domain in DOMAINS:
        if base == domain or base.startswith(domain + "_"):
            return domain
    raise KerasGANError(
        f"no domain classifier for reference {reference!r} (they exist for "
        f"{', '.join(DOMAINS)}); use --extractor inception."
    )


def has_domain(reference):
    """Whether a domain classifier fits the reference: a registered (Fashion-)MNIST dataset
    name (a folder or file is never taken for one, whatever its name)."""
    from kerasgan.data import named

    if not isinstance(reference, str) or not named.is_named(reference):
        return False
    try:
        domain_of(reference)
    except KerasGANError:
        return False
    return True


def choose_extractor(kind, reference):
    """The extractor "auto" stands for: the domain classifier for (Fashion-)MNIST
    references, the FID Inception network for everything else (folders, arrays, other data).

    Args:
        kind: "auto", "domain" or "inception".
        reference: the reference dataset's name or path.
    """
    if kind == "auto":
        return "domain" if has_domain(reference) else "inception"
    return kind


def get_extractor(kind, reference, weights=None):
    """Loads an extractor.

    Args:
        kind: "auto" (see `choose_extractor`), "domain" (a small classifier trained on
            the reference's domain) or "inception" (the 2015-12-05 FID Inception network).
        reference: the reference dataset's name, to pick the domain classifier.
        weights: path to the FID Inception weights (inception only).
    """
    kind = choose_extractor(kind, reference)
    if kind == "domain":
        from kerasgan.metrics.extractors.domain import (
            domain_features,
            domain_probabilities,
            embedding_model,
            load_domain_classifier,
        )

        domain = domain_of(reference)
        model, info = load_domain_classifier(domain)
        embedding = embedding_model(model)
        return Extractor(
            name=info["name"],
            info=info,
            features=lambda images: domain_features(model, images, embedding=embedding),
            probabilities=lambda images: domain_probabilities(model, images),
        )
    if kind == "inception":
        from kerasgan.metrics.extractors.fid_inception import fid_features, load_fid_inception

        model, info = load_fid_inception(weights)
        return Extractor(
            name=info["name"], info=info, features=lambda images: fid_features(model, images)
        )
    raise KerasGANError(f"--extractor must be one of {', '.join(EXTRACTORS)}, not {kind!r}.")


def as_float(images):
    """uint8 images (or floats already in [-1, 1]) as float32 in [-1, 1]."""
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return images.astype(np.float32) / 127.5 - 1.0
    return images.astype(np.float32, copy=False)


def extract(fn, images, progress=None, label="features"):
    """`fn` (an extractor's `features` or `probabilities`) over uint8 or float images in chunks.

    Only one chunk is converted to float at a time, so uint8 sets (memory-mapped ones
    included) stay small in memory.

    Args:
        fn: `fn(float images in [-1, 1]) -> (n, d)`.
        images: (n, h, w, c) uint8 or float images.
        progress: a factory from `kerasgan.progress.progress_bars`, or None.
        label: the progress bar's label.

    Returns:
        A float64 (n, d) array.
    """
    parts = in_chunks(lambda part: np.asarray(fn(as_float(part))), images, CHUNK, progress, label)
    return np.concatenate(parts).astype(np.float64, copy=False) if parts else np.zeros((0, 0))
