"""Image arrays to grids and PNG (or other image) files.

Generators in kerasgan output float32 NHWC images in [-1, 1]. These helpers
turn such a batch into one uint8 grid and write it as a PNG atomically (a
temporary file in the same folder, then `os.replace`), so a reader never sees
a half-written file.

Example:

```python
images = model.generate(z)                  # (64, 28, 28, 1) in [-1, 1]
grid = make_grid(images, nrow=8)            # (242, 242, 1) uint8
save_png(grid, "samples/epoch_0001.png")    # written as a grey ("L") PNG
```
"""

import math
import os

import numpy as np
from PIL import Image

from kerasgan.runs.atomic import atomic_path


def to_uint8(images):
    """Converts images in [-1, 1] to uint8 in [0, 255].

    Values outside [-1, 1] are clipped; NaN becomes 0 (mid grey would hide the
    problem less well than black). uint8 input is returned unchanged.

    Args:
        images: array-like of any shape, float values in [-1, 1], or uint8.

    Returns:
        A uint8 numpy array of the same shape.
    """
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return images
    images = np.nan_to_num(images.astype(np.float32), nan=-1.0, posinf=1.0, neginf=-1.0)
    scaled = np.rint((images + 1.0) * 127.5)
    return np.clip(scaled, 0, 255).astype(np.uint8)


def make_grid(images, nrow, padding=2, pad_value=255):
    """Tiles a batch of images into one image.

    The layout follows `torchvision.utils.make_grid`: `nrow` images per row,
    `padding` pixels between images and around the border.

    Args:
        images: NHWC (or NHW for grey) array, float in [-1, 1] or uint8.
        nrow: int. Number of images per row (capped at the number of images).
        padding: int. Pixels between cells and around the grid.
        pad_value: int. uint8 value of the padding (255 = white).

    Returns:
        A uint8 array of shape (H, W, C); grey images keep one channel.
    """
    images = to_uint8(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[0] == 0:
        raise ValueError(f"Expected a non-empty NHWC batch of images, got shape {images.shape}.")
    if nrow < 1 or padding < 0:
        raise ValueError(f"Expected nrow >= 1 and padding >= 0, got {nrow} and {padding}.")
    n, height, width, channels = images.shape
    cols = min(nrow, n)
    rows = math.ceil(n / cols)
    cell_h, cell_w = height + padding, width + padding
    grid = np.full(
        (rows * cell_h + padding, cols * cell_w + padding, channels), pad_value, dtype=np.uint8
    )
    for index, image in enumerate(images):
        top = (index // cols) * cell_h + padding
        left = (index % cols) * cell_w + padding
        grid[top : top + height, left : left + width] = image
    return grid


def save_png(array, path):
    """Writes a uint8 image to `path` atomically.

    One channel is saved as a grey ("L") PNG, three as RGB, four as RGBA.
    Missing parent folders are created.

    Args:
        array: uint8 array of shape (H, W), (H, W, 1), (H, W, 3) or (H, W, 4).
        path: str or path-like. Destination file.
    """
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise ValueError(f"save_png expects uint8 pixels, got {array.dtype}; use to_uint8 first.")
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[-1] not in (3, 4)):
        raise ValueError(f"save_png expects HxW, HxWx1, HxWx3 or HxWx4, got {array.shape}.")
    with atomic_path(path, suffix=".png") as tmp_path:
        Image.fromarray(array).save(tmp_path, format="PNG")


IMAGE_FORMATS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".bmp": "BMP",
    ".webp": "WEBP",
    ".gif": "GIF",
}
"""The file format `save_image` writes for each file name ending (any case)."""


def save_image(array, path):
    """Writes a uint8 image to `path` atomically, in the format its extension names.

    `.png` as `save_png` does; `.jpg`/`.jpeg` (quality 95), `.bmp`, `.webp` and
    `.gif` through Pillow (an alpha channel is dropped where the format has none).

    Args:
        array: uint8 array of shape (H, W), (H, W, 1), (H, W, 3) or (H, W, 4).
        path: str or path-like, ending in one of `IMAGE_FORMATS`.

    Raises:
        ValueError: the extension is not one of `IMAGE_FORMATS`.
    """
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in IMAGE_FORMATS:
        raise ValueError(
            f"cannot write {os.fspath(path)}: its extension must be one of "
            f"{', '.join(IMAGE_FORMATS)}."
        )
    if suffix == ".png":
        save_png(array, path)
        return
    array = np.asarray(array)
    if array.dtype != np.uint8:
        raise ValueError(f"save_image expects uint8 pixels, got {array.dtype}; use to_uint8 first.")
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    image = Image.fromarray(array)
    if image.mode == "RGBA" and IMAGE_FORMATS[suffix] in ("JPEG", "BMP"):
        image = image.convert("RGB")
    options = {"quality": 95} if IMAGE_FORMATS[suffix] in ("JPEG", "WEBP") else {}
    with atomic_path(path, suffix=suffix) as tmp_path:
        image.save(tmp_path, format=IMAGE_FORMATS[suffix], **options)


def load_png(path):
    """Reads a PNG (or any image Pillow opens) as a uint8 HxWxC array.

    Grey images come back with one channel, RGBA with four, anything else as RGB.

    Args:
        path: str or path-like.

    Returns:
        A uint8 numpy array of shape (H, W, C).
    """
    with Image.open(path) as image:
        if image.mode == "L":
            return np.asarray(image)[..., None].copy()
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        return np.asarray(image).copy()
