"""Translation datasets in memory: `PairedDataset` (aligned) and `UnpairedDataset` (two domains).

Both hold two uint8 sides, sources `a` and targets `b`, of the same height and width (their
channel counts may differ), and share the helpers below. Loading them from task names or folders
is `paired.load_paired` and `unpaired.load_unpaired`; this module imports neither those nor the
task registry, so `tasks` can build these datasets without an import circle.
"""

from dataclasses import dataclass

import numpy as np

from kerasgan.data import pixels
from kerasgan.data.dataset import ImageDataset
from kerasgan.data.splits import holdout_indices, sample_indices
from kerasgan.errors import DataError


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


@dataclass(eq=False)
class UnpairedDataset(TwoSides):
    """Images of two domains, with independent counts.

    Args:
        a: uint8 array (Na, H, W, Ca), Ca 1 or 3: domain A.
        b: uint8 array (Nb, H, W, Cb), Cb 1 or 3: domain B (same H and W as A).
        name: where the images came from (a task name or a path), used in messages.

    Attributes:
        num_classes, labels, class_names: always 0, None, None.

    Example:
        >>> data = load_unpaired("sneaker2boot")
        >>> len(data.a), len(data.b), data.image_shape
        (1000, 1000, (28, 28, 1))
        >>> a, b = data.batches(16, flip=True)[0]
    """

    a: np.ndarray
    b: np.ndarray
    name: str = "unpaired"

    def __post_init__(self):
        self.a = check_side(self.a, f"domain A of {self.name}")
        self.b = check_side(self.b, f"domain B of {self.name}")
        if not (len(self.a) and len(self.b)):
            raise DataError(
                f"{self.name} has {len(self.a)} images in domain A and {len(self.b)} in B: give "
                "each domain at least one image."
            )
        if self.a.shape[1:3] != self.b.shape[1:3]:
            raise DataError(
                f"{self.name} has {self.a.shape[1]}x{self.a.shape[2]} images in domain A and "
                f"{self.b.shape[1]}x{self.b.shape[2]} in B: pass image_size to resize both "
                "domains to one size."
            )

    def __len__(self):
        """The number of images in the larger domain (the images of one epoch per side)."""
        return max(len(self.a), len(self.b))

    def __repr__(self):
        return (
            f"UnpairedDataset(name={self.name!r}, a={len(self.a)}, b={len(self.b)}, "
            f"source_shape={self.source_shape}, image_shape={self.image_shape})"
        )

    def subset(self, n, seed=0):
        """Return at most `n` images of each domain, drawn without replacement, kept in order.

        Args:
            n: images per domain (a domain with fewer keeps all of its images).
            seed: seed of the numpy Generator that draws them.
        """
        if n < 1:
            raise DataError(f"subset n={n} is out of range: pass at least 1.")
        rng = np.random.default_rng(seed)
        sides = [
            side[np.sort(rng.choice(len(side), size=min(n, len(side)), replace=False))]
            for side in (self.a, self.b)
        ]
        return UnpairedDataset(*sides, self.name)

    def split(self, holdout, seed=0):
        """Return `(train, held)` UnpairedDatasets, holding out images of each domain.

        Args:
            holdout: images held out of each domain, or a fraction in (0, 1) of each.
            seed: seed of the numpy Generator that draws the held-out images.
        """
        a_train, a_held = holdout_indices(len(self.a), holdout, (seed, 0), f"{self.name} A")
        b_train, b_held = holdout_indices(len(self.b), holdout, (seed, 1), f"{self.name} B")
        return (
            UnpairedDataset(self.a[a_train], self.b[b_train], self.name),
            UnpairedDataset(self.a[a_held], self.b[b_held], f"{self.name} (held out)"),
        )

    def resized(self, image_size=None, channels=None):
        """Return both domains at another size and/or channel count.

        Args:
            image_size: an int or `(height, width)` for both domains, or None to keep the size.
            channels: 1 or 3 for both, a pair `(a_channels, b_channels)`, or None to keep them.
        """
        a_channels, b_channels = channel_pair(channels)
        a = resize_side(self.a, image_size, a_channels, self.name)
        b = resize_side(self.b, image_size, b_channels, self.name)
        if a is self.a and b is self.b:
            return self
        return UnpairedDataset(a, b, self.name)

    def batches(self, batch_size, shuffle=True, seed=0, crop=None, flip=False, load_size=None):
        """Return an `UnpairedBatches` PyDataset of `(a, b)` float32 batches in [-1, 1].

        An epoch has `max(len(a), len(b)) // batch_size` batches; the smaller domain is
        reshuffled and cycled. Each side has its own order, crops and flips.

        Args:
            batch_size: images of each domain per batch.
            shuffle: draw new orders every epoch (from `seed` and the epoch number).
            seed: seed of the orders and of the crops and flips.
            crop: an int or `(height, width)`: random crops of this size; None keeps the size.
            flip: flip each image horizontally with probability 1/2.
            load_size: an int or `(height, width)` to resize to before cropping, or None.

        Example:
            >>> a, b = load_unpaired("horse2zebra").batches(1, crop=256, load_size=286)[0]
        """
        from kerasgan.data.pair_batches import UnpairedBatches

        return UnpairedBatches(
            self.a, self.b, batch_size, shuffle, seed, crop, flip, load_size, name=self.name
        )
