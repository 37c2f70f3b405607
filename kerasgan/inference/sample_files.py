"""Writing samples to files: checking `--out` first, and folders of any size in batches."""

import os
from pathlib import Path

import numpy as np

from kerasgan import runs
from kerasgan.errors import ConfigError
from kerasgan.images import save_png, to_uint8
from kerasgan.progress import Progress

__all__ = ["check_sample_out", "write_sample_folder"]


def check_sample_out(out):
    """Refuses an `--out` that cannot be written: a non-PNG file, under a file, read-only."""
    out = Path(out)
    is_grid = out.suffix.lower() == ".png"
    if not is_grid and out.exists() and not out.is_dir():
        raise ConfigError(
            f"--out {out} is an existing file that is not a .png: give a .png path for a grid "
            "or a folder for one PNG per image; nothing was written."
        )
    runs.check_out_folder(out.parent if is_grid else out, flag="--out")


PROGRESS_FROM = 1000
"""Writing at least this many samples shows a progress bar (on stderr)."""


def write_sample_folder(sampler, n, out, label=None, seed=0, overwrite=False, batch_size=256):
    """Generates `n` images and writes them into folder `out`, `batch_size` at a time.

    Memory does not grow with `n`: the noise (N(0, I), drawn from one generator in
    order, so the images equal those of `Sampler.sample`), the images and the files
    are made one batch at a time. A variant with its own latent distribution draws
    its `n` latent vectors at once (small next to the images).

    Args:
        sampler: a `Sampler`.
        n: number of images.
        out: the folder (`sample_00000.png`...).
        label: the class of every image (conditional generators); None cycles classes.
        seed: seed of the noise.
        overwrite: False refuses, before writing anything, when a file to be written exists.
        batch_size: images generated and written per step.

    Returns:
        `(first path, number written)`.
    """
    out = Path(out)
    check_sample_out(out)
    existing = _existing_samples(out, n)
    if existing and not overwrite:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise ConfigError(
            f"{existing[0]}{more} already exists: choose another --out or pass --overwrite; "
            "nothing was written."
        )
    labels = sampler.labels_for(n, label)
    rng = np.random.default_rng(seed)
    fixed = None if sampler.variant is None else sampler.sample_latent(n, seed)
    out.mkdir(parents=True, exist_ok=True)
    bar = Progress(f"writing {n} samples to {out}", n) if n >= PROGRESS_FROM else None
    for start in range(0, n, batch_size):
        stop = min(n, start + batch_size)
        if fixed is None:
            z = rng.standard_normal((stop - start, sampler.latent_dim)).astype("float32")
        else:
            z = fixed[start:stop]
        part = None if labels is None else labels[start:stop]
        for index, image in enumerate(to_uint8(sampler.generate(z, part, batch_size)), start):
            save_png(image, out / f"sample_{index:05d}.png")
        if bar is not None:
            bar.update(stop - start)
    if bar is not None:
        bar.close()
    return out / "sample_00000.png", n


def _existing_samples(out, n):
    """The `sample_XXXXX.png` files of folder `out` with an index below `n`, sorted."""
    if not out.is_dir():
        return []
    found = []
    for entry in os.scandir(out):
        stem, suffix = os.path.splitext(entry.name)
        if suffix == ".png" and stem.startswith("sample_") and stem[7:].isdigit():
            if int(stem[7:]) < n:
                found.append(out / entry.name)
    return sorted(found)
