"""Measurements of issue 5's label and latent-structure variants, on trained run folders.

- ACGAN / CGAN: per-class accuracy of the Fashion-MNIST (or MNIST) domain classifier
  on generated images of each requested class (Odena et al. 2017 report the same kind
  of number with an Inception network).
- InfoGAN: how well the categorical code predicted by Q from real images matches the
  true class after the best one-to-one matching of codes to classes (Chen et al.
  2016 report about 5% error on MNIST).

Usage:
    kerasgan train acgan --epochs 10
    python benchmarks/label_structure.py class-accuracy runs/acgan-1
    kerasgan train infogan --data mnist5k --epochs 20
    python benchmarks/label_structure.py code-matching runs/infogan-1 --data mnist5k
"""

import argparse
import os
import sys
from pathlib import Path


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    acc = sub.add_parser("class-accuracy", help="per-class accuracy of a conditional run")
    acc.add_argument("run")
    acc.add_argument("--per-class", type=int, default=1000)
    acc.add_argument("--domain", default="fashion_mnist", help="fashion_mnist or mnist")
    acc.add_argument("--seed", type=int, default=0)
    code = sub.add_parser("code-matching", help="InfoGAN categorical code vs true class")
    code.add_argument("run")
    code.add_argument("--data", default="mnist5k")
    return parser.parse_args(argv)


def load_model(run):
    """The full trained model of a run folder, from its latest checkpoint."""
    from kerasgan import runs
    from kerasgan.callbacks import latest_checkpoint
    from kerasgan.models.registry import get_variant

    config = runs.read_json(Path(run) / runs.CONFIG)
    found = latest_checkpoint(Path(run) / "checkpoints")
    model = get_variant(config["variant"])(**config["arguments"])
    model.load_weights(Path(found[0]) / "model.weights.h5")
    return model, config


def class_accuracy(args):
    import numpy as np

    from kerasgan.inference.sampling import load_sampler
    from kerasgan.metrics.extractors.domain import domain_probabilities, load_domain_classifier

    sampler = load_sampler(args.run)
    k = sampler.num_classes
    labels = np.repeat(np.arange(k), args.per_class)
    z = np.random.default_rng(args.seed).standard_normal((len(labels), sampler.latent_dim))
    images = sampler.generate(z.astype("float32"), labels.astype("int32"))
    classifier, _ = load_domain_classifier(args.domain)
    predicted = domain_probabilities(classifier, images).argmax(axis=1)
    print(f"{args.run}: {args.per_class} images per class, judged by the {args.domain} classifier")
    print()
    print("| class | accuracy |")
    print("|---|---|")
    for c in range(k):
        print(f"| {c} | {(predicted[labels == c] == c).mean():.3f} |")
    print(f"| all | {(predicted == labels).mean():.3f} |")


def code_matching(args):
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    from kerasgan.data import load_dataset

    model, _ = load_model(args.run)
    data = load_dataset(args.data)
    images = data.images.astype("float32") / 127.5 - 1.0
    predicted, _ = model.predict_codes(images)
    k = max(model.categories, data.num_classes)
    counts = np.zeros((k, k), int)
    np.add.at(counts, (predicted, data.labels), 1)
    rows, cols = linear_sum_assignment(-counts)
    accuracy = counts[rows, cols].sum() / len(images)
    print(f"{args.run} on {args.data} ({len(images)} images): after the best one-to-one")
    print(f"matching of its {model.categories} codes to the {data.num_classes} classes,")
    print(f"accuracy {accuracy:.3f}, error {1 - accuracy:.3f}")
    print("code -> class:", dict(zip(rows.tolist(), cols.tolist())))


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    print(f"command: python benchmarks/label_structure.py {' '.join(sys.argv[1:])}")
    {"class-accuracy": class_accuracy, "code-matching": code_matching}[args.command](args)


if __name__ == "__main__":
    main()
