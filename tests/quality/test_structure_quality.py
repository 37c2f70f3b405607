"""Slow quality tests of the label and latent-structure variants (ACGAN, InfoGAN, SGAN, AAE,
CoGAN): a real short training run each, judged by what its paper measures.

Run with `KERAS_BACKEND=tensorflow python -m pytest -m slow tests/quality`.
"""

import numpy as np
import pytest

pytestmark = pytest.mark.slow


def held_out_split(data, n=1000, seed=0):
    """`(train, test)` image arrays in [-1, 1] and their labels."""
    order = np.random.default_rng(seed).permutation(len(data))
    x = data.images.astype("float32") / 127.5 - 1.0
    test, train = order[:n], order[n:]
    return (x[train], data.labels[train]), (x[test], data.labels[test])


def test_acgan_draws_the_class_asked_for(data, judged):
    predicted, asked, _ = judged("acgan", data, 4, ratio=0.45)
    assert float((predicted == asked).mean()) > 0.5  # chance is 0.1


def test_infogan_q_recovers_the_categorical_code(data, judged):
    _, _, model = judged("infogan", data, 4, ratio=0.5)
    codes = np.arange(1000) % model.categories
    z = np.random.default_rng(2).standard_normal((1000, model.latent_dim)).astype("float32")
    images = model.generate(z, codes)
    predicted, _ = model.predict_codes(images)
    assert float((predicted == codes).mean()) > 0.8  # chance is 0.1


def test_sgan_classifies_with_1000_labels(data, build):
    (x, y), (x_test, y_test) = held_out_split(data)
    model = build("sgan", data, labeled=1000)
    index = np.random.default_rng(0).choice(len(x), 1000, replace=False)
    model.set_labeled(x[index], y[index])
    model.fit(x, batch_size=64, epochs=3, verbose=0)
    assert model.classifier_accuracy(x_test, y_test) > 0.7  # chance is 0.1


def test_aae_reconstructs_held_out_images_and_decodes_its_prior(data, build, assert_diverse):
    (x, _), (x_test, _) = held_out_split(data)
    model = build("aae", data, latent_dim=8)
    model.fit(x, batch_size=100, epochs=10, verbose=0)
    error = model.reconstruction_error(x_test)
    other = float(np.mean(np.square(x_test - np.roll(x_test, 1, axis=0))))
    assert error < 0.5 * other, (error, other)
    decoded = model.generate(model.prior_samples(1000, seed=1))
    assert_diverse(decoded)


def test_cogan_pairs_are_an_image_and_its_negative(data, build, assert_diverse):
    model = build("cogan", data, transform="negative", g_filters=32, d_filters=32)
    model.fit(data.batches(64, seed=0), epochs=4, verbose=0)
    z = np.random.default_rng(1).standard_normal((500, model.latent_dim)).astype("float32")
    pairs = model.generate(z)
    width = pairs.shape[2] // 2
    a, b = pairs[:, :, :width], pairs[:, :, width:]
    paired = float(np.mean(np.square(b + a)))
    shuffled = float(np.mean(np.square(np.roll(b, 1, axis=0) + a)))
    assert paired < 0.25 * shuffled, (paired, shuffled)
    assert_diverse(a)
