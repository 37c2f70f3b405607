"""Images stored as numpy `.npy` / `.npz` files.

Accepted values: uint8 in [0, 255] (used as is; a `.npy` stays memory-mapped), or other numeric
types in [0, 1], [-1, 1] or [0, 255], detected from the minimum and maximum and converted to uint8
(see `pixels.to_uint8`). Accepted layouts: (N, H, W), (N, H, W, C) and (N, C, H, W), C 1 or 3.
"""

import zipfile
from pathlib import Path

import numpy as np

from kerasgan.data import pixels
from kerasgan.data.dataset import ImageDataset, labels_array
from kerasgan.errors import DataError

IMAGE_KEYS = ("x", "images")
"""`.npz` keys searched, in order, for the images."""

LABEL_KEYS = ("y", "labels")
"""`.npz` keys searched, in order, for the labels."""

CLASS_NAMES_KEY = "class_names"
"""Optional `.npz` key holding one string per class."""


def _open_npy(path):
    try:
        return np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError) as error:
        raise DataError(
            f"{path} is not a readable .npy file ({error}): save it with np.save."
        ) from error


def _open_npz(path):
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise DataError(
            f"{path} is not a readable .npz file ({error}): save it with np.savez."
        ) from error


def _first_key(archive, keys):
    return next((key for key in keys if key in archive.files), None)


def read_npz(path):
    """Return `(images, labels_or_None, class_names_or_None)` from an `.npz` file.

    Args:
        path: an `.npz` with images under `x` or `images`, optional labels under `y` or
            `labels` and optional `class_names` (or a single array, taken as the images).
    """
    with _open_npz(path) as archive:
        key = _first_key(archive, IMAGE_KEYS)
        if key is None and len(archive.files) == 1:
            key = archive.files[0]
        if key is None:
            raise DataError(
                f"{path} has no array named x or images (found {', '.join(archive.files)}): "
                "save the images under x."
            )
        label_key = _first_key(archive, LABEL_KEYS)
        try:
            labels = archive[label_key] if label_key else None
            names = archive[CLASS_NAMES_KEY] if CLASS_NAMES_KEY in archive.files else None
            images = archive[key]
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            raise DataError(
                f"{path} cannot be read without running code it holds ({error}): save plain "
                "numeric arrays (no object arrays) with np.savez."
                if "pickle" in str(error)
                else f"{path} is not a readable .npz file ({error}): save it with np.savez."
            ) from None
    return images, labels, None if names is None else [str(n) for n in names]


def read_labels_file(labels_path, count):
    """Read a `.npy` labels file holding one label per image.

    Args:
        labels_path: path of the `.npy` file.
        count: the number of images the labels must match.
    """
    labels_path = Path(labels_path).expanduser()
    if not labels_path.is_file():
        raise DataError(f"labels file {labels_path} does not exist: pass an existing .npy file.")
    if labels_path.suffix.lower() != ".npy":
        raise DataError(f"labels file {labels_path} is not a .npy file: save labels with np.save.")
    labels = labels_array(_open_npy(labels_path), labels_path)
    if len(labels) and labels.min() < 0:
        raise DataError(f"labels file {labels_path} holds negative labels: use 0, 1, 2...")
    if len(labels) != count:
        raise DataError(
            f"labels file {labels_path} has {len(labels)} labels for {count} images: give one "
            "label per image, in the same order."
        )
    return labels


def load_array_file(path, labels_path=None):
    """Load images (and labels) from a `.npy` or `.npz` file.

    Args:
        path: a `.npy` file of images, or an `.npz` as described in `read_npz`.
        labels_path: optional `.npy` of labels; it replaces labels stored in an `.npz`.

    Returns:
        An `ImageDataset`; a uint8 NHWC `.npy` is memory-mapped, not read.

    Example:
        >>> np.savez("faces.npz", x=images, y=labels)
        >>> load_array_file("faces.npz").num_classes
        2
    """
    path = Path(path).expanduser()
    if path.suffix.lower() == ".npz":
        images, labels, class_names = read_npz(path)
    else:
        images, labels, class_names = _open_npy(path), None, None
    source = str(path)
    images = pixels.to_uint8(pixels.to_nhwc(images, source), source)
    if labels_path is not None:
        labels = read_labels_file(labels_path, len(images))
    if labels is None:
        class_names = None
    elif len(labels) != len(images):
        raise DataError(
            f"{path} has {len(labels)} labels for {len(images)} images: save one label per image."
        )
    return ImageDataset(images, labels, class_names, name=source)
