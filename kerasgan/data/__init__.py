"""Datasets for kerasgan: named datasets, image folders and numpy files as `ImageDataset`s.

Example:
    >>> from kerasgan.data import load_dataset
    >>> data = load_dataset()                     # bundled Fashion-MNIST test split, offline
    >>> batches = data.batches(64, seed=1)        # keras.utils.PyDataset of [-1, 1] float32
"""

from kerasgan.data.dataset import ImageDataset
from kerasgan.data.load import DEFAULT_DATASET, load_dataset
from kerasgan.data.named import DatasetInfo, list_datasets

__all__ = ["DEFAULT_DATASET", "DatasetInfo", "ImageDataset", "list_datasets", "load_dataset"]
