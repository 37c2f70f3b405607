"""`benchmarks/scaling.py` for the running backend: a row for 1 and for 2 devices, timed."""

import re
import subprocess
import sys
from pathlib import Path

import keras

ROOT = Path(__file__).resolve().parents[2]


def test_scaling_prints_a_row_per_device_count():
    backend = keras.backend.backend()
    command = [
        sys.executable, "benchmarks/scaling.py", "--backends", backend, "--variants", "gan",
        "--batch-size", "8", "--steps", "1", "--repeats", "1", "--warmup", "1",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith(f"| gan | {backend} |")]
    assert len(rows) == 2, done.stdout
    one, two = ([cell.strip() for cell in row.split("|")[1:-1]] for row in rows)
    assert one[2] == "1" and two[2] == "2"
    assert two[3].startswith("2 devices")
    assert float(one[4]) > 0 and float(two[4]) > 0
    assert one[6] == "1.00x" and re.fullmatch(r"\d+\.\d\dx", two[6])
