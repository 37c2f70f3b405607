"""`ImageDataset`: uint8 images, optional integer labels, and the class names."""

import warnings
from dataclasses import dataclass, field

import numpy as np

from kerasgan.data import pixels
from kerasgan.data.resizing import resize_and_convert
from kerasgan.errors import DataError


def labels_array(labels, source):
    """Return `labels` as a 1-D int64 array.

    Accepts integer (or integral float) labels of shape (N,) or (N, 1), and one-hot rows (N, K).

    Args:
        labels: an array-like of labels.
        source: the path or name used in error messages.
    """
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    elif labels.ndim == 2 and labels.size and np.isin(labels, (0, 1)).all():
        if not (labels.sum(axis=1) == 1).all():
            raise DataError(f"labels of {source} are 2-D but not one-hot: save one int per image.")
        labels = labels.argmax(axis=1)
    if labels.ndim != 1 or not (
        np.issubdtype(labels.dtype, np.integer) or np.issubdtype(labels.dtype, np.floating)
    ):
        raise DataError(
            f"labels of {source} have shape {labels.shape} and dtype {labels.dtype}: save one "
            "int per image."
        )
    if np.issubdtype(labels.dtype, np.floating) and not np.array_equal(labels, np.round(labels)):
        raise DataError(f"labels of {source} are not whole numbers: save one int per image.")
    return labels.astype(np.int64, copy=False)


SPARSE_MIN_CLASSES = 256
"""Label sets whose largest value is at least this, and twice their distinct values, are sparse."""


def sparse_labels(labels, source):
    """Remaps sparse label values (such as {0, 50000}) to 0..k-1, with a warning.

    Labels are class indices: 50,001 classes for two distinct values would make
    conditional networks (embeddings, one-hot inputs) of that size. Sparse ones become
    0..k-1 in sorted order, and the class names keep the original values.

    Args:
        labels: an int64 array.
        source: the path or name used in the warning.

    Returns:
        `(labels, class_names)`: unchanged labels and None when they are not sparse.
    """
    if not len(labels) or labels.min() < 0:
        return labels, None
    top = int(labels.max()) + 1
    values = np.unique(labels)
    if top < SPARSE_MIN_CLASSES or top < 2 * len(values):
        return labels, None
    warnings.warn(
        f"labels of {source} use {len(values)} distinct values from {values[0]} to {values[-1]}: "
        f"remapped to classes 0 to {len(values) - 1} in sorted order (the class names keep the "
        "values).",
        stacklevel=4,
    )
    return np.searchsorted(values, labels).astype(np.int64), [str(v) for v in values]


@dataclass(eq=False)
class ImageDataset:
    """Images (uint8, NHWC) with optional integer labels.

    Args:
        images: uint8 array (N, H, W, C), C 1 or 3; may be a read-only `np.memmap`.
        labels: int64 array (N,) with values in [0, num_classes), or None when unlabelled.
        class_names: one name per class, or None (then `num_classes` is `max(labels) + 1`).
        name: where the data came from (a dataset name or a path), used in messages.

    Attributes:
        num_classes: number of classes, 0 when unlabelled.

    Example:
        >>> data = ImageDataset(np.zeros((8, 28, 28, 1), np.uint8), name="zeros")
        >>> data.image_shape, data.num_classes
        ((28, 28, 1), 0)
    """

    images: np.ndarray
    labels: np.ndarray | None = None
    class_names: list | None = None
    name: str = "images"
    num_classes: int = field(init=False)

    def __post_init__(self):
        images = self.images
        if images.ndim != 4 or images.dtype != np.uint8 or images.shape[-1] not in (1, 3):
            raise DataError(
                f"{self.name} gives images of shape {images.shape} and dtype {images.dtype}: "
                "expected uint8 (N, H, W, C) with 1 or 3 channels."
            )
        if self.class_names is not None:
            self.class_names = [str(c) for c in self.class_names]
        self.num_classes = 0
        if self.labels is not None:
            self.labels = labels_array(self.labels, self.name)
            if len(self.labels) != len(images):
                raise DataError(
                    f"{self.name} has {len(self.labels)} labels for {len(images)} images: give "
                    "one label per image."
                )
            if self.class_names is None:
                self.labels, self.class_names = sparse_labels(self.labels, self.name)
            self.num_classes = (
                len(self.class_names)
                if self.class_names is not None
                else int(self.labels.max(initial=-1)) + 1
            )
            self._check_label_values()
        elif self.class_names is not None:
            self.class_names = None

    def __len__(self):
        return len(self.images)

    def __repr__(self):
        return (
            f"ImageDataset(name={self.name!r}, images={len(self)}, "
            f"image_shape={self.image_shape}, num_classes={self.num_classes})"
        )

    @property
    def image_shape(self):
        """`(height, width, channels)` of one image."""
        return tuple(int(d) for d in self.images.shape[1:])

    def _check_label_values(self):
        if len(self.labels) and (self.labels.min() < 0 or self.labels.max() >= self.num_classes):
            raise DataError(
                f"labels of {self.name} range from {self.labels.min()} to {self.labels.max()}: "
                f"use 0 to {self.num_classes - 1}, one per class."
            )

    def require_labels(self, variant_name):
        """Check that this dataset is labelled, for a conditional variant.

        Args:
            variant_name: the variant that needs labels, named in the error.

        Returns:
            `self`, so that `data = data.require_labels("cgan")` reads well.
        """
        if self.labels is None or self.num_classes == 0:
            raise DataError(
                f"{variant_name} is conditional and needs labels: use a folder with class "
                f"subfolders or an .npz with y (got unlabelled {self.name})."
            )
        self._check_label_values()
        return self

    def resized(self, image_size=None, channels=None):
        """Return this dataset at another size and/or channel count.

        Images are resized (bicubic, antialiased), never padded: the shorter side is scaled to
        the target and the longer one centre cropped, as for image folders. Grey becomes RGB by
        repeating the channel, RGB becomes grey by ITU-R 601 luma. Work is done in chunks; the
        result is held in memory. Unchanged size and channels return `self`.

        The work is done when the images are first read, so that `subset` taken first (the
        CLI's `--limit`) resizes only the images it keeps; a result that cannot fit in memory
        is refused then, saying how much it needs (`ResizedDataset`).

        Args:
            image_size: an int or `(height, width)`, or None to keep the size.
            channels: 1 or 3, or None to keep the channel count.

        Example:
            >>> load_dataset("fashion_mnist_test").resized(32, channels=3).image_shape
            (32, 32, 3)
        """
        height, width, have = self.image_shape
        size = pixels.image_size_pair(image_size) if image_size is not None else (height, width)
        channels = pixels.check_channels(channels) or have
        if size == (height, width) and channels == have:
            return self
        return ResizedDataset(self, size, channels)

    def subset(self, n, seed=0):
        """Return `n` images drawn without replacement, kept in their original order.

        Args:
            n: number of images, 1 to `len(self)`.
            seed: seed of the numpy Generator that draws them.
        """
        if not 0 < n <= len(self):
            raise DataError(
                f"cannot take {n} images (--limit, or subset n) from {self.name}, which has "
                f"{len(self)}: use a limit from 1 to {len(self)}."
            )
        index = np.sort(np.random.default_rng(seed).choice(len(self), size=n, replace=False))
        labels = None if self.labels is None else self.labels[index]
        return ImageDataset(self.images[index], labels, self.class_names, self.name)

    def batches(self, batch_size, shuffle=True, seed=0, with_labels=None, drop_remainder=True):
        """Return a `keras.utils.PyDataset` of float32 batches scaled to [-1, 1].

        Args:
            batch_size: images per batch.
            shuffle: draw a new order every epoch (from `seed` and the epoch number).
            seed: seed of the shuffling.
            with_labels: yield `(x, y)` (int32 labels) instead of `x`; None means "when labelled".
            drop_remainder: drop the last incomplete batch.

        Example:
            >>> batches = load_dataset("fashion_mnist_test").batches(64)
            >>> len(batches), batches[0].shape
            (156, (64, 28, 28, 1))
        """
        from kerasgan.data.batches import ImageBatches

        if with_labels is None:
            with_labels = self.labels is not None
        if with_labels:
            self.require_labels("batches(with_labels=True)")
        if batch_size < 1 or (drop_remainder and batch_size > len(self)):
            raise DataError(
                f"batch_size={batch_size} does not fit the {len(self)} images of {self.name}: "
                "use a batch_size from 1 to the number of images."
            )
        return ImageBatches(
            self.images,
            self.labels if with_labels else None,
            batch_size=batch_size,
            shuffle=shuffle,
            seed=seed,
            drop_remainder=drop_remainder,
        )


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
