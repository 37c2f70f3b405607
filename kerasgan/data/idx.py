"""IDX files (the MNIST / Fashion-MNIST format) and the bundled Fashion-MNIST test split."""

import gzip
import struct
from importlib import resources

import numpy as np

from kerasgan.errors import DataError

BUNDLED_PACKAGE = "kerasgan.data"
"""Package whose `bundled/` folder holds the offline default dataset."""

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
"""Fashion-MNIST class names, by label."""


def fashion_mnist_file_names(split):
    """Return the `(images, labels)` file names of a Fashion-MNIST split ("train" or "test")."""
    prefix = "t10k" if split == "test" else "train"
    return (f"{prefix}-images-idx3-ubyte.gz", f"{prefix}-labels-idx1-ubyte.gz")


def parse_idx(data, source):
    """Return the uint8 array stored in the bytes of an (uncompressed) IDX file.

    Args:
        data: the file's bytes.
        source: the path or name used in error messages.
    """
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08:
        raise DataError(f"{source} is not a uint8 IDX file: replace it with the original file.")
    ndim = data[3]
    header = 4 + 4 * ndim
    shape = struct.unpack(f">{ndim}I", data[4:header]) if len(data) >= header else ()
    if len(shape) != ndim or len(data) != header + int(np.prod(shape)):
        raise DataError(f"{source} is truncated or corrupt: replace it with the original file.")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def read_idx_gz(file, source):
    """Read a gzipped IDX file from a path or a binary file object.

    Args:
        file: a path or an open binary file.
        source: the path or name used in error messages.
    """
    try:
        with gzip.open(file, "rb") as stream:
            data = stream.read()
    except (OSError, EOFError) as error:
        raise DataError(
            f"{source} cannot be read ({error}): replace it with the original file."
        ) from error
    return parse_idx(data, source)


def read_idx_pair(images_file, labels_file, source):
    """Read matching gzipped IDX images and labels; return `(images NHW, labels)`."""
    images = read_idx_gz(images_file, f"{source} images")
    labels = read_idx_gz(labels_file, f"{source} labels")
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise DataError(
            f"{source} images {images.shape} and labels {labels.shape} do not match: replace "
            "them with the original files."
        )
    return images, labels


def load_bundled_fashion_mnist():
    """Return `(images (10000, 28, 28), labels (10000,))`, the bundled Fashion-MNIST test split.

    The files ship inside the package (`kerasgan/data/bundled/`, MIT licence, Zalando SE) and
    are read with `importlib.resources`, so this works offline and from a zip.
    """
    folder = resources.files(BUNDLED_PACKAGE) / "bundled"
    images_name, labels_name = fashion_mnist_file_names("test")
    with (folder / images_name).open("rb") as images, (folder / labels_name).open("rb") as labels:
        return read_idx_pair(images, labels, "bundled fashion_mnist_test")
