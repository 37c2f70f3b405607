"""Aligned image pairs for image-to-image translation (pix2pix): `PairedDataset`, `load_paired`.

A pair is a source image `a` (e.g. an edge map, a label map, a grey photo) and the target image
`b` the generator should produce from it. Both sides have the same height and width; their
channel counts may differ (grey edges -> RGB photo).

Folders are read in one of two layouts:

- `A/` and `B/` subfolders holding files with the same names (matched by the path without its
  extension, so `A/x.png` pairs with `B/x.jpg`);
- side-by-side images, `a` on the left half and `b` on the right (the pix2pix convention, e.g.
  `facades/train`), every image file under the folder.

Decoded arrays are cached like image folders (see `folder.py`) and memory-mapped afterwards.
`PairedDataset` itself and its helpers live in `pair_datasets.py` (so that `tasks` can build one
without importing this module) and are re-exported here.
"""

import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from kerasgan.data import cache, folder, pixels, tasks
from kerasgan.data.pair_datasets import (
    PairedDataset,
    TwoSides,
    channel_pair,
    check_side,
    resize_side,
)
from kerasgan.data.splits import holdout_indices, sample_indices
from kerasgan.errors import DataError

__all__ = [
    "MAX_LISTED",
    "PairedDataset",
    "TwoSides",
    "cached_array",
    "channel_pair",
    "check_side",
    "decode_side_by_side",
    "holdout_indices",
    "load_paired",
    "match_files",
    "resize_side",
    "sample_indices",
]

MAX_LISTED = 10
"""How many missing partners an error message lists per side."""


def load_paired(spec, image_size=None, channels=None, cache_dir=None):
    """Load aligned pairs from a paired task name or a folder.

    Args:
        spec: a paired task name (see `tasks.list_tasks`, e.g. "edges2fashion"), a folder with
            `A/` and `B/` subfolders of same-named files, or a folder of side-by-side A|B images.
            Write `./name` for a folder that shares a task's name.
        image_size: int or `(height, width)` for both sides (shorter side, then centre crop);
            None keeps the stored size, which must then be the same everywhere.
        channels: 1, 3, a pair `(a_channels, b_channels)`, or None (folders: 1 when every
            image of a side is grey, else 3).
        cache_dir: where folders are decoded to; None uses `$KERASGAN_CACHE` or
            `~/.cache/kerasgan`.

    Returns:
        A `PairedDataset`.

    Example:
        >>> pairs = load_paired("facades/train", image_size=256)   # 256x512 A|B images
        >>> pairs.source_shape, pairs.image_shape
        ((256, 256, 3), (256, 256, 3))
    """
    size = None if image_size is None else pixels.image_size_pair(image_size)
    channels = channel_pair(channels)
    if not isinstance(spec, os.PathLike) and tasks.is_task(str(spec)):
        return tasks.load_task(str(spec), size, channels, kind="paired")
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise tasks.unknown_task_error(spec, "paired")
    cache_dir = Path(cache_dir).expanduser() if cache_dir is not None else cache.default_cache_dir()
    if (path / "A").is_dir() and (path / "B").is_dir():
        return _load_a_b(path, size, channels, cache_dir)
    return _load_side_by_side(path, size, channels, cache_dir)


def _stem(rel):
    return rel.with_suffix("").as_posix()


def match_files(root):
    """Return `(a_files, b_files)` of `root/A` and `root/B`, matched by name without extension."""
    sides = []
    for side in ("A", "B"):
        files, _, _ = folder.scan_folder(root / side)
        by_stem = {}
        for rel in files:
            if _stem(rel) in by_stem:
                raise DataError(
                    f"{root / side} holds both {by_stem[_stem(rel)]} and {rel}: keep one image "
                    "per name, pairs are matched by the name without extension."
                )
            by_stem[_stem(rel)] = rel
        sides.append(by_stem)
    a, b = sides
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    if only_a or only_b:
        raise DataError(
            f"A/ and B/ of {root} do not match: {len(only_a)} names in A/ have no partner in "
            f"B/ {only_a[:MAX_LISTED]} and {len(only_b)} names in B/ have none in A/ "
            f"{only_b[:MAX_LISTED]}: give every image in A/ a file of the same name (any image "
            "extension) in B/."
        )
    stems = sorted(a)
    return [a[s] for s in stems], [b[s] for s in stems]


def _decode_side(side_folder, files, size, channels, cache_dir):
    """Decode `files` of one side through the cache; return `(images, kept_file_indices)`."""
    key = cache.cache_key(
        folder.file_records(side_folder, files),
        image_size=size,
        channels=channels,
        layout="paired-folder",
    )

    def build(tmp):
        kept, unreadable, _ = folder.decode_folder(side_folder, files, size, channels, tmp)
        return {"source": str(side_folder), "kept": kept, "unreadable": unreadable}

    images, meta = cached_array(cache_dir, key, build, side_folder)
    if "kept" not in meta:
        raise DataError(
            f"the cache of {side_folder} in {cache_dir} is damaged (no kept list): delete it or "
            "pass another cache_dir."
        )
    return images, np.asarray(meta["kept"], dtype=np.int64)


def _load_a_b(root, size, channels, cache_dir):
    """Decode `root/A` and `root/B`, keeping the pairs whose two files are both readable."""
    a_files, b_files = match_files(root)
    (a, a_kept), (b, b_kept) = (
        _decode_side(root / side, files, size, side_channels, cache_dir)
        for side, files, side_channels in zip("AB", (a_files, b_files), channels)
    )
    common = np.intersect1d(a_kept, b_kept)
    if len(common) < len(a_files):
        warnings.warn(
            f"skipped {len(a_files) - len(common)} of the {len(a_files)} pairs of {root}: one "
            "of their files is unreadable",
            stacklevel=3,
        )
        a, b = a[np.searchsorted(a_kept, common)], b[np.searchsorted(b_kept, common)]
    return PairedDataset(a, b, name=str(root))


def _load_side_by_side(root, size, channels, cache_dir):
    """Decode side-by-side A|B images under `root` into one cached (N, H, 2W, C) array."""
    files, _, _ = folder.scan_folder(root)
    key = cache.cache_key(
        folder.file_records(root, files), image_size=size, channels=channels, layout="a|b"
    )
    images, meta = cached_array(
        cache_dir, key, lambda tmp: decode_side_by_side(root, files, size, channels, tmp), root
    )
    if meta["unreadable"]:
        warnings.warn(
            f"skipped {len(meta['unreadable'])} unreadable files in {root}, e.g. "
            f"{meta['unreadable'][0]}",
            stacklevel=3,
        )
    half = images.shape[2] // 2
    pairs = PairedDataset(images[:, :, :half], images[:, :, half:], name=str(root))
    return pairs.resized(channels=channels)


def decode_side_by_side(root, files, size, channels, tmp):
    """Decode side-by-side images into the `.npy` file `tmp`; return the cache meta.

    Each half is resized on its own (shorter side, then centre crop) to `size`, or kept when
    `size` is None (then every image must have the same size). Images are decoded as grey when
    every file is grey and no side asks for 3 channels, else as RGB.
    """
    readable, modes, sizes, unreadable = folder.probe_files(root, files)
    if not readable:
        raise DataError(f"none of the {len(files)} image files in {root} could be read.")
    if size is None and len(sizes) > 1:
        raise DataError(
            f"side-by-side images in {root} have {len(sizes)} different sizes: pass image_size "
            "to resize them to one."
        )
    if size is None:
        height, width = next(iter(sizes))
        size = (height, width // 2)
    grey = modes <= folder.GREY_MODES and 3 not in channels
    mode, depth = ("L", 1) if grey else ("RGB", 3)
    out = np.lib.format.open_memmap(
        tmp, mode="w+", dtype=np.uint8, shape=(len(readable), size[0], 2 * size[1], depth)
    )
    kept = 0
    for i in readable:
        try:
            with Image.open(root / files[i]) as image:
                image = folder.to_mode(ImageOps.exif_transpose(image), mode)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            unreadable.append(files[i].as_posix())
            continue
        if image.width % 2:
            raise DataError(
                f"{root / files[i]} is {image.width} pixels wide, an odd width: side-by-side "
                "images need a on the left half and b on the right, or use A/ and B/ subfolders."
            )
        half = image.width // 2
        for j, box in enumerate(((0, 0, half, image.height), (half, 0, 2 * half, image.height))):
            fitted = np.asarray(pixels.fit_image(image.crop(box), size))
            out[kept, :, j * size[1] : (j + 1) * size[1]] = fitted.reshape(*size, depth)
        kept += 1
    if kept < len(readable):
        out.flush()
        del out
        out = np.load(tmp, mmap_mode="r")[:kept].copy()
        with open(tmp, "wb") as file:
            np.save(file, out)
    del out
    return {"source": str(root), "unreadable": unreadable}


def cached_array(cache_dir, key, build, source):
    """Return `(images_memmap, meta)` of cache entry `key`, building it first if missing.

    Args:
        cache_dir: the cache folder.
        key: the entry key, from `cache.cache_key`.
        build: `build(tmp_path) -> meta`: writes a uint8 `.npy` to `tmp_path` (moved into the
            cache when it returns, see `cache.write_entry`).
        source: the folder named in error messages.
    """
    entry = cache.read_entry(cache_dir, key, ("unreadable",))
    if entry is None:
        try:
            cache.write_entry(cache_dir, key, lambda tmp: (None, build(tmp)))
        except OSError as error:
            raise DataError(
                f"cache folder {cache_dir} cannot be written for {source} "
                f"({error.strerror or error}): pass cache_dir or set {cache.CACHE_ENV} to a "
                "writable folder."
            ) from error
        entry = cache.read_entry(cache_dir, key, ("unreadable",))
    if entry is None:
        raise DataError(
            f"the cache of {source} in {cache_dir} cannot be read back: pass another cache_dir."
        )
    images, _, meta = entry
    return images, meta
