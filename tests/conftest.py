"""Shared fixtures: a tiny labelled dataset file and a tiny-network command line."""

import numpy as np
import pytest

STYLE_SMALL = [
    "--image-size",
    "8",
    "--latent-dim",
    "6",
    "--channel-base",
    "32",
    "--channel-max",
    "4",
]
TINY_OPTIONS = {
    "dcgan": ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"],
    "cgan": ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"],
    "gan": ["--g-units", "16", "--d-units", "16", "--latent-dim", "6"],
    "wgan_gp": ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6", "--n-critic", "2"],
    "pggan": [*STYLE_SMALL],
    "stylegan": [*STYLE_SMALL, "--mapping-layers", "2"],
    "stylegan2": [*STYLE_SMALL, "--mapping-layers", "2", "--r1-every", "2", "--pl-every", "2"],
}


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch):
    """Tests never reach the network: weights downloads are off unless a test turns them on
    (tests/metrics/extractors/test_weight_downloads.py does, with file:// URLs)."""
    monkeypatch.setenv("KERASGAN_OFFLINE", "1")


@pytest.fixture
def npz_data(tmp_path):
    """32 labelled 8x8 grey images in an .npz file."""
    rng = np.random.default_rng(0)
    path = tmp_path / "tiny.npz"
    np.savez(path, x=rng.integers(0, 256, (32, 8, 8, 1), dtype=np.uint8), y=rng.integers(0, 3, 32))
    return path


@pytest.fixture
def train_args(tmp_path, npz_data):
    """Builds `kerasgan train` arguments for a tiny run into tmp_path/runs."""

    def build(variant, *extra, epochs=1):
        return [
            "train",
            variant,
            "--data",
            str(npz_data),
            "--epochs",
            str(epochs),
            "--batch-size",
            "8",
            "--out",
            str(tmp_path / "runs"),
            "--quiet",
            "--samples",
            "9",
            *TINY_OPTIONS[variant],
            *extra,
        ]

    return build
