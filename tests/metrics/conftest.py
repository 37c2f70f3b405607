"""A fake feature extractor so evaluation plumbing is tested without network weights."""

import numpy as np
import pytest

from kerasgan.metrics.features import Extractor


def pooled_features(images):
    """4x4 average-pooled grey pixels: a cheap, deterministic 49-d feature of 28x28 images."""
    images = np.asarray(images, np.float64).mean(axis=-1)
    n, h, w = images.shape
    return (
        images[:, : h // 4 * 4, : w // 4 * 4]
        .reshape(n, h // 4, 4, w // 4, 4)
        .mean((2, 4))
        .reshape(n, -1)
    )


@pytest.fixture
def fake_extractor(monkeypatch):
    calls = {"features": 0}

    def features(images):
        calls["features"] += 1
        return pooled_features(images)

    def probabilities(images):
        f = pooled_features(images)[:, :10]
        e = np.exp(f - f.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    extractor = Extractor("fake_pool4", {"weights_sha256": "0" * 64}, features, probabilities)
    monkeypatch.setattr("kerasgan.metrics.protocol.get_extractor", lambda *a, **k: extractor)
    return calls
