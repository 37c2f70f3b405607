"""Keras' ImageNet InceptionV3 for the Inception Score, from Keras' cache (downloads: see
test_weight_downloads.py)."""

import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors import imagenet_inception as ii


@pytest.fixture(scope="module")
def random_inception():
    """Keras' InceptionV3 with random weights."""
    return ii.load_imagenet_inception(weights=None)


def test_missing_weights_say_where_to_put_them(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("KERASGAN_OFFLINE", "1")
    monkeypatch.setattr(ii, "FALLBACK_KERAS_HOME", str(tmp_path / "fallback"))
    with pytest.raises(KerasGANError) as error:
        ii.load_imagenet_inception()
    message = str(error.value)
    assert "Inception Score needs" in message and "downloads are off" in message
    assert str(tmp_path / "keras" / "models") in message and ii.WEIGHTS_FILE in message
    with pytest.raises(KerasGANError, match="elsewhere.h5 does not exist"):
        ii.load_imagenet_inception(tmp_path / "elsewhere.h5")


def test_weights_are_read_from_the_keras_cache(random_inception, tmp_path, monkeypatch):
    model, info = random_inception
    assert info["weights_sha256"] is None and info["classes"] == 1000
    models = tmp_path / "keras" / "models"
    models.mkdir(parents=True)
    model.save(models / ii.WEIGHTS_FILE)  # the legacy .h5 layout of Keras' download
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    loaded, info = ii.load_imagenet_inception(cache_dir=tmp_path / "cache")
    assert info["source"] == str(models / ii.WEIGHTS_FILE)
    assert len(info["weights_sha256"]) == 64
    images = np.random.default_rng(0).uniform(-1, 1, (2, 40, 30, 1)).astype("float32")
    probabilities = ii.imagenet_probabilities(loaded, images)
    assert probabilities.shape == (2, 1000)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(
        probabilities, ii.imagenet_probabilities(model, images), rtol=1e-4, atol=1e-7
    )
