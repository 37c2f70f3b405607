"""`kerasgan train infogan` on unlabelled data and `kerasgan sample RUN --traverse CODE`."""

import json
import shutil

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.errors import ConfigError
from kerasgan.images import load_png, to_uint8
from kerasgan.inference.latent import traversal_grid
from kerasgan.inference.sampling import continuous_codes_of, load_sampler
from tests.helpers import generate as _generate
from tests.helpers import tiles as _tiles

NOISE, CODES, CATEGORIES = 4, 2, 3
TINY = ["--g-filters", "4", "--d-filters", "4", "--noise-dim", str(NOISE)]
TINY += ["--categories", str(CATEGORIES), "--continuous-codes", str(CODES)]


def train_command(data, out, variant="infogan", *extra):
    return [
        "train", variant, "--data", str(data), "--epochs", "1", "--batch-size", "8",
        "--out", str(out), "--quiet", "--samples", "9", *extra,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory):
    """A tiny infogan run and a tiny dcgan run, trained once on an unlabelled .npy."""
    root = tmp_path_factory.mktemp("infogan")
    images = root / "images.npy"
    rng = np.random.default_rng(0)
    np.save(images, rng.integers(0, 256, (24, 8, 8, 1), dtype=np.uint8))
    assert main(train_command(images, root / "runs", "infogan", *TINY)) == 0
    dcgan = ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"]
    assert main(train_command(images, root / "runs", "dcgan", *dcgan)) == 0
    return root / "runs"


@pytest.fixture
def infogan_run(runs_dir, tmp_path):
    """A private copy of the trained infogan run."""
    return shutil.copytree(runs_dir / "infogan-1", tmp_path / "infogan-1")


def test_infogan_trains_without_labels(infogan_run):
    config = json.loads((infogan_run / "config.json").read_text())
    assert config["variant"] == "infogan" and "num_classes" not in config["arguments"]
    assert config["arguments"]["continuous_codes"] == CODES
    history = (infogan_run / "history.csv").read_text().splitlines()[0].split(",")
    assert {"d_loss", "g_loss", "info_loss", "q_cat_acc"} <= set(history)
    assert (infogan_run / "samples" / "epoch_0001.png").is_file()
    generator = keras.saving.load_model(infogan_run / "generator.keras")
    assert generator.latent_dim == NOISE + CODES and generator.num_classes == CATEGORIES
    assert continuous_codes_of(infogan_run) == CODES


def test_traverse_writes_one_row_per_category_and_one_column_per_value(infogan_run, capsys):
    command = ["sample", str(infogan_run), "--traverse", "1", "--steps", "5", "--seed", "2"]
    assert main(command) == 0
    out = infogan_run / "samples" / "traverse-code1-seed2.png"
    assert str(out) in capsys.readouterr().out
    tiles = _tiles(load_png(out), rows=CATEGORIES, cols=5)

    sampler = load_sampler(infogan_run)
    base = np.zeros((1, NOISE + CODES), "float32")
    base[0, :NOISE] = np.random.default_rng(2).standard_normal(NOISE)
    z = traversal_grid(base, NOISE + 1, np.linspace(-2, 2, 5))
    assert z[0, NOISE + 1] == -2 and z[-1, NOISE + 1] == 2 and np.all(z[:, NOISE] == 0)
    for category in range(CATEGORIES):
        expected = to_uint8(_generate(sampler, z, label=category))
        np.testing.assert_allclose(tiles[category], expected, atol=1)
    assert not np.allclose(tiles[0, 0], tiles[0, -1])  # the code changes the image


def test_other_sample_modes_and_sampling_from_a_checkpoint(infogan_run):
    assert main(["sample", str(infogan_run), "--classes", "--n", "2"]) == 0
    _tiles(load_png(infogan_run / "samples" / "classes-seed0.png"), rows=CATEGORIES, cols=2)
    assert main(["sample", str(infogan_run), "--n", "4"]) == 0
    (infogan_run / "generator.keras").unlink()
    assert main(["sample", str(infogan_run), "--traverse", "0", "--steps", "3"]) == 0
    _tiles(load_png(infogan_run / "samples" / "traverse-code0-seed0.png"), CATEGORIES, 3)


def test_resume_continues_an_infogan_run(infogan_run):
    assert main(["train", "--resume", str(infogan_run), "--epochs", "2", "--quiet"]) == 0
    assert (infogan_run / "samples" / "epoch_0002.png").is_file()


BAD_TRAVERSALS = [
    (["--traverse", "5"], "outside the 2 continuous codes"),
    (["--traverse", "-1"], "outside the 2 continuous codes"),
    (["--traverse", "0", "--steps", "1"], "--steps must be at least 2"),
    (["--traverse", "0", "--n", "3"], "--n does not apply to --traverse"),
    (["--traverse", "0", "--label", "1"], "--label does not apply to --traverse"),
    (["--traverse", "0", "--nrow", "2"], "--nrow does not apply to --traverse"),
]


def test_bad_traversals_exit_with_status_2(infogan_run, capsys):
    for extra, message in BAD_TRAVERSALS:
        assert main(["sample", str(infogan_run), *extra]) == 2, extra
        err = capsys.readouterr().err
        assert err.startswith("kerasgan: error: ") and message in err, (extra, err)
    keras_file = infogan_run / "generator.keras"
    assert main(["sample", str(keras_file), "--traverse", "0"]) == 2
    assert "needs the run folder" in capsys.readouterr().err
    assert not list((infogan_run / "samples").glob("traverse-*"))


def test_traverse_needs_an_infogan_run(runs_dir, capsys):
    assert main(["sample", str(runs_dir / "dcgan-1"), "--traverse", "0"]) == 2
    assert "dcgan run without continuous latent codes" in capsys.readouterr().err
    sampler = load_sampler(runs_dir / "dcgan-1")
    with pytest.raises(ConfigError, match="no continuous latent codes"):
        sampler.traverse(0, code_offset=sampler.latent_dim)


def test_traverse_is_exclusive_with_the_other_grids(tmp_path, capsys):
    for other in ("--interpolate", "--classes"):
        with pytest.raises(SystemExit) as exit_info:
            main(["sample", str(tmp_path), "--traverse", "0", other])
        assert exit_info.value.code == 2
        assert "not allowed with" in capsys.readouterr().err


def test_evaluate_reports_no_label_accuracy_for_the_categorical_code(infogan_run, capsys):
    """InfoGAN's code is a generator label but not a data class: no label accuracy."""
    args = ["evaluate", str(infogan_run), "--n", "32", "--reference", "fashion_mnist_test"]
    assert main([*args, "--metrics", "fid"]) == 0
    latest = json.loads((infogan_run / "metrics.json").read_text())["latest"]
    assert "fid" in latest["metrics"] and "label_accuracy" not in latest["metrics"]
