"""Data-parallel training: one step on 2 devices equals one step on 1 with the same global batch.

The two-device runs are separate programs (`tests/engine/replica_worker.py`), since the
devices must exist before the framework starts: JAX with two host devices from XLA_FLAGS,
TensorFlow with its CPU split into two logical devices, PyTorch as two gloo processes
under torchrun. Each runs only in the test session of its own backend.
"""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from kerasgan.backend.replication import Replication, check_count
from kerasgan.data.batches import ImageBatches
from kerasgan.data.shards import ProcessShard
from kerasgan.engine.replicas import check_batch, replication
from kerasgan.errors import ConfigError
from kerasgan.runs.settings import TrainSettings

ROOT = Path(__file__).resolve().parents[2]
BACKEND = keras.backend.backend()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env=None, timeout=600):
    """Runs a program from the repository root; returns its output, failing with it."""
    full_env = {**os.environ, "KERAS_BACKEND": BACKEND, **(env or {})}
    done = subprocess.run(
        command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


def one_device(tmp_path):
    """The reference: the worker's step on this process's one device, in this process."""
    from tests.engine.replica_worker import train_once

    out = tmp_path / "devices1.npz"
    train_once(Replication.single(["cpu:0"]), 1, str(out))
    return dict(np.load(out))


def worker(tmp_path, devices, launcher=(), env=None):
    out = tmp_path / f"devices{devices}.npz"
    module = [sys.executable, "-m", "tests.engine.replica_worker"] if not launcher else []
    run([*launcher, *module, "--devices", str(devices), "--out", str(out)], env=env)
    return dict(np.load(out))


def assert_same_step(one, two):
    assert sorted(one) == sorted(two)
    logs = [k for k in one if k.startswith("log_")]
    assert {"log_d_loss", "log_g_loss", "log_gp"} <= set(logs)
    for key in logs:
        np.testing.assert_allclose(two[key], one[key], rtol=1e-5, atol=1e-6, err_msg=key)
    weights = [k for k in one if not k.startswith("log_")]
    moved = 0
    for key in weights:
        np.testing.assert_allclose(two[key], one[key], rtol=1e-4, atol=1e-6, err_msg=key)
        moved += not np.allclose(one[key], 0.0)
    assert moved > len(weights) // 2  # the weights are real, not all zeros


@pytest.mark.skipif(BACKEND != "jax", reason="JAX's two host devices, in the JAX session")
def test_jax_data_parallel_step_equals_one_device(tmp_path):
    env = {"XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    assert_same_step(one_device(tmp_path), worker(tmp_path, 2, env=env))


@pytest.mark.skipif(BACKEND != "tensorflow", reason="MirroredStrategy, in the TF session")
def test_tensorflow_mirrored_step_equals_one_device(tmp_path):
    assert_same_step(one_device(tmp_path), worker(tmp_path, 2))


@pytest.mark.skipif(BACKEND != "tensorflow", reason="MultiWorkerMirroredStrategy, in TF's")
def test_tensorflow_two_workers_step_equals_one_device(tmp_path):
    """Two TensorFlow processes on localhost, a cluster described by TF_CONFIG."""
    out = tmp_path / "workers.npz"
    cluster = [f"localhost:{free_port()}", f"localhost:{free_port()}"]
    processes = []
    for index in (0, 1):
        config = {"cluster": {"worker": cluster}, "task": {"type": "worker", "index": index}}
        env = {**os.environ, "KERAS_BACKEND": BACKEND, "TF_CONFIG": json.dumps(config)}
        command = [sys.executable, "-m", "tests.engine.replica_worker"]
        command += ["--devices", "2", "--out", str(out)]
        processes.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )  # fmt: skip
        )
    outputs = [p.communicate(timeout=600)[0][-3000:] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert_same_step(one_device(tmp_path), dict(np.load(out)))


@pytest.mark.skipif(BACKEND != "torch", reason="torch.distributed, in the PyTorch session")
def test_torch_two_gloo_processes_step_equals_one_process_and_share_batchnorm(tmp_path):
    """One torchrun job: the step equality, then a G with BatchNorm, where each process
    normalises its own rows and the engine averages the moving statistics."""
    torchrun = [
        sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2",
        "--standalone", "-m", "tests.engine.replica_worker",
    ]  # fmt: skip
    bn = tmp_path / "bn.npz"
    two = worker(tmp_path, 2, launcher=[*torchrun, "--batchnorm-out", str(bn)])
    one = one_device(tmp_path)
    assert_same_step(one, two)
    first, second = dict(np.load(bn)), dict(np.load(f"{bn}.process1.npz"))
    assert sorted(first) == sorted(second)
    for key in first:
        np.testing.assert_allclose(second[key], first[key], rtol=1e-6, atol=1e-7, err_msg=key)
    # with BatchNorm, more weights
    assert len([k for k in first if k.startswith("w")]) > len([k for k in one if k[0] == "w"])


def test_a_time_budget_with_several_processes_is_refused(tmp_path, npz_data, monkeypatch, capsys):
    """Each process would stop on its own clock: refused before anything is written."""
    import kerasgan.training
    from kerasgan.cli.main import main

    two = Replication(["cpu:0", "cpu:1"], process_index=0, process_count=2, engine="test")
    monkeypatch.setattr(kerasgan.training, "replication", lambda count: two)
    out = tmp_path / "runs"
    code = main(["train", "gan", "--data", str(npz_data), "--time-budget", "1m",
                 "--out", str(out)])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["kerasgan: error: --time-budget does not work with several processes yet "
                   "(each would stop at its own step): give --epochs instead."]  # fmt: skip
    assert not out.exists()


@pytest.mark.skipif(BACKEND != "jax", reason="a two-process JAX job, in the JAX session")
def test_two_jax_processes_on_localhost_train_and_only_process_0_writes(tmp_path, npz_data):
    port = free_port()
    out = tmp_path / "runs"
    processes = []
    for process_id in (0, 1):
        command = [
            sys.executable, "-m", "kerasgan.cli.main", "train", "gan", "--data", str(npz_data),
            "--epochs", "1", "--batch-size", "8", "--g-units", "8", "--d-units", "8",
            "--devices", "all", "--out", str(out), "--coordinator", f"localhost:{port}",
            "--num-processes", "2", "--process-id", str(process_id),
        ]  # fmt: skip
        env = {**os.environ, "KERAS_BACKEND": "jax"}
        processes.append(
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        )
    outputs = [p.communicate(timeout=600)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert "2 devices" in outputs[0] and "process 0 of 2" in outputs[0]
    assert "run folder" not in outputs[1]  # process 1 wrote nothing of its own
    (run_dir,) = list(out.iterdir())
    assert (run_dir / "generator.keras").exists()
    assert (run_dir / "history.csv").read_text().count("\n") == 2  # header and one epoch
    # resumed here, on this process's single device
    from kerasgan.cli.main import main

    assert main(["train", "--resume", str(run_dir), "--epochs", "2", "--quiet"]) == 0
    assert (run_dir / "history.csv").read_text().count("\n") == 3
    resumed = json.loads((run_dir / "config.json").read_text())
    assert resumed["resumed"][-1]["epoch"] == 1


# Phases every n-th step (WGAN-GP, StyleGAN2's lazy penalty), an Embedding's sparse gradient
# (CGAN dense), a phase without logs (AAE), state from each replica's losses (BEGAN's k_t),
# image pools (CycleGAN), the growing schedule (PGGAN).
TRICKY = ["wgan_gp", "stylegan2", "cgan_dense", "aae", "began", "cyclegan", "pggan"]


def test_tricky_variants_train_on_two_replicas():
    command = [sys.executable, "-m", "tests.engine.variants_worker", *TRICKY]
    env = {}
    if BACKEND == "jax":
        env = {"XLA_FLAGS": "--xla_force_host_platform_device_count=2"}
    if BACKEND == "torch":
        command[1:3] = [
            "-m", "torch.distributed.run", "--nproc-per-node", "2", "--standalone",
            "-m", "tests.engine.variants_worker",
        ]  # fmt: skip
    output = run(command, env=env)
    lines = [line for line in output.splitlines() if line.split(" ")[0] in TRICKY]
    assert lines == [f"{key} ok" for key in TRICKY], output[-3000:]


def test_process_shard_gives_each_process_its_rows():
    images = np.arange(10 * 2 * 2, dtype=np.uint8).reshape(10, 2, 2, 1)
    batches = ImageBatches(images, np.arange(10), batch_size=4, shuffle=False)
    parts = [ProcessShard(batches, index, 2) for index in (0, 1)]
    assert len(parts[0]) == len(batches) == 2
    for i in range(len(batches)):
        x, y = batches[i]
        (x0, y0), (x1, y1) = parts[0][i], parts[1][i]
        np.testing.assert_array_equal(np.concatenate([x0, x1]), x)
        np.testing.assert_array_equal(np.concatenate([y0, y1]), y)
        assert len(y0) == len(y1) == 2
    parts[0].set_epoch(3)  # passes through to the wrapped batches
    assert batches.epoch == 3
    with pytest.raises(ValueError, match="not in"):
        ProcessShard(batches, 2, 2)


@pytest.mark.parametrize("given,count", [(None, 1), ("1", 1), (2, 2), ("all", None), ("ALL", None)])
def test_devices_setting(given, count):
    assert TrainSettings(devices=given).device_count == count


@pytest.mark.parametrize("given", ["0", "-2", "two", "1.5"])
def test_bad_devices_setting_is_one_clear_error(given):
    with pytest.raises(ConfigError, match="--devices must be a positive number"):
        TrainSettings(devices=given).check()


def test_more_devices_than_exist_names_the_count():
    with pytest.raises(ValueError, match=r"--devices 5: only 2 GPUs here \(hint\)"):
        check_count(5, 2, "GPUs", "hint")
    assert check_count(None, 3, "GPUs", "") == 3


def test_one_device_is_no_distribution():
    replicas = replication(1)
    assert replicas.is_chief and not replicas.distributed and not replicas.feeds_shard
    assert replicas.describe() == replicas.devices[0]
    with replicas.scope():
        pass


def test_uneven_global_batch_is_refused():
    two = Replication(["cpu:0", "cpu:1"], engine="x")
    with pytest.raises(ConfigError, match="--batch-size 7 does not split evenly across 2"):
        check_batch(7, two)
    check_batch(8, two)
    assert two.describe() == "2 devices (cpu:0, cpu:1) via x"
    several = Replication(["a", "b"], process_index=1, process_count=2, engine="y")
    assert several.feeds_shard and not several.is_chief
    assert several.describe().endswith("process 1 of 2")


def test_backend_replica_helpers_are_identity_on_one_device():
    from kerasgan.backend import get_backend

    backend = get_backend()
    assert backend.replica() == (0, 1)
    values = [keras.ops.ones((2,)), keras.ops.zeros(())]
    out = backend.all_mean(values)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(out[0]), [1.0, 1.0])
