"""Progressive growth paced by a time budget: the plan, the growth position, fit with a
fake clock, checkpoints written before the position existed, and `--time-budget`."""

import csv
import json
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.models import PGGAN
from kerasgan.models.base.growth import GrowthSchedule
from kerasgan.models.base.growth_pacing import TimedGrowth
from kerasgan.runs.checkpoints import latest_checkpoint
from tests.helpers import numpy, random

SMALL = {"channel_base": 32, "channel_max": 4}


def test_the_position_counts_phases_and_inverts_to_images():
    schedule = GrowthSchedule(32, fade_images=100, stable_images=50)
    assert schedule.growth_end == 6
    images = [0, 25, 50, 100, 150, 200, 275, 350, 400, 450, 500, 10**6]
    positions = [0, 0.5, 1, 1.5, 2, 3, 3.75, 5, 5.5, 6, 7, 7]
    assert [schedule.position(i) for i in images] == pytest.approx(positions)
    tensor = numpy(schedule.position(keras.ops.convert_to_tensor(275.0)))
    np.testing.assert_allclose(tensor, 3.75)
    for i in range(0, 501, 5):  # the images at a position, and the stage and fade-in there
        position = schedule.position(i)
        assert schedule.images_at(position) == pytest.approx(i)
        assert schedule.stage_of(position) == schedule.stage_at(i)
        stage = schedule.stage_at(i)
        assert schedule.alpha_at(stage, position) == pytest.approx(schedule.alpha(stage, i))
    assert schedule.images_at(100.0) == 500  # the end of 32x32's first stable phase


def test_timed_growth_gives_each_phase_time_in_proportion_to_its_resolution():
    # 32x32: phases 4 | 8 fade, 8 | 16 fade, 16 | 32 fade (weights 4, 8, 8, 16, 16, 32 = 84)
    plan = TimedGrowth(GrowthSchedule(32, 10, 10), seconds=84, share=0.5)
    assert plan.growth_seconds == 42  # then 32x32 trains for the other half
    times = [0, 1, 2, 6, 10, 21, 42, 84, 10**6]
    expected = [0, 0.5, 1, 2, 3, 4 + 6 / 16, 6, 6, 6]
    assert [plan.position(t) for t in times] == pytest.approx(expected)
    # resumed from 16x16's fade-in with a new budget: what is left (64 of 84) takes its share
    resumed = TimedGrowth(GrowthSchedule(32, 10, 10), seconds=84, start=3.0, share=0.5)
    assert resumed.growth_seconds == pytest.approx(32)
    assert resumed.position(0) == 3.0 and resumed.position(16) == pytest.approx(5.0)
    assert resumed.position(32) == pytest.approx(6.0)
    grown = TimedGrowth(GrowthSchedule(32, 10, 10), seconds=60, start=7.0)
    assert grown.position(0) == grown.position(59) == 7.0  # nothing left to grow
    whole = TimedGrowth(GrowthSchedule(8, 10, 10), seconds=10, share=1.0)
    assert whole.position(5) == pytest.approx(1 + 2 / 8) and whole.position(10) == 2.0


@pytest.mark.parametrize("share, seconds", [(0, 10), (1.5, 10), (0.5, 0), (0.5, -1)])
def test_timed_growth_refuses_bad_arguments(share, seconds):
    with pytest.raises(ValueError):
        TimedGrowth(GrowthSchedule(8, 10, 10), seconds=seconds, share=share)


def test_a_bad_growth_share_is_refused():
    with pytest.raises(ValueError, match="growth_share"):
        PGGAN(6, (8, 8, 1), **SMALL, growth_share=0)


class FakeClock:
    """Each call is `step` seconds after the one before (the first one is 0)."""

    def __init__(self, step):
        self.step, self.now = step, -step

    def __call__(self):
        self.now += self.step
        return self.now


class Record(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.rows = []

    def on_train_batch_end(self, batch, logs=None):
        self.rows.append((float(logs["resolution"]), float(logs["alpha"])))


def test_fit_under_a_budget_follows_the_clock_and_a_resume_by_images_continues():
    """16x16 in 36 s, half of it to grow (weights 4, 8, 8, 16): position = 2 x seconds / 4."""
    model = PGGAN(6, (16, 16, 1), **SMALL, fade_images=1000, stable_images=1000, seed=0)
    model.compile()
    model.pace_growth(36, clock=FakeClock(3.0))
    record = Record()
    model.fit(random(28, 16, 16, 1), batch_size=4, epochs=1, verbose=0, callbacks=[record])
    # the clock reads 3 s more after each batch: positions 1.25, 2, 2.75, 3.25, 3.625, 4
    expected = [(4, 1.0), (8, 0.25), (8, 1.0), (8, 1.0), (16, 0.25), (16, 0.625), (16, 1.0)]
    np.testing.assert_allclose(record.rows, expected, atol=1e-6)
    assert model.stage == model.generator_ema.stage == model.discriminator.stage == 2
    np.testing.assert_allclose(numpy(model.growth_position), 4.0)
    assert int(numpy(model.images_seen)) == 28
    # without the budget the images pace it again, from where the clock left it
    model.pace_growth(None)
    record = Record()
    model.fit(random(8, 16, 16, 1), batch_size=4, epochs=1, verbose=0, callbacks=[record])
    np.testing.assert_allclose(record.rows, [(16, 1.0), (16, 1.0)], atol=1e-6)
    np.testing.assert_allclose(numpy(model.growth_position), 4.008)  # 8 of 1000 stable


def strip_growth_position(path):
    """Makes `path` a checkpoint as PGGAN wrote it before the growth position existed."""
    with h5py.File(path, "r+") as f:
        own = f["vars"]
        assert sorted(own.keys()) == ["0", "1"]  # images seen, growth position
        del own["1"]


def test_checkpoints_without_the_growth_position_load_at_their_images(tmp_path):
    model = PGGAN(6, (8, 8, 1), **SMALL, fade_images=8, stable_images=4, seed=0)
    model.compile()
    model.fit(random(8, 8, 8, 1), batch_size=4, epochs=1, verbose=0)  # 8 images: mid-fade
    path = tmp_path / "old.weights.h5"
    model.save_weights(path)
    strip_growth_position(path)
    fresh = PGGAN(6, (8, 8, 1), **SMALL, fade_images=8, stable_images=4, seed=0)
    fresh.compile()
    fresh.load_weights(path)
    assert int(numpy(fresh.images_seen)) == 8 and fresh.stage == 1
    np.testing.assert_allclose(numpy(fresh.growth_position), 1.5)
    z = random(2, 6)
    np.testing.assert_allclose(numpy(fresh.generator(z)), numpy(model.generator(z)), atol=1e-6)


def history(run):
    return list(csv.DictReader(open(run / "history.csv")))


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_time_budget_paces_the_growth_from_the_command_line(train_args, tmp_path, capsys):
    """A budget spent by the first batch grows to the image size at once (its growth takes
    half of it); a resume by epochs then trains the final resolution, and an older run's
    checkpoint (no growth position) resumes where its images put it."""
    small = ["--image-size", "8", "--fade-images", "64", "--stable-images", "64"]
    small += ["--channel-base", "32", "--channel-max", "4"]
    assert main([*train_args("pggan"), *small, "--time-budget", "0.001s"]) == 0
    assert "time budget" in capsys.readouterr().out
    run = tmp_path / "runs" / "pggan-1"
    assert float(history(run)[0]["resolution"]) == 4.0  # the one step ran at 4x4
    generator = keras.saving.load_model(run / "generator.keras", compile=False)
    assert generator.stage == 1  # then the clock had grown it to 8x8
    assert main(["train", "--resume", str(run), "--epochs", "2", "--quiet"]) == 0
    row = history(run)[-1]
    assert float(row["resolution"]) == 8.0 and float(row["alpha"]) == 1.0
    # An older run: its checkpoint lacks the position; 32 images per epoch: 4x4 to 64 images.
    assert main([*train_args("pggan"), *small]) == 0
    older = tmp_path / "runs" / "pggan-2"
    strip_growth_position(Path(latest_checkpoint(older / "checkpoints")[0]) / "model.weights.h5")
    assert main(["train", "--resume", str(older), "--epochs", "2", "--quiet"]) == 0
    kimg = [float(r["kimg"]) for r in history(older)]
    assert kimg[1] == pytest.approx(2 * kimg[0])
    assert [float(r["resolution"]) for r in history(older)] == [4.0, 4.0]
    config = json.loads((older / "config.json").read_text())
    assert config["settings"]["epochs"] == 2
