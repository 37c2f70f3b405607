"""The decoded-image cache: where it lives, how entries are keyed, written and read.

An entry is three files in `<cache_dir>/images/`: `<key>.images.npy` (uint8 NHWC),
`<key>.labels.npy` (int64, only when labelled) and `<key>.json` (class names and counts). Each is
written to a temporary file then moved into place with `os.replace`; the json goes last, so an
entry without its json is incomplete and is ignored.
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np

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


def temporary_path(path):
    """Return a unique temporary sibling of `path` (same folder, so `os.replace` is atomic)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def read_entry(cache_dir, key):
    """Return `(images_memmap, labels_or_None, meta)` for a complete entry, or None.

    Images are opened with `np.load(mmap_mode="r")`, so nothing is read until used.
    """
    images_path, labels_path, meta_path = entry_paths(cache_dir, key)
    try:
        meta = json.loads(meta_path.read_text())
        images = np.load(images_path, mmap_mode="r")
        labels = np.load(labels_path) if meta.get("labelled") else None
    except (OSError, ValueError):
        return None
    return images, labels, meta


def commit_entry(cache_dir, key, images_tmp, labels, meta):
    """Move a finished images file into the cache and write labels and meta atomically.

    Args:
        cache_dir: the cache folder.
        key: the entry key.
        images_tmp: path of a complete `.npy` written next to the final images path.
        labels: int64 array or None.
        meta: json-serialisable dict; `labelled` is added.
    """
    images_path, labels_path, meta_path = entry_paths(cache_dir, key)
    os.replace(images_tmp, images_path)
    if labels is not None:
        tmp = temporary_path(labels_path)
        with open(tmp, "wb") as file:
            np.save(file, np.asarray(labels, dtype=np.int64))
        os.replace(tmp, labels_path)
    tmp = temporary_path(meta_path)
    tmp.write_text(json.dumps({**meta, "labelled": labels is not None}, indent=1))
    os.replace(tmp, meta_path)
