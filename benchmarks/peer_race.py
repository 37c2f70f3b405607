"""A side-by-side race: a peer collection's training scripts and ours, same data, same time.

`--peer-dir` is a checkout of eriklindernoren/PyTorch-GAN (or any collection laid out the
same way: `implementations/<name>/<name>.py` scripts reading torchvision's MNIST from
`../../data/mnist`). Each peer script runs unmodified (`peer_harness.py` executes its
source with its default arguments and stops it when the budget is spent) on the race's
data, written in torchvision's MNIST layout in a temporary folder, so nothing is
downloaded: the full Fashion-MNIST (70,000 images) when it is available offline, else the
bundled 10,000-image test split. Each of our configurations trains with `kerasgan train
... --time-budget` on the same data.

Every contestant then gives `--n` samples, as PNG folders (ours, through `kerasgan
sample`) or a `.npy` (the peers'), and all of them are measured by one command under one
protocol: `kerasgan evaluate --images ... --reference fashion_mnist_test --extractor
domain --metrics fid,pr`. The table gives images/s, images seen, domain FD, precision and
recall; the first 64 samples of each are saved as grids, and side by side in
`peer_race.png`.

Contestants run one at a time, each with the machine's threads (PyTorch's and
TensorFlow's defaults); the load average before each is printed.

Usage:
    python benchmarks/peer_race.py --peer-dir ~/PyTorch-GAN --budget 10m
    python benchmarks/peer_race.py --peer-dir DIR --peers wgan_gp --ours "fastgan" \\
        --ours-budgets 5m 10m
"""

import argparse
import importlib.util
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402

from kerasgan.images import load_png, make_grid, save_png  # noqa: E402
from kerasgan.runs.duration import parse_duration  # noqa: E402

OURS = ("dcgan --ema-decay 0.999",)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer-dir", required=True, type=Path, help="the peer's checkout")
    parser.add_argument("--peers", nargs="*", default=["wgan_gp", "dcgan"])
    parser.add_argument("--budget", default="10m", help="the peers' budget (and ours)")
    parser.add_argument("--ours", nargs="*", default=list(OURS), help="kerasgan configurations")
    parser.add_argument("--ours-budgets", nargs="+", help="our budgets (default: --budget)")
    parser.add_argument("--n", type=int, default=5000, help="samples per contestant")
    parser.add_argument("--data", help="the race's data (default: fashion_mnist if offline)")
    parser.add_argument("--backend", default="tensorflow", help="our Keras backend")
    parser.add_argument("--out", type=Path, help="keep everything here (default: temporary)")
    parser.add_argument("--grids", type=Path, default=HERE / "grids")
    return parser.parse_args(argv)


def write_idx(path, array):
    """Writes a uint8 array in the IDX format MNIST files use (uncompressed)."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(
        int(size).to_bytes(4, "big") for size in array.shape
    )
    path.write_bytes(header + np.ascontiguousarray(array, np.uint8).tobytes())


def prepare_peer_data(work, data):
    """`work/data/mnist/MNIST/raw/` in torchvision's layout: `data` as the training split."""
    from kerasgan.data import load_dataset

    train = load_dataset(data)
    test = load_dataset("fashion_mnist_test")
    raw = work / "data" / "mnist" / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for prefix, dataset in (("train", train), ("t10k", test)):
        write_idx(raw / f"{prefix}-images-idx3-ubyte", dataset.images[..., 0])
        write_idx(raw / f"{prefix}-labels-idx1-ubyte", dataset.labels.astype(np.uint8))
    return len(train)


def run_command(command, env, what):
    """Runs one kerasgan command; a failure ends the race naming it, with its last lines."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        raise SystemExit(f"peer_race: {what} failed ({shlex.join(command)}):\n{tail}")


def evaluate(images, out, args, env):
    """Domain FD, precision and recall of `images` under the RESULTS protocol."""
    command = [
        "kerasgan", "evaluate", "--images", str(images), "--reference", "fashion_mnist_test",
        "--extractor", "domain", "--metrics", "fid,pr", "--n", str(args.n), "--no-baselines",
        "--out", str(out), "--backend", args.backend,
    ]  # fmt: skip
    run_command(command, env, f"evaluating {images}")
    return json.loads((out / "metrics.json").read_text())["latest"]["metrics"]


def run_peer(name, work, seconds, args):
    """Runs the peer's `name` script for `seconds`; returns its row and its samples."""
    script = (args.peer_dir / "implementations" / name / f"{name}.py").resolve()
    if not script.is_file():
        raise SystemExit(f"peer_race: {script} not found; is --peer-dir a PyTorch-GAN checkout?")
    cwd = work / "implementations" / name
    cwd.mkdir(parents=True, exist_ok=True)
    samples = work / f"peer_{name}.npy"
    load = os.getloadavg()[0]
    with open(work / f"peer_{name}.log", "w") as log:
        harness = HERE / "peer_harness.py"
        command = [sys.executable, str(harness), str(script), str(seconds), str(samples)]
        subprocess.run([*command, str(args.n)], cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    lines = (work / f"peer_{name}.log").read_text().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else None
    if report is None:
        raise SystemExit(f"peer_race: {name}.py failed; its log: {work / f'peer_{name}.log'}")
    return {
        "contestant": f"peer {name}.py",
        "seconds": report["seconds"],
        "images_seen": report["images_seen"],
        "load": load,
    }, samples


def run_ours(config, budget, work, args, env):
    """Trains one of our configurations for `budget`; returns its row and its samples."""
    variant, *options = shlex.split(config)
    out = work / "runs"
    load = os.getloadavg()[0]
    command = [
        "kerasgan", "train", variant, *options, "--data", args.data, "--time-budget", budget,
        "--seed", "0", "--out", str(out), "--quiet",
    ]  # fmt: skip
    run_command(command, env, f"training {config}")
    run = max(out.glob(f"{variant}-*"), key=lambda p: int(p.name.rsplit("-", 1)[1]))
    timing = json.loads((run / "timing.json").read_text())
    batch_size = json.loads((run / "config.json").read_text())["settings"]["batch_size"]
    samples = work / f"ours_{run.name}"
    sample = ["kerasgan", "sample", str(run), "--n", str(args.n), "--out", str(samples)]
    run_command([*sample, "--backend", args.backend], env, f"sampling {run}")
    return {
        "contestant": f"kerasgan train {config} --time-budget {budget}",
        "seconds": timing["seconds"],
        "images_seen": timing["steps"] * batch_size,
        "load": load,
    }, samples


def first_images(samples, count=64):
    """The first `count` samples of a `.npy` or a folder of PNGs, uint8 NHWC."""
    if samples.suffix == ".npy":
        return np.load(samples)[:count]
    files = sorted(samples.glob("*.png"))[:count]
    return np.stack([load_png(path) for path in files])


def side_by_side(grids, gap=8):
    """Grids placed left to right on white, tops aligned."""
    height = max(grid.shape[0] for grid in grids)
    channels = max(grid.shape[2] for grid in grids)
    width = sum(grid.shape[1] for grid in grids) + gap * (len(grids) - 1)
    canvas = np.full((height, width, channels), 255, np.uint8)
    left = 0
    for grid in grids:
        canvas[: grid.shape[0], left : left + grid.shape[1]] = grid
        left += grid.shape[1] + gap
    return canvas


def slug(text):
    keep = [c if c.isalnum() else "_" for c in text.replace("kerasgan train ", "")]
    return "_".join(part for part in "".join(keep).split("_") if part)


def main(argv=None):
    args = parse_args(argv)
    if args.peers and importlib.util.find_spec("torchvision") is None:
        raise SystemExit("peer_race: the peer scripts import torchvision: pip install torchvision")
    args.data = args.data or common.fashion_mnist_data()
    budget = parse_duration(args.budget)
    env = {**os.environ, "KERAS_BACKEND": args.backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    print(f"command: python {shlex.join(sys.argv)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.out or tmp)
        work.mkdir(parents=True, exist_ok=True)
        count = prepare_peer_data(work, args.data)
        protocol = f"domain FD, precision, recall, {args.n} vs {args.n} of fashion_mnist_test"
        print(f"data: {args.data} ({count} images) for every contestant; evaluation: {protocol}")
        print("| contestant | seconds | images seen | images/s | domain FD | precision | recall "
              "| load before |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        grids = []
        contestants = [("peer", name, budget) for name in args.peers]
        for config in args.ours:
            for ours_budget in args.ours_budgets or [args.budget]:
                contestants.append(("ours", config, ours_budget))
        for kind, what, when in contestants:
            if kind == "peer":
                row, samples = run_peer(what, work, when, args)
            else:
                row, samples = run_ours(what, when, work, args, env)
            metrics = evaluate(samples, work / f"eval_{slug(row['contestant'])}", args, env)
            grid = make_grid(first_images(samples), nrow=8)
            args.grids.mkdir(parents=True, exist_ok=True)
            save_png(grid, args.grids / f"race_{slug(row['contestant'])}.png")
            grids.append(grid)
            print(
                f"| {row['contestant']} | {row['seconds']:.0f} | {row['images_seen']:,} | "
                f"{row['images_seen'] / max(row['seconds'], 1e-9):,.0f} | {metrics['fid']:.1f} | "
                f"{metrics['precision']:.3f} | {metrics['recall']:.3f} | {row['load']:.2f} |",
                flush=True,
            )
        save_png(side_by_side(grids), args.grids / "peer_race.png")
        print(f"grids: {args.grids}/race_*.png, side by side in peer_race.png")


if __name__ == "__main__":
    main()
