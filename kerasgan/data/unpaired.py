"""Two unaligned image sets for CycleGAN, DiscoGAN and DualGAN: `UnpairedDataset`, `load_unpaired`.

Domain A and domain B hold any number of images each, with no correspondence between them. Both
have the same height and width (so one generator shape fits both directions); their channel
counts may differ.
"""

import os
from pathlib import Path

from kerasgan.data import pixels, tasks
from kerasgan.data.folder import load_image_folder
from kerasgan.data.pair_datasets import UnpairedDataset, channel_pair
from kerasgan.errors import DataError

__all__ = ["UnpairedDataset", "load_unpaired", "side_folders"]


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
