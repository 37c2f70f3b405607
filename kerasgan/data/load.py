"""`load_dataset`: one entry point for dataset names, image folders and numpy files."""

import os
from pathlib import Path

from kerasgan.data import named, pixels
from kerasgan.data.array_files import load_array_file
from kerasgan.data.folder import IMAGE_EXTENSIONS, load_image_folder
from kerasgan.errors import DataError

DEFAULT_DATASET = "fashion_mnist_test"
"""The dataset used when none is given: bundled, so training works offline."""

ARRAY_SUFFIXES = (".npy", ".npz")


def _looks_like_path(spec):
    return (
        isinstance(spec, os.PathLike)
        or any(c in str(spec) for c in "/\\~")
        or (Path(str(spec)).suffix.lower() in ARRAY_SUFFIXES + IMAGE_EXTENSIONS)
    )


def load_dataset(spec=None, image_size=None, channels=None, labels_path=None, cache_dir=None):
    """Load a dataset by name or path, optionally resized.

    A string that names a registered dataset (see `list_datasets`, optionally with `:train`,
    `:test` or `:all`) loads that dataset; anything else is a path: a folder of images (class
    subfolders give labels; decoded once into `cache_dir`, then memory-mapped) or a `.npy` /
    `.npz` file. Write `./mnist` for a folder that happens to share a dataset's name.

    Args:
        spec: a dataset name or a path; None loads `DEFAULT_DATASET`.
        image_size: int or `(height, width)` to resize to (shorter side, then centre crop);
            None keeps the stored size.
        channels: 1 or 3 to convert to; None keeps the stored channels (folders: 1 when all
            images are grey, else 3).
        labels_path: a `.npy` of one label per image, for a `.npy` / `.npz` spec only.
        cache_dir: where image folders are decoded to; None uses `$KERASGAN_CACHE` or
            `~/.cache/kerasgan`.

    Returns:
        An `ImageDataset`.

    Example:
        >>> data = load_dataset("fashion_mnist_test", image_size=32)
        >>> data.image_shape, data.num_classes
        ((32, 32, 1), 10)
    """
    spec = DEFAULT_DATASET if spec is None else spec
    channels = pixels.check_channels(channels)
    if not isinstance(spec, os.PathLike) and named.is_named(str(spec)):
        if labels_path is not None:
            raise DataError(
                f"labels_path={labels_path} only applies to .npy or .npz data, not to the named "
                f"dataset {spec}: drop labels_path."
            )
        return named.load_named(str(spec)).resized(image_size, channels)
    path = Path(spec).expanduser()
    if path.is_dir():
        if labels_path is not None:
            raise DataError(
                f"labels_path={labels_path} does not apply to the folder {path}: put each "
                "class's images in its own subfolder instead."
            )
        return load_image_folder(path, image_size, channels, cache_dir)
    if not path.exists():
        if _looks_like_path(spec):
            raise DataError(f"data path {path} does not exist: check the path.")
        raise named.unknown_name_error(str(spec))
    if path.suffix.lower() not in ARRAY_SUFFIXES:
        raise DataError(
            f"data path {path} is neither a folder nor a .npy/.npz file: pass a folder of images "
            "or a numpy file."
        )
    return load_array_file(path, labels_path).resized(image_size, channels)
