"""High-resolution photos for single-image super-resolution (SRGAN): `SuperResolutionDataset`.

Training pairs are made on the fly: a random `crop` x `crop` patch of a photo is the
high-resolution (HR) target and the same patch downscaled `scale` times, bicubic with antialiasing
(PIL), is the low-resolution (LR) input, as in Ledig et al., "Photo-Realistic Single Image
Super-Resolution Using a Generative Adversarial Network", CVPR 2017.
"""

import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from kerasgan.data import folder, tasks
from kerasgan.data.pixels import downscale
from kerasgan.data.superres_dataset import SuperResolutionDataset, check_crop
from kerasgan.errors import DataError

__all__ = ["SuperResolutionDataset", "check_crop", "downscale", "load_superres", "read_photo"]


def read_photo(path):
    """Decode one photo file at its own size as an RGB uint8 array (EXIF rotation applied)."""
    with Image.open(path) as image:
        return np.asarray(folder.to_mode(ImageOps.exif_transpose(image), "RGB"))


def load_superres(spec, scale=4, crop=64):
    """Load HR photos from the super-resolution task name or a folder of photos.

    Args:
        spec: a superres task name ("photos", "photos:train", "photos:test", see
            `tasks.list_tasks`) or a folder: every image file under it, at its own size, as RGB.
            Write `./photos` for a folder of that name.
        scale: the upscaling factor (4 for SRGAN).
        crop: the default HR crop size, divisible by `scale`.

    Returns:
        A `SuperResolutionDataset`; photos are held in memory.

    Example:
        >>> photos = load_superres("my_photos/", scale=4, crop=96)
        >>> photos.source_shape
        (24, 24, 3)
    """
    if not isinstance(spec, os.PathLike) and tasks.is_task(str(spec)):
        data = tasks.load_task(str(spec), kind="superres")
        return SuperResolutionDataset(data.images, scale, data.name, crop)
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise tasks.unknown_task_error(spec, "superres")
    files, _, _ = folder.scan_folder(path)
    images, unreadable = [], []
    for rel in files:
        try:
            images.append(read_photo(path / rel))
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            unreadable.append(rel.as_posix())
    if unreadable:
        warnings.warn(
            f"skipped {len(unreadable)} unreadable files in {path}, e.g. {unreadable[0]}",
            stacklevel=2,
        )
    if not images:
        raise DataError(f"none of the {len(files)} image files in {path} could be read.")
    return SuperResolutionDataset(images, scale, str(path), crop)
