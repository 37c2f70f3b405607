"""`kerasgan train --devices`: one device by default, clear errors for what cannot run here."""

import json

import keras
import pytest

from kerasgan.cli.main import main
from tests.helpers.cli import CLI_SMALL, assert_clean_failure, run_args


def test_devices_1_trains_and_records_the_device(npz_data, tmp_path):
    assert main(run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL, "--devices", "1")) == 0
    config = json.loads((tmp_path / "runs" / "dcgan-1" / "config.json").read_text())
    assert config["settings"]["devices"] == "1"
    assert len(config["versions"]["devices"]) == 1
    assert config["versions"]["distribution"] == config["versions"]["devices"][0]


@pytest.mark.parametrize("given", ["0", "many"])
def test_bad_devices_value_is_one_line(npz_data, tmp_path, capsys, given):
    code = main(run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL, "--devices", given))
    assert_clean_failure(code, capsys, "--devices must be a positive", runs_dir=tmp_path / "runs")


def test_more_devices_than_this_machine_has_says_how(npz_data, tmp_path, capsys):
    code = main(run_args(npz_data, tmp_path, "dcgan", *CLI_SMALL, "--devices", "64"))
    hint = {
        "jax": "xla_force_host_platform_device_count",
        "tensorflow": "set_logical_device_configuration",
        "torch": "torchrun --nproc-per-node 64",
    }[keras.backend.backend()]
    assert_clean_failure(code, capsys, "--devices 64", hint, runs_dir=tmp_path / "runs")


def test_several_hosts_need_all_three_flags(npz_data, tmp_path, capsys):
    code = main(run_args(npz_data, tmp_path, "dcgan", "--coordinator", "localhost:1234"))
    assert_clean_failure(code, capsys, "--num-processes", "--process-id")


def test_coordinator_outside_jax_is_refused(npz_data, tmp_path, capsys):
    if keras.backend.backend() == "jax":
        pytest.skip("JAX joins the job (tests/engine/test_replicas.py)")
    extra = ["--coordinator", "localhost:1234", "--num-processes", "2", "--process-id", "0"]
    code = main(run_args(npz_data, tmp_path, "dcgan", *extra))
    assert_clean_failure(code, capsys, "TF_CONFIG", "torchrun")
