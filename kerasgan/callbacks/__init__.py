"""Keras callbacks for GAN runs: sample grids, GIF, history, NaN guard, checkpoints.

All are backend-agnostic `keras.callbacks.Callback`s. The model they receive
provides `latent_dim`, `num_classes` and `generate(z, labels=None)`.
"""

from kerasgan.callbacks.checkpoint import (
    RunCheckpoint,
    latest_checkpoint,
    restore_checkpoint,
    save_checkpoint,
)
from kerasgan.callbacks.evaluation import EvaluateEvery
from kerasgan.callbacks.gif import TrainingGif, make_gif
from kerasgan.callbacks.history import HistoryLog
from kerasgan.callbacks.nan_guard import StopOnNaN, model_has_nan
from kerasgan.callbacks.samples import SampleGrid

__all__ = [
    "EvaluateEvery",
    "HistoryLog",
    "RunCheckpoint",
    "SampleGrid",
    "StopOnNaN",
    "TrainingGif",
    "latest_checkpoint",
    "make_gif",
    "model_has_nan",
    "restore_checkpoint",
    "save_checkpoint",
]
