"""Datasets for kerasgan: named datasets, image folders and numpy files as `ImageDataset`s.

Example:
    >>> from kerasgan.data import load_dataset
    >>> data = load_dataset()                     # bundled Fashion-MNIST test split, offline
    >>> batches = data.batches(64, seed=1)        # keras.utils.PyDataset of [-1, 1] float32
    >>> pairs = load_paired("edges2fashion")      # image-to-image tasks: see `list_tasks`
"""

from kerasgan.data.dataset import ImageDataset
from kerasgan.data.load import DEFAULT_DATASET, load_dataset
from kerasgan.data.named import DatasetInfo, list_datasets
from kerasgan.data.paired import PairedDataset, load_paired
from kerasgan.data.superres import SuperResolutionDataset, load_superres
from kerasgan.data.tasks import TaskInfo, list_tasks, load_task
from kerasgan.data.unpaired import UnpairedDataset, load_unpaired

__all__ = [
    "DEFAULT_DATASET",
    "DatasetInfo",
    "ImageDataset",
    "PairedDataset",
    "SuperResolutionDataset",
    "TaskInfo",
    "UnpairedDataset",
    "list_datasets",
    "list_tasks",
    "load_dataset",
    "load_paired",
    "load_superres",
    "load_task",
    "load_unpaired",
]
