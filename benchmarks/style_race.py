"""Equal wall-clock race of DCGAN, PGGAN, StyleGAN and StyleGAN2 at 32x32, then measure them.

Each variant trains for the same number of minutes on Fashion-MNIST resized to 32x32 (the
bundled test split by default), then is evaluated under the RESULTS protocol (domain
classifier features, `--n` generated vs `--n` real images): domain Frechet distance, KID,
precision and recall, with the images seen and images/s. Its last sample grid is copied to
`benchmarks/grids/race_<variant>.png`.

Two variants train at a time, each pinned to one core (`taskset`) with one TensorFlow
thread, so each gets the same machine share for the same wall-clock budget. TensorFlow is
the default backend: it is the fastest on this CPU (see RESULTS' throughput tables).

Usage:
    python benchmarks/style_race.py --minutes 15
    python benchmarks/style_race.py --variants stylegan2 --minutes 45 --tag long
    python benchmarks/style_race.py --truncation RUN      # FD/precision/recall for psi 0.5/0.7/1
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

OPTIONS = {
    # The growth schedule scaled to the budget: 32x32 is reached at 12k images.
    "pggan": {"fade_images": 2000, "stable_images": 2000},
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="dcgan,pggan,stylegan,stylegan2")
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--data", default="fashion_mnist_test")
    parser.add_argument("--n", type=int, default=5000, help="images per evaluation")
    parser.add_argument("--out", default=str(HERE / "runs"), help="run folders (not committed)")
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--parallel", type=int, default=2, help="variants trained at once")
    parser.add_argument("--image-size", type=int, default=32)
    parser.add_argument("--first-core", type=int, default=0, help="pin the first worker here")
    parser.add_argument("--tag", default="race", help="grids go to grids/<tag>_<variant>.png")
    parser.add_argument("--options", default="{}", help="JSON options for every variant")
    parser.add_argument("--truncation", metavar="RUN", help="measure psi 0.5, 0.7, 1 on RUN")
    parser.add_argument("--worker", nargs=2, metavar=("VARIANT", "CORE"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def worker(variant, core, args):
    """Trains one variant for the budget on one core, evaluates it, prints a JSON line."""
    os.environ["KERAS_BACKEND"] = args.backend
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    if args.backend == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    from kerasgan.metrics.run_evaluation import evaluate_source
    from kerasgan.training import TrainSettings, train

    seconds = args.minutes * 60

    budget = common.wall_clock_budget(seconds)
    settings = TrainSettings(
        data=args.data,
        epochs=10_000,
        batch_size=64,
        image_size=args.image_size,
        seed=0,
        sample_every=1,
    )
    options = {**OPTIONS.get(variant, {}), **json.loads(args.options)}
    run = train(variant, options, settings, out=args.out, callbacks=[budget], verbose=0)
    trained = time.perf_counter() - budget.start
    result = evaluate_source(run, metrics=("fid", "kid", "pr"), n=args.n, reference=args.data)
    grid = sorted((run / "samples").glob("epoch_*.png"))[-1]
    (HERE / "grids").mkdir(exist_ok=True)
    shutil.copyfile(grid, HERE / "grids" / f"{args.tag}_{variant}.png")
    images = budget.steps * settings.batch_size
    print(
        "RESULT "
        + json.dumps(
            {
                "variant": variant,
                "core": core,
                "run": str(run),
                "seconds": trained,
                "images": images,
                "images_per_s": images / trained,
                "options": options,
                **result["metrics"],
            }
        ),
        flush=True,
    )


def run_race(args):
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    print(f"command: python benchmarks/style_race.py {' '.join(sys.argv[1:])}")
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    rows, pending = [], list(variants)
    while pending:
        batch, pending = pending[: args.parallel], pending[args.parallel :]
        procs = []
        for core, variant in enumerate(batch):
            cpu = (args.first_core + core) % os.cpu_count()
            cmd = ["taskset", "-c", str(cpu), sys.executable, __file__]
            cmd += ["--worker", variant, str(core), *sys.argv[1:]]
            procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True))
        for proc in procs:
            out, _ = proc.communicate()
            lines = [line for line in out.splitlines() if line.startswith("RESULT ")]
            if lines:
                rows.append(json.loads(lines[-1][len("RESULT ") :]))
                print("done:", lines[-1][len("RESULT ") :], flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print()
    size = f"{args.image_size}x{args.image_size}"
    print(f"{args.minutes:g} minutes each on one core, batch 64, {size} {args.data}; domain "
          f"features, {args.n} generated vs {args.n} real images")  # fmt: skip
    print()
    print("| variant | images seen | images/s | domain FD | KID x1e3 | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['variant']} | {r['images']:,} | {r['images_per_s']:.1f} | {r['fid']:.2f} | "
            f"{1e3 * r['kid_mean']:.1f} ± {1e3 * r['kid_std']:.1f} | {r['precision']:.3f} | "
            f"{r['recall']:.3f} |"
        )


def run_truncation(args):
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    from kerasgan.metrics.run_evaluation import evaluate_source

    print(f"command: python benchmarks/style_race.py {' '.join(sys.argv[1:])}")
    print("| psi | domain FD | precision | recall |")
    print("|---|---:|---:|---:|")
    for psi in (0.5, 0.7, 1.0):
        result = evaluate_source(
            args.truncation, ("fid", "pr"), n=args.n, reference=args.data, truncation=psi
        )
        m = result["metrics"]
        print(f"| {psi} | {m['fid']:.2f} | {m['precision']:.3f} | {m['recall']:.3f} |", flush=True)


def main(argv=None):
    args = parse_args(argv)
    if args.worker:
        worker(args.worker[0], args.worker[1], args)
    elif args.truncation:
        run_truncation(args)
    else:
        run_race(args)


if __name__ == "__main__":
    main()
