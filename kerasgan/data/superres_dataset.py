"""High-resolution photos for single-image super-resolution (SRGAN): `SuperResolutionDataset`.

Training pairs are made on the fly: a random `crop` x `crop` patch of a photo is the
high-resolution (HR) target and the same patch downscaled `scale` times, bicubic with antialiasing
(PIL), is the low-resolution (LR) input, as in Ledig et al., "Photo-Realistic Single Image
Super-Resolution Using a Generative Adversarial Network", CVPR 2017.

Loading the photos from a task name or a folder is `superres.load_superres`; this module imports
neither it nor the task registry, so `tasks` can build the dataset without an import circle.
"""

from dataclasses import dataclass

import numpy as np

from kerasgan.data.pixels import downscale
from kerasgan.data.splits import holdout_indices
from kerasgan.errors import DataError


def check_crop(crop, scale):
    """Return `crop` as an int after checking that it is a positive multiple of `scale`."""
    if not isinstance(crop, (int, np.integer)) or crop < scale or crop % scale:
        near = scale * max(1, int(crop) // scale) if isinstance(crop, (int, np.integer)) else 64
        raise DataError(
            f"crop={crop!r} is not a positive multiple of scale={scale}: pass an HR crop size "
            f"divisible by the scale, e.g. --crop {near}."
        )
    return int(crop)


@dataclass(eq=False)
class SuperResolutionDataset:
    """A list of HR photos of any sizes, cut into `(lr, hr)` crops on the fly.

    Args:
        images: a list of uint8 arrays (H, W, C), C 1 or 3 (the same for all), any H and W.
        scale: the upscaling factor the generator learns (LR side = HR side / scale).
        name: where the photos came from (a task name or a folder), used in messages.
        crop: the default HR crop size, divisible by `scale`; it sets `image_shape`.

    Attributes:
        num_classes, labels, class_names: always 0, None, None.

    Example:
        >>> photos = load_superres("photos:train")
        >>> photos.source_shape, photos.image_shape
        ((16, 16, 3), (64, 64, 3))
        >>> lr, hr = photos.batches(16)[0]
    """

    images: list
    scale: int = 4
    name: str = "photos"
    crop: int = 64

    num_classes = 0
    labels = None
    class_names = None

    def __post_init__(self):
        images = [np.asarray(i) for i in self.images]
        images = [i[..., None] if i.ndim == 2 else i for i in images]
        if not images:
            raise DataError(f"{self.name} has no photos: give at least one image.")
        for i, image in enumerate(images):
            if (
                image.ndim != 3
                or image.dtype != np.uint8
                or image.shape[-1] not in (1, 3)
                or image.shape[-1] != images[0].shape[-1]
            ):
                raise DataError(
                    f"photo {i} of {self.name} has shape {image.shape} and dtype {image.dtype}: "
                    "give uint8 (H, W, C) photos that all have 1 or all have 3 channels."
                )
        if not isinstance(self.scale, (int, np.integer)) or self.scale < 1:
            raise DataError(f"scale={self.scale!r} is not supported: pass an int of 1 or more.")
        self.images = images
        self.crop = check_crop(self.crop, self.scale)

    def __len__(self):
        return len(self.images)

    def __repr__(self):
        return (
            f"SuperResolutionDataset(name={self.name!r}, photos={len(self)}, scale={self.scale}, "
            f"crop={self.crop})"
        )

    @property
    def channels(self):
        """Channels of every photo."""
        return int(self.images[0].shape[-1])

    @property
    def source_shape(self):
        """`(crop / scale, crop / scale, channels)`: one LR input."""
        side = self.crop // self.scale
        return (side, side, self.channels)

    @property
    def image_shape(self):
        """`(crop, crop, channels)`: one HR target."""
        return (self.crop, self.crop, self.channels)

    def _fitting(self, crop):
        """Check `crop` against the scale and every photo's size; return it as an int."""
        crop = self.crop if crop is None else check_crop(crop, self.scale)
        small = [i for i, image in enumerate(self.images) if min(image.shape[:2]) < crop]
        if small:
            height, width = self.images[small[0]].shape[:2]
            raise DataError(
                f"{len(small)} photos of {self.name} are smaller than crop={crop} (photo "
                f"{small[0]} is {height}x{width}): pass a smaller --crop or drop small photos."
            )
        return crop

    def split(self, holdout, seed=0):
        """Return `(train, held)` datasets, holding out whole photos.

        Args:
            holdout: number of photos held out, or a fraction in (0, 1).
            seed: seed of the numpy Generator that draws the held-out photos.
        """
        train, held = holdout_indices(len(self), holdout, seed, self.name)
        return self._photos(train, self.name), self._photos(held, f"{self.name} (held out)")

    def _photos(self, index, name):
        """A dataset of the photos at `index`, with the same scale and crop."""
        return SuperResolutionDataset([self.images[i] for i in index], self.scale, name, self.crop)

    def batches(self, batch_size, crop=None, seed=0, steps_per_epoch=100, flip=True):
        """Return a `SuperResBatches` PyDataset of `(lr, hr)` float32 batches in [-1, 1].

        Args:
            batch_size: crops per batch.
            crop: HR crop size, divisible by `scale`; None uses `self.crop` (`image_shape`).
            seed: seed of the crops and flips of every batch.
            steps_per_epoch: batches per epoch (crops are drawn anew each time).
            flip: flip each crop horizontally with probability 1/2.

        Example:
            >>> lr, hr = load_superres("photos:train").batches(8)[0]
            >>> lr.shape, hr.shape
            ((8, 16, 16, 3), (8, 64, 64, 3))
        """
        from kerasgan.data.pair_batches import SuperResBatches

        crop = self._fitting(crop)
        if batch_size < 1 or steps_per_epoch < 1:
            raise DataError(
                f"batch_size={batch_size} and steps_per_epoch={steps_per_epoch} must both be 1 "
                "or more."
            )
        return SuperResBatches(
            self.images, self.scale, crop, batch_size, seed, steps_per_epoch, flip
        )

    def heldout_crops(self, n, crop=None, seed=0):
        """Return `(lr, hr)` uint8 arrays of `n` deterministic crops, for evaluation.

        Crops go round the photos in order (crop `i` comes from photo `i % len(self)`), at
        positions drawn from `seed`, never flipped.

        Args:
            n: number of crops.
            crop: HR crop size; None uses `self.crop`.
            seed: seed of the crop positions.

        Example:
            >>> lr, hr = load_superres("photos:test").heldout_crops(16)
        """
        crop = self._fitting(crop)
        rng = np.random.default_rng(seed)
        hr = np.empty((n, crop, crop, self.channels), dtype=np.uint8)
        for i in range(n):
            image = self.images[i % len(self)]
            top = rng.integers(0, image.shape[0] - crop + 1)
            left = rng.integers(0, image.shape[1] - crop + 1)
            hr[i] = image[top : top + crop, left : left + crop]
        return downscale(hr, self.scale), hr
