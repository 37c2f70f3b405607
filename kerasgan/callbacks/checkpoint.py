"""`RunCheckpoint`: saves crash-safe checkpoints of the full training state during `fit`.

Saving, finding, restoring and pruning checkpoints live in `kerasgan.runs.checkpoints` (see
there for the folder layout and why a kill never leaves `latest.json` pointing at a half-written
checkpoint); this module only calls them at the end of epochs.
"""

import logging
import os

import keras

from kerasgan.callbacks.nan_guard import first_non_finite_weight, flag_nan, model_has_nan
from kerasgan.errors import ConfigError
from kerasgan.runs.checkpoints import prune_checkpoints, remove_leftovers, save_checkpoint

__all__ = ["RunCheckpoint"]

_LOG = logging.getLogger(__name__)


class RunCheckpoint(keras.callbacks.Callback):
    """Saves the full training state every `every` epochs, keeping the last `keep`.

    Each checkpoint is a folder `ckpt_dir/epoch_XXXX/` (completed epochs) with
    `model.weights.h5`, `optimizer.npz` and `state.json`; `latest.json` names
    the newest. The last epoch is saved at train end if `every` skipped it.
    Nothing is saved once `StopOnNaN` has flagged the model, nor when a weight is
    NaN or infinite (the model is then flagged and training stops), so the newest
    checkpoint is always a good one.

    Resume with (`latest_checkpoint` and `restore_checkpoint` come from
    `kerasgan.runs.checkpoints`, also exported by `kerasgan.callbacks`):

    ```python
    found = latest_checkpoint("run/checkpoints")
    if found:
        initial_epoch = restore_checkpoint(gan, found[0])
    gan.fit(data, epochs=20, initial_epoch=initial_epoch,
            callbacks=[StopOnNaN(), RunCheckpoint("run/checkpoints", keep=2)])
    ```

    Args:
        ckpt_dir: str or path-like. Folder of the checkpoints.
        keep: int. Number of checkpoint folders kept (at least 1), or None for all.
        every: int. Save every this many epochs.
    """

    def __init__(self, ckpt_dir, keep=2, every=1):
        super().__init__()
        if keep is not None and keep < 1:
            raise ConfigError(f"RunCheckpoint keep must be at least 1 (or None), got {keep}.")
        if every < 1:
            raise ConfigError(f"RunCheckpoint every must be at least 1, got {every}.")
        self.ckpt_dir = os.fspath(ckpt_dir)
        self.keep = keep
        self.every = every
        self.last_saved = None
        self._last_epoch = None

    def on_train_begin(self, logs=None):
        self.last_saved = None
        self._last_epoch = None
        os.makedirs(self.ckpt_dir, exist_ok=True)
        remove_leftovers(self.ckpt_dir)

    def on_epoch_end(self, epoch, logs=None):
        self._last_epoch = epoch + 1
        if self._last_epoch % self.every == 0:
            self.save(self._last_epoch)

    def on_train_end(self, logs=None):
        if self._last_epoch is not None and self.last_saved != self._last_epoch:
            self.save(self._last_epoch)

    def save(self, epoch):
        """Saves a checkpoint for `epoch` completed epochs, then prunes old ones.

        Args:
            epoch: int. Number of completed epochs.

        Returns:
            The checkpoint folder, or None if the model was flagged NaN or a weight is not finite.
        """
        model = self.model
        if model_has_nan(model):
            return None
        bad = first_non_finite_weight(model)
        if bad is not None:
            _LOG.warning("weight %s is %s: epoch %d not saved; training stopped.", *bad, epoch)
            flag_nan(model)
            return None
        path = save_checkpoint(model, self.ckpt_dir, epoch)
        self.last_saved = epoch
        if self.keep is not None:
            prune_checkpoints(self.ckpt_dir, self.keep)
        return path
