"""Train an adversarial autoencoder and show its codes and its samples.

Holds out images (the last `--holdout` of a seeded shuffle), trains an AAE on the others, prints
the reconstruction error (mean squared, in [-1, 1] pixel units) on both, saves a grid decoded
from prior samples to `grids/aae_prior_<prior>.png` and, for a 2-D code, a scatter of the
held-out codes coloured by class over prior samples to `grids/aae_latent_<prior>.png`.

Usage:
    python benchmarks/aae.py                                  # 2-D code, mixture prior, 20 epochs
    python benchmarks/aae.py --prior gaussian --data mnist5k
    python benchmarks/aae.py --epochs 1 --limit 500           # smoke test
"""

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--latent-dim", type=int, default=2)
    parser.add_argument("--prior", choices=("mixture", "gaussian"), default="mixture")
    parser.add_argument("--data", default="fashion_mnist_test", help="e.g. mnist5k")
    parser.add_argument("--architecture", choices=("dense", "conv"), default="dense")
    parser.add_argument("--units", default="512,512", help="encoder widths (decoder: reversed)")
    parser.add_argument("--d-units", default="512,512")
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--g-lr", type=float, default=None, help="decoder and encoder")
    parser.add_argument("--d-lr", type=float, default=None)
    parser.add_argument("--holdout", type=int, default=1000, help="held-out images")
    parser.add_argument("--limit", type=int, default=None, help="training images (default: all)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--grids", default=str(HERE / "grids"), help="where the PNGs go")
    return parser.parse_args(argv)


def split(dataset, holdout, limit, seed):
    """`(train_x, test_x, test_y)`: float32 images in [-1, 1], held-out labels (or None)."""
    import numpy as np

    order = np.random.default_rng(seed).permutation(len(dataset))
    if not 0 < holdout < len(order):
        raise SystemExit(f"--holdout must be between 1 and {len(order) - 1}.")
    train, test = order[:-holdout], order[-holdout:]
    if limit:
        train = train[:limit]
    images = dataset.images.astype("float32") / 127.5 - 1.0
    labels = None if dataset.labels is None else dataset.labels[test]
    return images[train], images[test], labels


def save_prior_grid(model, path, seed, n=100):
    from kerasgan.images import make_grid, save_png

    images = model.generate(model.prior_samples(n, seed=seed))
    save_png(make_grid(images, nrow=10), path)


def save_latent_scatter(model, codes, labels, class_names, path, seed):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    prior = model.prior_samples(5000, seed=seed)
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.scatter(prior[:, 0], prior[:, 1], s=2, c="0.85", label="prior samples")
    if labels is None:
        ax.scatter(codes[:, 0], codes[:, 1], s=4, c="tab:blue", label="codes")
    else:
        points = ax.scatter(codes[:, 0], codes[:, 1], s=4, c=labels, cmap="tab10", vmin=0, vmax=9)
        names = class_names or [str(c) for c in range(10)]
        handles, _ = points.legend_elements(num=len(set(labels.tolist())))
        present = sorted(set(labels.tolist()))
        ax.legend(handles, [names[c] for c in present], fontsize=7, loc="upper right")
    limit = 1.3 * float(abs(prior[:, :2]).max())
    outside = int((abs(codes[:, :2]) > limit).any(axis=1).sum())
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_title(
        f"AAE codes of {len(codes)} held-out images ({model.prior} prior; {outside} off the plot)"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    from kerasgan.data import load_dataset
    from kerasgan.models import AAE
    from kerasgan.training import compile_model

    print(f"command: python benchmarks/aae.py {' '.join(sys.argv[1:] if argv is None else argv)}")
    print(f"backend: {keras.backend.backend()}, keras {keras.__version__}")
    keras.utils.set_random_seed(args.seed)
    dataset = load_dataset(args.data)
    train_x, test_x, test_y = split(dataset, args.holdout, args.limit, args.seed)
    model = AAE(
        latent_dim=args.latent_dim,
        image_shape=dataset.image_shape,
        architecture=args.architecture,
        units=tuple(int(u) for u in args.units.split(",")),
        d_units=tuple(int(u) for u in args.d_units.split(",")),
        prior=args.prior,
        seed=args.seed,
    )
    rates = {"g_lr": args.g_lr, "d_lr": args.d_lr}
    compile_model(model, {k: v for k, v in rates.items() if v is not None})
    print(f"{len(train_x)} training and {len(test_x)} held-out images of {args.data}")
    start = time.perf_counter()
    history = model.fit(train_x, batch_size=args.batch_size, epochs=args.epochs, verbose=2)
    seconds = time.perf_counter() - start
    last = {name: round(values[-1], 4) for name, values in history.history.items()}
    print(f"{seconds / args.epochs:.1f} s/epoch; last epoch: {last}")
    print(f"reconstruction MSE, training images: {model.reconstruction_error(train_x[:2000]):.4f}")
    print(f"reconstruction MSE, held-out images: {model.reconstruction_error(test_x):.4f}")
    grids = Path(args.grids)
    prior_grid = grids / f"aae_prior_{args.prior}.png"
    save_prior_grid(model, prior_grid, args.seed)
    print(f"decoded prior samples: {prior_grid}")
    if args.latent_dim == 2:
        scatter = grids / f"aae_latent_{args.prior}.png"
        codes = model.encode(test_x)
        save_latent_scatter(model, codes, test_y, dataset.class_names, scatter, args.seed)
        print(f"latent scatter: {scatter}")


if __name__ == "__main__":
    main()
