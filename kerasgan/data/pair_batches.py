"""Batches of image pairs: `PairBatches` (aligned), `UnpairedBatches`, `SuperResBatches`.

All yield two float32 batches in [-1, 1]. The translation ones share the pix2pix augmentation:
an optional resize to `load_size`, a random crop of `crop` and a random horizontal flip. The
random draws of batch `i` in epoch `e` come from a numpy Generator seeded with `(seed, e, i)`, so
every batch is reproducible whatever order the batches are read in.
"""

import keras
import numpy as np

from kerasgan.data import pixels
from kerasgan.data.batches import ImageBatches, to_unit_range
from kerasgan.data.pixels import downscale
from kerasgan.errors import DataError


def crop_pair(crop, image_hw, name, load_size=None):
    """Return `crop` as `(height, width)` (None stays None) after checking it fits the images.

    Args:
        crop: an int, a `(height, width)` pair, or None for no cropping.
        image_hw: `(height, width)` of the images that are cropped (after `load_size`).
        name: the dataset name used in the error message.
        load_size: the `load_size` the images were resized to, named in the message.
    """
    if crop is None:
        return None
    crop = pixels.image_size_pair(crop, "crop")
    if crop[0] > image_hw[0] or crop[1] > image_hw[1]:
        after = f" after load_size={load_size}" if load_size is not None else ""
        raise DataError(
            f"crop={crop[0]}x{crop[1]} is larger than the {image_hw[0]}x{image_hw[1]} images of "
            f"{name}{after}: pass a smaller --crop, or a larger --image-size or load_size."
        )
    return crop


def draw_augmentation(rng, count, image_hw, crop, flip):
    """Draw `(tops, lefts, flips)` for `count` images of `image_hw` cropped to `crop`.

    Args:
        rng: a numpy Generator.
        count: number of images.
        image_hw: `(height, width)` of the images before cropping.
        crop: `(height, width)` of the crops, or None for the whole image.
        flip: whether to draw horizontal flips (each with probability 1/2).
    """
    height, width = image_hw
    crop_h, crop_w = crop or image_hw
    tops = rng.integers(0, height - crop_h + 1, count)
    lefts = rng.integers(0, width - crop_w + 1, count)
    flips = rng.random(count) < 0.5
    return tops, lefts, flips & bool(flip)


def augment(images, draws, crop=None, load_size=None):
    """Resize (optional), crop and flip a uint8 NHWC batch with the given draws.

    Args:
        images: uint8 array (B, H, W, C).
        draws: `(tops, lefts, flips)` from `draw_augmentation`.
        crop: `(height, width)` of the crops, or None for the whole image.
        load_size: `(height, width)` to resize to first (shorter side, centre crop), or None.

    Returns:
        A new uint8 array (B, crop_h, crop_w, C).
    """
    images = np.asarray(images)
    if load_size is not None and tuple(images.shape[1:3]) != tuple(load_size):
        images = pixels.resize_images(images, load_size)
    tops, lefts, flips = draws
    crop_h, crop_w = crop or images.shape[1:3]
    out = np.empty((len(images), crop_h, crop_w, images.shape[-1]), dtype=np.uint8)
    for i, image in enumerate(images):
        patch = image[tops[i] : tops[i] + crop_h, lefts[i] : lefts[i] + crop_w]
        out[i] = patch[:, ::-1] if flips[i] else patch
    return out


class _Augmenter:
    """The crop/flip/load_size settings of one side, checked against its images."""

    def __init__(self, image_hw, crop, flip, load_size, name):
        self.load_size = (
            None if load_size is None else pixels.image_size_pair(load_size, "load_size")
        )
        self.image_hw = self.load_size or tuple(image_hw)
        self.crop = crop_pair(crop, self.image_hw, name, load_size)
        self.flip = bool(flip)
        self.active = self.crop is not None or self.flip or self.load_size is not None

    def draw(self, rng, count):
        return draw_augmentation(rng, count, self.image_hw, self.crop, self.flip)

    def __call__(self, images, draws):
        if not self.active:
            return to_unit_range(np.asarray(images))
        return to_unit_range(augment(images, draws, self.crop, self.load_size))


def check_batch_size(batch_size, count, name):
    """Raise a DataError unless `1 <= batch_size <= count`."""
    if not 1 <= batch_size <= count:
        raise DataError(
            f"batch_size={batch_size} does not fit the {count} pairs of {name}: use a "
            "batch_size from 1 to the number of pairs."
        )


class PairBatches(ImageBatches):
    """Aligned `(a, b)` batches in [-1, 1], augmented identically on both sides of each pair.

    The order of epoch `e` depends only on `(seed, e)` (see `ImageBatches`); the crop offsets
    and flips of batch `i` only on `(seed, e, i)`. Incomplete last batches are dropped.

    Args:
        a: uint8 array (N, H, W, Ca), the source side.
        b: uint8 array (N, H, W, Cb), the target side.
        batch_size: pairs per batch.
        shuffle: draw a new order each epoch; else batches follow the stored order.
        seed: seed of the order and of the augmentation.
        crop: an int or `(height, width)`: random crops of this size; None keeps the size.
        flip: flip each pair horizontally with probability 1/2.
        load_size: an int or `(height, width)` to resize to before cropping (pix2pix's 286).
        name: the dataset name used in error messages.
        **kwargs: `workers`, `use_multiprocessing`, `max_queue_size` of `PyDataset`.

    Example:
        >>> batches = PairBatches(edges, photos, 4, crop=256, flip=True, load_size=286)
        >>> a, b = batches[0]     # (4, 256, 256, Ca), (4, 256, 256, Cb) float32
    """

    def __init__(
        self,
        a,
        b,
        batch_size,
        shuffle=True,
        seed=0,
        crop=None,
        flip=False,
        load_size=None,
        name="pairs",
        **kwargs,
    ):
        check_batch_size(batch_size, len(a), name)
        self.augmenter = _Augmenter(a.shape[1:3], crop, flip, load_size, name)
        super().__init__(a, None, batch_size, shuffle, seed, drop_remainder=True, **kwargs)
        self.b = b

    @property
    def a(self):
        """The source images (the `images` of `ImageBatches`)."""
        return self.images

    def __getitem__(self, index):
        indices = self.batch_indices(index)
        rng = np.random.default_rng((self.seed, self.epoch, index))
        draws = self.augmenter.draw(rng, len(indices))
        return self.augmenter(self.a[indices], draws), self.augmenter(self.b[indices], draws)


def cycled_order(count, total, rng, shuffle):
    """Return `total` indices into `count` items: whole permutations (or ranges) one after another.

    Args:
        count: number of items.
        total: number of indices wanted.
        rng: the numpy Generator of the permutations.
        shuffle: permute each pass; else repeat `0..count-1`.
    """
    passes = -(-total // count)
    if not shuffle:
        return np.tile(np.arange(count), passes)[:total]
    return np.concatenate([rng.permutation(count) for _ in range(passes)])[:total]


class UnpairedBatches(keras.utils.PyDataset):
    """`(a, b)` batches in [-1, 1] from two unaligned image sets, for CycleGAN-style models.

    An epoch has `max(len(a), len(b)) // batch_size` batches. Each side has its own order, drawn
    from `(seed, epoch, side)`: the longer side is seen once per epoch, the shorter one is
    reshuffled and cycled. Crops and flips are drawn independently for each side.

    Args:
        a: uint8 array (Na, H, W, Ca).
        b: uint8 array (Nb, H, W, Cb).
        batch_size: images per side per batch.
        shuffle: draw new orders each epoch; else both sides follow their stored order.
        seed: seed of the orders and the augmentation.
        crop: an int or `(height, width)`: random crops of this size; None keeps the size.
        flip: flip each image horizontally with probability 1/2.
        load_size: an int or `(height, width)` to resize to before cropping.
        name: the dataset name used in error messages.
        **kwargs: `workers`, `use_multiprocessing`, `max_queue_size` of `PyDataset`.

    Example:
        >>> batches = UnpairedBatches(horses, zebras, 1, crop=256, flip=True, load_size=286)
        >>> len(batches) == max(len(horses), len(zebras))
        True
    """

    def __init__(
        self,
        a,
        b,
        batch_size,
        shuffle=True,
        seed=0,
        crop=None,
        flip=False,
        load_size=None,
        name="unpaired",
        **kwargs,
    ):
        super().__init__(**kwargs)
        check_batch_size(batch_size, max(len(a), len(b)), name)
        self.a, self.b = a, b
        self.augmenter = _Augmenter(a.shape[1:3], crop, flip, load_size, name)
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.seed = seed
        self.epoch = 0
        self._orders = self._epoch_orders()

    def __len__(self):
        return max(len(self.a), len(self.b)) // self.batch_size

    def _epoch_orders(self):
        total = len(self) * self.batch_size
        return tuple(
            cycled_order(
                len(side), total, np.random.default_rng((self.seed, self.epoch, i)), self.shuffle
            )
            for i, side in enumerate((self.a, self.b))
        )

    def set_epoch(self, epoch):
        """Use the orders of epoch `epoch` (e.g. when resuming training)."""
        self.epoch = int(epoch)
        self._orders = self._epoch_orders()

    def on_epoch_end(self):
        """Advance to the next epoch's orders."""
        self.set_epoch(self.epoch + 1)

    def batch_indices(self, index):
        """The `(a_indices, b_indices)` of batch `index` in the current epoch."""
        if not 0 <= index < len(self):
            raise IndexError(f"batch {index} is out of range for {len(self)} batches")
        window = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return tuple(np.sort(order[window]) for order in self._orders)

    def __getitem__(self, index):
        a_indices, b_indices = self.batch_indices(index)
        rng = np.random.default_rng((self.seed, self.epoch, index))
        a_draws = self.augmenter.draw(rng, len(a_indices))
        b_draws = self.augmenter.draw(rng, len(b_indices))
        return (
            self.augmenter(self.a[a_indices], a_draws),
            self.augmenter(self.b[b_indices], b_draws),
        )


def random_crops(images, rng, count, crop, flip):
    """Draw `count` HR crops from `images`, each crop position equally likely (uint8 NHWC).

    Args:
        images: a list of uint8 (H, W, C) arrays, each at least `crop` x `crop`.
        rng: a numpy Generator.
        count: number of crops.
        crop: side of the square crops.
        flip: flip each crop horizontally with probability 1/2.
    """
    positions = np.array([(h - crop + 1) * (w - crop + 1) for h, w, _ in (i.shape for i in images)])
    chosen = rng.choice(len(images), size=count, p=positions / positions.sum())
    out = np.empty((count, crop, crop, images[0].shape[-1]), dtype=np.uint8)
    for i, which in enumerate(chosen):
        height, width = images[which].shape[:2]
        top, left = rng.integers(0, height - crop + 1), rng.integers(0, width - crop + 1)
        patch = images[which][top : top + crop, left : left + crop]
        out[i] = patch[:, ::-1] if flip and rng.random() < 0.5 else patch
    return out


class SuperResBatches(keras.utils.PyDataset):
    """`(lr, hr)` batches of random photo crops in [-1, 1].

    Batch `i` of epoch `e` depends only on `(seed, e, i)`; every crop position of every photo
    is equally likely, so a large photo gives more crops than a small one.

    Args:
        images: a list of uint8 (H, W, C) photos, each at least `crop` x `crop`.
        scale: downscaling factor from HR to LR.
        crop: HR crop size, divisible by `scale`.
        batch_size: crops per batch.
        seed: seed of the crops and flips.
        steps_per_epoch: batches per epoch.
        flip: flip each crop horizontally with probability 1/2.
        **kwargs: `workers`, `use_multiprocessing`, `max_queue_size` of `PyDataset`.
    """

    def __init__(
        self, images, scale, crop, batch_size, seed=0, steps_per_epoch=100, flip=True, **kwargs
    ):
        super().__init__(**kwargs)
        self.images = images
        self.scale, self.crop = int(scale), int(crop)
        self.batch_size, self.steps_per_epoch = int(batch_size), int(steps_per_epoch)
        self.seed, self.flip = seed, bool(flip)
        self.epoch = 0

    def __len__(self):
        return self.steps_per_epoch

    def set_epoch(self, epoch):
        """Draw the crops of epoch `epoch` (e.g. when resuming training)."""
        self.epoch = int(epoch)

    def on_epoch_end(self):
        """Advance to the next epoch's crops."""
        self.set_epoch(self.epoch + 1)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(f"batch {index} is out of range for {len(self)} batches")
        rng = np.random.default_rng((self.seed, self.epoch, index))
        hr = random_crops(self.images, rng, self.batch_size, self.crop, self.flip)
        return to_unit_range(downscale(hr, self.scale)), to_unit_range(hr)
