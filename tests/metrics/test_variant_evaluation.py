"""`kerasgan evaluate` on variants whose generator is sampled or read differently (CoGAN, AAE)."""

import json

import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.inference.sampling import load_sampler
from kerasgan.metrics.run_evaluation import generate_balanced


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))


def train(variant, data, out, *options):
    args = ["train", variant, "--data", str(data), "--epochs", "1", "--batch-size", "8"]
    assert main([*args, "--out", str(out), "--quiet", "--samples", "4", *options]) == 0
    return out / f"{variant}-1"


def test_cogan_is_evaluated_on_domain_a_against_the_real_images(
    fake_extractor, npz_data, tmp_path, capsys
):
    options = ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"]
    run = train("cogan", npz_data, tmp_path / "runs", *options)
    sampler = load_sampler(run)
    images, labels = generate_balanced(sampler, 6, seed=0)
    pairs = sampler.generate(sampler.sample_latent(6, seed=0))
    assert pairs.shape == (6, 8, 16, 1) and images.shape == (6, 8, 8, 1) and labels is None
    np.testing.assert_allclose(images, pairs[:, :, :8], atol=1e-6)

    assert main(["evaluate", str(run), "--n", "16", "--metrics", "fid"]) == 0
    latest = json.loads((run / "metrics.json").read_text())["latest"]
    assert latest["protocol"]["reference"] == str(npz_data)  # the run's 8x8 training data
    assert latest["protocol"]["n_generated"] == 16
    assert latest["notes"] == []  # 8x8 halves: nothing converted (8x16 pairs were squeezed)
    assert np.isfinite(latest["metrics"]["fid"])
    assert "Frechet distance" in capsys.readouterr().out


def test_aae_is_evaluated_on_decoded_prior_samples(npz_data, tmp_path):
    options = ["--units", "16", "--d-units", "16", "--latent-dim", "4", "--prior", "mixture"]
    sampler = load_sampler(train("aae", npz_data, tmp_path / "runs", *options))
    images, _ = generate_balanced(sampler, 6, seed=1)
    codes = sampler.variant.prior_samples(6, seed=1)
    np.testing.assert_allclose(images, sampler.generate(codes), atol=1e-6)


class _OvershootingSampler:
    """A tanh-less generator's stand-in: its images reach -2.5 and 3."""

    num_classes = 0

    def sample_latent(self, n, seed):
        return np.zeros((n, 2), np.float32)

    def evaluation_images(self, images):
        return images

    def generate(self, z, labels=None, batch_size=256):
        images = np.zeros((len(z), 4, 4, 1), np.float32)
        images[:, 0, 0, 0], images[:, 1, 1, 0], images[:, 2, 2, 0] = -2.5, 3.0, 0.5
        return images


def test_evaluated_images_are_clipped_to_the_unit_range_as_floats_and_uint8():
    images, _ = generate_balanced(_OvershootingSampler(), 3)
    assert images.min() == -1.0 and images.max() == 1.0
    np.testing.assert_array_equal(images[:, 2, 2, 0], 0.5)
    quantised, _ = generate_balanced(_OvershootingSampler(), 3, uint8=True)
    assert quantised.dtype == np.uint8 and quantised.min() == 0 and quantised.max() == 255
