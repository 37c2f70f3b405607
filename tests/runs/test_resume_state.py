"""Resuming is faithful: checkpoints carry the in-step noise generator's state."""

import csv
import json

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.runs.checkpoints import (
    SEED_KEY,
    STATE_FILE,
    latest_checkpoint,
    restore_checkpoint,
    save_checkpoint,
)
from tests.helpers import tiny_model


def compiled_dcgan():
    model = tiny_model("dcgan")
    model.compile(
        optimizers={key: keras.optimizers.Adam(1e-3) for key in ("generator", "discriminator")}
    )
    return model


def seed_state(model):
    return keras.ops.convert_to_numpy(model.seed_generator.state).tolist()


def test_checkpoint_saves_and_restores_the_seed_generator_state(tmp_path):
    model = compiled_dcgan()
    model.seed_generator.state.assign(np.array([0, 32], "int32"))
    path = save_checkpoint(model, tmp_path, 2)
    assert json.loads((tmp_path / "epoch_0002" / STATE_FILE).read_text())[SEED_KEY] == [[0, 32]]
    fresh = compiled_dcgan()
    assert seed_state(fresh) == [0, 0]
    assert restore_checkpoint(fresh, path) == 2
    assert seed_state(fresh) == [0, 32]


def test_checkpoint_without_seed_states_still_loads(tmp_path):
    model = compiled_dcgan()
    path = save_checkpoint(model, tmp_path, 1)
    state = tmp_path / "epoch_0001" / STATE_FILE
    state.write_text(json.dumps({"epoch": 1}))  # as written before seed states were kept
    fresh = compiled_dcgan()
    fresh.seed_generator.state.assign(np.array([0, 7], "int32"))
    assert restore_checkpoint(fresh, path) == 1
    assert seed_state(fresh) == [0, 7]  # left as it was


def final_state(run):
    rows = list(csv.DictReader(open(run / "history.csv")))
    generator = keras.saving.load_model(run / "generator.keras", compile=False)
    return rows, [keras.ops.convert_to_numpy(w) for w in generator.weights]


def assert_same_run(first, second, exact):
    (rows_a, weights_a), (rows_b, weights_b) = first, second
    assert len(rows_a) == len(rows_b) == 3
    losses = [k for k in rows_a[-1] if k.endswith("loss")]
    tolerance = {} if exact else {"rtol": 1e-4, "atol": 1e-5}
    for key in losses:
        np.testing.assert_allclose(
            float(rows_a[-1][key]), float(rows_b[-1][key]), **tolerance, err_msg=key
        )
    for a, b in zip(weights_a, weights_b, strict=True):
        np.testing.assert_allclose(a, b, **tolerance)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_resumed_run_equals_an_uninterrupted_one(train_args, tmp_path):
    runs = tmp_path / "runs"
    assert main(train_args("dcgan", epochs=3)) == 0
    assert main(train_args("dcgan", epochs=3)) == 0
    straight, again = final_state(runs / "dcgan-1"), final_state(runs / "dcgan-2")
    # Bit-reproducible backends are held to equality; the others to a tolerance.
    try:
        assert_same_run(straight, again, exact=True)
        exact = True
    except AssertionError:
        assert_same_run(straight, again, exact=False)
        exact = False
    assert main(train_args("dcgan", epochs=2)) == 0
    resumed = runs / "dcgan-3"
    saved = json.loads((resumed / "checkpoints" / "epoch_0002" / STATE_FILE).read_text())
    assert saved[SEED_KEY] != [[0, 0]]  # the noise generator has moved on
    assert main(["train", "--resume", str(resumed), "--epochs", "3", "--quiet"]) == 0
    assert latest_checkpoint(resumed / "checkpoints")[1] == 3
    assert_same_run(straight, final_state(resumed), exact=exact)
