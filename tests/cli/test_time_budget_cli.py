"""`kerasgan train --time-budget`: a clean stop that writes a whole run, and resumes."""

import csv
import json

import pytest

from kerasgan.cli.main import main
from tests.helpers.cli import CLI_SMALL, assert_clean_failure

TINY_BUDGET = "0.001s"  # spent by the first batch: training stops after it


def budget_args(npz_data, tmp_path, *extra):
    return [
        "train", "dcgan", "--data", str(npz_data), "--batch-size", "8", "--out",
        str(tmp_path / "runs"), "--quiet", "--samples", "4", *CLI_SMALL, *extra,
    ]  # fmt: skip


def epochs_in(run):
    with open(run / "history.csv") as f:
        return [int(row["epoch"]) for row in csv.DictReader(f)]


def test_a_budget_stops_early_writes_everything_and_resumes(npz_data, tmp_path, capsys):
    assert main(budget_args(npz_data, tmp_path, "--time-budget", TINY_BUDGET)) == 0
    out = capsys.readouterr().out
    assert "time budget of 0.0 s reached" in out and "stopped in epoch 1 after 1 batches" in out
    assert "Epoch 1 (until the time budget)" in out and "/1000000" not in out
    run = tmp_path / "runs" / "dcgan-1"
    for name in ("generator.keras", "training.gif", "losses.png", "samples/epoch_0001.png"):
        assert (run / name).is_file(), name
    assert json.loads((run / "checkpoints" / "latest.json").read_text())["epoch"] == 1
    settings = json.loads((run / "config.json").read_text())["settings"]
    assert settings["epochs"] is None and settings["time_budget"] == TINY_BUDGET
    assert epochs_in(run) == [1]
    # a new budget continues the run from its checkpoint
    assert main(["train", "--resume", str(run), "--time-budget", TINY_BUDGET, "--quiet"]) == 0
    assert "stopped in epoch 2 after 1 batches" in capsys.readouterr().out
    assert json.loads((run / "checkpoints" / "latest.json").read_text())["epoch"] == 2
    assert epochs_in(run) == [1, 2]
    # epochs instead of a budget also continue it; neither is refused in one line
    assert main(["train", "--resume", str(run), "--epochs", "3", "--quiet"]) == 0
    assert epochs_in(run) == [1, 2, 3]
    capsys.readouterr()
    code = main(["train", "--resume", str(tmp_path / "runs" / "dcgan-1"), "--quiet"])
    assert_clean_failure(code, capsys, "already finished 3 epochs")  # the stored 3 are done


def test_a_run_to_a_budget_needs_a_budget_or_epochs_to_resume(npz_data, tmp_path, capsys):
    assert main(budget_args(npz_data, tmp_path, "--time-budget", TINY_BUDGET)) == 0
    capsys.readouterr()
    run = tmp_path / "runs" / "dcgan-1"
    code = main(["train", "--resume", str(run), "--quiet"])
    assert_clean_failure(code, capsys, "trained to a time budget", "--time-budget DURATION")


def test_epochs_end_a_run_before_a_long_budget(npz_data, tmp_path, capsys):
    args = budget_args(npz_data, tmp_path, "--time-budget", "2h", "--epochs", "2")
    assert main(args) == 0
    assert "time budget" not in capsys.readouterr().out
    assert epochs_in(tmp_path / "runs" / "dcgan-1") == [1, 2]


@pytest.mark.parametrize("text", ["0", "abc", "-5m", "10x"])
def test_bad_budgets_are_refused_before_training(text, npz_data, tmp_path, capsys):
    code = main(budget_args(npz_data, tmp_path, f"--time-budget={text}"))
    assert_clean_failure(code, capsys, "--time-budget must be a", runs_dir=tmp_path / "runs")
