"""Step-level losses (`--log-every`) and TensorBoard logs (`--tensorboard`)."""

import csv
import json

import keras
import numpy as np
import pytest

from kerasgan.callbacks import GridSummaries, StepLog
from kerasgan.callbacks.step_log import step_value
from kerasgan.cli.main import main
from tests.helpers.cli import CLI_SMALL


def rows_of(path):
    with open(path, newline="") as stream:
        return list(csv.DictReader(stream))


def test_step_value_inverts_the_running_mean():
    values = [3.0, 1.0, 4.0, 1.0, 5.0]
    means = np.cumsum(values) / np.arange(1, 6)
    recovered = [step_value(means[b], means[b - 1] if b else None, b) for b in range(5)]
    np.testing.assert_allclose(recovered, values, rtol=1e-12)


def test_each_logged_step_has_its_own_loss(tmp_path):
    # The loss of batch k is k exactly: the model outputs 0 and the targets are sqrt(k).
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, kernel_initializer="zeros")])
    model.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse")
    x = np.zeros((12, 1), "float32")
    y = np.sqrt(np.repeat(np.arange(6), 2)).astype("float32")[:, None]
    log = StepLog(tmp_path / "steps.csv", every=2)
    model.fit(x, y, batch_size=2, epochs=2, shuffle=False, verbose=0, callbacks=[log])
    rows = rows_of(tmp_path / "steps.csv")
    assert [int(r["step"]) for r in rows] == [2, 4, 6, 8, 10, 12]
    assert [int(r["epoch"]) for r in rows] == [1, 1, 1, 2, 2, 2]
    assert [int(r["batch"]) for r in rows] == [2, 4, 6, 2, 4, 6]
    np.testing.assert_allclose([float(r["loss"]) for r in rows], [1, 3, 5, 1, 3, 5], atol=1e-4)


def test_a_resumed_run_replaces_the_rows_of_the_epochs_it_trains_again(tmp_path):
    path = tmp_path / "steps.csv"
    path.write_text("epoch,step,batch,loss\n1,1,1,0.5\n2,2,1,0.4\n3,3,1,0.3\n")
    log = StepLog(path)
    log.on_epoch_begin(1)  # resumed at epoch 2 (0-based 1)
    assert [r["epoch"] for r in rows_of(path)] == ["1"]
    with pytest.raises(ValueError, match="every"):
        StepLog(path, every=0)


def test_train_with_tensorboard_and_step_logs(npz_data, tmp_path, capsys):
    args = [
        "train", "dcgan", "--data", str(npz_data), "--epochs", "2", "--batch-size", "8",
        "--out", str(tmp_path / "runs"), "--quiet", "--samples", "4", *CLI_SMALL,
        "--tensorboard", "--log-every", "3",
    ]  # fmt: skip
    assert main(args) == 0
    run = tmp_path / "runs" / "dcgan-1"
    rows = rows_of(run / "history_steps.csv")
    assert [int(r["step"]) for r in rows] == [3, 6]  # 4 steps per epoch
    assert {"d_loss", "g_loss"} <= set(rows[0])
    events = {p.parent.name for p in (run / "tensorboard").rglob("events.out.tfevents*")}
    assert {"train", "images"} <= events
    settings = json.loads((run / "config.json").read_text())["settings"]
    assert settings["tensorboard"] is True and settings["log_every"] == 3


def test_grid_summaries_send_each_grid_once(tmp_path):
    from PIL import Image

    samples = tmp_path / "samples"
    samples.mkdir()
    for epoch in (1, 2):
        Image.fromarray(np.full((6, 6, 3), 40 * epoch, np.uint8)).save(
            samples / f"epoch_{epoch:04d}.png"
        )
    grids = GridSummaries(samples, tmp_path / "board")
    assert grids.send_new() == [1, 2]
    assert grids.send_new() == []
    Image.fromarray(np.zeros((6, 6), np.uint8)).save(samples / "epoch_0003.png")
    assert grids.send_new() == [3]
    assert list((tmp_path / "board").glob("events.out.tfevents*"))
