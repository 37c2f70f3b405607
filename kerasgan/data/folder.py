"""Folders of image files, decoded once into the cache and memory-mapped afterwards.

Layout: images directly inside the folder make an unlabelled dataset (subfolders are then read
too); otherwise each first-level subfolder is a class, labelled in sorted name order. Hidden files
and folders (names starting with ".") are ignored.
"""

import os
import stat
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from kerasgan.data import cache, pixels
from kerasgan.data.dataset import ImageDataset
from kerasgan.data.memory import check_memory
from kerasgan.errors import DataError, WriteError
from kerasgan.progress import Progress
from kerasgan.runs import space
from kerasgan.runs.atomic import atomic_path

IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif")
"""File name endings read as images (any case)."""

GREY_MODES = frozenset({"1", "L", "LA", "I", "F", "I;16", "I;16L", "I;16B", "I;16N"})
"""PIL modes counted as grey when choosing the default channel count."""

META_KEYS = ("class_names", "skipped", "example")
PROGRESS_FROM = 1000
"""Folders with at least this many images show a progress bar (on stderr) while decoded."""
"""What a folder's cache entry records besides the arrays."""

_UNREADABLE = (OSError, ValueError, SyntaxError, Image.DecompressionBombError)


def scan_folder(folder):
    """Return `(files, labels, class_names)` for an image folder.

    Args:
        folder: an existing folder.

    Returns:
        `files`: sorted paths relative to `folder`; `labels`: int64 array or None;
        `class_names`: sorted first-level subfolder names holding images, or None.
    """
    files, loops, unread = [], [], []
    for root, names in _walk(folder, loops, unread):
        for name in names:
            if not name.startswith(".") and name.lower().endswith(IMAGE_EXTENSIONS):
                files.append(Path(root, name).relative_to(folder))
    if loops:
        loops.sort(key=lambda p: p.as_posix())
        shown = ", ".join(p.as_posix() for p in loops[:5]) + (", ..." if len(loops) > 5 else "")
        warnings.warn(
            f"skipped {len(loops)} folder link(s) in {folder} that lead to a folder already "
            f"read ({shown}): each folder's images are read once.",
            stacklevel=4,
        )
    if unread:
        first = unread[0]
        warnings.warn(
            f"could not read {len(unread)} folder(s) in {folder} ({first.strerror or first}: "
            f"{first.filename}): their images are left out; make them readable to use them.",
            stacklevel=4,
        )
    if not files:
        raise DataError(
            f"{folder} contains no image files ({', '.join(IMAGE_EXTENSIONS)}): point the data "
            "path at a folder of images."
        )
    files.sort(key=lambda p: p.as_posix())
    if any(len(p.parts) == 1 for p in files):
        return files, None, None
    class_names = sorted({p.parts[0] for p in files})
    index = {name: i for i, name in enumerate(class_names)}
    labels = np.array([index[p.parts[0]] for p in files], dtype=np.int64)
    return files, labels, class_names


def _walk(folder, loops, unread):
    """`os.walk(folder, followlinks=True)` that enters each real folder once.

    Yields `(root, file_names)`. Hidden folders are skipped. A folder link is followed
    only when its target is neither a folder of the tree itself nor one read already
    (so `a -> .` or `cls/up -> ..` neither loop nor repeat images); the links skipped
    are appended to `loops`, relative to `folder`; the `OSError`s of folders that cannot be
    listed (permission denied) to `unread`.
    """
    owned = set()
    for root, dirs, _ in os.walk(folder, onerror=lambda error: None):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        owned.add(os.path.realpath(root))
    visited = set(owned)
    for root, dirs, names in os.walk(folder, followlinks=True, onerror=unread.append):
        kept = []
        for name in dirs:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            real = os.path.realpath(path)
            if not os.path.islink(path) and real in owned:
                kept.append(name)
            elif real in visited:
                loops.append(Path(path).relative_to(folder))
            else:
                visited.add(real)
                kept.append(name)
        dirs[:] = kept
        yield root, names


def file_records(folder, files):
    """Return `(relative_path, size, mtime_ns)` for each file, the cache key's input."""
    records = []
    for rel in files:
        stat = os.stat(folder / rel)
        records.append((rel.as_posix(), stat.st_size, stat.st_mtime_ns))
    return records


def to_mode(image, mode):
    """Convert a PIL image to "L" or "RGB": 16-bit scaled to 8, transparency over white."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        values = np.asarray(image, dtype=np.float32)
        top = 65535.0 if values.max(initial=0) > 255 else 255.0
        image = Image.fromarray(np.rint(values * (255.0 / top)).clip(0, 255).astype(np.uint8))
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
        image = Image.alpha_composite(Image.new("RGBA", image.size, (255, 255, 255, 255)), image)
    return image.convert(mode)


def decode_image(path, mode, size):
    """Decode one image file to a uint8 array of `size` in `mode` ("L" or "RGB").

    JPEGs are decoded at a reduced scale when much larger than `size`; EXIF rotation is applied;
    the image is then resized (shorter side) and centre cropped, see `pixels.fit_image`.
    """
    with Image.open(path) as image:
        side = max(size)
        image.draft(mode, (side, side))
        image = to_mode(ImageOps.exif_transpose(image), mode)
        return np.asarray(pixels.fit_image(image, size))


def probe_files(folder, files, denied=None):
    """Open each file's header; return `(readable_indices, modes, sizes_hw, unreadable)`.

    Args:
        folder: the image folder.
        files: paths relative to it.
        denied: a list that receives the files refused with "permission denied".
    """
    readable, modes, sizes, unreadable = [], set(), set(), []
    for i, rel in enumerate(files):
        try:
            if not stat.S_ISREG(os.stat(folder / rel).st_mode):  # a FIFO would block the open
                raise OSError(f"{rel} is not a regular file")
            with Image.open(folder / rel) as image:
                modes.add(image.mode)
                sizes.add((image.height, image.width))
        except PermissionError:
            unreadable.append(rel.as_posix())
            if denied is not None:
                denied.append(rel.as_posix())
            continue
        except _UNREADABLE:
            unreadable.append(rel.as_posix())
            continue
        readable.append(i)
    return readable, modes, sizes, unreadable


def decode_folder(folder, files, size, channels, tmp):
    """Decode the readable images of `files` into the `.npy` file `tmp`.

    With `channels=None`, images are decoded as grey when every file has a grey mode; otherwise
    as RGB, and the array is reduced to one channel afterwards if every image had R = G = B.

    Returns:
        `(kept_indices, unreadable, channels)`: the files decoded, in order, and those skipped.
    """
    denied = []
    readable, modes, sizes, unreadable = probe_files(folder, files, denied)
    if not readable:
        raise _nothing_readable(folder, files, unreadable, denied)
    if size is None:
        if len(sizes) > 1:
            raise DataError(
                f"images in {folder} have {len(sizes)} different sizes: pass --image-size N "
                "(image_size=N from Python) to resize them to one."
            )
        size = sizes.pop()
    auto = channels is None
    if auto:
        channels = 1 if modes <= GREY_MODES else 3
    mode = "L" if channels == 1 else "RGB"
    _check_sizes(folder, len(readable), size, channels, Path(tmp).parent)
    out = np.lib.format.open_memmap(
        tmp, mode="w+", dtype=np.uint8, shape=(len(readable), *size, channels)
    )
    space.reserve(tmp, os.path.getsize(tmp))  # a full disk fails here, not with a SIGBUS
    kept, all_grey = [], auto
    bar = None
    if len(readable) >= PROGRESS_FROM:  # a first decode of a large folder takes a while
        bar = Progress(
            f"decoding {len(readable)} images of {folder} (once: then cached)", len(readable)
        )
    for i in readable:
        if bar is not None:
            bar.update(1)
        try:
            image = decode_image(folder / files[i], mode, size).reshape(*size, channels)
        except _UNREADABLE:
            unreadable.append(files[i].as_posix())
            continue
        out[len(kept)] = image
        kept.append(i)
        all_grey = all_grey and _is_grey(image)
    if bar is not None:
        bar.close()
    if not kept:
        raise _nothing_readable(folder, files, unreadable)
    if len(kept) < len(readable) or (all_grey and channels == 3):
        channels = 1 if all_grey else channels
        out = _rewrite(out, tmp, len(kept), channels)
    out.flush()
    del out
    return kept, unreadable, channels


def _check_sizes(folder, count, size, channels, cache_folder):
    """Refuses a decode whose image or cache entry cannot fit in memory or on the disk."""
    one = size[0] * size[1] * max(channels, 3)  # PIL decodes to RGB before converting
    check_memory(
        2 * one,
        f"images of {size[1]}x{size[0]} decoded from {folder}",
        "pass a smaller --image-size (image_size)",
    )
    space.check_space(
        cache_folder,
        count * size[0] * size[1] * channels,
        f"the decoded cache of the {count} images of {folder} at {size[1]}x{size[0]}",
    )


def _is_grey(image):
    return image.shape[-1] == 1 or bool(
        (image[..., 0] == image[..., 1]).all() and (image[..., 1] == image[..., 2]).all()
    )


def _nothing_readable(folder, files, unreadable, denied=()):
    if denied and len(denied) == len(unreadable):
        return DataError(
            f"none of the {len(files)} image files in {folder} could be read: permission denied "
            f"(e.g. {denied[0]}): make them readable (chmod a+r) or run as their owner."
        )
    return DataError(
        f"none of the {len(files)} image files in {folder} could be read (e.g. "
        f"{unreadable[0]}): check that they are valid images."
    )


def _rewrite(array, path, count, channels):
    """Rewrite the `.npy` memmap `array` at `path` keeping `count` rows and `channels` channels."""
    with atomic_path(path, suffix=".npy") as new_path:
        new = np.lib.format.open_memmap(
            new_path, mode="w+", dtype=array.dtype, shape=(count, *array.shape[1:3], channels)
        )
        for start in range(0, count, pixels.CHUNK):
            stop = min(count, start + pixels.CHUNK)
            new[start:stop] = array[start:stop, ..., :channels]
        new.flush()
        del array
    return new


def load_image_folder(folder, image_size=None, channels=None, cache_dir=None):
    """Load a folder of images, decoding it once into the cache.

    Args:
        folder: path of the folder.
        image_size: int or `(height, width)`; None keeps the size when all images share one.
        channels: 1 or 3; None gives 1 when every image is grey, else 3.
        cache_dir: cache folder; None uses `$KERASGAN_CACHE` or `~/.cache/kerasgan`.

    Returns:
        An `ImageDataset` whose images are a read-only memmap of the cached array.

    Example:
        >>> data = load_image_folder("photos/", image_size=64)   # photos/cats, photos/dogs
        >>> data.class_names
        ['cats', 'dogs']
    """
    folder = Path(folder).expanduser()
    size = None if image_size is None else pixels.image_size_pair(image_size)
    channels = pixels.check_channels(channels)
    files, labels, class_names = scan_folder(folder)
    key = cache.cache_key(file_records(folder, files), image_size=size, channels=channels)
    cache_dir = Path(cache_dir).expanduser() if cache_dir is not None else cache.default_cache_dir()
    entry = cache.read_entry(cache_dir, key, META_KEYS)
    if entry is None:
        _build_entry(folder, files, labels, class_names, size, channels, cache_dir, key)
        entry = cache.read_entry(cache_dir, key, META_KEYS)
    if entry is None:
        raise DataError(
            f"the cache of {folder} in {cache_dir} cannot be read back: pass another cache_dir."
        )
    images, labels, meta = entry
    if meta.get("skipped"):
        warnings.warn(
            f"skipped {meta['skipped']} unreadable files in {folder}, e.g. {meta.get('example')}",
            stacklevel=3,
        )
    return ImageDataset(images, labels, meta.get("class_names"), name=str(folder))


def _build_entry(folder, files, labels, class_names, size, channels, cache_dir, key):
    """Decode `folder` and write its cache entry `key`."""

    def build(tmp):
        kept, unreadable, kept_channels = decode_folder(folder, files, size, channels, tmp)
        meta = {
            "source": str(folder),
            "count": len(kept),
            "channels": kept_channels,
            "class_names": class_names,
            "skipped": len(unreadable),
            "example": unreadable[0] if unreadable else None,
        }
        return (None if labels is None else labels[kept]), meta

    try:
        cache.write_entry(cache_dir, key, build)
    except WriteError as error:  # too little space, found before writing
        raise DataError(str(error)) from None
    except OSError as error:
        raise DataError(
            str(
                space.write_error(
                    error,
                    Path(cache_dir) / "images",
                    what=f"the decoded cache of {folder}",
                    then=f"nothing was left there; set {cache.CACHE_ENV} (or pass cache_dir) to "
                    "another folder.",
                )
            )
        ) from None
