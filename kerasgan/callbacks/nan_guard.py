"""`StopOnNaN`: stops training as soon as a loss is NaN or infinite."""

import logging
import math

import keras

NAN_ATTRIBUTE = "_kerasgan_nan"

_LOG = logging.getLogger(__name__)


def model_has_nan(model):
    """Whether `StopOnNaN` flagged `model` during the current `fit`.

    Args:
        model: the model passed to the callbacks.
    """
    return bool(getattr(model, NAN_ATTRIBUTE, False))


class StopOnNaN(keras.callbacks.Callback):
    """Stops training when any loss in the batch logs is NaN or infinite.

    Sets `model.stop_training = True` and the attribute `model._kerasgan_nan`,
    which `RunCheckpoint` checks so that weights that are already NaN are never
    saved. Raises nothing: read `nan_epoch` (1-based), `nan_key`, `nan_value`
    and `message` after `fit` returns.

    A key counts as a loss when its name contains `loss` (`d_loss`, `g_loss`...).

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
        self._epoch = None

    @property
    def message(self):
        """A one-line description of what happened, or None."""
        if self.nan_key is None:
            return None
        return (
            f"loss {self.nan_key} became {self.nan_value} at epoch {self.nan_epoch} "
            f"(batch {self.nan_batch}); training stopped"
        )

    def on_train_begin(self, logs=None):
        self.nan_epoch = self.nan_key = self.nan_value = self.nan_batch = None
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
        model = self.model
        setattr(model, NAN_ATTRIBUTE, True)
        model.stop_training = True
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
