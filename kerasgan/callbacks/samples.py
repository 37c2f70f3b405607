"""`SampleGrid`: a PNG grid of samples from fixed noise, every few epochs."""

import math
import os

import keras
import numpy as np

from kerasgan.images import make_grid, save_png


def sample_path(out_dir, epoch):
    """Returns the path of the grid for a 1-based `epoch`: `out_dir/epoch_XXXX.png`.

    Args:
        out_dir: str or path-like.
        epoch: int. 1-based epoch number.
    """
    return os.path.join(out_dir, f"epoch_{epoch:04d}.png")


def fixed_inputs(latent_dim, num_classes, n, seed, sample_latent=None):
    """Draws the noise and labels of a sample grid.

    Unconditional: `n` noise vectors, laid out `ceil(sqrt(n))` per row.
    Conditional: one row per class with `max(1, n // num_classes)` columns; a
    column shares its noise vector across rows, so rows differ by class only.

    Args:
        latent_dim: int. Size of a noise vector.
        num_classes: int. 0 for an unconditional model.
        n: int. Number of samples wanted (conditional grids round it down to
            a multiple of `num_classes`, with at least one column).
        seed: int. Seed of `np.random.default_rng`.
        sample_latent: the model's `sample_latent(count, seed)`, which draws the
            noise vectors (the adversarial autoencoder's prior); None: N(0, I).

    Returns:
        `(z, labels, per_row)`: float32 array (m, latent_dim), int32 array (m,)
        or None, and the number of images per grid row.
    """
    if sample_latent is None:

        def sample_latent(count, seed):
            return np.random.default_rng(seed).standard_normal((count, latent_dim))

    if num_classes > 0:
        per_row = max(1, n // num_classes)
        columns = np.asarray(sample_latent(per_row, seed), np.float32)
        z = np.tile(columns, (num_classes, 1))
        labels = np.repeat(np.arange(num_classes, dtype=np.int32), per_row)
        return z, labels, per_row
    z = np.asarray(sample_latent(n, seed), np.float32)
    return z, None, math.ceil(math.sqrt(n))


class EpochGrid(keras.callbacks.Callback):
    """Base of the grid callbacks: `write(epoch)` every `every` epochs and at the end.

    The last epoch's grid is written when training stops between two grids, so a
    run always ends with its final picture. Subclasses implement `write`.

    Args:
        every: int. Write a grid every this many epochs.
    """

    def __init__(self, every=1):
        super().__init__()
        self.every = every
        self._last_epoch = None
        self._last_written = None

    def on_train_begin(self, logs=None):
        self._last_epoch = None
        self._last_written = None

    def on_epoch_end(self, epoch, logs=None):
        self._last_epoch = epoch + 1
        if self._last_epoch % self.every == 0:
            self.write(self._last_epoch)

    def on_train_end(self, logs=None):
        if self._last_epoch is not None and self._last_written != self._last_epoch:
            self.write(self._last_epoch)

    def write(self, epoch):
        """Writes the grid of the 1-based `epoch` (and sets `_last_written`)."""
        raise NotImplementedError


class SampleGrid(EpochGrid):
    """Saves a grid of generated images from fixed noise every `every` epochs.

    The noise (and the labels of a conditional model) is drawn once at train
    begin from `np.random.default_rng(seed)`, so successive grids show the same
    samples evolving. Files are named after the 1-based epoch, which keeps
    counting when training resumes with `fit(initial_epoch=...)`. The last
    epoch is also written at train end if `every` skipped it.

    Relies on `model.latent_dim`, `model.num_classes` and
    `model.generate(z, labels=None)` returning NHWC images in [-1, 1]; the noise
    comes from `model.sample_latent(n, seed)` when the model has it (N(0, I) else).

    Args:
        out_dir: str or path-like. Folder receiving `epoch_XXXX.png`.
        n: int. Number of samples (conditional models: one row per class).
        seed: int. Seed of the fixed noise.
        every: int. Write a grid every this many epochs.

    Example:

    ```python
    gan.fit(data, epochs=10, callbacks=[SampleGrid("run/samples", n=64, every=2)])
    ```
    """

    def __init__(self, out_dir, n=64, seed=0, every=1):
        if n < 1 or every < 1:
            raise ValueError(f"SampleGrid needs n >= 1 and every >= 1, got n={n}, every={every}.")
        super().__init__(every)
        self.out_dir = os.fspath(out_dir)
        self.n = n
        self.seed = seed
        self.z = None
        self.labels = None
        self.per_row = None

    def on_train_begin(self, logs=None):
        self._ensure_inputs()
        super().on_train_begin(logs)

    def write(self, epoch):
        """Generates the grid and writes it for the 1-based `epoch`.

        Args:
            epoch: int. 1-based epoch number used in the file name.

        Returns:
            The path written.
        """
        self._ensure_inputs()
        images = np.asarray(self.model.generate(self.z, labels=self.labels))
        path = sample_path(self.out_dir, epoch)
        save_png(make_grid(images, nrow=self.per_row), path)
        self._last_written = epoch
        return path

    def _ensure_inputs(self):
        if self.z is None:
            model = self.model
            self.z, self.labels, self.per_row = fixed_inputs(
                model.latent_dim,
                model.num_classes,
                self.n,
                self.seed,
                getattr(model, "sample_latent", None),
            )
