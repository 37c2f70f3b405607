"""`TrainingTime`: the run's training time so far, across resumed sessions, in a JSON file."""

import json
import os
import time

import keras

from kerasgan.runs.atomic import write_json


class TrainingTime(keras.callbacks.Callback):
    """Keeps `{"seconds": ..., "epochs": ..., "steps": ...}` of training in `path`, updated
    every epoch (steps: the batches trained, so images seen = steps x batch size).

    A resumed run adds its own time to what the file held, so the total covers every
    session (without the start-up of each).

    Args:
        path: the JSON file, e.g. `run/timing.json`.
        clock: a `time.monotonic`-like function (tests use a fake one).
    """

    def __init__(self, path, clock=time.monotonic):
        super().__init__()
        self.path = os.fspath(path)
        self.clock = clock
        self.before = 0.0
        self.steps = 0
        self.start = None

    def on_train_begin(self, logs=None):
        self.before, self.steps = read_totals(self.path)
        self.start = self.clock()

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1

    def on_epoch_end(self, epoch, logs=None):
        seconds = self.before + self.clock() - self.start
        record = {"seconds": round(seconds, 3), "epochs": epoch + 1, "steps": self.steps}
        write_json(self.path, record)


def read_totals(path):
    """`(seconds, steps)` recorded in a timing file (zeros when it is missing or unreadable)."""
    try:
        with open(path, encoding="utf-8") as stream:
            record = json.load(stream)
        return float(record.get("seconds", 0.0)), int(record.get("steps", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        return 0.0, 0
