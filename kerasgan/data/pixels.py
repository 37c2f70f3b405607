"""Pixel arrays: value ranges, layouts, channel counts and resizing.

Every dataset in kerasgan ends up as a uint8 array of shape (N, H, W, C) with C 1 (grey) or 3
(RGB). This module turns other arrays into that form and resizes images, always in chunks so that
a large (memory-mapped) array is never converted in one piece.
"""

import numpy as np
from PIL import Image

from kerasgan.errors import DataError

CHUNK = 1024
"""Images converted per chunk by the functions of this module."""

_LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)


def image_size_pair(image_size, where="image_size"):
    """Return `image_size` as a `(height, width)` pair of positive ints.

    Args:
        image_size: an int (square images) or a `(height, width)` pair.
        where: the argument name used in the error message.

    Returns:
        A tuple `(height, width)`.
    """
    if isinstance(image_size, (int, np.integer)):
        pair = (int(image_size), int(image_size))
    else:
        try:
            pair = tuple(int(v) for v in image_size)
        except (TypeError, ValueError):
            pair = ()
    if len(pair) != 2 or min(pair) < 1:
        raise DataError(f"{where}={image_size!r} is not a size: pass an int or (height, width).")
    return pair


def check_channels(channels, where="channels"):
    """Return `channels` as an int after checking that it is 1, 3 or None.

    Args:
        channels: the requested channel count, or None for "keep".
        where: the argument name used in the error message.
    """
    if channels is None:
        return None
    if channels not in (1, 3):
        raise DataError(f"{where}={channels!r} is not supported: use 1 (grey) or 3 (RGB).")
    return int(channels)


def to_nhwc(array, source):
    """Return a view of `array` with shape (N, H, W, C), C in (1, 3).

    Accepts NHW (a channel axis is added), NHWC and NCHW with 1 or 3 channels (moved last).

    Args:
        array: a 3-D or 4-D array (may be a memmap; no data is copied).
        source: the path or name used in error messages.
    """
    if array.ndim == 3:
        return array[..., None]
    if array.ndim == 4:
        if array.shape[-1] in (1, 3):
            return array
        if array.shape[1] in (1, 3):
            return np.moveaxis(array, 1, -1)
    raise DataError(
        f"{source} holds an array of shape {array.shape}: save images as (N, H, W) or "
        "(N, H, W, C) with 1 or 3 channels."
    )


def value_range(array):
    """Return `(min, max)` of `array`, read chunk by chunk."""
    low, high = np.inf, -np.inf
    for start in range(0, len(array), CHUNK):
        chunk = np.asarray(array[start : start + CHUNK])
        if chunk.size:
            low, high = min(low, chunk.min()), max(high, chunk.max())
    return float(low), float(high)


def to_uint8(array, source):
    """Return `array` as uint8 in [0, 255], detecting its value range.

    uint8 arrays are returned unchanged (a memmap stays a memmap). Other numeric arrays are
    scanned for their minimum and maximum and read as, in this order: [0, 1] (scaled by 255),
    [-1, 1] (mapped by (x + 1) * 127.5), or [0, 255] (rounded). Anything else is a DataError.
    A float array of a nearly black [0, 255] image that happens to lie in [0, 1] is read as
    [0, 1]: save uint8 to avoid the ambiguity.

    Args:
        array: an array of any numeric dtype and shape (N, ...).
        source: the path or name used in error messages.
    """
    if array.dtype == np.uint8:
        return array
    if np.issubdtype(array.dtype, np.complexfloating):
        raise DataError(
            f"{source} holds complex ({array.dtype}) values: save real pixel values (for "
            "example the magnitude, np.abs(x))."
        )
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise DataError(f"{source} holds {array.dtype} values: save numeric image arrays.")
    low, high = value_range(array)
    if not np.isfinite([low, high]).all():
        raise DataError(f"{source} holds NaN or infinite values: save finite pixel values.")
    if low >= 0 and high <= 1:
        scale, shift = 255.0, 0.0
    elif low >= -1 and high <= 1:
        scale, shift = 127.5, 1.0
    elif low >= 0 and high <= 255:
        scale, shift = 1.0, 0.0
    else:
        raise DataError(
            f"{source} holds values from {low:g} to {high:g}: save uint8 in [0, 255] or floats "
            "in [0, 1] or [-1, 1]."
        )
    out = np.empty(array.shape, dtype=np.uint8)
    for start in range(0, len(array), CHUNK):
        chunk = np.asarray(array[start : start + CHUNK], dtype=np.float32)
        out[start : start + CHUNK] = np.rint((chunk + shift) * scale).clip(0, 255)
    return out


def convert_channels(images, channels):
    """Convert a uint8 NHWC chunk to `channels` (1: ITU-R 601 luma, 3: grey repeated).

    Args:
        images: a uint8 array (N, H, W, C) with C 1 or 3.
        channels: 1 or 3.
    """
    have = images.shape[-1]
    if have == channels:
        return np.asarray(images)
    if channels == 3:
        return np.repeat(np.asarray(images), 3, axis=-1)
    grey = np.asarray(images, dtype=np.float32) @ _LUMA
    return np.rint(grey).clip(0, 255).astype(np.uint8)[..., None]


def crop_box(width, height, target_h, target_w):
    """Return the centred box of `(width, height)` with the aspect ratio of the target.

    Resizing this box to the target equals resizing the shorter side then centre cropping.
    """
    scale = max(target_w / width, target_h / height)
    box_w, box_h = target_w / scale, target_h / scale
    left, top = (width - box_w) / 2, (height - box_h) / 2
    return (left, top, left + box_w, top + box_h)


def fit_image(image, size):
    """Resize a PIL image to `size` keeping its aspect ratio, then centre crop.

    Args:
        image: a PIL image in mode "L" or "RGB".
        size: `(height, width)` of the result.

    Returns:
        A PIL image of exactly `size`.
    """
    target_h, target_w = size
    if image.size == (target_w, target_h):
        return image
    box = crop_box(image.width, image.height, target_h, target_w)
    return image.resize((target_w, target_h), Image.Resampling.BICUBIC, box=box)


def resize_images(images, size):
    """Resize uint8 NHWC images to `size` (shorter side, then centre crop), chunk by chunk.

    Args:
        images: a uint8 array (N, H, W, C) with C 1 or 3 (may be a memmap).
        size: `(height, width)` of the result.

    Returns:
        A new uint8 array (N, height, width, C) in memory.
    """
    count, _, _, channels = images.shape
    out = np.empty((count, *size, channels), dtype=np.uint8)
    for start in range(0, count, CHUNK):
        chunk = np.asarray(images[start : start + CHUNK])
        for offset, image in enumerate(chunk):
            pil = Image.fromarray(image[..., 0] if channels == 1 else image)
            fitted = np.asarray(fit_image(pil, size))
            out[start + offset] = fitted.reshape(*size, channels)
    return out


def downscale(hr, scale):
    """Downscale uint8 NHWC images `scale` times, bicubic with antialiasing (PIL).

    Args:
        hr: uint8 array (B, H, W, C), H and W divisible by `scale`, C 1 or 3.
        scale: the integer downscaling factor.

    Returns:
        A uint8 array (B, H // scale, W // scale, C).
    """
    count, height, width, channels = hr.shape
    size = (width // scale, height // scale)
    lr = np.empty((count, size[1], size[0], channels), dtype=np.uint8)
    for i, image in enumerate(hr):
        pil = Image.fromarray(image[..., 0] if channels == 1 else image)
        lr[i] = np.asarray(pil.resize(size, Image.Resampling.BICUBIC)).reshape(lr.shape[1:])
    return lr
