"""`kerasgan train --resume` is faithful: same model and data, fallbacks, a lock, no restart."""

import csv
import json
import os
import shutil
import subprocess
import sys

import keras
import pytest

from kerasgan.cli.main import main
from kerasgan.runs.lock import LOCK_FILE
from kerasgan.training import TrainSettings, train
from tests.helpers import assert_clean_failure


@pytest.fixture
def run(train_args, tmp_path):
    """Builds a finished tiny dcgan run of `epochs` epochs; returns its folder."""

    def build(epochs=1):
        assert main(train_args("dcgan", epochs=epochs)) == 0
        return tmp_path / "runs" / "dcgan-1"

    return build


def resume(run_dir, *extra):
    return main(["train", "--resume", str(run_dir), "--quiet", *extra])


def snapshot(folder):
    """Every file under `folder` with its bytes, to check that nothing was written."""
    return {
        os.path.relpath(os.path.join(root, name), folder): open(
            os.path.join(root, name), "rb"
        ).read()
        for root, _, names in os.walk(folder)
        for name in names
    }


def epochs_in_history(run_dir):
    with open(run_dir / "history.csv") as stream:
        return [int(row["epoch"]) for row in csv.DictReader(stream)]


def config_of(run_dir):
    return json.loads((run_dir / "config.json").read_text())


# ------------------------------------------------------------------ 1. same model, same data
def test_resume_refuses_another_variant(run, capsys):
    run_dir = run()
    before = snapshot(run_dir)
    code = main(["train", "wgan_gp", "--resume", str(run_dir), "--epochs", "2", "--quiet"])
    assert_clean_failure(code, capsys, "dcgan run, not wgan_gp")
    assert snapshot(run_dir) == before


@pytest.mark.parametrize(
    "extra, flag",
    [
        (["dcgan", "--latent-dim", "12"], "--latent-dim 12 (the run has 6)"),
        (["--latent-dim", "12"], "--latent-dim 12 (the run has 6)"),
        (["--batch-size", "16"], "--batch-size 16 (the run has 8)"),
        (["--g-lr", "0.001"], "--g-lr 0.001"),
        (["--seed", "3"], "--seed 3 (the run has 0)"),
        (["--data", "fashion_mnist_test"], "--data fashion_mnist_test"),
    ],
)
def test_resume_refuses_options_that_change_the_model_or_data(run, capsys, extra, flag):
    run_dir = run()
    before = snapshot(run_dir)
    variant = extra[:1] if extra[0] == "dcgan" else []
    argv = ["train", *variant, "--resume", str(run_dir), *extra[len(variant) :], "--epochs", "2"]
    assert_clean_failure(main(argv), capsys, flag, "start a new run")
    assert snapshot(run_dir) == before


def test_resume_records_the_settings_it_may_change_and_the_backend(run):
    run_dir = run()
    backend = keras.backend.backend()
    extra = ["--epochs", "2", "--sample-every", "2", "--samples", "4", "--backend", backend]
    assert main(["train", "dcgan", "--resume", str(run_dir), "--batch-size", "8", *extra]) == 0
    config = config_of(run_dir)
    assert config["settings"]["sample_every"] == 2 and config["settings"]["samples"] == 4
    assert config["settings"]["batch_size"] == 8 and config["arguments"]["latent_dim"] == 6
    [entry] = config["resumed"]
    assert entry["epoch"] == 1 and entry["backend"] == backend
    assert entry["changed"] == {"epochs": 2, "sample_every": 2, "samples": 4}
    assert epochs_in_history(run_dir) == [1, 2]


# ------------------------------------------------------------------ 2. unreadable checkpoints
@pytest.mark.parametrize("name", ["model.weights.h5", "optimizer.npz"])
def test_a_truncated_latest_checkpoint_falls_back_to_the_previous(run, caplog, name):
    run_dir = run(epochs=2)
    broken = run_dir / "checkpoints" / "epoch_0002" / name
    broken.write_bytes(broken.read_bytes()[: broken.stat().st_size // 2])
    assert resume(run_dir, "--epochs", "3") == 0
    warning = caplog.text
    assert "epoch_0002" in warning and "epoch_0001" in warning and "does not load" in warning
    assert epochs_in_history(run_dir) == [1, 2, 3]
    assert json.loads((run_dir / "checkpoints" / "latest.json").read_text())["epoch"] == 3
    assert config_of(run_dir)["resumed"][0]["epoch"] == 1


def test_no_loadable_checkpoint_is_one_line(run, capsys):
    run_dir = run(epochs=2)
    for folder in ("epoch_0001", "epoch_0002"):
        (run_dir / "checkpoints" / folder / "model.weights.h5").write_bytes(b"cut")
    before = snapshot(run_dir)
    assert_clean_failure(resume(run_dir, "--epochs", "3"), capsys, "no checkpoint", "epoch_0002")
    assert snapshot(run_dir) == before


# ------------------------------------------------------------------ 3. generator never written
def test_a_finished_run_without_its_generator_gets_it_from_the_last_checkpoint(run, caplog):
    run_dir = run()
    (run_dir / "generator.keras").unlink()
    (run_dir / ".tmp_abcd1234.keras").write_bytes(b"half a generator")
    assert resume(run_dir) == 0
    assert "generator.keras" in caplog.text and "last checkpoint" in caplog.text
    assert keras.saving.load_model(run_dir / "generator.keras").latent_dim == 6
    assert not [p for p in run_dir.iterdir() if p.name.startswith(".tmp_")]
    assert epochs_in_history(run_dir) == [1]


# ------------------------------------------------------------------ 4. one trainer per run
def test_a_run_being_trained_is_refused(run, capsys):
    run_dir = run()
    (run_dir / LOCK_FILE).write_text(f"{os.getpid()}\n")  # a live process holds it
    before = snapshot(run_dir)
    code = resume(run_dir, "--epochs", "2")
    assert_clean_failure(code, capsys, f"process {os.getpid()}", LOCK_FILE)
    assert snapshot(run_dir) == before


def test_a_stale_lock_is_taken_over_and_removed_at_the_end(run, caplog):
    run_dir = run()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (run_dir / LOCK_FILE).write_text(f"{dead.pid}\n")
    assert resume(run_dir, "--epochs", "2") == 0
    assert "taking over" in caplog.text and str(dead.pid) in caplog.text
    assert not (run_dir / LOCK_FILE).exists()
    assert epochs_in_history(run_dir) == [1, 2]


class LockSeen(keras.callbacks.Callback):
    """Records the lock file's content at each epoch; raises KeyboardInterrupt at `stop`."""

    def __init__(self, run_dir, stop=None):
        super().__init__()
        self.run_dir, self.stop, self.seen = run_dir, stop, []

    def on_epoch_begin(self, epoch, logs=None):
        self.seen.append((self.run_dir / LOCK_FILE).read_text().strip())
        if epoch == self.stop:
            raise KeyboardInterrupt


def test_the_lock_is_held_while_training_and_removed_on_errors(run, capsys):
    run_dir = run()
    seen = LockSeen(run_dir, stop=2)
    with pytest.raises(KeyboardInterrupt):
        train(resume=run_dir, settings=TrainSettings(epochs=3), callbacks=[seen], verbose=0)
    assert seen.seen == [str(os.getpid())] * 2
    assert not (run_dir / LOCK_FILE).exists()
    assert resume(run_dir, "--epochs", "1") == 2  # "already finished": an error after locking
    assert "already finished" in capsys.readouterr().err
    assert not (run_dir / LOCK_FILE).exists()


# ------------------------------------------------------------------ 5. no silent restart
def test_missing_checkpoints_need_restart(run, capsys, caplog):
    run_dir = run()
    shutil.rmtree(run_dir / "checkpoints")
    before = snapshot(run_dir)
    assert_clean_failure(resume(run_dir, "--epochs", "2"), capsys, "no checkpoint", "--restart")
    assert snapshot(run_dir) == before
    assert resume(run_dir, "--epochs", "2", "--restart") == 0
    assert "restarting at epoch 0" in caplog.text
    assert epochs_in_history(run_dir) == [1, 2]
    assert config_of(run_dir)["resumed"][0]["epoch"] == 0


def test_restart_is_refused_where_it_does_not_apply(run, capsys):
    run_dir = run()
    before = snapshot(run_dir)
    code = resume(run_dir, "--epochs", "2", "--restart")
    assert_clean_failure(code, capsys, "checkpoint at epoch 1", "--restart")
    assert snapshot(run_dir) == before
    code = main(["train", "dcgan", "--restart", "--out", str(run_dir.parent)])
    assert_clean_failure(code, capsys, "--resume RUN")
