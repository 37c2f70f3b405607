"""Keras callbacks for GAN runs: sample grids, GIF, history, NaN guard, checkpoints, a time
budget.

All are backend-agnostic `keras.callbacks.Callback`s. `SampleGrid` needs a model
with `latent_dim`, `num_classes` and `generate(z, labels=None)`; `TranslationGrid`
one with `translate(images, direction)`; `LinearDecay` a compiled kerasgan GAN.

`latest_checkpoint`, `restore_checkpoint` and `save_checkpoint` are re-exported from their home,
`kerasgan.runs.checkpoints`, for resuming a run next to `RunCheckpoint`.
"""

from kerasgan.callbacks.checkpoint import RunCheckpoint
from kerasgan.callbacks.evaluation import EvaluateEvery
from kerasgan.callbacks.gif import TrainingGif, make_gif
from kerasgan.callbacks.history import HistoryLog
from kerasgan.callbacks.lr_decay import LinearDecay
from kerasgan.callbacks.nan_guard import StopOnNaN, model_has_nan
from kerasgan.callbacks.samples import SampleGrid
from kerasgan.callbacks.step_log import StepLog
from kerasgan.callbacks.tensorboard import GridSummaries
from kerasgan.callbacks.time_budget import TimeBudget
from kerasgan.callbacks.translation_grid import TranslationGrid
from kerasgan.runs.checkpoints import latest_checkpoint, restore_checkpoint, save_checkpoint

__all__ = [
    "EvaluateEvery",
    "GridSummaries",
    "HistoryLog",
    "LinearDecay",
    "RunCheckpoint",
    "SampleGrid",
    "StepLog",
    "StopOnNaN",
    "TimeBudget",
    "TrainingGif",
    "TranslationGrid",
    "latest_checkpoint",
    "make_gif",
    "model_has_nan",
    "restore_checkpoint",
    "save_checkpoint",
]
