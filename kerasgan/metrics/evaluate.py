"""`evaluate_images()`: generated images against a reference dataset, with the protocol recorded."""

import datetime
from pathlib import Path

import numpy as np

from kerasgan.data import load_dataset
from kerasgan.images import save_png
from kerasgan.metrics.baselines import baseline_results
from kerasgan.metrics.features import as_float, choose_extractor, extract
from kerasgan.metrics.inception_score import inception_score
from kerasgan.metrics.neighbours import nearest_indices, neighbours_grid
from kerasgan.metrics.protocol import (
    DC_K,
    DEFAULT_METRICS,
    FEATURE_METRICS,
    IS_SPLITS,
    KID_SUBSET_SIZE,
    KID_SUBSETS,
    METRICS,
    PR_K,
    as_uint8,
    check_counts,
    feature_metrics,
    load_extractor,
    match_reference,
    parse_metrics,
    probabilities_of,
)
from kerasgan.metrics.reference import cached_features, reference_images, reference_statistics

__all__ = ["DEFAULT_METRICS", "METRICS", "evaluate_images", "parse_metrics", "write_neighbours"]


def evaluate_images(
    generated,
    labels=None,
    metrics=DEFAULT_METRICS,
    reference="fashion_mnist_test",
    extractor="auto",
    n_real=None,
    seed=0,
    weights=None,
    cache_dir=None,
    out_dir=None,
    image_size=None,
    baselines=False,
    anchor=None,
    progress=None,
    dataset=None,
):
    """Metrics of generated images against a reference dataset.

    Args:
        generated: images, NHWC: uint8, or floats in [-1, 1] (quantised to uint8 first,
            as saved images would be).
        labels: the labels asked for (conditional models), for the label accuracy.
        metrics: names from `METRICS`: fid (Frechet distance of features), kid, is
            (Inception Score, or a classifier score with the domain extractor), pr
            (precision/recall, k=3), dc (density/coverage, k=5), nn (nearest training
            images grids, written into `out_dir`; pixels need no extractor).
        reference: dataset name (with optional `:split`) or path.
        extractor: "auto" (domain classifier for (Fashion-)MNIST, FID Inception for
            anything else), "domain" or "inception".
        n_real: number of real images (None: as many as generated; all of them when
            the dataset has fewer).
        seed: seed of the real subset and of KID's subsets.
        weights: path of the FID Inception weights, if not installed.
        cache_dir: where real features, statistics and baselines are cached.
        out_dir: where the nn grids are written.
        image_size: resize the reference to this size first (None: as stored).
        baselines: also compute (or read from the cache) the same metrics for real vs
            real images and for `anchor`, see `kerasgan.metrics.baselines`.
        anchor: the lower anchor for `baselines`, a `kerasgan.metrics.baselines.Anchor`.
        progress: a factory from `kerasgan.progress.progress_bars`, or None (silent).
        dataset: the reference `ImageDataset` when the caller loaded it already.

    Returns:
        A dict with "metrics" (name -> value), "protocol" (what was compared how),
        "notes", "nn_grid" (paths or None), "baselines" (when asked) and "time".
    """
    metrics = tuple(metrics)
    generated = as_uint8(generated)
    n_real = len(generated) if n_real is None else int(n_real)
    if dataset is None:
        dataset = load_dataset(reference, image_size)
    real, dataset = reference_images(dataset, n_real, seed=seed)
    generated, note = match_reference(generated, real.shape[1:])
    notes = [note] if note else []
    check_counts(metrics, len(generated), len(real))
    ref_name = str(reference)
    kind = choose_extractor(extractor, ref_name)
    ext = load_extractor(extractor, ref_name, weights, metrics, notes)
    results, real_features, fake_features, stats_from = {}, None, None, None
    if ext is not None and (set(FEATURE_METRICS) | {"nn"}) & set(metrics):
        real_stats = None
        if set(metrics) & set(FEATURE_METRICS + ("nn",)) != {"fid"}:
            real_features, cache_path = cached_features(real, ext, cache_dir, progress)
        if "fid" in metrics:  # shipped or cached: the same statistics with or without features
            *real_stats, stats_from = reference_statistics(
                real, ext, cache_dir, real_features, progress
            )
        fake_features = extract(
            ext.features, generated, progress, f"features of {len(generated)} generated images"
        )
        results.update(feature_metrics(metrics, real_features, fake_features, seed, real_stats))
    probabilities = None
    if ext is not None and ("is" in metrics or labels is not None):
        if "is" in metrics or ext.probabilities is not None:
            probabilities = probabilities_of(ext, kind, generated, notes, progress)
        if "is" in metrics:
            results["is_mean"], results["is_std"] = inception_score(probabilities, IS_SPLITS)
        if labels is not None and ext.probabilities is not None:
            predicted = probabilities.argmax(axis=1)
            results["label_accuracy"] = float((predicted == np.asarray(labels)).mean())
    nn_grid = None
    if "nn" in metrics and out_dir is not None:
        nn_grid = write_neighbours(generated, real, fake_features, real_features, out_dir)
    protocol = {
        "n_generated": int(len(generated)),
        "n_real": int(len(real)),
        "reference": str(ref_name),
        "reference_name": dataset.name,
        "image_shape": list(real.shape[1:]),
        "extractor": ext.name if ext is not None else None,
        "extractor_info": ext.info if ext is not None else {},
        "seed": int(seed),
        "kid": {
            "subsets": KID_SUBSETS,
            "subset_size": min(KID_SUBSET_SIZE, len(real), len(generated)),
            "kernel": "cubic polynomial",
        },
        "precision_recall_k": PR_K,
        "density_coverage_k": DC_K,
        "is_splits": IS_SPLITS,
        "generated_pixels": "uint8",
    }
    if real_features is not None:
        protocol["reference_features_cache"] = str(cache_path)
    if stats_from is not None:
        protocol["reference_statistics"] = stats_from
    result = {
        "metrics": results,
        "protocol": protocol,
        "notes": notes,
        "nn_grid": nn_grid,
        "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    if baselines and ext is not None:
        result["baselines"] = baseline_results(
            metrics,
            real,
            dataset,
            ext,
            kind=kind,
            seed=seed,
            n_generated=len(generated),
            anchor=anchor,
            cache_dir=cache_dir,
            progress=progress,
        )
    return result


def write_neighbours(generated, real, fake_features, real_features, out_dir, rows=8, k=4):
    """Grids of generated images beside their nearest real images, in pixels and features.

    Args:
        generated: uint8 generated images.
        real: uint8 real images of the same shape.
        fake_features: their features, or None (then only the pixel grid).
        real_features: the real features, or None.
        out_dir: the folder written into.
        rows: generated images shown.
        k: neighbours per row.

    Returns:
        `{"pixels": path, "features": path}` (features only when features are given).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    count = min(rows, len(generated))
    k = min(k, len(real))
    queries = generated[:count]
    indices = {"pixels": nearest_indices(flat(queries), flat(real), k)[0]}
    if fake_features is not None and real_features is not None:
        indices["features"] = nearest_indices(fake_features[:count], real_features, k)[0]
    paths = {}
    for name, index in indices.items():
        path = out_dir / f"nearest_{name}.png"
        grid = neighbours_grid(as_float(queries), as_float(real[np.unique(index)]), remap(index))
        save_png(grid, path)
        paths[name] = str(path)
    return paths


def flat(images):
    """(n, h, w, c) images as (n, h*w*c) rows, without a float copy."""
    return np.asarray(images).reshape(len(images), -1)


def remap(index):
    """Indices into `np.unique(index)` instead of the full set (only those images are read)."""
    return np.searchsorted(np.unique(index), index)
