"""`resize_and_convert`: the work `kerasgan.data.dataset.ResizedDataset` does on first read.

`ImageDataset.resized` returns a `ResizedDataset`. Taking a `subset` first (the CLI's
`--limit`) resizes only the images kept; reading `images` resizes them all, once, after
checking that the result fits in memory (`kerasgan.data.memory.check_memory`).
"""

import numpy as np

from kerasgan.data import pixels
from kerasgan.data.memory import check_memory

__all__ = ["resize_and_convert"]


def resize_and_convert(images, size, channels, name="images"):
    """uint8 NHWC `images` at `size` with `channels`, in memory, chunk by chunk.

    Args:
        images: a uint8 array (N, H, W, C) (may be a memmap).
        size: `(height, width)` of the result.
        channels: 1 or 3.
        name: where the images come from, for the message.

    Raises:
        DataError: the result (and a channel-converted copy) cannot fit in memory.
    """
    count, height, width, have = images.shape
    one = size[0] * size[1] * channels
    needed = count * one + 2 * one  # the result, and one image's PIL copy and array
    if channels != have and (height, width) != tuple(size):
        needed += count * height * width * channels
    check_memory(
        needed,
        f"{count} images of {size[0]}x{size[1]}x{channels} from {name}",
        "pass a smaller --image-size (image_size), or --limit N to use fewer images",
    )
    if channels != have:
        converted = np.empty((count, height, width, channels), dtype=np.uint8)
        for start in range(0, count, pixels.CHUNK):
            chunk = images[start : start + pixels.CHUNK]
            converted[start : start + pixels.CHUNK] = pixels.convert_channels(chunk, channels)
        images = converted
    if (height, width) != tuple(size):
        images = pixels.resize_images(images, size)
    return np.asarray(images)
