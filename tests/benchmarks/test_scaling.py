"""`benchmarks/scaling.py` for the running backend: a timed row for 2 devices."""

import subprocess
import sys
from pathlib import Path

import keras

ROOT = Path(__file__).resolve().parents[2]


def test_scaling_prints_a_timed_two_device_row():
    """Only the 2-device row (the launchers differ per backend), to keep the suite short;
    the first count listed is the base of the speed-up column."""
    backend = keras.backend.backend()
    command = [
        sys.executable, "benchmarks/scaling.py", "--backends", backend, "--variants", "gan",
        "--device-counts", "2", "--batch-size", "8", "--steps", "1", "--repeats", "1",
        "--warmup", "1",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith(f"| gan | {backend} |")]
    assert len(rows) == 1, done.stdout
    cells = [cell.strip() for cell in rows[0].split("|")[1:-1]]
    assert cells[2] == "2" and cells[3].startswith("2 devices")
    assert float(cells[4]) > 0
    assert cells[6] == "1.00x"
