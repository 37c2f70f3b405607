"""`ProcessShard`: one process's rows of every batch of a `keras.utils.PyDataset`."""

import keras
import numpy as np


class ProcessShard(keras.utils.PyDataset):
    """The rows of each batch that process `index` of `count` trains on.

    Batch `i` of the wrapped dataset is cut into `count` equal parts along its first axis
    (rows left over by an uneven last batch are dropped) and this process gets part
    `index`, so the processes together see exactly the global batch. Epoch handling
    (`set_epoch`, `on_epoch_end`) and other attributes pass through.

    Args:
        batches: a `PyDataset` of arrays or tuples of arrays.
        index: this process's index.
        count: number of processes.

    Example:
        >>> shard = ProcessShard(batches, rank, world_size)
    """

    def __init__(self, batches, index, count):
        super().__init__()
        if not 0 <= index < count:
            raise ValueError(f"process index {index} is not in [0, {count}).")
        self.batches = batches
        self.index = int(index)
        self.count = int(count)

    def __len__(self):
        return len(self.batches)

    def _rows(self, array):
        part = len(array) // self.count
        return np.asarray(array)[self.index * part : (self.index + 1) * part]

    def __getitem__(self, i):
        batch = self.batches[i]
        if isinstance(batch, tuple):
            return tuple(self._rows(a) for a in batch)
        return self._rows(batch)

    def on_epoch_end(self):
        self.batches.on_epoch_end()

    def __getattr__(self, name):
        if name == "batches":  # not set yet (e.g. while unpickling)
            raise AttributeError(name)
        return getattr(self.batches, name)
