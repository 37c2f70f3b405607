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
"""

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from kerasgan.data import cache, folder, pixels
from kerasgan.data.dataset import ImageDataset
from kerasgan.errors import DataError

MAX_LISTED = 10
"""How many missing partners an error message lists per side."""


def check_side(images, where):
    """Raise a DataError unless `images` is uint8 (N, H, W, C) with C 1 or 3."""
    images = images if isinstance(images, np.ndarray) else np.asarray(images)
    if images.ndim != 4 or images.dtype != np.uint8 or images.shape[-1] not in (1, 3):
        raise DataError(
            f"{where} has shape {images.shape} and dtype {images.dtype}: expected uint8 "
            "(N, H, W, C) with 1 or 3 channels."
        )
    return images


def channel_pair(channels):
    """Return `(a_channels, b_channels)` from an int, a pair, or None (each 1, 3 or None)."""
    if channels is None or isinstance(channels, (int, np.integer)):
        channels = (channels, channels)
    if len(channels) != 2:
        raise DataError(
            f"channels={channels!r} is not supported: pass 1, 3, or a pair (a_channels, "
            "b_channels) of 1, 3 or None."
        )
    return tuple(pixels.check_channels(c) for c in channels)


def resize_side(images, image_size, channels, name):
    """Resize and/or convert one side with `ImageDataset.resized`; return the uint8 array."""
    return ImageDataset(images, name=name).resized(image_size, channels).images


def sample_indices(count, n, seed, name):
    """Return `n` sorted indices drawn without replacement from `range(count)`."""
    if not 0 < n <= count:
        raise DataError(f"subset n={n} is out of range: {name} has {count} images.")
    return np.sort(np.random.default_rng(seed).choice(count, size=n, replace=False))


def holdout_indices(count, holdout, seed, name):
    """Split `range(count)` into sorted `(train, held)` indices.

    Args:
        count: number of items.
        holdout: an int (items held out) or a float in (0, 1) (fraction held out, at least 1).
        seed: seed of the numpy Generator that draws the held-out items.
        name: the dataset name used in the error message.
    """
    if isinstance(holdout, float) and 0 < holdout < 1:
        held = max(1, int(round(holdout * count)))
    else:
        held = holdout if isinstance(holdout, (int, np.integer)) else -1
    if not 0 < held < count:
        raise DataError(
            f"holdout={holdout!r} leaves nothing to train on or hold out of the {count} images "
            f"of {name}: pass a count from 1 to {count - 1} or a fraction in (0, 1)."
        )
    order = np.random.default_rng(seed).permutation(count)
    return np.sort(order[held:]), np.sort(order[:held])


class TwoSides:
    """Shapes shared by paired and unpaired data: sources `a` and targets `b`.

    Attributes:
        num_classes, labels, class_names: always 0, None, None (the images are
            unlabelled), so that code written for `ImageDataset` can read them.
    """

    num_classes = 0
    labels = None
    class_names = None

    @property
    def source_shape(self):
        """`(height, width, channels)` of one source image (`a`, domain A)."""
        return tuple(int(d) for d in self.a.shape[1:])

    @property
    def image_shape(self):
        """`(height, width, channels)` of one target image (`b`, domain B)."""
        return tuple(int(d) for d in self.b.shape[1:])

    @property
    def images(self):
        """The target images `b`, e.g. the real images of an FID or a sample grid."""
        return self.b


@dataclass(eq=False)
class PairedDataset(TwoSides):
    """Aligned pairs: `a[i]` is the source of target `b[i]`.

    Args:
        a: uint8 array (N, H, W, Ca), Ca 1 or 3: the generator's input.
        b: uint8 array (N, H, W, Cb), Cb 1 or 3: the images to produce. Ca may differ from Cb.
        name: where the pairs came from (a task name or a path), used in messages.

    Attributes:
        num_classes, labels, class_names: always 0, None, None (pairs are unlabelled), so that
            code written for `ImageDataset` can read them.

    Example:
        >>> pairs = PairedDataset(edges, items, name="edges2fashion")
        >>> pairs.source_shape, pairs.image_shape
        ((28, 28, 1), (28, 28, 1))
        >>> a, b = pairs.batches(16, crop=24, flip=True)[0]
    """

    a: np.ndarray
    b: np.ndarray
    name: str = "pairs"

    def __post_init__(self):
        self.a = check_side(self.a, f"side a of {self.name}")
        self.b = check_side(self.b, f"side b of {self.name}")
        if len(self.a) != len(self.b):
            raise DataError(
                f"{self.name} has {len(self.a)} a images for {len(self.b)} b images: give one "
                "b image per a image."
            )
        if self.a.shape[1:3] != self.b.shape[1:3]:
            raise DataError(
                f"{self.name} pairs {self.a.shape[1]}x{self.a.shape[2]} a images with "
                f"{self.b.shape[1]}x{self.b.shape[2]} b images: pass image_size to resize "
                "both sides to one size."
            )

    def __len__(self):
        return len(self.a)

    def __repr__(self):
        return (
            f"PairedDataset(name={self.name!r}, pairs={len(self)}, "
            f"source_shape={self.source_shape}, image_shape={self.image_shape})"
        )

    def subset(self, n, seed=0):
        """Return `n` pairs drawn without replacement, kept in their original order.

        Args:
            n: number of pairs, 1 to `len(self)`.
            seed: seed of the numpy Generator that draws them.
        """
        index = sample_indices(len(self), n, seed, self.name)
        return PairedDataset(self.a[index], self.b[index], self.name)

    def split(self, holdout, seed=0):
        """Return `(train, held)` PairedDatasets, each in the original order.

        Args:
            holdout: number of pairs held out, or a fraction in (0, 1).
            seed: seed of the numpy Generator that draws the held-out pairs.

        Example:
            >>> train, test = pairs.split(0.1)
        """
        train, held = holdout_indices(len(self), holdout, seed, self.name)
        return (
            PairedDataset(self.a[train], self.b[train], self.name),
            PairedDataset(self.a[held], self.b[held], f"{self.name} (held out)"),
        )

    def resized(self, image_size=None, channels=None):
        """Return these pairs at another size and/or channel count (see `ImageDataset.resized`).

        Args:
            image_size: an int or `(height, width)` for both sides, or None to keep the size.
            channels: 1 or 3 for both sides, a pair `(a_channels, b_channels)` (each 1, 3 or
                None), or None to keep the channel counts.

        Example:
            >>> pairs.resized(32, channels=(1, 3)).image_shape
            (32, 32, 3)
        """
        a_channels, b_channels = channel_pair(channels)
        a = resize_side(self.a, image_size, a_channels, self.name)
        b = resize_side(self.b, image_size, b_channels, self.name)
        if a is self.a and b is self.b:
            return self
        return PairedDataset(a, b, self.name)

    def batches(self, batch_size, shuffle=True, seed=0, crop=None, flip=False, load_size=None):
        """Return a `PairBatches` PyDataset of `(a, b)` float32 batches in [-1, 1].

        Both images of a pair get the same resize, crop and flip. Incomplete batches are dropped.

        Args:
            batch_size: pairs per batch.
            shuffle: draw a new order every epoch (from `seed` and the epoch number).
            seed: seed of the order and of the crops and flips.
            crop: an int or `(height, width)`: random crops of this size; None keeps the size.
            flip: flip each pair horizontally with probability 1/2.
            load_size: an int or `(height, width)` to resize to before cropping, or None.

        Example:
            >>> a, b = load_paired("edges2fashion").batches(8, crop=24, flip=True)[0]
        """
        from kerasgan.data.pair_batches import PairBatches

        return PairBatches(
            self.a, self.b, batch_size, shuffle, seed, crop, flip, load_size, name=self.name
        )


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
    from kerasgan.data import tasks

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
        build: `build(tmp_path) -> meta`: writes a uint8 `.npy` to `tmp_path`.
        source: the folder named in error messages.
    """
    entry = cache.read_entry(cache_dir, key)
    if entry is None:
        images_path = cache.entry_paths(cache_dir, key)[0]
        tmp = cache.temporary_path(images_path)
        try:
            images_path.parent.mkdir(parents=True, exist_ok=True)
            meta = build(tmp)
            cache.commit_entry(cache_dir, key, tmp, None, meta)
        except OSError as error:
            raise DataError(
                f"cache folder {cache_dir} cannot be written for {source} "
                f"({error.strerror or error}): pass cache_dir or set {cache.CACHE_ENV} to a "
                "writable folder."
            ) from error
        finally:
            if tmp.exists():
                tmp.unlink()
        entry = cache.read_entry(cache_dir, key)
    if entry is None:
        raise DataError(
            f"the cache of {source} in {cache_dir} cannot be read back: pass another cache_dir."
        )
    images, _, meta = entry
    return images, meta
