"""`ResizedDataset`: an `ImageDataset` resized when its images are first read.

`ImageDataset.resized` returns one. Taking a `subset` first (the CLI's `--limit`)
resizes only the images kept; reading `images` resizes them all, once, after checking
that the result fits in memory (`kerasgan.data.memory.check_memory`).
"""

import numpy as np

from kerasgan.data import pixels
from kerasgan.data.dataset import ImageDataset
from kerasgan.data.memory import check_memory

__all__ = ["ResizedDataset", "resize_and_convert"]


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


class ResizedDataset(ImageDataset):
    """`source` at `size` and `channels`, resized when `images` is first read.

    Args:
        source: an `ImageDataset`.
        size: `(height, width)`.
        channels: 1 or 3.

    Example:
        >>> data = ImageDataset(images).resized(64)   # nothing resized yet
        >>> small = data.subset(10)                   # resizes 10 images
    """

    def __init__(self, source, size, channels):
        # Not the dataclass __init__: `images` is a property here.
        self._source = source
        self._size = tuple(int(v) for v in size)
        self._channels = int(channels)
        self._images = None
        self.labels = source.labels
        self.class_names = source.class_names
        self.name = source.name
        self.num_classes = source.num_classes

    @property
    def images(self):
        """The resized images (made, then kept, on first use)."""
        if self._images is None:
            self._images = resize_and_convert(
                self._source.images, self._size, self._channels, self.name
            )
        return self._images

    @property
    def image_shape(self):
        """`(height, width, channels)` of one image."""
        return (*self._size, self._channels)

    def __len__(self):
        return len(self._source)

    def subset(self, n, seed=0):
        """`n` images drawn as `ImageDataset.subset` draws them, resizing only those."""
        if self._images is not None:
            return super().subset(n, seed)
        return self._source.subset(n, seed).resized(self._size, self._channels).images_dataset()

    def resized(self, image_size=None, channels=None):
        """This dataset at another size and/or channel count (from the source's images)."""
        size = self._size if image_size is None else pixels.image_size_pair(image_size)
        channels = pixels.check_channels(channels) or self._channels
        if size == self._size and channels == self._channels:
            return self
        return self._source.resized(size, channels)

    def images_dataset(self):
        """A plain `ImageDataset` of the resized images."""
        return ImageDataset(self.images, self.labels, self.class_names, self.name)
