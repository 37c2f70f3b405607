"""`ImageBatches`: a `keras.utils.PyDataset` over uint8 images, yielding [-1, 1] float32."""

import keras
import numpy as np


def to_unit_range(images):
    """Map uint8 images to a new float32 array in [-1, 1]: one astype, two in-place ops."""
    x = images.astype(np.float32)
    x /= np.float32(127.5)
    x -= np.float32(1.0)
    return x


class ImageBatches(keras.utils.PyDataset):
    """Batches of images scaled to [-1, 1], reshuffled every epoch.

    Each `__getitem__` reads one batch from the (possibly memory-mapped) uint8 array with one
    fancy index, on indices sorted within the batch so that a memmap is read forwards, and maps
    it to float32 with one `astype` and two in-place operations. The order of epoch `e` depends
    only on `(seed, e)`, so it is reproducible and can be resumed with `set_epoch`.

    Args:
        images: uint8 array (N, H, W, C).
        labels: int array (N,) or None; when given, batches are `(x, y)` with int32 `y`.
        batch_size: images per batch.
        shuffle: draw a new order each epoch; else batches follow the stored order.
        seed: seed of the per-epoch numpy Generator.
        drop_remainder: drop the last incomplete batch.
        **kwargs: `workers`, `use_multiprocessing`, `max_queue_size` of `PyDataset`.

    Example:
        >>> batches = ImageBatches(images, None, batch_size=64)
        >>> model.fit(batches, epochs=5)
    """

    def __init__(
        self,
        images,
        labels=None,
        batch_size=64,
        shuffle=True,
        seed=0,
        drop_remainder=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.images = images
        self.labels = None if labels is None else np.asarray(labels, dtype=np.int32)
        self.batch_size = int(batch_size)
        self.shuffle = bool(shuffle)
        self.seed = seed
        self.drop_remainder = bool(drop_remainder)
        self.epoch = 0
        self._order = self._epoch_order()

    def __len__(self):
        count = len(self.images)
        if self.drop_remainder:
            return count // self.batch_size
        return -(-count // self.batch_size)

    def _epoch_order(self):
        """Indices of this epoch, sorted within each batch."""
        count = len(self.images)
        if not self.shuffle:
            return np.arange(count)
        order = np.random.default_rng((self.seed, self.epoch)).permutation(count)
        full = (count // self.batch_size) * self.batch_size
        head = np.sort(order[:full].reshape(-1, self.batch_size), axis=1).ravel()
        return np.concatenate([head, np.sort(order[full:])])

    def set_epoch(self, epoch):
        """Use the order of epoch `epoch` (e.g. when resuming training)."""
        self.epoch = int(epoch)
        self._order = self._epoch_order()

    def on_epoch_end(self):
        """Advance to the next epoch's order."""
        self.set_epoch(self.epoch + 1)

    def batch_indices(self, index):
        """The image indices of batch `index` in the current epoch."""
        if not 0 <= index < len(self):
            raise IndexError(f"batch {index} is out of range for {len(self)} batches")
        return self._order[index * self.batch_size : (index + 1) * self.batch_size]

    def __getitem__(self, index):
        indices = self.batch_indices(index)
        if self.shuffle:
            x = to_unit_range(self.images[indices])
        else:
            start = indices[0]
            x = to_unit_range(self.images[start : start + len(indices)])
        if self.labels is None:
            return x
        return x, self.labels[indices]
