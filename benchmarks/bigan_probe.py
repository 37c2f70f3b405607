"""BiGAN's encoder as a feature extractor: a linear probe of its codes, and its reconstructions.

Holds out `--test-size` images (a seeded draw from `--data`, removed from the training images),
trains `kerasgan train bigan` on the others (through `kerasgan.training.train`, into `--out`),
then fits a multinomial logistic regression (`kerasgan.metrics.linear_probe`) on the features of
the training images and prints its held-out accuracy for:

- the trained encoder's codes E(x),
- the same encoder at its initial weights (the run's seed, before any training step),
- the raw pixels (a reference).

Labels are used by the probe only, never by BiGAN. It also saves 50 held-out images (a seeded
draw), each row of 10 above their reconstructions G(E(x)), to `grids/bigan_reconstruction.png`,
and prints the reconstruction error (mean squared, [-1, 1] pixel units) against that of a random
other held-out image, and how often the pixel probe gives G(E(x)) the class of x (BiGAN's
reconstructions are semantic, not pixel-exact: Donahue et al. 2017, arXiv:1605.09782).

Usage:
    python benchmarks/bigan_probe.py                               # mnist5k, 30 epochs
    python benchmarks/bigan_probe.py --data fashion_mnist_test --architecture conv
    python benchmarks/bigan_probe.py --epochs 1 --limit 1000       # smoke test
    python benchmarks/bigan_probe.py --option dropout=0 --option r1_gamma=10   # other options
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="mnist5k", help="labelled dataset, e.g. mnist5k")
    parser.add_argument("--test-size", type=int, default=1000, help="held-out images")
    parser.add_argument("--limit", type=int, help="training images (default: all the rest)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--latent-dim", type=int, default=50)
    parser.add_argument("--architecture", choices=("dense", "conv"), default="dense")
    parser.add_argument("--g-lr", type=float, help="G and E (default: BiGAN's)")
    parser.add_argument("--d-lr", type=float)
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        type=parse_option,
        metavar="KEY=VALUE",
        help="a BiGAN constructor argument, e.g. dropout=0.2 or prior=normal (repeatable)",
    )
    parser.add_argument("--l2", type=float, default=1e-4, help="the probe's L2 weight")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", default=str(HERE / "runs"), help="run folders (not committed)")
    parser.add_argument("--grids", default=str(HERE / "grids"), help="where the PNG goes")
    return parser.parse_args(argv)


def parse_option(text):
    """`(key, value)` of a `KEY=VALUE` option; the value is an int, float, tuple or string."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, not {text!r}")
    key = key.strip().replace("-", "_")
    for convert in (int, float):
        try:
            return key, convert(value)
        except ValueError:
            pass
    if "," in value:
        return key, tuple(int(v) for v in value.split(",") if v)
    return key, value


def split_data(name, test_size, limit, seed):
    """`(train, test)` `ImageDataset`s: `test_size` images drawn (seeded) and the rest."""
    import numpy as np

    from kerasgan.data import ImageDataset, load_dataset

    data = load_dataset(name)
    if data.labels is None:
        raise SystemExit(f"{name} has no labels: the probe needs a labelled dataset.")
    if not 0 < test_size < len(data):
        raise SystemExit(f"--test-size must be between 1 and {len(data) - 1}.")
    order = np.random.default_rng(seed).permutation(len(data))
    held, rest = np.sort(order[:test_size]), np.sort(order[test_size:])
    test = ImageDataset(data.images[held], data.labels[held], data.class_names, data.name)
    train = ImageDataset(data.images[rest], data.labels[rest], data.class_names, data.name)
    if limit and limit < len(train):
        train = train.subset(limit, seed=seed)
    return train, test


def train_bigan(train_path, args):
    """Trains BiGAN; returns `(model, initial encoder weights, last epoch's logs, run, seconds)`."""
    import keras

    from kerasgan.training import TrainSettings, train

    class Keep(keras.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.initial = [w.copy() for w in self.model.encoder.get_weights()]

        def on_epoch_end(self, epoch, logs=None):
            self.logs = {k: round(float(v), 4) for k, v in (logs or {}).items()}

        def on_train_end(self, logs=None):
            self.trained = self.model

    keep = Keep()
    settings = TrainSettings(
        data=str(train_path),
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        sample_every=args.epochs,
        checkpoint_every=args.epochs,
        optimizer={k: v for k, v in (("g_lr", args.g_lr), ("d_lr", args.d_lr)) if v is not None},
    )
    options = {"latent_dim": args.latent_dim, "architecture": args.architecture}
    options.update(args.option)
    start = time.perf_counter()
    run = train("bigan", options, settings, out=args.out, callbacks=[keep], verbose=0)
    return keep.trained, keep.initial, keep.logs, run, time.perf_counter() - start


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import numpy as np

    from kerasgan.images import save_png
    from kerasgan.metrics.linear_probe import fit_linear_probe

    command = " ".join(sys.argv[1:] if argv is None else argv)
    print(f"command: python benchmarks/bigan_probe.py {command}")
    print(f"backend: {keras.backend.backend()}, keras {keras.__version__}")
    train_data, test = split_data(args.data, args.test_size, args.limit, args.seed)
    print(
        f"data: {args.data}, {len(train_data)} training images (BiGAN and the probe), "
        f"{len(test)} held-out images, {train_data.num_classes} classes"
    )
    with tempfile.TemporaryDirectory() as tmp:
        train_path = Path(tmp) / "train.npz"
        np.savez(train_path, x=train_data.images, y=train_data.labels)
        model, initial, logs, run, seconds = train_bigan(train_path, args)
    print(f"run: {run}, {seconds:.0f} s; last epoch: {logs}")

    train_x = train_data.images.astype("float32") / 127.5 - 1.0
    test_x = test.images.astype("float32") / 127.5 - 1.0
    train_y, test_y = train_data.labels, test.labels
    classes = int(max(train_y.max(), test_y.max()) + 1)

    def probe(train_features, test_features):
        fitted = fit_linear_probe(train_features, train_y, classes, l2=args.l2)
        return fitted, fitted.accuracy(test_features, test_y)

    rows = [(f"BiGAN encoder E(x), trained {args.epochs} epochs", args.latent_dim)]
    accuracies = [probe(model.encode(train_x), model.encode(test_x))[1]]
    rebuilt = model.reconstruct(test_x)
    error = float(np.mean(np.square(test_x - rebuilt)))
    other = test_x[np.random.default_rng(args.seed).permutation(len(test_x))]
    baseline_error = float(np.mean(np.square(test_x - other)))
    grid = Path(args.grids) / "bigan_reconstruction.png"
    shown = np.random.default_rng(args.seed).permutation(len(test_x))[:50]  # mnist5k is sorted
    save_png(model.reconstruction_grid(test_x[shown], per_row=10), grid)

    model.encoder.set_weights(initial)  # the same encoder before training
    rows.append(("the same encoder at its initial weights (untrained)", args.latent_dim))
    accuracies.append(probe(model.encode(train_x), model.encode(test_x))[1])
    pixels, pixel_accuracy = probe(train_x, test_x)
    rows.append(("raw pixels", int(np.prod(train_x.shape[1:]))))
    accuracies.append(pixel_accuracy)

    print()
    print(
        f"{args.architecture} BiGAN, latent_dim {args.latent_dim}, {args.epochs} epochs of batch "
        f"{args.batch_size}, seed {args.seed}, options {dict(args.option)}; probe: softmax "
        f"regression on standardised features, L2 {args.l2}, fitted on the {len(train_x)} "
        "training images"
    )
    print()
    print("| features | dimensions | held-out accuracy |")
    print("|---|---|---|")
    for (name, dims), accuracy in zip(rows, accuracies):
        print(f"| {name} | {dims} | {accuracy:.4f} |")
    print()
    print("| held-out images | value |")
    print("|---|---|")
    print(f"| reconstruction MSE, x vs G(E(x)) | {error:.4f} |")
    print(f"| MSE, x vs a random other held-out image | {baseline_error:.4f} |")
    print(f"| pixel probe gives x its class | {pixels.accuracy(test_x, test_y):.4f} |")
    print(f"| pixel probe gives G(E(x)) the class of x | {pixels.accuracy(rebuilt, test_y):.4f} |")
    print()
    print(f"reconstructions (rows of held-out images, G(E(x)) below each): {grid}")


if __name__ == "__main__":
    main()
