"""What a metric's value means: the same protocol on real images and on a lower anchor.

Next to each number `kerasgan evaluate` prints two references measured the same way:

- **real data**: real images against other real images of the same reference, as many as the
  evaluation compares (disjoint sets when the reference has twice as many; otherwise the real
  set is split in two halves, and the note says so);
- **a lower anchor**: an untrained generator of the same architecture (run folders and
  `.keras` files), or uniform noise images (`--images` from another tool).

They are computed once per reference, extractor, protocol and anchor and cached as JSON in
`<cache>/evaluation_baselines/`, so later evaluations print them at no cost.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kerasgan.data.cache import default_cache_dir
from kerasgan.metrics.features import extract
from kerasgan.metrics.generation import generate_balanced
from kerasgan.metrics.inception_score import inception_score
from kerasgan.metrics.protocol import (
    DC_K,
    IS_SPLITS,
    PR_K,
    as_uint8,
    feature_metrics,
    match_reference,
    probabilities_of,
)
from kerasgan.metrics.reference import cached_features, extractor_key, second_real_set
from kerasgan.runs.atomic import write_text

FORMAT = 1
"""Bumped when what a cached baseline holds changes."""


@dataclass
class Anchor:
    """The lower anchor of an evaluation.

    Args:
        name: shown in the table, e.g. "untrained G" or "noise".
        key: identifies what makes the images (architecture, settings), for the cache.
        make: `fn(n, seed) -> (n, h, w, c)` images (uint8, or floats in [-1, 1]).
    """

    name: str
    key: str
    make: Callable


def noise_anchor(shape):
    """Uniform noise images of `shape` (h, w, c), the anchor when no generator is known."""

    def make(n, seed):
        return np.random.default_rng(seed).integers(0, 256, (n, *shape), dtype=np.uint8)

    return Anchor("noise", f"uniform-noise-{'x'.join(map(str, shape))}", make)


def untrained_anchor(sampler):
    """An untrained generator of the sampler's architecture, sampled the sampler's way.

    Args:
        sampler: a `kerasgan.inference.sampling.Sampler` (its variant's hooks and its
            truncation are kept; the weights are freshly initialised, from the
            evaluation's seed).
    """
    import keras

    from kerasgan.inference.sampling import Sampler

    generator = sampler.generator
    config = {"class": type(generator).__name__, "config": generator.get_config()}
    config["call_options"] = sampler.call_options

    def make(n, seed):
        keras.utils.set_random_seed(seed)  # the same untrained weights for the same seed
        fresh = Sampler(keras.models.clone_model(generator), "untrained", sampler.variant)
        fresh.call_options = dict(sampler.call_options)
        return generate_balanced(fresh, n, seed, uint8=True)[0]

    return Anchor("untrained G", "untrained-" + _digest(config), make)


def baseline_results(
    metrics,
    real,
    dataset,
    ext,
    *,
    kind,
    seed,
    n_generated,
    anchor=None,
    cache_dir=None,
    progress=None,
):
    """The evaluation's metrics for real vs real images and for the anchor, cached.

    Args:
        metrics: the metric names evaluated.
        real: the evaluation's uint8 real images.
        dataset: the reference `ImageDataset` (for a disjoint second real set).
        ext: the `Extractor`.
        kind: "domain" or "inception" (for the Inception Score's classifier).
        seed: the evaluation's seed.
        n_generated: how many generated images the evaluation compares.
        anchor: an `Anchor`, or None for real vs real only.
        cache_dir: cache root.
        progress: a progress factory or None.

    Returns:
        A dict: "real" and the anchor's name -> {"metrics": {...}, "note": str}.
    """
    metrics = sorted(set(metrics) - {"nn"})
    parts = (metrics, seed, n_generated, anchor.key if anchor else None, FORMAT)
    key = extractor_key(real, ext) + "-" + _digest(parts)
    path = Path(cache_dir or default_cache_dir()) / "evaluation_baselines" / f"{key}.json"
    if path.is_file():
        try:
            return json.loads(path.read_text())
        except (OSError, ValueError):
            pass  # recomputed below and written again
    rows = {"real": _real_vs_real(metrics, real, dataset, ext, kind, seed, cache_dir, progress)}
    if anchor is not None:
        rows[anchor.name] = _anchor_row(
            metrics, real, ext, kind, seed, n_generated, anchor, cache_dir, progress
        )
    write_text(path, json.dumps(rows, indent=1))
    return rows


def _digest(parts):
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:12]


def _real_vs_real(metrics, real, dataset, ext, kind, seed, cache_dir, progress):
    features, _ = cached_features(real, ext, cache_dir, progress)
    second = second_real_set(dataset, len(real), seed)
    if second is not None:
        other, _ = cached_features(
            second, ext, cache_dir, progress, "features of other real images"
        )
        first_features, note = features, f"{len(real)} vs {len(second)} disjoint real images"
    else:
        order = np.random.default_rng(seed).permutation(len(real))
        half = len(real) // 2
        first_features, other = features[order[:half]], features[order[half : 2 * half]]
        note = (
            f"{half} vs {half} real images (two halves: the reference has {len(dataset)} "
            f"images, fewer than twice {len(real)})"
        )
    values = feature_metrics(usable(metrics, first_features, other), first_features, other, seed)
    if "is" in metrics:
        values["is_mean"], values["is_std"] = inception_score(
            probabilities_of(ext, kind, real, [], progress), IS_SPLITS
        )
    return {"metrics": values, "note": note}


def _anchor_row(metrics, real, ext, kind, seed, n, anchor, cache_dir, progress):
    images, _ = match_reference(as_uint8(anchor.make(n, seed)), real.shape[1:])
    features, _ = cached_features(real, ext, cache_dir, progress)
    fake = extract(ext.features, images, progress, f"features of {n} {anchor.name} images")
    values = feature_metrics(usable(metrics, features, fake), features, fake, seed)
    if "is" in metrics:
        values["is_mean"], values["is_std"] = inception_score(
            probabilities_of(ext, kind, images, [], progress), IS_SPLITS
        )
    return {"metrics": values, "note": f"{n} images of {anchor.name}"}


def usable(metrics, real, fake):
    """The metrics two (possibly halved) sets are large enough for."""
    smallest = min(len(real), len(fake))
    needs = {"pr": PR_K + 1, "dc": DC_K + 1, "fid": 2, "kid": 2}
    return [m for m in metrics if smallest >= needs.get(m, 1)]
