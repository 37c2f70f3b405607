"""`evaluate()`: generated images against a reference dataset, with the protocol recorded."""

import datetime
from pathlib import Path

import numpy as np

from kerasgan.errors import KerasGANError
from kerasgan.images import save_png, to_uint8
from kerasgan.metrics.features import get_extractor
from kerasgan.metrics.frechet import feature_statistics, frechet_distance
from kerasgan.metrics.inception_score import inception_score
from kerasgan.metrics.kid import kernel_inception_distance
from kerasgan.metrics.neighbours import nearest_indices, neighbours_grid, pixel_vectors
from kerasgan.metrics.precision_recall import density_coverage, precision_recall
from kerasgan.metrics.reference import cached_features, reference_images

METRICS = ("fid", "kid", "is", "pr", "dc", "nn")
DEFAULT_METRICS = ("fid", "kid", "pr", "dc")


def parse_metrics(text):
    """`"fid,kid"` -> ("fid", "kid"); unknown names raise KerasGANError."""
    names = tuple(m.strip().lower() for m in str(text).split(",") if m.strip())
    unknown = [m for m in names if m not in METRICS]
    if unknown or not names:
        raise KerasGANError(
            f"unknown metrics {unknown or text!r}; choose from {','.join(METRICS)}."
        )
    return names


def match_reference(images, shape):
    """Converts generated images to the reference's size and channels; returns a note."""
    if tuple(images.shape[1:]) == tuple(shape):
        return images, None
    from kerasgan.data import ImageDataset

    converted = ImageDataset(to_uint8(images)).resized(shape[:2], shape[2])
    note = (
        f"generated images {'x'.join(map(str, images.shape[1:]))} were converted to the "
        f"reference's {'x'.join(map(str, shape))}"
    )
    return np.asarray(converted.images, np.float32) / 127.5 - 1.0, note


def evaluate_images(
    generated,
    labels=None,
    metrics=DEFAULT_METRICS,
    reference="fashion_mnist_test",
    extractor="domain",
    n_real=10000,
    seed=0,
    weights=None,
    cache_dir=None,
    out_dir=None,
):
    """Metrics of generated images against a reference dataset.

    Args:
        generated: float images in [-1, 1], NHWC.
        labels: the labels asked for (conditional models), for the label accuracy.
        metrics: names from `METRICS`: fid (Frechet distance of features), kid, is
            (Inception Score, or a classifier score with the domain extractor), pr
            (precision/recall, k=3), dc (density/coverage, k=5), nn (nearest training
            images grid, written into `out_dir`).
        reference: dataset name (with optional `:split`) or path of the real images.
        extractor: "domain" or "inception".
        n_real: number of real images (all of them when the dataset has fewer).
        seed: seed of the real subset and of KID's subsets.
        weights: path of the FID Inception weights, if not installed.
        cache_dir: where real features are cached.
        out_dir: where the nn grid is written.

    Returns:
        A dict with "metrics" (name -> value) and "protocol" (what was compared how).
    """
    metrics = tuple(metrics)
    real, dataset = reference_images(reference, n_real, seed=seed)
    generated, note = match_reference(np.asarray(generated, np.float32), real.shape[1:])
    notes = [note] if note else []
    for name, k in (("pr", 3), ("dc", 5)):
        if name in metrics and min(len(real), len(generated)) <= k:
            raise KerasGANError(
                f"{name} compares each image with its {k} nearest neighbours: it needs at least "
                f"{k + 1} generated and {k + 1} real images, not {len(generated)} and {len(real)}."
            )
    ext = get_extractor(extractor, reference, weights)
    need_features = {"fid", "kid", "pr", "dc", "nn"} & set(metrics)
    results = {}
    if need_features:
        real_features, cache_path = cached_features(real, ext, cache_dir)
        fake_features = np.asarray(ext.features(generated), np.float64)
    if "fid" in metrics:
        if len(generated) < 2 or len(real) < 2:
            raise KerasGANError(
                "the Frechet distance needs at least 2 generated and 2 real images."
            )
        results["fid"] = frechet_distance(
            *feature_statistics(real_features), *feature_statistics(fake_features)
        )
    if "kid" in metrics:
        results["kid_mean"], results["kid_std"] = kernel_inception_distance(
            real_features, fake_features, subsets=100, subset_size=1000, seed=seed
        )
    if "pr" in metrics:
        results["precision"], results["recall"] = precision_recall(real_features, fake_features)
    if "dc" in metrics:
        results["density"], results["coverage"] = density_coverage(real_features, fake_features)
    if "is" in metrics or labels is not None:
        probabilities = _probabilities(ext, extractor, generated, notes)
        if "is" in metrics:
            results["is_mean"], results["is_std"] = inception_score(probabilities, splits=10)
        if labels is not None and ext.probabilities is not None:
            predicted = probabilities.argmax(axis=1)
            results["label_accuracy"] = float((predicted == np.asarray(labels)).mean())
    nn_grid = None
    if "nn" in metrics and out_dir is not None:
        nn_grid = _write_neighbours(generated, real, fake_features, real_features, out_dir)
    protocol = {
        "n_generated": int(len(generated)),
        "n_real": int(len(real)),
        "reference": str(reference),
        "reference_name": dataset.name,
        "extractor": ext.name,
        "extractor_info": ext.info,
        "seed": int(seed),
        "kid": {
            "subsets": 100,
            "subset_size": min(1000, len(real), len(generated)),
            "kernel": "cubic polynomial",
        },
        "precision_recall_k": 3,
        "density_coverage_k": 5,
        "is_splits": 10,
    }
    if need_features:
        protocol["reference_features_cache"] = str(cache_path)
    return {
        "metrics": results,
        "protocol": protocol,
        "notes": notes,
        "nn_grid": nn_grid,
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def _probabilities(ext, kind, generated, notes):
    if kind == "domain":
        return np.asarray(ext.probabilities(generated), np.float64)
    from kerasgan.metrics.extractors.imagenet_inception import (
        imagenet_probabilities,
        load_imagenet_inception,
    )

    notes.append("IS from Keras' InceptionV3 (1000 ImageNet classes)")
    model, _ = load_imagenet_inception()
    return np.asarray(imagenet_probabilities(model, generated), np.float64)


def _write_neighbours(generated, real, fake_features, real_features, out_dir, rows=8, k=4):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    count = min(rows, len(generated))
    pixel_index, _ = nearest_indices(pixel_vectors(generated[:count]), pixel_vectors(real), k)
    feature_index, _ = nearest_indices(fake_features[:count], real_features, k)
    paths = {}
    for name, index in (("pixels", pixel_index), ("features", feature_index)):
        path = out_dir / f"nearest_{name}.png"
        save_png(neighbours_grid(generated[:count], real, index), path)
        paths[name] = str(path)
    return paths
