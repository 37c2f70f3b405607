"""Fixtures of the slow quality tests: real short trainings, scored by a classifier.

The judge is the packaged Fashion-MNIST domain classifier (93% test accuracy).
`judged(variant, data, epochs, ratio, **options)` trains a variant and asserts
realism and diversity; `build` and `assert_diverse` are its parts.
"""

import keras
import numpy as np
import pytest

from kerasgan.data import load_dataset
from kerasgan.metrics.evaluate import evaluate_images
from kerasgan.metrics.extractors.domain import domain_probabilities, load_domain_classifier
from kerasgan.models.registry import constructor_arguments, get_variant
from kerasgan.training import compile_model

N = 1000


def _build(variant, data, **options):
    """A variant for `data`'s images, seeded and compiled with its defaults."""
    keras.utils.set_random_seed(0)
    if "num_classes" in constructor_arguments(get_variant(variant)):
        options.setdefault("num_classes", data.num_classes)
    model = get_variant(variant)(image_shape=data.image_shape, seed=0, **options)
    compile_model(model, {})
    return model


def _samples(model, n=N, seed=1):
    """`n` generated images, clipped to [-1, 1], and the labels asked for (or None).

    Generators without a tanh (PGGAN's, the style models') overshoot [-1, 1] a little; the
    grids and the evaluation clip them too (the domain classifier refuses floats far outside
    [-1, 1], which it reads as a scaling mistake).
    """
    z = np.random.default_rng(seed).standard_normal((n, model.latent_dim))
    labels = (np.arange(n) % model.num_classes) if model.num_classes else None
    return np.clip(model.generate(z, labels), -1.0, 1.0), labels


def _domain_fd(images):
    """Frechet distance of `images` to real Fashion-MNIST in the domain classifier's features."""
    result = evaluate_images(images, metrics=("fid",), n_real=N, extractor="domain")
    return result["metrics"]["fid"]


def _predicted_classes(images):
    """The domain classifier's class for each image in [-1, 1]."""
    classifier, _ = load_domain_classifier("fashion_mnist")
    return domain_probabilities(classifier, images).argmax(axis=1)


def _assert_diverse(images):
    """At least six kinds of item among the images: not one mode."""
    counts = np.bincount(_predicted_classes(images), minlength=10)
    assert (counts >= 10).sum() >= 6, counts


def _judged(variant, data, epochs, ratio, **options):
    """Trains `variant`; asserts realism (FD ratio to untrained) and diversity.

    Returns:
        `(predicted, labels, model)`: the classifier's classes of the samples, the
        labels asked for, and the trained model.
    """
    model = _build(variant, data, **options)
    untrained = _domain_fd(_samples(model)[0])
    model.fit(
        data.batches(64, seed=0, with_labels=bool(model.num_classes)), epochs=epochs, verbose=0
    )
    images, labels = _samples(model)
    fd = _domain_fd(images)
    print(f"{variant}: domain FD {fd:.1f}, untrained {untrained:.1f} (ratio {fd / untrained:.2f})")
    assert fd < ratio * untrained, (fd, untrained)
    _assert_diverse(images)
    return _predicted_classes(images), labels, model


@pytest.fixture(scope="session")
def data():
    """The bundled Fashion-MNIST test split."""
    return load_dataset()


@pytest.fixture
def build():
    """`build(variant, data, **options)`: a seeded variant for `data`, compiled."""
    return _build


@pytest.fixture
def assert_diverse():
    """`assert_diverse(images)`: at least six kinds of item among the images."""
    return _assert_diverse


@pytest.fixture
def judged():
    """`judged(variant, data, epochs, ratio, **options)`: trains and judges a variant;
    returns the classes the judge sees, the labels asked for and the model."""
    return _judged
