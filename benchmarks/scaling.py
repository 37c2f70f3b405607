"""Data-parallel scaling: training images/s on 1 and 2 devices (or processes) per backend.

Prints a markdown table: for each backend and device count, the median images/s of timed
windows of `fit` steps (global batch `--batch-size`, split across the devices) and the
speed-up over one device.

Usage:
    python benchmarks/scaling.py                                   # dcgan, every backend
    python benchmarks/scaling.py --backends jax --variants gan,dcgan --batch-size 256

How it runs each row (one program per row, since the devices must exist before the
framework starts):
    - JAX: `XLA_FLAGS=--xla_force_host_platform_device_count=N`, `--devices N`
      (keras.distribution.DataParallel over N host devices).
    - TensorFlow: `--devices N` splits the CPU into N logical devices for a
      `tf.distribute.MirroredStrategy`.
    - PyTorch: N processes under `torchrun` (gloo), each fed its shard of every batch.
    The worker (`--worker`) builds the variant with its defaults (28x28x1), compiles it,
    fits `warmup + steps * repeats` batches of random images inside the backend's
    replication scope and reports the windows' images/s (`common.window_rates`).

What this machine can show: it has 2 cores. On one CPU, "2 devices" are two replicas that
share the same cores (XLA host devices, TensorFlow logical devices, two processes), so the
table measures the cost of the distribution machinery (all-reduces, splitting, the
per-replica work of smaller batches), not a speed-up: the best it can show is parity. The
speed-up is for machines with several GPUs or hosts (`benchmarks/gpu_smoke.sh` checks one
GPU per backend).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import (  # noqa: E402
    emit,
    installed,
    load_average,
    parse_results,
    summarize,
    versions,
    window_rates,
)

BACKENDS = ("tensorflow", "jax", "torch")


def worker(args):
    """One row: prints the windows' images/s of process 0 as a result line."""
    import keras
    import numpy as np

    from kerasgan.data.batches import ImageBatches
    from kerasgan.data.shards import ProcessShard
    from kerasgan.engine.replicas import replication
    from kerasgan.models.registry import get_variant

    replicas = replication(args.devices)
    total = args.warmup + args.steps * args.repeats
    images = np.random.default_rng(0).integers(0, 256, (args.batch_size, 28, 28, 1), np.uint8)
    marks = []

    class Clock(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            marks.append((batch, time.perf_counter()))

    with replicas.scope():
        keras.utils.set_random_seed(0)
        model = get_variant(args.variant)(image_shape=(28, 28, 1), seed=0)
        model.compile()
        batches = ImageBatches(np.tile(images, (total, 1, 1, 1)), batch_size=args.batch_size)
        if replicas.feeds_shard:
            batches = ProcessShard(batches, replicas.process_index, replicas.process_count)
        model.fit(batches, epochs=1, verbose=0, shuffle=False, callbacks=[Clock()])
    rates = window_rates(marks, args.batch_size, args.warmup, args.steps, args.repeats)
    if replicas.is_chief:
        emit(
            {
                "backend": keras.backend.backend(),
                "variant": args.variant,
                "devices": args.devices,
                "distribution": replicas.describe(),
                **summarize(rates),
            }
        )


def row_command(backend, variant, devices, args):
    """The command and environment of one row."""
    flags = [
        "--worker", "--variant", variant, "--devices", str(devices), "--batch-size",
        str(args.batch_size), "--steps", str(args.steps), "--repeats", str(args.repeats),
        "--warmup", str(args.warmup),
    ]  # fmt: skip
    env = {**os.environ, "KERAS_BACKEND": backend}
    if backend == "jax":
        env["XLA_FLAGS"] = f"--xla_force_host_platform_device_count={devices}"
    if backend == "torch" and devices > 1:
        launcher = [
            sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", str(devices),
            "--standalone",  # a rendezvous on a free port
        ]  # fmt: skip
        return [*launcher, str(Path(__file__).resolve()), *flags], env
    return [sys.executable, str(Path(__file__).resolve()), *flags], env


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--variants", default="dcgan")
    parser.add_argument("--device-counts", default="1,2")
    parser.add_argument("--batch-size", type=int, default=128, help="global batch (128)")
    parser.add_argument("--steps", type=int, default=20, help="steps per timed window (20)")
    parser.add_argument("--repeats", type=int, default=3, help="timed windows (3)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps first (3)")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds per row")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--variant", default="dcgan", help=argparse.SUPPRESS)
    parser.add_argument("--devices", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return 0
    counts = [int(c) for c in args.device_counts.split(",")]
    print(f"Command: python benchmarks/scaling.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"Versions: {versions()}")
    print(f"Global batch {args.batch_size}; {args.repeats} windows of {args.steps} steps.\n")
    print("| variant | backend | devices | how | images/s (median) | range | speed-up | load |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    failed = 0
    for variant in args.variants.split(","):
        for backend in args.backends.split(","):
            if not installed(backend):
                print(f"| {variant} | {backend} | - | not installed | | | | |")
                continue
            base = None
            for devices in counts:
                load = load_average()
                command, env = row_command(backend, variant, devices, args)
                done = subprocess.run(
                    command, env=env, capture_output=True, text=True, timeout=args.timeout
                )
                results = parse_results(done.stdout)
                if done.returncode or not results:
                    failed += 1
                    tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
                    print(f"| {variant} | {backend} | {devices} | failed: {tail} | | | | |")
                    continue
                result = results[0]
                median = result["median"]
                base = median if devices == counts[0] else base
                speed = f"{median / base:.2f}x" if base and median else ""
                print(
                    f"| {variant} | {backend} | {devices} | {result['distribution']} | "
                    f"{median:.1f} | {result['min']:.1f}-{result['max']:.1f} | {speed} | "
                    f"{load:.2f} |",
                    flush=True,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
