"""`kerasgan train --precision`: recorded in config.json, checked, and fixed for a resumed run."""

import csv
import json

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.engine.precision import layers_of
from kerasgan.errors import ConfigError
from kerasgan.training import TrainSettings, train
from tests.helpers import CLI_SMALL, assert_clean_failure, run_args


def settings_of(run_dir):
    return json.loads((run_dir / "config.json").read_text())["settings"]


def losses_of(run_dir):
    with open(run_dir / "history.csv") as stream:
        rows = list(csv.DictReader(stream))
    return [float(v) for row in rows for k, v in row.items() if k.endswith("loss")]


@pytest.mark.parametrize("precision", ["mixed_float16", "mixed_bfloat16"])
def test_a_mixed_precision_run_is_recorded_and_resumes(tmp_path, npz_data, capsys, precision):
    argv = run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL, "--precision", precision)
    assert main(argv) == 0
    run_dir = tmp_path / "runs" / "dcgan-1"
    assert settings_of(run_dir)["precision"] == precision
    assert keras.config.dtype_policy().name == "float32"  # the build left it as it was
    capsys.readouterr()
    # Resumed without --precision: the run's own is kept (its loss scale is in the checkpoint).
    assert main(["train", "--resume", str(run_dir), "--epochs", "2", "--quiet"]) == 0
    assert settings_of(run_dir)["precision"] == precision
    losses = losses_of(run_dir)
    assert len(losses) >= 4 and np.isfinite(losses).all()


class PolicyProbe(keras.callbacks.Callback):
    """Records the compute dtypes of the model's networks and its loss scales when fit starts."""

    def on_train_begin(self, logs=None):
        self.dtypes = {
            name: {layer.dtype_policy.compute_dtype for layer in layers_of(net)}
            for name, net in self.model.networks.items()
        }
        self.scaled = sorted(self.model._index.loss_scales)


@pytest.mark.parametrize(
    "precision, dtype, scaled",
    [
        ("float32", "float32", []),
        ("mixed_bfloat16", "bfloat16", []),
        ("mixed_float16", "float16", ["discriminator", "generator"]),
    ],
)
def test_python_train_builds_the_networks_in_the_precision(
    tmp_path, npz_data, precision, dtype, scaled
):
    probe = PolicyProbe()
    run_dir = train(
        "dcgan",
        {"g_filters": 4, "d_filters": 4, "latent_dim": 6},
        TrainSettings(data=str(npz_data), epochs=1, batch_size=8, samples=4, precision=precision),
        out=tmp_path / "runs",
        callbacks=[probe],
        verbose=0,
    )
    assert all(dtype in dtypes for dtypes in probe.dtypes.values()), probe.dtypes
    assert probe.scaled == scaled
    assert settings_of(run_dir)["precision"] == precision
    assert keras.config.dtype_policy().name == "float32"


def test_the_default_precision_is_float32_in_config_json(tmp_path, npz_data):
    assert main(run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL)) == 0
    assert settings_of(tmp_path / "runs" / "dcgan-1")["precision"] == "float32"


@pytest.mark.parametrize("value", ["float64", "bfloat16", "mixed-float16", ""])
def test_a_bad_precision_is_one_line_naming_the_choices(tmp_path, npz_data, capsys, value):
    argv = run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL, "--precision", value)
    assert_clean_failure(
        main(argv),
        capsys,
        "--precision must be one of float32, mixed_float16, mixed_bfloat16",
        repr(value),
        runs_dir=tmp_path / "runs",
    )


def test_python_train_refuses_a_bad_precision(tmp_path, npz_data):
    with pytest.raises(ConfigError, match="--precision must be one of"):
        train(
            "dcgan",
            {"g_filters": 4, "d_filters": 4, "latent_dim": 6},
            TrainSettings(data=str(npz_data), epochs=1, batch_size=8, precision="half"),
            out=tmp_path / "runs",
            verbose=0,
        )
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_resume_refuses_another_precision(tmp_path, npz_data, capsys):
    assert main(run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL)) == 0
    run_dir = tmp_path / "runs" / "dcgan-1"
    before = (run_dir / "config.json").read_bytes()
    capsys.readouterr()
    argv = ["train", "--resume", str(run_dir), "--epochs", "2", "--precision", "mixed_bfloat16"]
    assert_clean_failure(
        main(argv), capsys, "--precision mixed_bfloat16 (the run has float32)", "new run"
    )
    assert (run_dir / "config.json").read_bytes() == before
