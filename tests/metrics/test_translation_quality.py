"""Bicubic upscaling and domain accuracy of translated images."""

import numpy as np
import pytest
from PIL import Image

from kerasgan.metrics.translation_quality import bicubic_upscale, domain_accuracy


@pytest.mark.parametrize("channels", [1, 3])
def test_bicubic_upscale_shape_and_constant_images(channels):
    lr = np.full((2, 5, 7, channels), 93, np.uint8)
    lr[1] = 200
    up = bicubic_upscale(lr, 4)
    assert up.shape == (2, 20, 28, channels) and up.dtype == np.uint8
    assert (up[0] == 93).all() and (up[1] == 200).all()


def test_bicubic_upscale_is_pil_bicubic_per_image():
    rng = np.random.default_rng(0)
    lr = rng.integers(0, 256, (3, 6, 4, 3), dtype=np.uint8)
    up = bicubic_upscale(lr, 2)
    for image, got in zip(lr, up):
        expected = np.asarray(Image.fromarray(image).resize((8, 12), Image.Resampling.BICUBIC))
        np.testing.assert_array_equal(got, expected)
    # Not a pixel repetition: bicubic interpolates between neighbours.
    assert not np.array_equal(up, np.repeat(np.repeat(lr, 2, 1), 2, 2))


def test_bicubic_upscale_rejects_bad_input():
    with pytest.raises(ValueError, match="uint8"):
        bicubic_upscale(np.zeros((1, 4, 4, 3), np.float32), 2)
    with pytest.raises(ValueError, match="scale"):
        bicubic_upscale(np.zeros((1, 4, 4, 3), np.uint8), 0)


def test_domain_accuracy_on_real_fashion_images():
    from kerasgan.data import load_dataset
    from kerasgan.metrics.extractors.domain import load_domain_classifier

    data = load_dataset("fashion_mnist_test")
    boots = data.images[data.labels == 9][:40].astype("float32") / 127.5 - 1.0
    sneakers = data.images[data.labels == 7][:40].astype("float32") / 127.5 - 1.0
    classifier, _ = load_domain_classifier("fashion_mnist")
    assert domain_accuracy(boots, 9, classifier) > 0.8
    assert domain_accuracy(sneakers, 9, classifier) < 0.2
    both = np.concatenate([boots, sneakers])
    labels = np.repeat([9, 7], 40)
    assert domain_accuracy(both, labels, classifier) > 0.8
    assert domain_accuracy(both, labels[::-1], classifier) < 0.2
    with pytest.raises(ValueError, match="one class per image"):
        domain_accuracy(both, labels[:3], classifier)
