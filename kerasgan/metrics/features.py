"""Feature extractors behind one interface: the FID Inception and the domain classifiers."""

from collections.abc import Callable
from dataclasses import dataclass, field

from kerasgan.errors import KerasGANError

EXTRACTORS = ("domain", "inception")
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


def get_extractor(kind, reference, weights=None):
    """Loads an extractor.

    Args:
        kind: "domain" (a small classifier trained on the reference's domain) or
            "inception" (the 2015-12-05 FID Inception network).
        reference: the reference dataset's name, to pick the domain classifier.
        weights: path to the FID Inception weights (inception only).
    """
    if kind == "domain":
        from kerasgan.metrics.extractors.domain import (
            domain_features,
            domain_probabilities,
            load_domain_classifier,
        )

        domain = domain_of(reference)
        model, info = load_domain_classifier(domain)
        return Extractor(
            name=info["name"],
            info=info,
            features=lambda images: domain_features(model, images),
            probabilities=lambda images: domain_probabilities(model, images),
        )
    if kind == "inception":
        from kerasgan.metrics.extractors.fid_inception import fid_features, load_fid_inception

        model, info = load_fid_inception(weights)
        return Extractor(
            name=info["name"], info=info, features=lambda images: fid_features(model, images)
        )
    raise KerasGANError(f"--extractor must be one of {', '.join(EXTRACTORS)}, not {kind!r}.")
