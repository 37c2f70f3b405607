"""`TimeBudget`: stop training cleanly when a wall-clock budget is spent."""

import time

import keras

from kerasgan.runs.duration import format_duration


class TimeBudget(keras.callbacks.Callback):
    """Stops `fit` after the batch during which `seconds` of training have passed.

    The epoch in progress ends early: Keras then runs every callback's `on_epoch_end`
    and `on_train_end`, so the checkpoint, the sample grid, the history and the GIF of
    a finished run are written (the partial epoch counts as an epoch). Put it first
    among the callbacks, so that the others see the stop.

    Args:
        seconds: the budget, in seconds of this `fit` call.
        clock: a `time.monotonic`-like function (tests use a fake one).
        verbose: print where training stopped.

    Attributes:
        reached: whether the budget stopped training.
        stopped: `(epoch, batches)`: the 1-based epoch and the batches run in it.

    Example:
        >>> gan.fit(batches, epochs=10**6, callbacks=[TimeBudget(600)])   # 10 minutes
    """

    def __init__(self, seconds, clock=time.monotonic, verbose=True):
        super().__init__()
        if not seconds > 0:
            raise ValueError(f"seconds must be positive, not {seconds!r}.")
        self.seconds = float(seconds)
        self.clock = clock
        self.verbose = verbose
        self.start = None
        self.reached = False
        self.stopped = None
        self._epoch = 0
        self._steps = 0

    def elapsed(self):
        """Seconds since training began (0 before)."""
        return 0.0 if self.start is None else self.clock() - self.start

    def fraction(self):
        """The share of the budget spent, from 0 to 1."""
        return min(self.elapsed() / self.seconds, 1.0)

    def on_train_begin(self, logs=None):
        self.start = self.clock()
        self.reached = False
        self.stopped = None
        self._steps = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self._steps += 1
        if not self.reached and self.elapsed() >= self.seconds:
            self.reached = True
            self.stopped = (self._epoch + 1, batch + 1)
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.reached and self.verbose:
            epoch, batches = self.stopped
            print(
                f"time budget of {format_duration(self.seconds)} reached after "
                f"{format_duration(self.elapsed())}: stopped in epoch {epoch} after {batches} "
                f"batches ({self._steps} batches in all); everything is saved, and `--resume` "
                "with a new --time-budget continues."
            )


class BudgetProgress(keras.callbacks.ProgbarLogger):
    """Keras' progress bar for a run that trains until its time budget.

    Such a run asks `fit` for a huge number of epochs, which Keras' own logger would
    print as `Epoch 3/1000000`; this one prints `Epoch 3 (until the time budget)`.
    Pass it among `fit`'s callbacks (Keras then adds no logger of its own).
    """

    def on_epoch_begin(self, epoch, logs=None):
        epochs, self.epochs = self.epochs, 1  # Keras' line is printed for epochs > 1 only
        try:
            super().on_epoch_begin(epoch, logs)
        finally:
            self.epochs = epochs
        if self.verbose:
            print(f"Epoch {epoch + 1} (until the time budget)", flush=True)
