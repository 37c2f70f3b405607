import json
import os

import keras
import numpy as np
import pytest

from kerasgan import callbacks
from kerasgan.callbacks import RunCheckpoint, latest_checkpoint, restore_checkpoint
from kerasgan.errors import KerasGANError
from kerasgan.runs import checkpoints as ckpt
from tests.helpers import fake_gan as make_model
from tests.helpers import fit_fake_gan as fit


def names(folder):
    return sorted(os.listdir(folder))


def optimizer_values(model):
    return [np.array(v.numpy()) for v in model.optimizer.variables]


def assert_same_state(a, b):
    for x, y in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_array_equal(x, y)
    values_a, values_b = optimizer_values(a), optimizer_values(b)
    assert len(values_a) == len(values_b) > 2
    for x, y in zip(values_a, values_b, strict=True):
        np.testing.assert_array_equal(x, y)


def test_round_trip_restores_weights_and_optimizer(tmp_path):
    model = make_model()
    fit(model, [RunCheckpoint(tmp_path)], epochs=1)
    path, epoch = latest_checkpoint(tmp_path)
    assert epoch == 1 and names(path) == ["model.weights.h5", "optimizer.npz", "state.json"]

    fresh = make_model()
    assert not fresh.optimizer.built
    assert restore_checkpoint(fresh, path) == 1
    assert_same_state(model, fresh)
    assert int(fresh.optimizer.iterations.numpy()) == 4

    # Training on from the restored state matches training on from the original.
    fit(model, [], epochs=2, initial_epoch=1)
    fit(fresh, [], epochs=2, initial_epoch=1)
    for x, y in zip(model.get_weights(), fresh.get_weights(), strict=True):
        np.testing.assert_allclose(x, y, rtol=1e-6, atol=1e-7)


def test_keep_prunes_and_latest_points_at_complete_folder(tmp_path):
    model = make_model()
    fit(model, [RunCheckpoint(tmp_path, keep=2)], epochs=4)
    assert names(tmp_path) == ["epoch_0003", "epoch_0004", "latest.json"]
    latest = json.loads((tmp_path / "latest.json").read_text())
    assert latest == {"dir": "epoch_0004", "epoch": 4}
    assert ckpt.is_complete(tmp_path / latest["dir"])
    state = json.loads((tmp_path / "epoch_0004" / "state.json").read_text())
    assert state == {"epoch": 4}


def test_every_and_train_end_and_resume(tmp_path):
    model = make_model()
    fit(model, [RunCheckpoint(tmp_path, keep=None, every=3)], epochs=4)
    assert names(tmp_path) == ["epoch_0003", "epoch_0004", "latest.json"]
    fresh = make_model()
    initial_epoch = restore_checkpoint(fresh, latest_checkpoint(tmp_path)[0])
    fit(fresh, [RunCheckpoint(tmp_path, keep=1, every=3)], epochs=7, initial_epoch=initial_epoch)
    assert names(tmp_path) == ["epoch_0007", "latest.json"]


def test_leftover_temp_and_incomplete_folders_are_ignored(tmp_path):
    model = make_model()
    fit(model, [RunCheckpoint(tmp_path, keep=3)], epochs=2)
    (tmp_path / ".tmp_epoch_0003_dead").mkdir()
    (tmp_path / ".tmp_epoch_0003_dead" / "model.weights.h5").write_bytes(b"partial")
    (tmp_path / "epoch_0009").mkdir()  # incomplete, not a real checkpoint
    (tmp_path / "epoch_0009" / "state.json").write_text('{"epoch": 9}')
    assert latest_checkpoint(tmp_path)[1] == 2

    (tmp_path / "latest.json").write_text('{"dir": "epoch_0042", "epoch": 42}')
    assert latest_checkpoint(tmp_path)[1] == 2  # falls back to the newest complete folder
    (tmp_path / "latest.json").write_text("{trunc")
    assert latest_checkpoint(tmp_path)[1] == 2

    fit(model, [RunCheckpoint(tmp_path, keep=3)], epochs=3, initial_epoch=2)
    assert ".tmp_epoch_0003_dead" not in names(tmp_path)
    assert latest_checkpoint(tmp_path)[1] == 3


def test_kill_during_save_keeps_previous_checkpoint(tmp_path, monkeypatch):
    model = make_model()
    fit(model, [RunCheckpoint(tmp_path)], epochs=1)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ckpt.np, "savez", killed)
    with pytest.raises(KeyboardInterrupt):
        ckpt.save_checkpoint(model, tmp_path, 2)
    assert names(tmp_path) == ["epoch_0001", "latest.json"]
    assert latest_checkpoint(tmp_path)[1] == 1


def test_kill_before_latest_json_keeps_pointing_at_previous(tmp_path, monkeypatch):
    model = make_model()
    ckpt.save_checkpoint(model, tmp_path, 1)
    original = ckpt.write_json

    def killed(path, obj):
        if os.path.basename(path) == "latest.json":
            raise KeyboardInterrupt
        original(path, obj)

    monkeypatch.setattr(ckpt, "write_json", killed)
    with pytest.raises(KeyboardInterrupt):
        ckpt.save_checkpoint(model, tmp_path, 2)
    assert json.loads((tmp_path / "latest.json").read_text())["dir"] == "epoch_0001"
    assert latest_checkpoint(tmp_path)[1] == 1
    assert not [name for name in names(tmp_path) if name.startswith(".tmp_")]


def test_saving_same_epoch_again_replaces_folder(tmp_path):
    model = make_model()
    ckpt.save_checkpoint(model, tmp_path, 1)
    model.set_weights([w + 1 for w in model.get_weights()])
    ckpt.save_checkpoint(model, tmp_path, 1)
    fresh = make_model()
    restore_checkpoint(fresh, latest_checkpoint(tmp_path)[0])
    for x, y in zip(model.get_weights(), fresh.get_weights(), strict=True):
        np.testing.assert_array_equal(x, y)
    assert names(tmp_path) == ["epoch_0001", "latest.json"]


@pytest.mark.filterwarnings("ignore:Skipping variable loading for optimizer")
def test_mismatched_optimizer_names_checkpoint(tmp_path):
    model = make_model()
    fit(model, [RunCheckpoint(tmp_path)], epochs=1)
    path, _ = latest_checkpoint(tmp_path)
    other = make_model(optimizer=keras.optimizers.SGD(learning_rate=0.1))
    with pytest.raises(KerasGANError, match="epoch_0001"):
        restore_checkpoint(other, path)


def test_mismatched_weights_and_missing_folder_raise(tmp_path):
    model = make_model()
    ckpt.save_checkpoint(model, tmp_path, 1)
    wider = make_model(image_shape=(7, 5, 1))
    with pytest.raises(KerasGANError, match="epoch_0001"):
        restore_checkpoint(wider, tmp_path / "epoch_0001")
    with pytest.raises(KerasGANError, match="epoch_0005"):
        restore_checkpoint(model, tmp_path / "epoch_0005")


def test_invalid_arguments():
    with pytest.raises(KerasGANError):
        RunCheckpoint("x", keep=0)
    with pytest.raises(KerasGANError):
        RunCheckpoint("x", every=0)


def test_callbacks_reexport_the_checkpoint_functions_of_runs():
    for name in ("latest_checkpoint", "restore_checkpoint", "save_checkpoint"):
        assert getattr(callbacks, name) is getattr(ckpt, name)
