"""Evaluating a run folder or a `.keras` generator, and printing the result."""

from pathlib import Path

import numpy as np

from kerasgan import runs
from kerasgan.errors import ConfigError
from kerasgan.metrics.evaluate import DEFAULT_METRICS, evaluate_images
from kerasgan.runs.settings import check_seed

METRICS_FILE = "metrics.json"
LABELS = {
    "fid": "Frechet distance",
    "kid_mean": "KID (mean)",
    "kid_std": "KID (std)",
    "is_mean": "IS / classifier score (mean)",
    "is_std": "IS / classifier score (std)",
    "precision": "precision (k=3)",
    "recall": "recall (k=3)",
    "density": "density (k=5)",
    "coverage": "coverage (k=5)",
    "label_accuracy": "label accuracy",
}


def generate_balanced(sampler_or_model, n, seed=0, batch_size=256):
    """`n` images to evaluate, from fixed noise; conditional models get the classes in turn.

    The noise comes from the model's `sample_latent` and the images are what its
    `evaluation_images` keeps of G's output (CoGAN: domain A's half of each pair).

    Args:
        sampler_or_model: a `kerasgan.inference.sampling.Sampler` or a `kerasgan.models.GAN`.
        n: number of images.
        seed: seed of the noise.
        batch_size: images per generator call.

    Returns:
        `(images, labels or None)`.
    """
    classes = sampler_or_model.num_classes
    z = sampler_or_model.sample_latent(n, seed)
    labels = (np.arange(n) % classes).astype("int32") if classes else None
    images = sampler_or_model.generate(z, labels, batch_size=batch_size)
    return sampler_or_model.evaluation_images(images), labels


def _labels_are_classes(run_dir):
    """Whether the run's variant draws the data's classes when given labels."""
    from kerasgan.models.registry import get_variant

    return get_variant(runs.read_config(run_dir)["variant"]).labels_are_classes


def read_history(path):
    """The `{"evaluations": [...], "latest": ...}` of a run's metrics.json (empty when missing).

    Raises:
        ConfigError: the file holds another structure; it is left as it is.
    """
    path = Path(path)
    if not path.exists():
        return {"evaluations": []}
    history = runs.read_json(path)
    if not isinstance(history, dict) or not isinstance(history.get("evaluations"), list):
        raise ConfigError(
            f'{path} is not a kerasgan metrics file (no "evaluations" list): move it away '
            "(the new result is appended to it); nothing was written."
        )
    return history


def evaluate_source(
    source,
    metrics=DEFAULT_METRICS,
    n=10000,
    reference=None,
    extractor="domain",
    seed=0,
    weights=None,
    truncation=None,
    truncation_cutoff=None,
):
    """Evaluates a run folder or `.keras` generator; writes metrics.json into a run folder.

    Args:
        source: a run folder or a `.keras` generator file.
        metrics: metric names (see `kerasgan.metrics.evaluate.METRICS`).
        n: number of generated images (and of real ones, at most).
        reference: reference dataset (default: the run's training data, else
            fashion_mnist_test).
        extractor: "domain" or "inception".
        seed: seed of the noise, the real subset and KID's subsets.
        weights: path of the FID Inception weights, if not installed.
        truncation: a style-based generator's truncation psi (None: 1, none).
        truncation_cutoff: truncate only the first this many styles (None: all).

    Returns:
        The result dict of `evaluate_images`, with "source" added (and "truncation"
        when set).
    """
    from kerasgan.inference.sampling import load_sampler

    check_seed(seed)
    source = Path(source)
    sampler = load_sampler(source)
    sampler.set_truncation(truncation, truncation_cutoff)
    is_run = source.is_dir()
    history = read_history(source / METRICS_FILE) if is_run else None
    if reference is None:
        reference = "fashion_mnist_test"
        if is_run:
            reference = runs.read_config(source)["settings"].get("data") or reference
    images, labels = generate_balanced(sampler, n, seed=seed)
    if labels is not None and is_run and not _labels_are_classes(source):
        labels = None  # e.g. InfoGAN's categorical code: no label accuracy
    result = evaluate_images(
        images,
        labels,
        metrics,
        reference=reference,
        extractor=extractor,
        n_real=n,
        seed=seed,
        weights=weights,
        out_dir=(source if is_run else source.parent) / "nearest",
    )
    result["source"] = str(source)
    if sampler.call_options:
        result["truncation"] = dict(sampler.call_options)
    if is_run:
        history["evaluations"].append(result)
        history["latest"] = result
        runs.write_json(source / METRICS_FILE, history)
    return result


def format_table(result):
    """The result as a small text table with its protocol underneath."""
    protocol = result["protocol"]
    lines = [f"{'metric':32s} value"]
    for key, value in result["metrics"].items():
        lines.append(f"{LABELS.get(key, key):32s} {value:.6g}")
    lines.append(
        f"protocol: {protocol['n_generated']} generated vs {protocol['n_real']} real images of "
        f"{protocol['reference']}, features: {protocol['extractor']} "
        f"(sha256 {str(protocol['extractor_info'].get('weights_sha256'))[:16]}...), "
        f"seed {protocol['seed']}"
    )
    lines += [f"note: {note}" for note in result.get("notes", [])]
    if result.get("nn_grid"):
        lines.append(f"nearest training images: {', '.join(result['nn_grid'].values())}")
    return "\n".join(lines)
