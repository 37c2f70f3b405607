"""`StopOnNaN`: stops training as soon as a loss or, at an epoch's end, a weight is not finite."""

import logging
import math

import keras
import numpy as np

NAN_ATTRIBUTE = "_kerasgan_nan"

_LOG = logging.getLogger(__name__)


def model_has_nan(model):
    """Whether `StopOnNaN` flagged `model` during the current `fit`.

    Args:
        model: the model passed to the callbacks.
    """
    return bool(getattr(model, NAN_ATTRIBUTE, False))


def flag_nan(model):
    """Marks `model` as diverged for the rest of this `fit` and asks it to stop."""
    setattr(model, NAN_ATTRIBUTE, True)
    model.stop_training = True


def first_non_finite_weight(model):
    """`(path, value)` of the first floating-point variable of `model` holding NaN or inf.

    Losses are logged before a step's updates, so a step that writes non-finite weights
    (an infinite learning rate) logs finite losses: this check catches it at once.

    Args:
        model: a built `keras.Model`.

    Returns:
        The variable's path and its first non-finite value, or None when all are finite.
    """
    for variable in model.variables:
        if not keras.backend.is_float_dtype(variable.dtype):
            continue
        value = np.asarray(keras.ops.convert_to_numpy(variable.value))
        bad = ~np.isfinite(value)
        if bad.any():
            return variable.path, float(value[bad].flat[0])
    return None


class StopOnNaN(keras.callbacks.Callback):
    """Stops training when a loss in the batch logs, or a weight at an epoch's end, is not finite.

    Sets `model.stop_training = True` and the attribute `model._kerasgan_nan`,
    which `RunCheckpoint` checks so that weights that are already NaN are never
    saved. Raises nothing: read `nan_epoch` (1-based), `nan_key`, `nan_value`
    and `message` after `fit` returns.

    A key counts as a loss when its name contains `loss` (`d_loss`, `g_loss`...).
    Losses are computed before a step's updates, so at each epoch's end (before
    `RunCheckpoint`, which comes after it in the callback list) the model's
    weights are checked too: then `nan_key` is "weights" and `nan_weight` names
    the variable.

    Example:

    ```python
    guard = StopOnNaN()
    gan.fit(data, epochs=10, callbacks=[guard, RunCheckpoint("run/checkpoints")])
    if guard.nan_key:
        print(guard.message)
    ```
    """

    def __init__(self):
        super().__init__()
        self.nan_epoch = None
        self.nan_key = None
        self.nan_value = None
        self.nan_batch = None
        self.nan_weight = None
        self._epoch = None

    @property
    def message(self):
        """A one-line description of what happened, or None."""
        if self.nan_key is None:
            return None
        if self.nan_weight is not None:
            return (
                f"weight {self.nan_weight} became {self.nan_value} by the end of epoch "
                f"{self.nan_epoch}; training stopped"
            )
        return (
            f"loss {self.nan_key} became {self.nan_value} at epoch {self.nan_epoch} "
            f"(batch {self.nan_batch}); training stopped"
        )

    def on_train_begin(self, logs=None):
        self.nan_epoch = self.nan_key = self.nan_value = self.nan_batch = None
        self.nan_weight = None
        setattr(self.model, NAN_ATTRIBUTE, False)

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        # Only touch self.model when stopping: on JAX it syncs the training state.
        if self.nan_key is not None:
            return
        bad = _first_non_finite_loss(logs)
        if bad is None:
            return
        self.nan_key, self.nan_value = bad
        self.nan_epoch = None if self._epoch is None else self._epoch + 1
        self.nan_batch = batch
        flag_nan(self.model)
        _LOG.warning("%s.", self.message)

    def on_epoch_end(self, epoch, logs=None):
        if self.nan_key is not None:
            return
        bad = first_non_finite_weight(self.model)
        if bad is None:
            return
        self.nan_weight, self.nan_value = bad
        self.nan_key = "weights"
        self.nan_epoch = epoch + 1
        flag_nan(self.model)
        _LOG.warning("%s.", self.message)


def _first_non_finite_loss(logs):
    for key, value in (logs or {}).items():
        if "loss" not in key:
            continue
        try:
            value = float(value)
        except (TypeError, ValueError):
            continue
        if not math.isfinite(value):
            return key, value
    return None
