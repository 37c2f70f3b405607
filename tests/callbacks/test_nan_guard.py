import numpy as np

from kerasgan.callbacks import RunCheckpoint, StopOnNaN, latest_checkpoint, model_has_nan
from tests.helpers import fake_gan, fit_fake_gan


def test_stops_training_and_records_where(tmp_path):
    model = fake_gan()
    guard = StopOnNaN()
    history = fit_fake_gan(model, [guard], epochs=5, nan_from=16)  # third batch of each epoch
    assert len(history.history["loss"]) == 1
    assert model.stop_training and model_has_nan(model)
    assert (guard.nan_key, guard.nan_epoch, guard.nan_batch) == ("loss", 1, 2)
    assert guard.message.startswith("loss loss became nan at epoch 1")


def test_blocks_checkpoint_of_nan_weights(tmp_path):
    model = fake_gan()
    fit_fake_gan(model, [StopOnNaN(), RunCheckpoint(tmp_path, keep=5)], epochs=2)
    guard = StopOnNaN()
    fit_fake_gan(
        model, [guard, RunCheckpoint(tmp_path, keep=5)], epochs=6, initial_epoch=2, nan_from=0
    )
    assert guard.nan_epoch == 3
    path, epoch = latest_checkpoint(tmp_path)
    assert epoch == 2 and path.endswith("epoch_0002")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["epoch_0001", "epoch_0002", "latest.json"]


def test_flag_resets_on_next_fit():
    model = fake_gan()
    guard = StopOnNaN()
    fit_fake_gan(model, [guard], epochs=1, nan_from=0)
    assert model_has_nan(model)
    for variable in model.weights + model.optimizer.variables:
        variable.assign(np.zeros(variable.shape, variable.dtype))
    fit_fake_gan(model, [guard], epochs=1)
    assert not model_has_nan(model) and guard.nan_key is None and guard.message is None


def test_ignores_non_loss_keys_and_finite_values():
    guard = StopOnNaN()
    guard.set_model(fake_gan())
    guard.on_train_begin()
    guard.on_epoch_begin(0)
    guard.on_train_batch_end(0, {"d_loss": 1.0, "d_acc_real": float("nan"), "name": "x"})
    assert guard.nan_key is None
    guard.on_train_batch_end(1, {"d_loss": 1.0, "g_loss": float("inf")})
    assert (guard.nan_key, guard.nan_epoch, guard.nan_batch) == ("g_loss", 1, 1)
