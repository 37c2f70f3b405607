"""The linear probe: separable features, random labels, and scikit-learn's optimum."""

import numpy as np
import pytest

from kerasgan.metrics.linear_probe import fit_linear_probe, linear_probe_accuracy


def blobs(n, classes=4, dim=6, spread=0.3, seed=0):
    """`n` points around `classes` far-apart centres, and their classes."""
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(99).normal(0.0, 3.0, (classes, dim))
    labels = rng.integers(0, classes, n)
    return centres[labels] + rng.normal(0.0, spread, (n, dim)), labels


def test_separable_features_are_classified_almost_perfectly():
    train_x, train_y = blobs(400)
    test_x, test_y = blobs(400, seed=1)
    assert linear_probe_accuracy(train_x, train_y, test_x, test_y) >= 0.99


def test_random_labels_give_chance_on_held_out_rows():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(1200, 20)), rng.integers(0, 4, 1200)
    accuracy = linear_probe_accuracy(x[:600], y[:600], x[600:], y[600:])
    assert 0.18 < accuracy < 0.32  # chance is 0.25 (binomial std of 600 rows: 0.018)
    assert fit_linear_probe(x[:600], y[:600]).accuracy(x[:600], y[:600]) > accuracy  # fits noise


def test_images_are_flattened_and_constant_pixels_are_harmless():
    x, y = blobs(200, dim=16)
    images = x.reshape(200, 4, 4, 1).copy()
    images[:, 0, 0, 0] = 0.5  # a constant pixel: zero standard deviation
    probe = fit_linear_probe(images, y)
    assert probe.logits(images).shape == (200, 4) and np.all(np.isfinite(probe.weights))
    assert probe.accuracy(images, y) >= 0.99


def test_matches_scikit_learns_logistic_regression():
    linear_model = pytest.importorskip("sklearn.linear_model")
    x, y = blobs(300, classes=3, spread=2.5)  # overlapping classes: a non-trivial optimum
    l2 = 1e-2
    probe = fit_linear_probe(x, y, l2=l2, max_iter=2000)
    standard = (x - x.mean(axis=0)) / x.std(axis=0)
    reference = linear_model.LogisticRegression(C=1.0 / (l2 * len(x)), tol=1e-10, max_iter=5000)
    reference.fit(standard, y)
    ours = np.exp(probe.logits(x))
    ours /= ours.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(ours, reference.predict_proba(standard), atol=1e-3)


def test_bad_labels_are_value_errors():
    x, y = blobs(20)
    with pytest.raises(ValueError, match="integer labels"):
        fit_linear_probe(x, y[:10])
    with pytest.raises(ValueError, match="negative"):
        fit_linear_probe(x, y - 1)
    with pytest.raises(ValueError, match="values per row"):
        fit_linear_probe(x, y).predict(x[:, :3])
