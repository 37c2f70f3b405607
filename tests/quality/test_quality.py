"""Slow quality tests: a real short training run whose samples are judged (see judge.py).

Run with `bash tests/run_all_backends.sh -m slow` or
`KERAS_BACKEND=tensorflow python -m pytest -m slow tests/quality`.
"""

import numpy as np
import pytest

from kerasgan.data import load_dataset
from kerasgan.models.registry import get_variant
from kerasgan.training import TrainSettings, compile_model
from tests.quality.judge import (
    CentroidClassifier,
    mean_pairwise_distance,
    nearest_distance,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fashion():
    data = load_dataset()
    x = data.images.astype("float32") / 127.5 - 1.0
    return data, x, data.labels


def trained(variant, data, epochs, **options):
    """A variant trained on the bundled data by the same path as the CLI (seed 0)."""
    import keras

    keras.utils.set_random_seed(0)
    cls = get_variant(variant)
    if "num_classes" in options:
        options["num_classes"] = data.num_classes
    model = cls(image_shape=data.image_shape, seed=0, **options)
    compile_model(model, TrainSettings().optimizer)
    model.fit(
        data.batches(64, seed=0, with_labels=bool(model.num_classes)), epochs=epochs, verbose=0
    )
    return model


def untrained_distance(variant, data, real, **options):
    cls = get_variant(variant)
    if "num_classes" in options:
        options["num_classes"] = data.num_classes
    model = cls(image_shape=data.image_shape, seed=0, **options)
    z = np.random.default_rng(1).standard_normal((128, model.latent_dim))
    labels = np.arange(128) % 10 if model.num_classes else None
    return nearest_distance(model.generate(z, labels), real[:2000])


@pytest.mark.parametrize("variant,epochs", [("dcgan", 4), ("gan", 6)])
def test_unconditional_samples_are_realistic_and_diverse(variant, epochs, fashion):
    data, real, labels = fashion
    model = trained(variant, data, epochs)
    z = np.random.default_rng(1).standard_normal((256, model.latent_dim))
    samples = model.generate(z)
    realism = nearest_distance(samples[:128], real[:2000])
    assert realism < 0.7 * untrained_distance(variant, data, real)
    assert mean_pairwise_distance(samples[:128]) > 0.6 * mean_pairwise_distance(real[:128])
    predicted = CentroidClassifier(real, labels).predict(samples)
    counts = np.bincount(predicted, minlength=10)
    assert (counts >= 5).sum() >= 6, counts  # at least six kinds of item, not one mode


def test_cgan_draws_the_class_asked_for(fashion):
    data, real, labels = fashion
    model = trained("cgan", data, 4, num_classes=10)
    asked = np.repeat(np.arange(10), 30)
    z = np.random.default_rng(2).standard_normal((len(asked), model.latent_dim))
    samples = model.generate(z, asked)
    accuracy = float((CentroidClassifier(real, labels).predict(samples) == asked).mean())
    assert accuracy > 0.5, accuracy  # chance is 0.1; real images score about 0.68
    assert nearest_distance(samples[:128], real[:2000]) < 0.7 * untrained_distance(
        "cgan", data, real, num_classes=10
    )


def test_wgan_gp_learns(fashion):
    data, real, labels = fashion
    model = trained("wgan_gp", data, 4)
    z = np.random.default_rng(3).standard_normal((256, model.latent_dim))
    samples = model.generate(z)
    assert nearest_distance(samples[:128], real[:2000]) < 0.8 * untrained_distance(
        "wgan_gp", data, real
    )
    assert mean_pairwise_distance(samples[:128]) > 0.5 * mean_pairwise_distance(real[:128])
