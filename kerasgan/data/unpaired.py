"""Two unaligned image sets for CycleGAN, DiscoGAN and DualGAN: `UnpairedDataset`, `load_unpaired`.

Domain A and domain B hold any number of images each, with no correspondence between them. Both
have the same height and width (so one generator shape fits both directions); their channel
counts may differ.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kerasgan.data import pixels
from kerasgan.data.folder import load_image_folder
from kerasgan.data.paired import (
    TwoSides,
    channel_pair,
    check_side,
    holdout_indices,
    resize_side,
)
from kerasgan.errors import DataError


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


def side_folders(root, split="train"):
    """Return the `(A, B)` folders of `root`: `A/` and `B/`, else `{split}A/` and `{split}B/`."""
    for names in (("A", "B"), (f"{split}A", f"{split}B")):
        folders = tuple(root / name for name in names)
        if all(f.is_dir() for f in folders):
            return folders
    raise DataError(
        f"{root} has no A/ and B/ (nor {split}A/ and {split}B/) subfolders: put the images of "
        "each domain in its own subfolder."
    )


def load_unpaired(spec, image_size=None, channels=None, cache_dir=None, split="train"):
    """Load two image domains from an unpaired task name or a folder.

    Args:
        spec: an unpaired task name (see `tasks.list_tasks`, e.g. "sneaker2boot" or
            "fashion:7-9"), or a folder with `A/` and `B/` subfolders of images (or CycleGAN's
            `trainA/` and `trainB/`, see `split`). Write `./name` for a folder named like a task.
        image_size: int or `(height, width)` for both domains (shorter side, then centre crop);
            None keeps the stored size, which must then be the same everywhere.
        channels: 1, 3, a pair `(a_channels, b_channels)`, or None (1 for a domain whose
            images are all grey, else 3).
        cache_dir: where the folders are decoded to; None uses `$KERASGAN_CACHE` or
            `~/.cache/kerasgan`.
        split: the CycleGAN split read when the folder has no `A/` and `B/`: "train" reads
            `trainA/` and `trainB/`, "test" reads `testA/` and `testB/`.

    Returns:
        An `UnpairedDataset`.

    Example:
        >>> data = load_unpaired("datasets/horse2zebra", image_size=128)   # trainA/, trainB/
        >>> data.source_shape, data.image_shape
        ((128, 128, 3), (128, 128, 3))
    """
    from kerasgan.data import tasks

    size = None if image_size is None else pixels.image_size_pair(image_size)
    channels = channel_pair(channels)
    if not isinstance(spec, os.PathLike) and tasks.is_task(str(spec)):
        return tasks.load_task(str(spec), size, channels, kind="unpaired")
    path = Path(spec).expanduser()
    if not path.is_dir():
        raise tasks.unknown_task_error(spec, "unpaired")
    a, b = (
        load_image_folder(side, size, side_channels, cache_dir).images
        for side, side_channels in zip(side_folders(path, split), channels)
    )
    return UnpairedDataset(a, b, name=str(path))
