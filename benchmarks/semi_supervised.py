"""Semi-supervised classification: SGAN's D against the same network trained on the labels only.

For each labelled count N, trains `kerasgan train sgan --labeled N` on the training images (all
of them used unlabelled, N of them labelled, picked class-balanced by the run's seed), then
trains the same discriminator network as a plain classifier (cross-entropy only) on exactly the
same N labelled images for the same number of steps
(`kerasgan.models.labels.sgan.supervised_baseline`), and prints a markdown table of both
classifiers' accuracy on held-out images.

Held-out images: `--test-data` when given (e.g. `--data mnist:train --test-data mnist:test`),
else `--test-size` images drawn (seeded) from `--data` and removed from the training images
(`mnist5k`, 5,000 digits in class order, has no split of its own).

Usage:
    python benchmarks/semi_supervised.py --data mnist5k --labeled 100,1000 --epochs 20
    python benchmarks/semi_supervised.py --epochs 1 --labeled 100 --limit 1000   # quick check
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="mnist5k", help="labelled dataset (name or path)")
    parser.add_argument("--test-data", help="held-out dataset (default: split from --data)")
    parser.add_argument("--test-size", type=int, default=1000, help="held-out images")
    parser.add_argument("--labeled", default="100,1000", help="comma list of labelled counts")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--limit", type=int, help="training images (default: all the rest)")
    parser.add_argument("--generator-loss", default="feature_matching")
    parser.add_argument("--filters", type=int, default=64, help="g_filters and d_filters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", default=str(HERE / "runs"), help="run folders (not committed)")
    return parser.parse_args(argv)


def split_data(args):
    """`(train, test)` `ImageDataset`s: a seeded held-out split, or `--test-data`."""
    import numpy as np

    from kerasgan.data import ImageDataset, load_dataset

    data = load_dataset(args.data)
    if args.test_data:
        test = load_dataset(args.test_data)
        if args.test_size and args.test_size < len(test):
            test = test.subset(args.test_size, seed=args.seed)
        train = data
    else:
        order = np.random.default_rng(args.seed).permutation(len(data))
        held, rest = np.sort(order[: args.test_size]), np.sort(order[args.test_size :])
        test = ImageDataset(data.images[held], data.labels[held], data.class_names, data.name)
        train = ImageDataset(data.images[rest], data.labels[rest], data.class_names, data.name)
    if args.limit and args.limit < len(train):
        train = train.subset(args.limit, seed=args.seed)
    return train, test


def run_sgan(train_path, labeled, args):
    """Trains SGAN through `kerasgan.training.train`; returns `(model, run_dir, seconds)`."""
    import keras

    from kerasgan.training import TrainSettings, train

    class Keep(keras.callbacks.Callback):
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
    )
    options = {
        "labeled": labeled,
        "generator_loss": args.generator_loss,
        "g_filters": args.filters,
        "d_filters": args.filters,
    }
    start = time.perf_counter()
    run = train("sgan", options, settings, out=args.out, callbacks=[keep], verbose=0)
    return keep.trained, run, time.perf_counter() - start


def measure(labeled, train_data, train_path, test, args):
    """One table row: SGAN's and the supervised baseline's held-out accuracy for `labeled`."""
    import numpy as np

    from kerasgan.models.labels.sgan import model_images, supervised_baseline

    model, run, sgan_seconds = run_sgan(train_path, labeled, args)
    sgan_accuracy = model.classifier_accuracy(test.images, test.labels)
    index = np.asarray(json.loads((run / "labeled.json").read_text())["indices"])
    steps = args.epochs * (len(train_data) // args.batch_size)
    start = time.perf_counter()
    classifier = supervised_baseline(
        train_data.images[index],
        train_data.labels[index],
        train_data.num_classes,
        steps=steps,
        batch_size=args.batch_size,
        d_filters=args.filters,
        seed=args.seed,
    )
    baseline_seconds = time.perf_counter() - start
    logits = classifier.predict(model_images(test.images), batch_size=256, verbose=0)
    baseline_accuracy = float(np.mean(np.argmax(logits, axis=-1) == test.labels))
    return {
        "labeled": labeled,
        "steps": steps,
        "sgan": sgan_accuracy,
        "baseline": baseline_accuracy,
        "sgan_seconds": sgan_seconds,
        "baseline_seconds": baseline_seconds,
        "run": str(run),
    }


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import numpy as np

    command = " ".join(sys.argv[1:] if argv is None else argv)
    print(f"command: python benchmarks/semi_supervised.py {command}")
    print(f"backend: {keras.backend.backend()}, keras {keras.__version__}")
    train_data, test = split_data(args)
    print(
        f"data: {args.data}, {len(train_data)} training images (all used unlabelled), "
        f"{len(test)} held-out images from {args.test_data or args.data}, "
        f"{train_data.num_classes} classes"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        train_path = Path(tmp) / "train.npz"
        np.savez(train_path, x=train_data.images, y=train_data.labels)
        for labeled in [int(n) for n in args.labeled.split(",") if n.strip()]:
            rows.append(measure(labeled, train_data, train_path, test, args))
            print("done:", json.dumps(rows[-1]), flush=True)
    print()
    print(
        f"{args.epochs} epochs of batch {args.batch_size}, generator loss "
        f"{args.generator_loss}, filters {args.filters}, seed {args.seed}; the baseline trains the "
        "same D network on the same labelled images for the same number of steps"
    )
    print()
    print("| labelled | steps | SGAN accuracy | supervised-only accuracy | SGAN s | baseline s |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['labeled']} | {r['steps']} | {r['sgan']:.4f} | {r['baseline']:.4f} | "
            f"{r['sgan_seconds']:.0f} | {r['baseline_seconds']:.0f} |"
        )


if __name__ == "__main__":
    main()
