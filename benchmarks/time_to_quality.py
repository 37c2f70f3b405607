"""Time to quality: each variant trained for fixed wall-clock budgets, then measured.

For every variant (and configuration) and every budget, `kerasgan train VARIANT --time-budget
B` runs on Fashion-MNIST (the full 70,000 images when `fashion_mnist` is available offline,
e.g. from Debian's `dataset-fashion-mnist`; else the bundled 10,000-image test split: the table
says which), then the run is measured under the RESULTS protocol: domain FD, precision and
recall, `--n` generated vs `--n` real images of fashion_mnist_test. The table also gives the
images seen and images/s (from the run's `timing.json` and epochs). Its last grid is copied to
`benchmarks/grids/ttq_<config>_<budget>[_<backend>].png`.

Runs go one at a time with TensorFlow's two threads (the machine's two cores); the load
average is printed before each, since other jobs slow the runs down.

Usage:
    python benchmarks/time_to_quality.py --budgets 2m 5m 10m
    python benchmarks/time_to_quality.py --configs dcgan "dcgan --ema-decay 0.999" --seeds 0 1
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

UNCONDITIONAL = ("gan", "wgan_gp_mlp", "dcgan", "lsgan", "wgan", "wgan_gp", "dragan", "bgan")
UNCONDITIONAL += ("ragan", "ebgan")
UNCONDITIONAL += ("began", "sngan", "sagan", "pggan", "stylegan", "stylegan2")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--configs",
        nargs="+",
        default=list(UNCONDITIONAL),
        help='variants, each optionally with its options: "dcgan --ema-decay 0.999"',
    )
    parser.add_argument("--budgets", nargs="+", default=["2m", "5m", "10m"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--n", type=int, default=5000, help="images per evaluation")
    parser.add_argument("--data", help="training data (default: fashion_mnist if offline)")
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", help="keep the run folders here (default: a temporary folder)")
    parser.add_argument("--grids", default=str(HERE / "grids"))
    return parser.parse_args(argv)


def slug(config):
    return "_".join(part.lstrip("-").replace(".", "") for part in shlex.split(config))


def train_and_measure(config, budget, seed, args, out):
    """Trains one configuration for one budget; returns its table row."""
    variant, *options = shlex.split(config)
    env = {**os.environ, "KERAS_BACKEND": args.backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [
        "kerasgan", "train", variant, *options, "--data", args.data, "--time-budget", budget,
        "--seed", str(seed), "--out", str(out), "--quiet",
    ]  # fmt: skip
    load = os.getloadavg()[0]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {"config": config, "budget": budget, "seed": seed, "error": done.stderr[-300:]}
    run = sorted(out.glob(f"{variant}-*"), key=lambda p: int(p.name.rsplit("-", 1)[1]))[-1]
    timing = json.loads((run / "timing.json").read_text())
    batch_size = json.loads((run / "config.json").read_text())["settings"]["batch_size"]
    measure = [
        "kerasgan", "evaluate", str(run), "--reference", "fashion_mnist_test", "--n",
        str(args.n), "--metrics", "fid,pr", "--extractor", "domain", "--no-baselines",
        "--backend", args.backend,
    ]  # fmt: skip
    subprocess.run(measure, env=env, capture_output=True, text=True, check=True)
    latest = json.loads((run / "metrics.json").read_text())["latest"]["metrics"]
    grids = sorted((run / "samples").glob("epoch_*.png"))
    if grids:
        Path(args.grids).mkdir(parents=True, exist_ok=True)
        backend = "" if args.backend == "tensorflow" else f"_{args.backend}"
        name = f"ttq_{slug(config)}_{budget}{backend}.png"
        shutil.copyfile(grids[-1], Path(args.grids) / name)
    seen = timing["steps"] * batch_size
    return {
        "config": config,
        "budget": budget,
        "seed": seed,
        "fd": latest["fid"],
        "precision": latest["precision"],
        "recall": latest["recall"],
        "images_seen": seen,
        "images_per_s": seen / max(timing["seconds"], 1e-9),
        "load": load,
    }


def main(argv=None):
    args = parse_args(argv)
    args.data = args.data or common.fashion_mnist_data()
    print(f"command: python {shlex.join(sys.argv)}")
    print(f"data: {args.data}; evaluation: domain FD, precision, recall, {args.n} vs {args.n}")
    print("| config | budget | seed | domain FD | precision | recall | images seen "
          "| images/s | load before |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        for config in args.configs:
            for budget in args.budgets:
                for seed in args.seeds:
                    row = train_and_measure(config, budget, seed, args, out)
                    if "error" in row:
                        print(f"| {config} | {budget} | {seed} | failed: {row['error']!r} |")
                        continue
                    print(
                        f"| {config} | {budget} | {seed} | {row['fd']:.1f} | "
                        f"{row['precision']:.3f} | {row['recall']:.3f} | {row['images_seen']} | "
                        f"{row['images_per_s']:.0f} | {row['load']:.2f} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
