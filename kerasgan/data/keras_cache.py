"""Datasets that Keras downloads: finding them in its cache, or downloading them.

Keras keeps downloads in `$KERAS_HOME/datasets/` (default `~/.keras/datasets/`, or
`/tmp/.keras/datasets/` when the home is not writable). The cached files are read here with numpy
alone; only when they are missing is `keras.datasets.<name>.load_data()` called, which downloads.
"""

import os
import pickle
import zipfile
from pathlib import Path

import numpy as np

from kerasgan.data import idx
from kerasgan.errors import DataError

SYSTEM_FASHION_MNIST_DIRS = ("/usr/share/datasets/fashion-mnist",)
"""Folders searched first for the Fashion-MNIST IDX files (Debian's dataset-fashion-mnist)."""

FALLBACK_KERAS_DIR = "/tmp/.keras"
"""Where Keras downloads when its home folder is not writable."""

CIFAR10_DIRS = ("cifar-10-batches-py-target/cifar-10-batches-py", "cifar-10-batches-py")
"""Where Keras extracts CIFAR-10 inside its datasets folder (Keras >= 3.6, then older)."""

_PICKLE_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)


def keras_dataset_dirs():
    """Return the folders where Keras may have cached datasets, most likely first."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return (Path(home).expanduser() / "datasets", Path(FALLBACK_KERAS_DIR) / "datasets")


def download(module, name, files, where):
    """Return `keras.datasets.<module>.load_data()`, turning a failed download into a DataError.

    Args:
        module: the `keras.datasets` module name, e.g. "mnist".
        name: the kerasgan dataset name, for the message.
        files: the file(s) to put in place by hand, for the message.
        where: the folder they go in, for the message.
    """
    try:
        import keras

        return getattr(keras.datasets, module).load_data()
    except Exception as error:  # keras.utils.get_file raises a bare Exception when offline.
        raise DataError(
            f"{name} is not on this machine and could not be downloaded ({error}): put {files} "
            f"in {where} and try again."
        ) from error


def find_fashion_mnist(split):
    """Return the folder holding both IDX files of a Fashion-MNIST split, or None."""
    names = idx.fashion_mnist_file_names(split)
    folders = [Path(d) for d in SYSTEM_FASHION_MNIST_DIRS]
    folders += [d / "fashion-mnist" for d in keras_dataset_dirs()]
    return next((d for d in folders if all((d / n).is_file() for n in names)), None)


def load_fashion_mnist_train():
    """Return `(images (60000, 28, 28), labels)`: the Fashion-MNIST training split."""
    folder = find_fashion_mnist("train")
    if folder is not None:
        images_name, labels_name = idx.fashion_mnist_file_names("train")
        return idx.read_idx_pair(folder / images_name, folder / labels_name, str(folder))
    where = keras_dataset_dirs()[0] / "fashion-mnist"
    files = " and ".join(idx.fashion_mnist_file_names("train"))
    (x_train, y_train), _ = download("fashion_mnist", "fashion_mnist", files, where)
    return x_train, y_train


def mnist_path():
    """Return the cached `mnist.npz`, or None."""
    return next((p for d in keras_dataset_dirs() if (p := d / "mnist.npz").is_file()), None)


def load_mnist():
    """Return `{"train": (x, y), "test": (x, y)}` for MNIST, from the cache or downloaded."""
    path = mnist_path()
    if path is None:
        train, test = download("mnist", "mnist", "mnist.npz", keras_dataset_dirs()[0])
        return {"train": train, "test": test}
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {split: (npz[f"x_{split}"], npz[f"y_{split}"]) for split in ("train", "test")}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise DataError(
            f"{path} is not a valid mnist.npz ({error}): delete it so that Keras downloads it "
            "again."
        ) from error


class _NumpyUnpickler(pickle.Unpickler):
    """Unpickler that only rebuilds numpy arrays (CIFAR batches hold nothing else)."""

    def find_class(self, module, name):
        if (module, name) in _PICKLE_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def read_cifar_batch(path):
    """Return `(images (N, 32, 32, 3), labels)` from one CIFAR-10 python batch file."""
    try:
        with open(path, "rb") as file:
            batch = _NumpyUnpickler(file, encoding="bytes").load()
        data = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
        labels = np.asarray(batch[b"labels"], dtype=np.int64)
    except (OSError, EOFError, KeyError, ValueError, TypeError, pickle.UnpicklingError) as error:
        raise DataError(
            f"{path} is not a valid CIFAR-10 batch ({error}): delete its folder so that Keras "
            "downloads it again."
        ) from error
    return data.transpose(0, 2, 3, 1), labels


def cifar10_path():
    """Return the cached folder of the CIFAR-10 python batches, or None."""
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    folders = [d / sub for d in keras_dataset_dirs() for sub in CIFAR10_DIRS]
    return next((f for f in folders if all((f / n).is_file() for n in names)), None)


def load_cifar10():
    """Return `{"train": (x, y), "test": (x, y)}` for CIFAR-10, from the cache or downloaded."""
    folder = cifar10_path()
    if folder is None:
        where = keras_dataset_dirs()[0] / CIFAR10_DIRS[0]
        train, test = download("cifar10", "cifar10", "the cifar-10-batches-py files", where)
        return {"train": train, "test": test}
    batches = [read_cifar_batch(folder / f"data_batch_{i}") for i in range(1, 6)]
    train = tuple(np.concatenate(parts) for parts in zip(*batches, strict=True))
    return {"train": train, "test": read_cifar_batch(folder / "test_batch")}
