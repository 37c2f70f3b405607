"""Progressive growing: the schedule, the networks' stages and fade-in, growth during fit,
and a resume in the middle of a fade-in."""

import csv

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.models import PGGAN, ProgressiveDiscriminator, ProgressiveGenerator
from kerasgan.models.base.growth import GrowthCallback, GrowthSchedule
from kerasgan.runs.checkpoints import latest_checkpoint
from tests.helpers import numpy, random

SMALL = {"channel_base": 32, "channel_max": 4}


def test_schedule_stages_starts_and_alpha():
    schedule = GrowthSchedule(32, fade_images=100, stable_images=50)
    assert schedule.stages == 4
    assert [schedule.resolution(s) for s in range(4)] == [4, 8, 16, 32]
    assert [schedule.stage_start(s) for s in range(4)] == [0, 50, 200, 350]
    assert [schedule.stage_at(i) for i in (0, 49, 50, 199, 200, 350, 10**9)] == [
        0,
        0,
        1,
        1,
        2,
        3,
        3,
    ]
    assert schedule.alpha(0, 10) == 1.0
    assert schedule.alpha(1, 50) == 0.0 and schedule.alpha(1, 100) == 0.5
    assert schedule.alpha(1, 150) == 1.0 and schedule.alpha(1, 199) == 1.0
    tensor = numpy(schedule.alpha(2, keras.ops.convert_to_tensor(225.0)))
    np.testing.assert_allclose(tensor, 0.25)


@pytest.mark.parametrize(
    "arguments, match",
    [
        ((28, 10, 10), "power-of-two"),
        ((32, 0, 10), "at least 1"),
        ((32, 10, 10, 64), "larger than"),
    ],
)
def test_schedule_refuses_bad_arguments(arguments, match):
    with pytest.raises(ValueError, match=match):
        GrowthSchedule(*arguments)


def test_networks_refuse_sizes_that_are_not_powers_of_two():
    with pytest.raises(ValueError, match="--image-size 32"):
        ProgressiveGenerator(8, (28, 28, 1))


def test_generator_output_is_full_size_at_every_stage_and_fades_between_two():
    generator = ProgressiveGenerator(6, (16, 16, 1), **SMALL, stage=0)
    z = random(3, 6, seed=1)
    generator(z)
    low = numpy(generator(z))
    assert low.shape == (3, 16, 16, 1)
    # Stage 0 is a 4x4 image enlarged: blocks of 4x4 equal pixels.
    np.testing.assert_array_equal(low, np.repeat(np.repeat(low[:, ::4, ::4], 4, 1), 4, 2))
    generator.stage = 1
    generator.alpha.assign(0.0)
    np.testing.assert_allclose(numpy(generator(z)), low, rtol=1e-5, atol=1e-6)
    generator.alpha.assign(1.0)
    new = numpy(generator(z))
    np.testing.assert_array_equal(new, np.repeat(np.repeat(new[:, ::2, ::2], 2, 1), 2, 2))
    generator.alpha.assign(0.25)
    np.testing.assert_allclose(numpy(generator(z)), low + 0.25 * (new - low), rtol=1e-4, atol=1e-5)


def test_a_low_stage_runs_only_its_own_layers():
    """A stage's step costs what it costs: later layers are not run (NaN there is unseen)."""
    generator = ProgressiveGenerator(6, (16, 16, 1), **SMALL, stage=1)
    discriminator = ProgressiveDiscriminator((16, 16, 1), **SMALL, stage=1)
    z, images = random(4, 6), random(4, 16, 16, 1)
    generator(z)
    discriminator(images)
    for layer in [*generator.blocks[2], generator.to_rgb[2], discriminator.from_rgb[2]]:
        for weight in layer.weights:
            weight.assign(np.full(weight.shape, np.nan, "float32"))
    assert np.isfinite(numpy(generator(z))).all()
    assert np.isfinite(numpy(discriminator(images))).all()
    generator.stage = discriminator.stage = 2
    assert np.isnan(numpy(generator(z))).all() and np.isnan(numpy(discriminator(images))).all()


def test_fit_grows_at_the_scheduled_images_and_logs_the_growth():
    model = PGGAN(6, (16, 16, 1), **SMALL, fade_images=8, stable_images=8, seed=0)
    model.compile()
    assert model.stage == 0 and model.generator.stage == 0
    stages = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            stages.append((self.model.stage, float(logs["resolution"]), float(logs["alpha"])))

    model.fit(random(40, 16, 16, 1), batch_size=4, epochs=1, verbose=0, callbacks=[Record()])
    # Images before each step: 0, 4 (stage 0) | 8, 12 fade, 16, 20 stable (stage 1) | 24...
    assert [s for s, _, _ in stages] == [0, 1, 1, 1, 1, 2, 2, 2, 2, 2]
    assert [r for _, r, _ in stages] == [4, 4, 8, 8, 8, 8, 16, 16, 16, 16]
    np.testing.assert_allclose([a for _, _, a in stages[2:6]], [0.0, 0.5, 1.0, 1.0])
    assert int(numpy(model.images_seen)) == 40
    assert model.generator_ema.stage == 2 and model.discriminator.stage == 2
    assert isinstance(model.training_callbacks()[0], GrowthCallback)


def test_loading_weights_restores_the_stage(tmp_path):
    model = PGGAN(6, (8, 8, 1), **SMALL, fade_images=4, stable_images=4, seed=0)
    model.compile()
    model.fit(random(16, 8, 8, 1), batch_size=4, epochs=1, verbose=0)
    model.save_weights(tmp_path / "grown.weights.h5")
    fresh = PGGAN(6, (8, 8, 1), **SMALL, fade_images=4, stable_images=4, seed=0)
    assert fresh.stage == 0
    fresh.load_weights(tmp_path / "grown.weights.h5")
    assert fresh.stage == fresh.generator.stage == 1
    z = random(2, 6)
    np.testing.assert_allclose(numpy(fresh.generator(z)), numpy(model.generator(z)), atol=1e-6)


def history(run):
    return list(csv.DictReader(open(run / "history.csv")))


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_resume_in_the_middle_of_a_fade_in_equals_an_uninterrupted_run(train_args, tmp_path):
    """32 images per epoch; 8x8 from 16 images on, faded in over 48: epoch 1 ends mid-fade."""
    options = ["--fade-images", "48", "--stable-images", "16"]
    runs = tmp_path / "runs"
    assert main([*train_args("pggan", epochs=3), *options]) == 0
    assert main([*train_args("pggan", epochs=1), *options]) == 0
    resumed = runs / "pggan-2"
    rows = history(resumed)
    assert float(rows[0]["resolution"]) == 8.0 and 0.0 < float(rows[0]["alpha"]) < 1.0
    assert main(["train", "--resume", str(resumed), "--epochs", "3", "--quiet"]) == 0
    assert latest_checkpoint(resumed / "checkpoints")[1] == 3
    straight, again = history(runs / "pggan-1"), history(resumed)
    assert [r["kimg"] for r in straight] == [r["kimg"] for r in again]
    for key in ("resolution", "alpha"):
        np.testing.assert_allclose(
            [float(r[key]) for r in again], [float(r[key]) for r in straight]
        )
    assert [float(r["alpha"]) for r in straight] == pytest.approx([8 / 48, 40 / 48, 1.0])
    for key in ("d_loss", "g_loss"):
        np.testing.assert_allclose(
            float(again[-1][key]), float(straight[-1][key]), rtol=1e-3, atol=1e-4
        )
    load = keras.saving.load_model
    a = load(runs / "pggan-1" / "generator.keras", compile=False)
    b = load(resumed / "generator.keras", compile=False)
    assert a.stage == b.stage == 1
    for x, y in zip(a.weights, b.weights, strict=True):
        np.testing.assert_allclose(numpy(x), numpy(y), rtol=1e-3, atol=1e-4)
