"""`TranslationGrid`: input / output / target rows of a translation model, every few epochs."""

import os

import numpy as np

from kerasgan.callbacks.samples import EpochGrid, sample_path
from kerasgan.images import make_grid, save_png, to_uint8


def comparable(rows):
    """Rows of images brought to one size and channel count, for one grid.

    Smaller images are enlarged by pixel repetition (a low-resolution input shown
    beside its 4x output stays visibly blocky); grey becomes RGB when any row is
    RGB.

    Args:
        rows: a list of uint8 NHWC arrays with the same number of images; heights
            and widths must divide the largest.

    Returns:
        One uint8 array: the rows stacked, row after row.
    """
    height = max(r.shape[1] for r in rows)
    width = max(r.shape[2] for r in rows)
    channels = max(r.shape[3] for r in rows)
    out = []
    for row in rows:
        row = np.repeat(np.repeat(row, height // row.shape[1], 1), width // row.shape[2], 2)
        if row.shape[-1] != channels:
            row = np.repeat(row, channels, axis=-1)
        out.append(row)
    return np.concatenate(out)


def translation_rows(model, source, target=None):
    """The rows of a translation grid, as uint8 arrays.

    One-way models: source, translation, and target when given. Two-way models
    (CycleGAN and its relatives): source, translation and the cycle back to the
    source; then the B images, their translation to A and the cycle back, when
    `target` holds B images.

    Args:
        model: a `kerasgan.models.base.image_to_image.TranslationGAN`.
        source: source images in [-1, 1].
        target: target images in [-1, 1] (paired or unpaired), or None.
    """
    output = model.translate(source)
    if "b2a" not in model.translators:
        rows = [source, output] + ([] if target is None else [target])
        return [to_uint8(r) for r in rows]
    rows = [source, output, model.translate(output, "b2a")]
    if target is not None:
        back = model.translate(target, "b2a")
        rows += [target, back, model.translate(back)]
    return [to_uint8(r) for r in rows]


class TranslationGrid(EpochGrid):
    """Saves a grid of fixed inputs, their translations and targets every `every` epochs.

    Written as `out_dir/epoch_XXXX.png` (1-based epochs), like `SampleGrid`, so
    that `TrainingGif` makes the training GIF from them.

    Args:
        out_dir: folder receiving the PNGs.
        source: the fixed source images in [-1, 1] (a few, e.g. 8).
        target: their targets (or, for unpaired data, B images), or None.
        every: write a grid every this many epochs.

    Example:
        >>> a, b = pairs.head(8)
        >>> gan.fit(batches, epochs=5, callbacks=[TranslationGrid("run/samples", a, b)])
    """

    def __init__(self, out_dir, source, target=None, every=1):
        if every < 1:
            raise ValueError(f"TranslationGrid needs every >= 1, got {every}.")
        super().__init__(every)
        self.out_dir = os.fspath(out_dir)
        self.source = np.asarray(source, "float32")
        self.target = None if target is None else np.asarray(target, "float32")

    def write(self, epoch):
        """Writes the grid of the 1-based `epoch`; returns its path."""
        rows = translation_rows(self.model, self.source, self.target)
        path = sample_path(self.out_dir, epoch)
        save_png(make_grid(comparable(rows), nrow=len(self.source)), path)
        self._last_written = epoch
        return path
