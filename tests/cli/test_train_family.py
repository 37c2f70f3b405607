"""`kerasgan train` for the loss and regularisation family, and the options every variant has."""

import json

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from tests.helpers import CLI_SMALL as SMALL
from tests.helpers import run_args

FAMILY = {
    "lsgan": SMALL + ["--a", "-1", "--b", "1", "--c", "0"],
    "wgan": SMALL + ["--n-critic", "2"],
    "dragan": SMALL,
    "bgan": SMALL,
    "ragan": SMALL + ["--loss", "relativistic_average_hinge"],
    "ebgan": SMALL + ["--code-dim", "4"],
    "began": SMALL + ["--code-dim", "4"],
    "sngan": SMALL + ["--architecture", "resnet"],
    "sagan": SMALL + ["--image-size", "16"],
}


def test_list_shows_the_family(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in FAMILY:
        assert f"\n{name} " in f"\n{out}", name


@pytest.mark.parametrize("variant", sorted(FAMILY))
def test_family_trains_from_the_cli(variant, npz_data, tmp_path):
    assert main(run_args(npz_data, tmp_path, variant, *FAMILY[variant])) == 0
    run = tmp_path / "runs" / f"{variant}-1"
    config = json.loads((run / "config.json").read_text())
    assert config["variant"] == variant
    generator = keras.saving.load_model(run / "generator.keras")
    z = np.zeros((2, 6), "float32")
    images = keras.ops.convert_to_numpy(generator(z))
    assert np.all(np.abs(images) <= 1.0) and (run / "samples" / "epoch_0001.png").is_file()


def test_common_options_reach_the_model_and_the_saved_generator_is_the_ema(npz_data, tmp_path):
    extra = ["--augment", "all", "--ema-decay", "0.9", "--r1-gamma", "1", "--r1-every", "2"]
    assert main(run_args(npz_data, tmp_path, "dcgan", *SMALL, *extra)) == 0
    run = tmp_path / "runs" / "dcgan-1"
    arguments = json.loads((run / "config.json").read_text())["arguments"]
    assert arguments["augment"] == "all" and arguments["ema_decay"] == 0.9
    assert arguments["r1_gamma"] == 1.0 and arguments["r1_every"] == 2
    history = (run / "history.csv").read_text().splitlines()[0]
    assert "r1" in history.split(",")
    assert keras.saving.load_model(run / "generator.keras").name == "generator_ema"
    assert main(["train", "--resume", str(run), "--epochs", "2", "--quiet"]) == 0


def test_bad_augment_policy_is_a_clear_error(npz_data, tmp_path, capsys):
    assert main(run_args(npz_data, tmp_path, "dcgan", *SMALL, "--augment", "rotate")) == 2
    err = capsys.readouterr().err
    assert "rotate" in err and "translation" in err and "Traceback" not in err
    assert not (tmp_path / "runs" / "dcgan-1" / "checkpoints").exists()


def test_wgan_rejects_adam_betas(npz_data, tmp_path, capsys):
    assert main(run_args(npz_data, tmp_path, "wgan", *SMALL, "--beta1", "0.5")) == 2
    assert "RMSprop" in capsys.readouterr().err


def test_unknown_loss_is_a_clear_error(npz_data, tmp_path, capsys):
    assert main(run_args(npz_data, tmp_path, "dcgan", *SMALL, "--loss", "squared")) == 2
    assert "relativistic_average" in capsys.readouterr().err
