"""Evaluating a run folder or a `.keras` generator, and printing the result."""

from pathlib import Path

import numpy as np

from kerasgan import runs
from kerasgan.errors import ConfigError
from kerasgan.metrics.evaluate import DEFAULT_METRICS, evaluate_images
from kerasgan.metrics.generation import generate_balanced
from kerasgan.runs.environment import versions
from kerasgan.runs.settings import check_seed

__all__ = ["evaluate_files", "evaluate_source", "format_table", "generate_balanced"]

METRICS_FILE = "metrics.json"
DEFAULT_N = 10000
"""Images compared when `--n` is not given (the reference's count when smaller)."""
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


def append_result(path, history, result):
    """Appends `result` to a metrics file's history (read by `read_history`) and makes it
    the latest; written atomically."""
    history["evaluations"].append(result)
    history["latest"] = result
    runs.write_json(path, history)


def evaluation_count(n, generated, real, default=DEFAULT_N):
    """How many generated and real images an evaluation compares, and a note when reduced.

    A count left to its default shrinks to what both sides have (with a note); a count
    asked for explicitly is never changed silently: asking for more than a side has is
    an error naming the flag.

    Args:
        n: the count asked for (`--n`), or None for the default.
        generated: how many generated images exist (None: as many as asked, a generator).
        real: how many images the reference has.
        default: the default count when `generated` is None.

    Returns:
        `(count, note or None)`.
    """
    if n is not None:
        n = int(n)
        if generated is not None and n > generated:
            raise ConfigError(
                f"--n {n} asks for more images than the {generated} given: pass --n {generated} "
                "or fewer."
            )
        if n > real:
            raise ConfigError(
                f"--n {n} asks for more images than the reference's {real}: pass --n {real} or "
                "fewer, or a larger --reference."
            )
        return n, None
    wanted = default if generated is None else generated
    count = min(wanted, real)
    note = None
    if count < wanted:
        note = f"{count} images compared, not {wanted}: the reference has only {real}"
    return count, note


def evaluate_source(
    source,
    metrics=DEFAULT_METRICS,
    n=None,
    reference=None,
    extractor="auto",
    seed=0,
    weights=None,
    truncation=None,
    truncation_cutoff=None,
    image_size=None,
    baselines=False,
    progress=None,
    cache_dir=None,
):
    """Evaluates a run folder or `.keras` generator; writes metrics.json into a run folder.

    Args:
        source: a run folder or a `.keras` generator file.
        metrics: metric names (see `kerasgan.metrics.evaluate.METRICS`).
        n: generated and real images (None: 10,000, or all of a smaller reference).
        reference: reference dataset (default: the run's training data, else
            fashion_mnist_test).
        extractor: "auto", "domain" or "inception" (see `evaluate_images`).
        seed: seed of the noise, the real subset and KID's subsets.
        weights: path of the FID Inception weights, if not installed.
        truncation: a style-based generator's truncation psi (None: 1, none).
        truncation_cutoff: truncate only the first this many styles (None: all).
        image_size: resize the reference to this size (None: as stored).
        baselines: also give the metrics of real vs real images and of an untrained
            generator of the same architecture (cached).
        progress: a factory from `kerasgan.progress.progress_bars`, or None.
        cache_dir: cache root for features, statistics and baselines.

    Returns:
        The result dict of `evaluate_images`, with "source" and "versions" (the backend,
        its framework's version, the devices; `kerasgan.runs.environment.versions`) added
        (and "truncation" when set).
    """
    from kerasgan.data import load_dataset
    from kerasgan.inference.pretrained import is_pretrained, read_card
    from kerasgan.inference.sampling import load_sampler
    from kerasgan.metrics.baselines import untrained_anchor

    check_seed(seed)
    if is_pretrained(source) and reference is None:
        reference = read_card(source)[0].get("data")
    sampler = load_sampler(source)
    source = Path(source) if not is_pretrained(source) else Path(".") / str(source)
    sampler.set_truncation(truncation, truncation_cutoff)
    is_run = source.is_dir()
    history = read_history(source / METRICS_FILE) if is_run else None
    if reference is None:
        reference = "fashion_mnist_test"
        if is_run:
            reference = runs.read_config(source)["settings"].get("data") or reference
    dataset = load_dataset(reference, image_size)
    count, count_note = evaluation_count(n, None, len(dataset))
    images, labels = generate_balanced(sampler, count, seed, progress=progress, uint8=True)
    if labels is not None and is_run and not _labels_are_classes(source):
        labels = None  # e.g. InfoGAN's categorical code: no label accuracy
    result = evaluate_images(
        images,
        labels,
        metrics,
        reference=reference,
        extractor=extractor,
        n_real=count,
        seed=seed,
        weights=weights,
        cache_dir=cache_dir,
        out_dir=(source if is_run else source.parent) / "nearest",
        baselines=baselines,
        anchor=untrained_anchor(sampler) if baselines else None,
        progress=progress,
        dataset=dataset,
    )
    if count_note:
        result["notes"].insert(0, count_note)
    result["source"] = str(source)
    result["versions"] = versions()
    if sampler.call_options:
        result["truncation"] = dict(sampler.call_options)
    if is_run:
        append_result(source / METRICS_FILE, history, result)
    return result


def evaluate_files(
    images,
    reference,
    metrics=DEFAULT_METRICS,
    n=None,
    extractor="auto",
    seed=0,
    weights=None,
    out=None,
    image_size=None,
    baselines=False,
    progress=None,
    cache_dir=None,
):
    """Evaluates images made by any tool (a folder, `.npy` or `.npz`) against a reference.

    The protocol is the one `evaluate_source` uses, so kerasgan runs and other libraries'
    samples compare on one scale. The result is appended to `metrics.json` in `out`
    (default: a folder `<images>_evaluation` beside the images), with the nn grids.

    Args:
        images: a folder of images or an array file of generated images.
        reference: the real images: a dataset name (`:split`) or path.
        metrics: metric names.
        n: images compared (None: all generated images, at most the reference's count).
        extractor: "auto", "domain" or "inception".
        seed: seed of the subsets and of KID's subsets.
        weights: path of the FID Inception weights, if not installed.
        out: the folder for metrics.json and the nn grids.
        image_size: resize both image sets to this size (mixed-size folders need it).
        baselines: also give real vs real and uniform-noise values (cached).
        progress: a progress factory or None.
        cache_dir: cache root.

    Returns:
        The result dict of `evaluate_images`, with "source", "out" and "versions" added.
    """
    from kerasgan.data import load_dataset
    from kerasgan.metrics.baselines import noise_anchor

    check_seed(seed)
    path = Path(images).expanduser()
    if not path.exists():
        raise ConfigError(
            f"--images {path} does not exist: give a folder of images or a .npy file."
        )
    out = Path(out) if out is not None else path.parent / f"{path.stem}_evaluation"
    history = read_history(out / METRICS_FILE)
    generated = load_dataset(path, image_size)
    dataset = load_dataset(reference, image_size)
    count, count_note = evaluation_count(n, len(generated), len(dataset))
    if count < len(generated):
        generated = generated.subset(count, seed=seed)
    result = evaluate_images(
        np.asarray(generated.images),
        None,
        metrics,
        reference=reference,
        extractor=extractor,
        n_real=count,
        seed=seed,
        weights=weights,
        cache_dir=cache_dir,
        out_dir=out / "nearest",
        baselines=baselines,
        anchor=noise_anchor(dataset.image_shape) if baselines else None,
        progress=progress,
        dataset=dataset,
    )
    if count_note:
        result["notes"].insert(0, count_note)
    result["source"] = str(path)
    result["out"] = str(out)
    result["versions"] = versions()
    append_result(out / METRICS_FILE, history, result)
    return result


def format_table(result):
    """The result as a small text table (with the baselines' columns when present) and its
    protocol underneath."""
    protocol = result["protocol"]
    baselines = result.get("baselines") or {}
    names = list(baselines)
    header = f"{'metric':32s} {'value':>12s}" + "".join(
        f" {('real data' if name == 'real' else name):>12s}" for name in names
    )
    lines = [header]
    for key, value in result["metrics"].items():
        row = f"{LABELS.get(key, key):32s} {value:12.6g}"
        for name in names:
            other = baselines[name]["metrics"].get(key)
            row += f" {other:12.6g}" if other is not None else f" {'-':>12s}"
        lines.append(row)
    extractor = protocol["extractor"] or "none (pixels only)"
    sha = protocol["extractor_info"].get("weights_sha256")
    lines.append(
        f"protocol: {protocol['n_generated']} generated vs {protocol['n_real']} real images of "
        f"{protocol['reference']}, features: {extractor}"
        + (f" (sha256 {str(sha)[:16]}...)" if sha else "")
        + f", seed {protocol['seed']}"
    )
    for name in names:
        label = "real data" if name == "real" else name
        lines.append(f"{label}: {baselines[name]['note']}, same protocol")
    lines += [f"note: {note}" for note in result.get("notes", [])]
    if result.get("nn_grid"):
        lines.append(f"nearest training images: {', '.join(result['nn_grid'].values())}")
    if result.get("out"):
        lines.append(f"written to {Path(result['out']) / METRICS_FILE}")
    return "\n".join(lines)
