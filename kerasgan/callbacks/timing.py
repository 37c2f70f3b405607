"""`TrainingTime`: the run's training time so far, across resumed sessions, in a JSON file."""

import json
import os
import time

import keras

from kerasgan.runs.atomic import write_json


class TrainingTime(keras.callbacks.Callback):
    """Keeps `{"seconds": ..., "epochs": ...}` of training in `path`, updated every epoch.

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
        self.start = None

    def on_train_begin(self, logs=None):
        self.before = read_seconds(self.path)
        self.start = self.clock()

    def on_epoch_end(self, epoch, logs=None):
        seconds = self.before + self.clock() - self.start
        write_json(self.path, {"seconds": round(seconds, 3), "epochs": epoch + 1})


def read_seconds(path):
    """The seconds recorded in a timing file (0 when it is missing or unreadable)."""
    try:
        with open(path, encoding="utf-8") as stream:
            return float(json.load(stream).get("seconds", 0.0))
    except (OSError, ValueError, AttributeError, TypeError):
        return 0.0
