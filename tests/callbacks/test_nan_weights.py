"""A step that writes non-finite weights logs finite losses: no checkpoint may keep them."""

import keras
import numpy as np

from kerasgan.callbacks import RunCheckpoint, StopOnNaN, latest_checkpoint, model_has_nan
from kerasgan.callbacks.nan_guard import first_non_finite_weight
from tests.helpers import fake_gan, fake_train_data


def fit_one_batch_per_epoch(model, callbacks, epochs):
    """8 examples in one batch: every epoch's loss is computed before its only update."""
    z, targets = fake_train_data(model, n=8)
    return model.fit(z, targets, batch_size=8, epochs=epochs, verbose=0, callbacks=callbacks)


def exploding_gan():
    return fake_gan(optimizer=keras.optimizers.SGD(learning_rate=float("inf")))


def test_guard_stops_when_the_weights_are_not_finite_at_an_epochs_end(tmp_path):
    model = exploding_gan()
    guard = StopOnNaN()
    history = fit_one_batch_per_epoch(model, [guard, RunCheckpoint(tmp_path, keep=5)], epochs=3)
    assert np.isfinite(history.history["loss"]).all()  # the losses alone look fine
    assert model_has_nan(model) and len(history.history["loss"]) == 1
    assert (guard.nan_key, guard.nan_epoch) == ("weights", 1)
    assert "dense" in guard.nan_weight and not np.isfinite(guard.nan_value)
    assert guard.message.startswith(f"weight {guard.nan_weight} became")
    assert latest_checkpoint(tmp_path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_checkpoint_alone_refuses_non_finite_weights_and_stops(tmp_path):
    model = exploding_gan()
    history = fit_one_batch_per_epoch(model, [RunCheckpoint(tmp_path, keep=5)], epochs=3)
    assert len(history.history["loss"]) == 1 and model_has_nan(model)
    assert latest_checkpoint(tmp_path) is None


def test_finite_weights_are_saved_as_before(tmp_path):
    model = fake_gan()
    guard = StopOnNaN()
    fit_one_batch_per_epoch(model, [guard, RunCheckpoint(tmp_path, keep=5)], epochs=2)
    assert guard.nan_key is None and first_non_finite_weight(model) is None
    assert latest_checkpoint(tmp_path)[1] == 2
