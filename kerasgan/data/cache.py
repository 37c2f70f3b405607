"""The decoded-image cache: where it lives, how entries are keyed, written and read.

An entry is three files in `<cache_dir>/images/`: `<key>.images.npy` (uint8 NHWC),
`<key>.labels.npy` (int64, only when labelled) and `<key>.json` (class names and counts). Each is
written through `kerasgan.runs.atomic.atomic_path` (a temporary file, then `os.replace`); the json
goes last, so an entry without its json is incomplete and is ignored.
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from kerasgan.runs.atomic import atomic_path, write_text

CACHE_ENV = "KERASGAN_CACHE"
"""Environment variable that moves the default cache folder."""

FORMAT_VERSION = 1
"""Bumped when the cached layout or the decoding changes, so old entries are not reused."""


def default_cache_dir():
    """Return `$KERASGAN_CACHE` if set, else `~/.cache/kerasgan`."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "kerasgan").expanduser()


def cache_key(records, **settings):
    """Return a hex key for a list of file records and the decode settings.

    Args:
        records: `(relative_path, size, mtime_ns)` tuples, sorted.
        **settings: json-serialisable decode settings (image size, channels...).
    """
    digest = hashlib.sha256()
    digest.update(json.dumps({"version": FORMAT_VERSION, **settings}, sort_keys=True).encode())
    for record in records:
        digest.update(json.dumps(record).encode())
    return digest.hexdigest()[:32]


def entry_paths(cache_dir, key):
    """Return the `(images, labels, meta)` paths of entry `key`."""
    folder = Path(cache_dir) / "images"
    return (
        folder / f"{key}.images.npy",
        folder / f"{key}.labels.npy",
        folder / f"{key}.json",
    )


def read_entry(cache_dir, key, required=()):
    """Return `(images_memmap, labels_or_None, meta)` for a complete entry, or None.

    Images are opened with `np.load(mmap_mode="r")`, so nothing is read until used. An
    entry whose json is not what `write_entry` writes (edited, or `{}`), or whose arrays
    do not match it, is incomplete: None, and the caller writes it again.

    Args:
        cache_dir: the cache folder.
        key: the entry key, from `cache_key`.
        required: keys the caller reads from the meta; an entry without one is incomplete.
    """
    images_path, labels_path, meta_path = entry_paths(cache_dir, key)
    try:
        meta = json.loads(meta_path.read_text())
        if not isinstance(meta, dict) or not isinstance(meta.get("labelled"), bool):
            return None
        if any(name not in meta for name in required):
            return None
        images = np.load(images_path, mmap_mode="r", allow_pickle=False)
        labels = np.load(labels_path, allow_pickle=False) if meta["labelled"] else None
    except (OSError, ValueError):
        return None
    if images.dtype != np.uint8 or images.ndim != 4:
        return None
    if labels is not None and (labels.ndim != 1 or len(labels) != len(images)):
        return None
    return images, labels, meta


def write_entry(cache_dir, key, build):
    """Write entry `key`: the images first, then the labels, then the json that completes it.

    Args:
        cache_dir: the cache folder (created if missing).
        key: the entry key, from `cache_key`.
        build: `build(images_tmp) -> (labels, meta)`. Writes the uint8 images as a `.npy` file
            at the temporary path `images_tmp` (a `Path` ending in `.npy`, in the cache
            folder), which is moved into place when `build` returns; `labels` is an int64
            array or None, `meta` a json-serialisable dict (`labelled` is added).

    Returns:
        The meta as written.

    Raises:
        OSError: the cache folder cannot be written (nothing half-written is left).

    Example:
        >>> def build(tmp):
        ...     np.save(tmp, images)
        ...     return labels, {"class_names": names}
        >>> write_entry(default_cache_dir(), key, build)
    """
    images_path, labels_path, meta_path = entry_paths(cache_dir, key)
    with atomic_path(images_path, suffix=".npy") as tmp:
        labels, meta = build(Path(tmp))
    if labels is not None:
        with atomic_path(labels_path, suffix=".npy") as tmp:
            np.save(tmp, np.asarray(labels, dtype=np.int64))
    meta = {**meta, "labelled": labels is not None}
    write_text(meta_path, json.dumps(meta, indent=1))
    return meta
