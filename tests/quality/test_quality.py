"""Slow quality tests: a real short training run whose samples are judged.

The judge is the packaged Fashion-MNIST domain classifier (93% test accuracy):
- realism: the domain Frechet distance of the samples is a small fraction of an
  untrained generator's;
- diversity: the classifier sees at least six kinds of item among the samples, not one mode;
- for CGAN: the classifier recognises the class that was asked for.

Run with `bash tests/run_all_backends.sh -m slow` or
`KERAS_BACKEND=tensorflow python -m pytest -m slow tests/quality`.
"""

import keras
import numpy as np
import pytest

from kerasgan.data import load_dataset
from kerasgan.metrics.evaluate import evaluate_images
from kerasgan.metrics.extractors.domain import domain_probabilities, load_domain_classifier
from kerasgan.models.registry import constructor_arguments, get_variant
from kerasgan.training import compile_model

pytestmark = pytest.mark.slow
N = 1000


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def build(variant, data, **options):
    keras.utils.set_random_seed(0)
    if "num_classes" in constructor_arguments(get_variant(variant)):
        options["num_classes"] = data.num_classes
    model = get_variant(variant)(image_shape=data.image_shape, seed=0, **options)
    compile_model(model, {})
    return model


def samples(model, n=N, seed=1):
    z = np.random.default_rng(seed).standard_normal((n, model.latent_dim))
    labels = (np.arange(n) % model.num_classes) if model.num_classes else None
    return model.generate(z, labels), labels


def domain_fd(images):
    result = evaluate_images(images, metrics=("fid",), n_real=N, extractor="domain")
    return result["metrics"]["fid"]


def judged(variant, data, epochs, ratio):
    model = build(variant, data)
    untrained = domain_fd(samples(model)[0])
    model.fit(
        data.batches(64, seed=0, with_labels=bool(model.num_classes)), epochs=epochs, verbose=0
    )
    images, labels = samples(model)
    fd = domain_fd(images)
    assert fd < ratio * untrained, (fd, untrained)
    classifier, _ = load_domain_classifier("fashion_mnist")
    predicted = domain_probabilities(classifier, images).argmax(axis=1)
    counts = np.bincount(predicted, minlength=10)
    assert (counts >= 10).sum() >= 6, counts  # at least six kinds of item
    return predicted, labels


@pytest.mark.parametrize("variant,epochs,ratio", [("dcgan", 4, 0.35), ("gan", 25, 0.55)])
def test_unconditional_samples_are_realistic_and_diverse(variant, epochs, ratio, data):
    judged(variant, data, epochs, ratio)


def test_cgan_draws_the_class_asked_for(data):
    predicted, asked = judged("cgan", data, 4, ratio=0.35)
    accuracy = float((predicted == asked).mean())
    assert accuracy > 0.5, accuracy  # chance is 0.1


def test_wgan_gp_learns(data):
    judged("wgan_gp", data, 4, ratio=0.6)


# The loss and regularisation family (issue 4). Thresholds leave room above the
# FD / untrained-FD ratios measured at 5 epochs (0.22 for EBGAN to 0.33 for LSGAN, see
# benchmarks/RESULTS.md); WGAN with clipping needs a longer run.
@pytest.mark.parametrize("variant", ["lsgan", "dragan", "bgan", "ragan", "ebgan", "sngan", "sagan"])
def test_loss_family_learns_in_four_epochs(variant, data):
    judged(variant, data, 4, ratio=0.45)


def test_wgan_with_weight_clipping_learns_given_time(data):
    judged("wgan", data, 30, ratio=0.5)
