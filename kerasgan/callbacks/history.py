"""`HistoryLog`: per-epoch logs to a CSV file and a plot of losses and accuracies."""

import csv
import io
import math
import os

import keras
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from kerasgan.runs.atomic import atomic_path, write_text

EPOCH = "epoch"
PROGRESS = ("kimg", "resolution", "alpha")
"""Logged columns that measure training progress (a progressive GAN's), not a loss."""


def read_history(csv_path):
    """Reads a history CSV.

    Args:
        csv_path: str or path-like. A missing or empty file gives no rows.

    Returns:
        `(columns, rows)`: the header as a list, and one dict per row with an
        int `"epoch"` and float values (NaN for empty cells).
    """
    if not os.path.exists(csv_path):
        return [], []
    with open(csv_path, newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        columns = list(reader.fieldnames or [])
        rows = [_parse_row(row) for row in reader]
    return columns, [row for row in rows if row is not None]


def _parse_row(row):
    try:
        parsed = {EPOCH: int(row[EPOCH])}
    except (KeyError, TypeError, ValueError):
        return None  # a line cut short by a kill, or a foreign file
    for key, value in row.items():
        if key not in (EPOCH, None):
            parsed[key] = _to_float(value)
    return parsed


def _ends_with_newline(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return False
    with open(path, "rb") as stream:
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) == b"\n"


def _to_float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _scalar(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _format_rows(columns, rows, header=False):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, restval="", lineterminator="\n")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in columns})
    return buffer.getvalue()


def split_columns(columns):
    """Splits log keys into the loss panel and the accuracy panel.

    Args:
        columns: iterable of log keys (`"epoch"` is ignored).

    Returns:
        `(losses, accuracies)`: keys containing `acc` go to the second list,
        every other scalar (losses, `gp`...) to the first; the training progress
        (`PROGRESS`) to neither.
    """
    keys = [key for key in columns if key not in (EPOCH, *PROGRESS)]
    accuracies = [key for key in keys if "acc" in key]
    return [key for key in keys if key not in accuracies], accuracies


def plot_history(rows, columns, plot_path):
    """Draws losses (and accuracies, if any) against 1-based epochs to a PNG.

    Args:
        rows: list of dicts, as returned by `read_history`.
        columns: list of keys to consider.
        plot_path: str or path-like. The PNG written (atomically).
    """
    losses, accuracies = split_columns(columns)
    panels = [("loss", losses)] + ([("accuracy", accuracies)] if accuracies else [])
    figure = Figure(figsize=(7, 3.2 * len(panels)), layout="constrained")
    FigureCanvasAgg(figure)
    epochs = [row[EPOCH] for row in rows]
    for index, (title, keys) in enumerate(panels):
        axes = figure.add_subplot(len(panels), 1, index + 1)
        for key in keys:
            values = [_finite_or_nan(row.get(key, math.nan)) for row in rows]
            axes.plot(epochs, values, marker="o" if len(rows) < 30 else None, ms=3, label=key)
        axes.set_ylabel(title)
        axes.grid(alpha=0.3)
        axes.xaxis.get_major_locator().set_params(integer=True)
        if keys:
            axes.legend(loc="best", fontsize="small")
        if index == len(panels) - 1:
            axes.set_xlabel("epoch")
    with atomic_path(plot_path, suffix=".png") as tmp:
        figure.savefig(tmp, format="png", dpi=100)


def _finite_or_nan(value):
    return value if math.isfinite(value) else math.nan


class HistoryLog(keras.callbacks.Callback):
    """Appends each epoch's logs to a CSV and redraws a loss plot.

    The CSV has an `epoch` column (1-based) followed by the log keys of the
    first row. When training resumes, rows are appended to the existing file
    and its header is kept; rows of epochs at or after the resumed epoch (left
    by a run killed after its last checkpoint) are dropped; a new log key
    rewrites the file (atomically) with the union of the columns.

    The plot has one panel for losses and other scalars (`d_loss`, `g_loss`,
    `gp`...) and a second for accuracies (`*acc*`) when there are any.

    Args:
        csv_path: str or path-like, e.g. `run/history.csv`.
        plot_path: str or path-like, e.g. `run/losses.png`.

    Example:

    ```python
    gan.fit(data, epochs=5, callbacks=[HistoryLog("run/history.csv", "run/losses.png")])
    ```
    """

    def __init__(self, csv_path, plot_path):
        super().__init__()
        self.csv_path = os.fspath(csv_path)
        self.plot_path = os.fspath(plot_path)
        self.columns = None
        self.rows = None
        self._needs_rewrite = True

    def on_train_begin(self, logs=None):
        self.columns, self.rows = read_history(self.csv_path)
        # Rewrite rather than append to a missing file or one cut short by a kill.
        self._needs_rewrite = not _ends_with_newline(self.csv_path)

    def on_epoch_end(self, epoch, logs=None):
        if self.rows is None:
            self.on_train_begin()
        row = {EPOCH: epoch + 1}
        for key, value in (logs or {}).items():
            value = _scalar(value)
            if value is not None:  # vectors and strings are not plotted
                row[key] = value
        self._record(row)
        plot_history(self.rows, self.columns, self.plot_path)

    def _record(self, row):
        kept = [old for old in self.rows if old[EPOCH] < row[EPOCH]]
        new_keys = [key for key in row if key not in self.columns]
        rewrite = self._needs_rewrite or bool(new_keys) or len(kept) != len(self.rows)
        if EPOCH not in self.columns:
            self.columns.insert(0, EPOCH)
            new_keys = [key for key in new_keys if key != EPOCH]
        self.columns.extend(new_keys)
        self.rows = kept + [row]
        if rewrite:
            write_text(self.csv_path, _format_rows(self.columns, self.rows, header=True))
            self._needs_rewrite = False
        else:
            with open(self.csv_path, "a", newline="", encoding="utf-8") as stream:
                stream.write(_format_rows(self.columns, [row]))
