"""Time and peak memory of the feature-space metrics on large sets (tiled k-NN metrics).

For each size n, two seeded gaussian float32 feature sets of n x dim ("real" N(0, 1), "fake"
N(0.05, 1): in 2048-d, precision and recall near 0.4) are made in a fresh subprocess (so that
peaks of different sizes do not mix), then measured one after the other:

- precision/recall (k=3) and density/coverage (k=5), `kerasgan.metrics.precision_recall`;
- the `--queries` nearest real features of the first fakes (k=4), `kerasgan.metrics.neighbours`;
- FID: `feature_statistics` of both sets and `frechet_distance`;
- KID: `kernel_inception_distance(subsets=100, subset_size=1000)`.

Peak RSS is `resource.getrusage(RUSAGE_SELF).ru_maxrss`, the process's peak so far: the row of
a stage shows the peak up to the end of that stage, and "features" is the baseline (the
interpreter, numpy, scipy and the two sets). The k-NN stages run first, so the row of the
nearest-neighbour stage is the peak of precision/recall, density/coverage and neighbours
together. The load average (1, 5, 15 minutes) is printed before each size: other jobs on the
machine slow the timings, not the memory.

Usage:
    python benchmarks/evaluation_memory.py --sizes 10000 50000 --dim 2048
    python benchmarks/evaluation_memory.py --sizes 2000 --dim 64 --skip-fid-kid   # quick
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import common  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    parser.add_argument("--dim", type=int, default=2048)
    parser.add_argument("--queries", type=int, default=8, help="nearest-neighbour queries")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kid-subsets", type=int, default=100)
    parser.add_argument("--kid-subset-size", type=int, default=1000)
    parser.add_argument("--skip-fid-kid", action="store_true")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds per size")
    parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def peak_mb():
    """This process's peak resident set so far, in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(n, args):
    """Runs in a subprocess: one size, every stage; prints one result line per stage."""
    import numpy as np

    from kerasgan.metrics.frechet import feature_statistics, frechet_distance
    from kerasgan.metrics.kid import kernel_inception_distance
    from kerasgan.metrics.neighbours import nearest_indices
    from kerasgan.metrics.precision_recall import density_coverage, precision_recall

    def stage(name, fn):
        start = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - start
        common.emit({"n": n, "stage": name, "seconds": seconds, "peak_mb": peak_mb(), **value})

    def features():
        rng = np.random.default_rng(args.seed)
        real = rng.standard_normal((n, args.dim), dtype=np.float32)
        fake = rng.standard_normal((n, args.dim), dtype=np.float32)
        fake += 0.05
        sets.update(real=real, fake=fake)
        return {"result": f"2 x {n} x {args.dim} float32, {2 * real.nbytes / 2**20:.0f} MB"}

    def pr():
        p, r = precision_recall(sets["real"], sets["fake"], k=3)
        return {"result": f"precision {p:.4f}, recall {r:.4f}"}

    def dc():
        d, c = density_coverage(sets["real"], sets["fake"], k=5)
        return {"result": f"density {d:.4f}, coverage {c:.4f}"}

    def nn():
        index, dist = nearest_indices(sets["fake"][: args.queries], sets["real"], k=4)
        return {"result": f"{args.queries} queries: first {index[0].tolist()}, d {dist[0, 0]:.2f}"}

    def fid():
        stats = [feature_statistics(sets[name]) for name in ("real", "fake")]
        return {"result": f"FID {frechet_distance(*stats[0], *stats[1]):.4f}"}

    def kid():
        mean, std = kernel_inception_distance(
            sets["real"], sets["fake"], subsets=args.kid_subsets, subset_size=args.kid_subset_size
        )
        return {"result": f"KID {mean:.5f} +- {std:.5f}"}

    sets = {}
    stages = [("features", features), ("precision_recall", pr), ("density_coverage", dc)]
    stages.append(("nearest_indices", nn))
    if not args.skip_fid_kid:
        stages += [("fid", fid), ("kid", kid)]
    for name, fn in stages:
        stage(name, fn)


def run_size(n, args):
    """The result rows of one size, from a fresh subprocess."""
    cmd = [sys.executable, __file__, "--worker", str(n), "--dim", str(args.dim)]
    cmd += ["--queries", str(args.queries), "--seed", str(args.seed)]
    cmd += ["--kid-subsets", str(args.kid_subsets), "--kid-subset-size", str(args.kid_subset_size)]
    if args.skip_fid_kid:
        cmd.append("--skip-fid-kid")
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=args.timeout, cwd=str(ROOT)
        )
    except subprocess.TimeoutExpired:
        return [{"n": n, "stage": "error", "result": f"timed out after {args.timeout:.0f} s"}]
    rows = common.parse_results(proc.stdout)
    if proc.returncode != 0:
        lines = [s for s in (proc.stderr or "").splitlines() if s.strip()]
        last = lines[-1].strip() if lines else f"exit status {proc.returncode}"
        rows.append({"n": n, "stage": "error", "result": last[:160]})
    return rows


def loads():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv=None):
    args = parse_args(argv)
    if args.worker is not None:
        worker(args.worker, args)
        return
    command = " ".join(sys.argv[1:] if argv is None else argv)
    print(f"command: python benchmarks/evaluation_memory.py {command}")
    print(f"cpu: {common.cpu_model()}, {common.cores()} cores; versions: {common.versions()}")
    print(f"load average (1, 5, 15 min) at start: {loads()}", flush=True)
    print()
    print("| n | dim | stage | seconds | peak RSS so far (MB) | result |")
    print("|---:|---:|---|---:|---:|---|")
    for n in args.sizes:
        print(f"| {n} | {args.dim} | load average before | | | {loads()} |", flush=True)
        for row in run_size(n, args):
            seconds = f"{row['seconds']:.1f}" if "seconds" in row else ""
            peak = f"{row['peak_mb']:.0f}" if "peak_mb" in row else ""
            print(
                f"| {n} | {args.dim} | {row['stage']} | {seconds} | {peak} | {row['result']} |",
                flush=True,
            )
    print()
    print(f"load average (1, 5, 15 min) at end: {loads()}")


if __name__ == "__main__":
    main()
