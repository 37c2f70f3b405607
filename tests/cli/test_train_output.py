"""What `kerasgan train` prints: the block before training, one line per epoch in a log, the
run folder in the Ctrl-C message; and what config.json records of the backend."""

import json

import keras

from kerasgan.cli.main import main
from tests.helpers.cli import CLI_SMALL


def args_for(npz_data, tmp_path, *extra):
    return [
        "train", "dcgan", "--data", str(npz_data), "--epochs", "2", "--batch-size", "8",
        "--out", str(tmp_path / "runs"), "--samples", "4", *CLI_SMALL, *extra,
    ]  # fmt: skip


def test_the_start_block_and_one_line_per_epoch_in_a_log(npz_data, tmp_path, capsys):
    assert main(args_for(npz_data, tmp_path)) == 0
    out = capsys.readouterr().out  # not a terminal: no progress bar
    run = tmp_path / "runs" / "dcgan-1"
    block = out[: out.index("schedule:")]
    assert f"run folder: {run}" in block
    assert "data:       " in block and "32 images of 8x8x1, 3 classes" in block
    assert "variant:    dcgan (DCGAN): generator " in block and "discriminator " in block
    assert f"backend:    {keras.backend.backend()} " in block and "devices: " in block
    assert "schedule:   epochs 1 to 2 (8 steps), 4 steps of 8 images each" in out
    assert "\r" not in out and "\x1b[" not in out
    epoch_lines = [line for line in out.splitlines() if "d_loss" in line]
    assert len(epoch_lines) == 2  # Keras' verbose=2: one line per epoch
    versions = json.loads((run / "config.json").read_text())["versions"]
    assert versions["framework"].startswith(keras.backend.backend() + " ")
    assert versions["devices"]


def test_quiet_keeps_the_epoch_lines_only(npz_data, tmp_path, capsys):
    assert main(args_for(npz_data, tmp_path, "--quiet")) == 0
    out = capsys.readouterr().out
    assert "schedule:" not in out and "data:" not in out
    assert len([line for line in out.splitlines() if "d_loss" in line]) == 2


def test_ctrl_c_names_the_run_to_resume(npz_data, tmp_path, capsys, monkeypatch):
    def interrupt(self, batch, logs=None):
        raise KeyboardInterrupt

    monkeypatch.setattr("kerasgan.callbacks.TimeBudget.on_train_batch_end", interrupt)
    code = main(args_for(npz_data, tmp_path, "--quiet", "--time-budget", "1h"))
    assert code == 130
    err = capsys.readouterr().err
    assert f"kerasgan train --resume {tmp_path / 'runs' / 'dcgan-1'}" in err
