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

With `--continue`, the budgets are points along one run instead of separate runs: the run
trains for the first budget, is measured, is continued with `kerasgan train --resume RUN
--time-budget <the difference>` to the next, and so on (2m, 5m, 10m cost 10 minutes, not 17).
For variants whose schedule does not depend on the planned length this measures the same
thing as separate runs, plus a second tracing of the step at each continuation; PGGAN's
stages and CycleGAN's decay are planned for each budget separately, so give those separate
runs.

Usage:
    python benchmarks/time_to_quality.py --budgets 2m 5m 10m
    python benchmarks/time_to_quality.py --configs dcgan "dcgan --ema-decay 0.999" --seeds 0 1
    taskset -c 0 python benchmarks/time_to_quality.py --continue --configs lsgan wgan
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

from kerasgan.runs.duration import parse_duration  # noqa: E402

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
    parser.add_argument(
        "--continue",
        dest="cumulative",
        action="store_true",
        help="the budgets are points along one run, continued with --resume",
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=[0])
    parser.add_argument("--n", type=int, default=5000, help="images per evaluation")
    parser.add_argument("--data", help="training data (default: fashion_mnist if offline)")
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", help="keep the run folders here (default: a temporary folder)")
    parser.add_argument("--grids", default=str(HERE / "grids"))
    return parser.parse_args(argv)


def slug(config):
    return "_".join(part.lstrip("-").replace(".", "") for part in shlex.split(config))


def run_env(args):
    """The environment of the `kerasgan` commands: the chosen backend, TensorFlow quiet."""
    return {**os.environ, "KERAS_BACKEND": args.backend, "TF_CPP_MIN_LOG_LEVEL": "3"}


def train_and_measure(config, budget, seed, args, out, resume=None, segment=None):
    """Trains one configuration for one budget; returns its table row (and its run folder).

    Args:
        config: the variant and its options, as one string.
        budget: the budget the row reports (the run's total training time).
        seed: the run's seed.
        args: the parsed command line.
        out: the folder of the run folders.
        resume: a run folder to continue instead of starting a new run.
        segment: the `--time-budget` of this call (default `budget`).
    """
    variant, *options = shlex.split(config)
    env = run_env(args)
    if resume is None:
        command = [
            "kerasgan", "train", variant, *options, "--data", args.data, "--seed", str(seed),
            "--out", str(out),
        ]  # fmt: skip
    else:
        command = ["kerasgan", "train", "--resume", str(resume)]
    command += ["--time-budget", segment or budget, "--quiet"]
    load = os.getloadavg()[0]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        row = {"config": config, "budget": budget, "seed": seed, "error": done.stderr[-300:]}
        return row, None
    if resume is None:
        runs = out.glob(f"{variant}-*")
        run = sorted(runs, key=lambda p: int(p.name.rsplit("-", 1)[1]))[-1]
    else:
        run = resume
    return measure(run, config, budget, seed, args, load), run


def measure(run, config, budget, seed, args, load):
    """The table row of a trained run: the evaluation, images seen and images/s."""
    env = run_env(args)
    timing = json.loads((run / "timing.json").read_text())
    batch_size = json.loads((run / "config.json").read_text())["settings"]["batch_size"]
    command = [
        "kerasgan", "evaluate", str(run), "--reference", "fashion_mnist_test", "--n",
        str(args.n), "--metrics", "fid,pr", "--extractor", "domain", "--no-baselines",
        "--backend", args.backend,
    ]  # fmt: skip
    subprocess.run(command, env=env, capture_output=True, text=True, check=True)
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


def segments(budgets):
    """`(budget, the --time-budget that reaches it from the previous one)` for `--continue`.

    Example:
        >>> segments(["2m", "5m"])
        [('2m', '120s'), ('5m', '180s')]
    """
    seconds = [parse_duration(budget) for budget in budgets]
    if any(b <= a for a, b in zip(seconds, seconds[1:])):
        raise SystemExit(f"--continue needs rising budgets, not {' '.join(budgets)}.")
    steps = [b - a for a, b in zip([0.0, *seconds], seconds)]
    return [(budget, f"{step:g}s") for budget, step in zip(budgets, steps)]


def rows(config, seed, args, out):
    """The rows of one configuration and seed, for every budget."""
    if not args.cumulative:
        for budget in args.budgets:
            yield train_and_measure(config, budget, seed, args, out)[0]
        return
    run = None
    for budget, segment in segments(args.budgets):
        row, run = train_and_measure(config, budget, seed, args, out, run, segment)
        yield row
        if run is None:
            return


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
            for seed in args.seeds:
                for row in rows(config, seed, args, out):
                    budget = row["budget"]
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
