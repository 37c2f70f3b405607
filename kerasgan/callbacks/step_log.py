"""`StepLog`: the losses of single training steps, every N steps, in a CSV."""

import csv
import io
import os

import keras

from kerasgan.runs.atomic import write_text

FIRST_COLUMNS = ("epoch", "step", "batch")


def step_value(mean, previous_mean, batch):
    """The value of step `batch` (0-based in its epoch) from the running means Keras logs.

    Keras reports a loss at the end of a batch as the mean over the epoch so far, so
    step b's own value is `(b + 1) mean_b - b mean_{b-1}` (exact up to float rounding).

    Args:
        mean: the running mean after this batch.
        previous_mean: the running mean after the previous batch (ignored for batch 0).
        batch: the 0-based batch index within the epoch.
    """
    if batch == 0 or previous_mean is None:
        return float(mean)
    return float((batch + 1) * mean - batch * previous_mean)


class StepLog(keras.callbacks.Callback):
    """Writes every `every`-th step's own losses to a CSV (GAN losses swing within an epoch).

    Columns: `epoch` (1-based), `step` (global, 1-based), `batch` (1-based within the
    epoch), then each scalar the model logs. A resumed run drops the rows of epochs it
    trains again.

    Args:
        path: the CSV file, e.g. `run/history_steps.csv`.
        every: write one row every this many steps.
    """

    def __init__(self, path, every=1):
        super().__init__()
        if int(every) < 1:
            raise ValueError(f"every must be at least 1, not {every!r}.")
        self.path = os.fspath(path)
        self.every = int(every)
        self.columns = None
        self._previous = {}
        self._epoch = 0
        self._started = False

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch
        self._previous = {}
        if not self._started:
            self._started = True
            self._keep_before(epoch + 1)

    def on_train_batch_end(self, batch, logs=None):
        values = {}
        for key, value in (logs or {}).items():
            try:
                mean = float(keras.ops.convert_to_numpy(value))
            except (TypeError, ValueError):
                continue
            values[key] = step_value(mean, self._previous.get(key), batch)
            self._previous[key] = mean
        steps = self.params.get("steps") or 0
        step = self._epoch * steps + batch + 1
        if step % self.every:
            return
        row = {"epoch": self._epoch + 1, "step": step, "batch": batch + 1, **values}
        if self.columns is None:
            self.columns = list(FIRST_COLUMNS) + list(values)
            write_text(self.path, _csv([self.columns]))
        with open(self.path, "a", newline="", encoding="utf-8") as stream:
            stream.write(_csv([[row.get(column, "") for column in self.columns]]))

    def _keep_before(self, first_epoch):
        """Keeps the rows of epochs before `first_epoch` (a resumed run's earlier steps)."""
        if not os.path.exists(self.path):
            return
        with open(self.path, newline="", encoding="utf-8") as stream:
            rows = list(csv.reader(stream))
        if not rows:
            return
        self.columns, body = rows[0], rows[1:]
        kept = [row for row in body if row and int(row[0]) < first_epoch]
        write_text(self.path, _csv([self.columns, *kept]))


def _csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()
