"""`benchmarks/gpu_smoke.sh` on this CPU machine, for the running Keras backend: it says that
the backend sees no GPU (GPUs hidden with CUDA_VISIBLE_DEVICES, so the test means the same on
a GPU machine), times it on the CPU with `--cpu`, and refuses bad options in one line."""

import os
import re
import subprocess
import sys
from pathlib import Path

import keras
import pytest

from kerasgan.backend import framework_version

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "gpu_smoke.sh"


STAND_IN = """#!/usr/bin/env bash
# Answers like a GPU machine: `kerasgan devices` and throughput.py are faked, the rest is Python.
if [[ "$1 $2 $3" == "-m kerasgan.cli.main devices" ]]; then
  case "$5" in
    tensorflow) echo "backend: tensorflow 2.21.0, devices: gpu:0" ;;
    jax) echo "backend: jax 0.10.2, devices: gpu:0, gpu:1" ;;
    torch) echo "backend: torch 2.13.0+cpu, devices: cpu:0" ;;
  esac
  exit 0
fi
if [[ "$1" == benchmarks/throughput.py ]]; then
  while [[ $# -gt 0 ]]; do
    case "$1" in --backends) backend=$2 ;; --json-out) out=$2 ;; esac
    shift
  done
  if [[ $backend == tensorflow ]]; then
    echo "Traceback ..."; echo "RuntimeError: CUDA_ERROR_OUT_OF_MEMORY"
    echo '{"rows": [{"backend": "tensorflow",
      "error": "RuntimeError: CUDA_ERROR_OUT_OF_MEMORY"}]}' > "$out"
    exit 0
  fi
  echo '{"rows": [{"backend": "jax", "variant": "dcgan", "batch_size": 256, "steps": 20,
    "rates": [9000.0, 9100.0, 9300.0], "median": 9100.0, "min": 9000.0, "max": 9300.0,
    "first_step_s": 7.25, "devices": ["gpu:0", "gpu:1"],
    "device_kinds": ["NVIDIA H200", "NVIDIA H200"]}]}' > "$out"
  exit 0
fi
exec "%s" "$@"
"""


def run_script(*args, python=sys.executable):
    """Runs the script with the GPUs hidden; returns (exit status, stdout, stderr)."""
    env = dict(os.environ, CUDA_VISIBLE_DEVICES="", PYTHON=str(python))
    proc = subprocess.run(
        ["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=1800
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--steps", "0"], "--steps must be a whole number of at least 1, not '0'."),
        (["--batch-size", "x"], "--batch-size must be a whole number of at least 1, not 'x'."),
        (["--backends", "tf"], "--backends: 'tf' is not one of tensorflow jax torch."),
        (["--fast"], "unknown option '--fast' (see --help)."),
        (["--steps"], "--steps needs a value."),
    ],
)
def test_bad_options_are_one_line_errors(args, message):
    code, out, err = run_script(*args)
    assert code == 2 and out == ""
    assert err == f"gpu_smoke.sh: error: {message}\n"


def test_without_a_gpu_the_backend_says_so_and_is_not_timed():
    backend = keras.backend.backend()
    code, out, err = run_script("--backends", backend)
    assert code == 1, out + err
    lines = out.splitlines()
    assert lines[1] == (
        f"{framework_version()}: NO GPU visible (devices: cpu:0); not timed. Install its CUDA "
        "build (README, 'Installing for GPUs') or pass --cpu to time it on the CPU."
    )
    assert lines[-1] == f"summary: {backend} NO GPU"
    assert "images/s" not in out


@pytest.mark.slow
def test_cpu_option_times_the_backend_on_the_cpu():
    backend = keras.backend.backend()
    args = ["--cpu", "--backends", backend, "--batch-size", "8", "--steps", "2"]
    code, out, err = run_script(*args, "--repeats", "1", "--warmup-steps", "1")
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0].startswith("gpu_smoke: dcgan, batch 8, 1 warm-up steps, then 1 windows of 2")
    assert (
        lines[1]
        == f"{framework_version()}: NO GPU visible (devices: cpu:0); timing on the CPU (--cpu)"
    )
    assert lines[2] == "  devices the training saw: cpu:0"
    timing = re.fullmatch(
        r"  dcgan, batch 8: ([0-9.]+) images/s \(median of 1 windows of 2 steps, range "
        r"[0-9.]+-[0-9.]+; first step [0-9.]+ s\)",
        lines[3],
    )
    assert timing and float(timing.group(1)) > 0, lines[3]
    assert lines[4] == f"summary: {backend} CPU {timing.group(1)} images/s"


def test_gpu_machine_output_with_a_stand_in_interpreter(tmp_path):
    python = tmp_path / "python"
    python.write_text(STAND_IN % sys.executable)
    python.chmod(0o755)
    code, out, err = run_script(python=python)
    assert code == 1, out + err  # tensorflow failed and torch saw no GPU
    lines = out.splitlines()
    assert lines[0] == (
        "gpu_smoke: dcgan, batch 256, 5 warm-up steps, then 3 windows of 20 steps per backend"
    )
    assert lines[1] == "tensorflow 2.21.0: sees a GPU (devices: gpu:0)"
    assert lines[2] == "  FAILED: RuntimeError: CUDA_ERROR_OUT_OF_MEMORY"
    assert lines[3] == "  (last lines of throughput.py:)"
    assert lines[5] == "    RuntimeError: CUDA_ERROR_OUT_OF_MEMORY"
    assert lines[6:9] == [
        "jax 0.10.2: sees a GPU (devices: gpu:0, gpu:1)",
        "  devices the training saw: gpu:0, gpu:1 (NVIDIA H200)",
        "  dcgan, batch 256: 9100.0 images/s (median of 3 windows of 20 steps, range "
        "9000.0-9300.0; first step 7.2 s)",
    ]
    assert lines[9].startswith("torch 2.13.0+cpu: NO GPU visible (devices: cpu:0); not timed.")
    assert lines[10] == "summary: tensorflow FAILED; jax GPU 9100.0 images/s; torch NO GPU"
    code, out, err = run_script("--backends", "jax", python=python)
    assert code == 0 and out.splitlines()[-1] == "summary: jax GPU 9100.0 images/s", out + err


def test_help_prints_the_header():
    code, out, err = run_script("--help")
    assert code == 0 and err == ""
    assert out.startswith("gpu_smoke.sh: does each installed Keras backend see the GPU")
    assert "Exit status: 0 when every installed backend trained on a GPU" in out
