"""`kerasgan train aae`, then sampling its decoder like any generator."""

import json
import shutil

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.images import load_png

TINY = ["--units", "16", "--d-units", "16", "--latent-dim", "6"]


def train_command(data, out, *extra):
    return [
        "train", "aae", "--data", str(data), "--epochs", "1", "--batch-size", "8",
        "--out", str(out), "--quiet", "--samples", "4", *TINY, *extra,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One tiny aae run (mixture prior) on 32 labelled 8x8 images, trained once."""
    root = tmp_path_factory.mktemp("aae")
    rng = np.random.default_rng(0)
    data = root / "tiny.npz"
    np.savez(data, x=rng.integers(0, 256, (32, 8, 8, 1), dtype=np.uint8), y=rng.integers(0, 3, 32))
    assert main(train_command(data, root / "runs", "--prior", "mixture", "--g-lr", "0.002")) == 0
    return root / "runs" / "aae-1"


@pytest.fixture
def run(trained, tmp_path):
    """A private copy of the trained run."""
    return shutil.copytree(trained, tmp_path / "aae-1")


def test_train_writes_a_run_with_the_three_losses(run):
    config = json.loads((run / "config.json").read_text())
    assert config["variant"] == "aae" and "num_classes" not in config["arguments"]
    assert config["arguments"]["prior"] == "mixture" and config["arguments"]["latent_dim"] == 6
    assert config["settings"]["optimizer"] == {"g_lr": 0.002}
    header = (run / "history.csv").read_text().splitlines()[0].split(",")
    assert {"recon_loss", "d_loss", "g_loss"} <= set(header)
    assert (run / "samples" / "epoch_0001.png").is_file()


def test_generator_keras_is_the_decoder(run):
    decoder = keras.saving.load_model(run / "generator.keras")
    assert decoder.latent_dim == 6 and decoder.num_classes == 0
    images = keras.ops.convert_to_numpy(decoder(np.zeros((2, 6), "float32")))
    assert images.shape == (2, 8, 8, 1) and np.all(np.abs(images) <= 1.0)


def test_sample_works_from_the_run_and_from_its_checkpoint(run, tmp_path):
    out = tmp_path / "grid.png"
    assert main(["sample", str(run), "--n", "4", "--out", str(out)]) == 0
    assert load_png(out).shape[0] == 2 * 8 + 3 * 2
    (run / "generator.keras").unlink()
    assert main(["sample", str(run), "--n", "4"]) == 0
    assert (run / "samples" / "sample-seed0.png").is_file()


def test_resume_continues_an_aae_run(run):
    assert main(["train", "--resume", str(run), "--epochs", "2", "--quiet"]) == 0
    assert (run / "samples" / "epoch_0002.png").is_file()
    assert len((run / "history.csv").read_text().splitlines()) == 3


def test_augment_and_a_bad_prior_are_clear_errors(npz_data, tmp_path, capsys):
    assert main(train_command(npz_data, tmp_path / "runs", "--augment", "all")) == 2
    assert "augment does not apply" in capsys.readouterr().err
    assert main(train_command(npz_data, tmp_path / "runs", "--prior", "uniform")) == 2
    err = capsys.readouterr().err
    assert "prior must be one of" in err and "Traceback" not in err


def test_sample_decodes_codes_of_the_runs_mixture_prior(run, tmp_path):
    from kerasgan.inference.sampling import load_sampler
    from kerasgan.models import AAE

    config = json.loads((run / "config.json").read_text())
    model = AAE(**config["arguments"])
    prior = model.prior_samples(500, seed=2)
    sampler = load_sampler(run)
    codes = sampler.sample_latent(500, seed=2)
    np.testing.assert_allclose(codes, prior, atol=1e-6)
    assert abs(np.linalg.norm(codes[:, :2], axis=1).mean() - 2.0) < 0.1  # not N(0, I): 1.25
    images, _ = sampler.sample(4, seed=2)
    decoded = sampler.generator(model.prior_samples(4, seed=2), training=False)
    np.testing.assert_allclose(images, keras.ops.convert_to_numpy(decoded), atol=1e-5)
    (run / "generator.keras").unlink()  # from the checkpoint: the same codes
    np.testing.assert_allclose(load_sampler(run).sample_latent(500, seed=2), prior, atol=1e-6)


def test_training_grids_decode_prior_codes(trained):
    from kerasgan.callbacks import SampleGrid
    from kerasgan.models import AAE

    config = json.loads((trained / "config.json").read_text())
    model = AAE(**config["arguments"])
    callback = SampleGrid(trained / "unused", n=16, seed=0)
    callback.set_model(model)
    callback.on_train_begin()
    np.testing.assert_array_equal(callback.z, model.prior_samples(16, seed=0))
