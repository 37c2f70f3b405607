"""Train variants for the same budget on Fashion-MNIST and measure them.

Prints a markdown table (domain Frechet distance, KID, precision/recall,
density/coverage, CGAN label accuracy, seconds per epoch) and copies each run's
last sample grid into `benchmarks/grids/<variant>.png`; also prints the
feature-extraction throughput of each available extractor.

Usage:
    python benchmarks/quality.py                       # every variant of issues 2 and 4, 10 epochs
    python benchmarks/quality.py --variants dcgan --epochs 2 --n 2000   # quick
"""

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--variants",
        default="gan,dcgan,cgan,lsgan,wgan,wgan_gp,dragan,bgan,ragan,ebgan,began,sngan,sagan",
    )
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--n", type=int, default=10000, help="images per evaluation")
    parser.add_argument("--data", default="fashion_mnist_test")
    parser.add_argument("--out", default=str(HERE / "runs"), help="run folders (not committed)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--grid-suffix", default="", help="grids go to grids/<variant><suffix>.png")
    return parser.parse_args(argv)


def train_and_measure(variant, args):
    from kerasgan.metrics.run_evaluation import evaluate_source
    from kerasgan.training import TrainSettings, train

    settings = TrainSettings(
        data=args.data,
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        sample_every=args.epochs,
    )
    start = time.perf_counter()
    run = train(variant, {}, settings, out=args.out, verbose=0)
    seconds = time.perf_counter() - start
    result = evaluate_source(
        run,
        metrics=("fid", "kid", "pr", "dc"),
        n=args.n,
        reference=args.data,
        extractor="domain",
        seed=args.seed,
    )
    grid = sorted((run / "samples").glob("epoch_*.png"))[-1]
    (HERE / "grids").mkdir(exist_ok=True)
    shutil.copyfile(grid, HERE / "grids" / f"{variant}{args.grid_suffix}.png")
    return {
        "variant": variant,
        "run": str(run),
        "seconds_per_epoch": seconds / args.epochs,
        **result["metrics"],
        "protocol": result["protocol"],
    }


def extractor_throughput(n=500):
    import numpy as np

    from kerasgan.errors import KerasGANError
    from kerasgan.metrics.features import get_extractor

    images = np.random.default_rng(0).uniform(-1, 1, (n, 28, 28, 1)).astype("float32")
    rows = []
    for kind in ("domain", "inception"):
        try:
            extractor = get_extractor(kind, "fashion_mnist_test")
        except KerasGANError as err:
            rows.append((kind, f"unavailable: {err}"))
            continue
        extractor.features(images[:50])  # warm-up (tracing, weight loading)
        start = time.perf_counter()
        extractor.features(images)
        rows.append((extractor.name, f"{n / (time.perf_counter() - start):.1f}"))
    return rows


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    print(
        f"command: python benchmarks/quality.py {' '.join(sys.argv[1:] if argv is None else argv)}"
    )
    print(f"backend: {keras.backend.backend()}, keras {keras.__version__}")
    rows = []
    for variant in [v.strip() for v in args.variants.split(",") if v.strip()]:
        rows.append(train_and_measure(variant, args))
        partial = {k: v for k, v in rows[-1].items() if k != "protocol"}
        print("done:", json.dumps(partial), f"load avg {os.getloadavg()[0]:.1f}", flush=True)
    print()
    print(
        f"{args.epochs} epochs, batch {args.batch_size}, on {args.data}; metrics with the "
        f"domain classifier, {args.n} generated vs {rows[0]['protocol']['n_real']} real images"
    )
    print()
    print(
        "| variant | s/epoch | domain FD | KID x1e3 | precision | recall | density | coverage "
        "| label acc |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        label = f"{r['label_accuracy']:.3f}" if "label_accuracy" in r else "-"
        print(
            f"| {r['variant']} | {r['seconds_per_epoch']:.1f} | {r['fid']:.3f} | "
            f"{1e3 * r['kid_mean']:.2f} ± {1e3 * r['kid_std']:.2f} | {r['precision']:.3f} | "
            f"{r['recall']:.3f} | {r['density']:.3f} | {r['coverage']:.3f} | {label} |"
        )
    print()
    print("extractor info:", json.dumps(rows[0]["protocol"]["extractor_info"]))
    if not args.skip_throughput:
        print()
        print("| extractor | images/s (batch default, this CPU) |")
        print("|---|---|")
        for name, value in extractor_throughput():
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
