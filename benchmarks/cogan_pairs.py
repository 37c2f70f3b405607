"""CoGAN's generated pairs: a grid of them, and how well domain B matches domain A's transform.

Trains `kerasgan train cogan` (through `kerasgan.training.train`, into `--out`) on `--data`, with
domain B made from the data by `--transform`. The domains are never shown paired, so whether
the generator's two halves correspond is learnt only through the shared weights. Saves the grid
`kerasgan sample RUN` writes (each cell a pair: domain A left, B right) to
`grids/cogan_pairs.png`, and prints a markdown table of the pair error, the mean squared
difference between a pair's B half and the transform of its A half ([-1, 1] pixel units), for
the generated pairs against the same pairs with their B halves shuffled (unpaired).

Reference: Liu & Tuzel, "Coupled Generative Adversarial Networks", NeurIPS 2016
(arXiv:1606.07536).

Usage:
    python benchmarks/cogan_pairs.py                                # fashion_mnist_test, edges
    python benchmarks/cogan_pairs.py --data mnist5k --transform negative --epochs 20
    python benchmarks/cogan_pairs.py --epochs 1 --limit 1000        # smoke test
"""

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="fashion_mnist_test", help="e.g. mnist5k")
    parser.add_argument("--transform", choices=("negative", "edges"), default="edges")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--limit", type=int, help="training images (default: all)")
    parser.add_argument("--filters", type=int, default=64, help="g_filters and d_filters")
    parser.add_argument("--latent-dim", type=int, default=100)
    parser.add_argument("--n", type=int, default=64, help="pairs in the grid")
    parser.add_argument("--n-error", type=int, default=2000, help="pairs for the pair error")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", default=str(HERE / "runs"), help="run folders (not committed)")
    parser.add_argument("--grid", default=str(HERE / "grids" / "cogan_pairs.png"))
    return parser.parse_args(argv)


def pair_errors(pairs, transform, seed):
    """`(paired, shuffled)`: mean squared B - transform(A) of the pairs, and with B shuffled."""
    import numpy as np
    from keras import ops

    from kerasgan.models.latent.cogan import domain_transform
    from kerasgan.models.latent.cogan_networks import split_pair

    a, b = split_pair(pairs)
    expected = ops.convert_to_numpy(domain_transform(a, transform))
    shuffled = b[np.random.default_rng(seed).permutation(len(b))]
    return float(np.mean((b - expected) ** 2)), float(np.mean((shuffled - expected) ** 2))


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    from kerasgan.inference.sampling import load_sampler, write_samples
    from kerasgan.training import TrainSettings, train

    command = " ".join(sys.argv[1:] if argv is None else argv)
    print(f"command: python benchmarks/cogan_pairs.py {command}")
    print(f"backend: {keras.backend.backend()}, keras {keras.__version__}")
    settings = TrainSettings(
        data=args.data,
        epochs=args.epochs,
        batch_size=args.batch_size,
        limit=args.limit,
        seed=args.seed,
        sample_every=args.epochs,
        checkpoint_every=args.epochs,
    )
    options = {
        "transform": args.transform,
        "g_filters": args.filters,
        "d_filters": args.filters,
        "latent_dim": args.latent_dim,
    }
    start = time.perf_counter()
    run = train("cogan", options, settings, out=args.out, verbose=0)
    print(f"run: {run}, {time.perf_counter() - start:.0f} s")

    sampler = load_sampler(run)  # what `kerasgan sample RUN` does
    pairs, _ = sampler.sample(args.n, seed=args.seed)
    grid = write_samples(pairs, args.grid)[0]
    paired, shuffled = pair_errors(
        sampler.sample(args.n_error, seed=args.seed + 1)[0], args.transform, args.seed
    )
    print()
    print(
        f"CoGAN on {args.data} (limit {args.limit or 'none'}), transform {args.transform}, "
        f"{args.epochs} epochs of batch {args.batch_size}, filters {args.filters}, "
        f"seed {args.seed}; {args.n_error} generated pairs"
    )
    print()
    print("| generated pairs | mean squared B - transform(A) |")
    print("|---|---|")
    print(f"| as generated (A and B from one noise vector) | {paired:.4f} |")
    print(f"| B halves shuffled (unpaired reference) | {shuffled:.4f} |")
    print()
    print(f"pairs (domain A left, B right): {grid}")


if __name__ == "__main__":
    main()
