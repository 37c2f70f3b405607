"""Progressive growing (Karras et al. 2018): the schedule, the model side and the callback.

Training starts at a low resolution (4x4) and doubles it stage by stage up to the
image size. Each new resolution is faded in: G's output and D's input blend the new
layers with the previous resolution's, `alpha` rising linearly from 0 to 1 over
`fade_images` images, then the stage trains stable for `stable_images` images.

How it runs on the shared engine: the networks always exist whole (every variable is
built at construction, so the optimizer and the checkpoints never change shape), but a
step only runs the layers of the current stage, a Python int read when the step is
traced. `GrowthCallback` moves to the next stage when the images seen (a variable,
counted in the step and checkpointed) reach its start, and has the step traced again:
a run from scratch compiles the step once per stage (4 times for 32x32 from 4x4),
and once more on each resume. `alpha` is computed inside the step from the images
seen, so the fade needs no recompilation and a resumed run continues mid-stage.

Where the growth is (stage and alpha together) is one number, the growth position,
kept in a checkpointed variable: under a time budget (`Progressive.pace_growth`) the
callback sets it from the clock (`growth_pacing.TimedGrowth`) and the step reads alpha
from it; a run can switch between the two pacings when it is resumed.
"""

import math
import time
from dataclasses import dataclass

import keras
from keras import ops

from kerasgan.backend import get_backend
from kerasgan.models.base.growth_pacing import TimedGrowth
from kerasgan.networks.progressive import downscale, upscale


def _clip01(value):
    """`value` clipped to [0, 1]: a Python float for a number, else a tensor."""
    if isinstance(value, (int, float)):
        return min(max(float(value), 0.0), 1.0)
    return ops.clip(value, 0.0, 1.0)


def _power_of_two(value):
    value = int(value)
    return value >= 1 and value & (value - 1) == 0


@dataclass(frozen=True)
class GrowthSchedule:
    """Which resolution trains, and how far its fade-in is, after a number of images.

    Stage 0 trains `start_resolution` for `stable_images` images. Stage `s >= 1`
    (resolution `start_resolution * 2**s`) fades in over `fade_images`, then trains
    stable for `stable_images`; the last stage goes on until training ends.

    Args:
        final_resolution: the image size (a power of two).
        fade_images: images over which a new resolution fades in.
        stable_images: images each resolution trains after its fade-in.
        start_resolution: the first resolution (4 in the paper).

    Example:
        >>> schedule = GrowthSchedule(32, fade_images=1000, stable_images=1000)
        >>> schedule.stage_at(2500), schedule.alpha(1, 2500)
        (1, 0.5)
    """

    final_resolution: int
    fade_images: int
    stable_images: int
    start_resolution: int = 4

    def __post_init__(self):
        for name in ("final_resolution", "start_resolution"):
            if not _power_of_two(getattr(self, name)):
                raise ValueError(
                    f"progressive growing needs a power-of-two image size (4, 8, 16, 32, 64, "
                    f"...): {name} is {getattr(self, name)}."
                )
        if self.start_resolution > self.final_resolution:
            raise ValueError(
                f"start_resolution {self.start_resolution} is larger than the image size "
                f"{self.final_resolution}."
            )
        if int(self.fade_images) < 1 or int(self.stable_images) < 1:
            raise ValueError(
                f"fade_images and stable_images must be at least 1, not "
                f"{self.fade_images} and {self.stable_images}."
            )

    @property
    def stages(self):
        """How many resolutions training goes through."""
        return int(math.log2(self.final_resolution // self.start_resolution)) + 1

    def resolution(self, stage):
        """The resolution stage `stage` trains at."""
        return self.start_resolution * 2**stage

    def stage_start(self, stage):
        """The images seen when stage `stage` begins (its fade-in)."""
        if stage == 0:
            return 0
        return self.stable_images + (stage - 1) * (self.fade_images + self.stable_images)

    def stage_at(self, images):
        """The stage that trains after `images` images (an int)."""
        stage = 0
        while stage + 1 < self.stages and self.stage_start(stage + 1) <= images:
            stage += 1
        return stage

    @property
    def growth_end(self):
        """The growth position at which the last fade-in ends (0 with a single stage).

        The position counts phases: [0, 1) is the first resolution's stable phase, then
        stage `s` fades in over [2s - 1, 2s) and trains stable over [2s, 2s + 1); the
        last stage's first stable phase ends at `growth_end + 1`, where it stays.
        """
        return 2 * (self.stages - 1)

    def _phases(self):
        """`(first image, images)` of each phase, in order of position."""
        phases = [(0, self.stable_images)]
        for stage in range(1, self.stages):
            start = self.stage_start(stage)
            phases += [(start, self.fade_images), (start + self.fade_images, self.stable_images)]
        return phases

    def position(self, images):
        """The growth position after `images` images (a Python number or a scalar tensor)."""
        total = 0.0
        for start, length in self._phases():
            total = total + _clip01((images - start) / length)
        return total

    def images_at(self, position):
        """The images after which this schedule reaches `position` (a Python float)."""
        position = min(max(float(position), 0.0), float(self.growth_end + 1))
        images = 0.0
        for start, length in self._phases():
            part = min(position, 1.0)
            images = start + part * length
            position -= part
            if position <= 0:
                break
        return images

    def stage_of(self, position):
        """The stage that trains at growth position `position` (a Python number)."""
        return min(int(math.floor((float(position) + 1) / 2)), self.stages - 1)

    def alpha_at(self, stage, position):
        """The fade-in of stage `stage` at growth position `position` (number or tensor)."""
        if stage == 0:
            return 1.0 if isinstance(position, (int, float)) else ops.ones_like(position)
        return _clip01(position - (2 * stage - 1))

    def alpha(self, stage, images):
        """The fade-in of stage `stage` after `images` images: in [0, 1], 1 when stable.

        Args:
            stage: the stage (a Python int).
            images: images seen, a Python number or a scalar tensor.
        """
        if stage == 0:
            return 1.0 if isinstance(images, (int, float)) else ops.ones_like(images)
        fraction = (images - self.stage_start(stage)) / self.fade_images
        if isinstance(images, (int, float)):
            return min(max(fraction, 0.0), 1.0)
        return ops.clip(fraction, 0.0, 1.0)


class Progressive:
    """Mixin of the progressively grown models (`PGGAN`, `StyleGAN(progressive=True)`).

    The model's generator and discriminator have a `stage` attribute (a Python int)
    and an `alpha` variable; the mixin counts the images seen, sets `alpha` in each
    step and adds a `GrowthCallback` to `fit`. A model calls `set_growth` after its base
    constructor (the counter is a weight of the model), then `set_stage(0)`; from then
    on the callback (and `load_weights`) set the stage.
    """

    grown_networks = ("generator", "discriminator")

    def set_growth(self, schedule, share=0.5):
        """Keeps `schedule` and creates the `images_seen` counter and the growth position
        (both checkpointed).

        Args:
            schedule: a `GrowthSchedule`, or None to train at the full resolution.
            share: under a time budget (`pace_growth`), the share of it that growing to
                the image size takes; the final resolution trains for the rest.
        """
        self.growth = schedule
        self.growth_share = float(share)
        if not 0.0 < self.growth_share <= 1.0:
            raise ValueError(f"growth_share must be in (0, 1], not {share}.")
        self.stage = schedule.stages - 1 if schedule else 0
        self.images_seen = self.add_weight(
            shape=(), initializer="zeros", dtype="int32", trainable=False, name="images_seen"
        )
        self.growth_position = self.add_weight(
            shape=(), initializer="zeros", dtype="float32", trainable=False,
            name="growth_position",
        )  # fmt: skip
        self.growth_budget = None  # seconds, when the next fit paces the growth by time
        self.growth_clock = time.monotonic
        self.growth_by_time = False  # read when the step is traced
        self.growth_offset = 0  # images to discount when the images pace a resumed run

    def pace_growth(self, seconds, clock=time.monotonic):
        """Paces the growth of the next `fit` calls by a time budget instead of images.

        The growth from where it is to the image size then takes `growth_share` of
        `seconds` (in proportion to what is left; `growth_pacing.TimedGrowth`), and the
        final resolution trains for the rest. `kerasgan train --time-budget` calls it.

        Args:
            seconds: the budget of each `fit` call, or None to go back to images.
            clock: a `time.monotonic`-like function (tests use a fake one).

        Example:
            >>> gan.pace_growth(600)
            >>> gan.fit(images, epochs=10**6, callbacks=[kerasgan.callbacks.TimeBudget(600)])
        """
        self.growth_budget = None if seconds is None else float(seconds)
        self.growth_clock = clock

    def _grown(self):
        nets = [self.networks[name] for name in self.grown_networks]
        return nets + ([self.ema_copy] if self.ema_copy is not None else [])

    def set_stage(self, stage):
        """Makes every grown network (and G's EMA copy) run stage `stage` from now on."""
        self.stage = int(stage)
        for net in self._grown():
            net.stage = self.stage

    @property
    def resolution(self):
        """The resolution the model trains at now."""
        return self.growth.resolution(self.stage) if self.growth else self.image_shape[0]

    def before_phases(self, values, x):
        """Sets this step's fade-in and counts the batch.

        Paced by images, alpha comes from the images seen before the step and the
        growth position is recorded after it; paced by time, alpha comes from the
        position the callback set.
        """
        values = dict(values)
        seen = values[id(self.images_seen)]
        after = seen + ops.cast(ops.shape(x)[0], "int32")
        if self.growth:
            if self.growth_by_time:
                position = values[id(self.growth_position)]
                alpha = self.growth.alpha_at(self.stage, position)
            else:
                images = ops.cast(seen - self.growth_offset, "float32")
                alpha = self.growth.alpha(self.stage, images)
                paced = ops.cast(after - self.growth_offset, "float32")
                values[id(self.growth_position)] = self.growth.position(paced)
            for net in self._grown():
                values[id(net.alpha)] = ops.cast(alpha, "float32")
        values[id(self.images_seen)] = after
        return values

    def progress_logs(self, values):
        """kimg (thousands of images seen), the resolution and the fade-in alpha."""
        logs = {"kimg": ops.cast(values[id(self.images_seen)], "float32") / 1000.0}
        if self.growth:
            logs["resolution"] = ops.convert_to_tensor(float(self.resolution))
            logs["alpha"] = values[id(self.networks["generator"].alpha)]
        return logs

    def faded_reals(self, x, alpha):
        """Real images as the current stage's G draws them: downscaled, faded, enlarged.

        At stage `s` the reals are averaged down to its resolution; during the fade-in
        they blend with their half-resolution version as G's output does (Karras et
        al. 2018, appendix A.1), then are enlarged back to the image size.
        """
        if not self.growth:
            return x
        size = self.image_shape[0]
        factor = size // self.resolution
        low = downscale(x, factor)
        if self.stage > 0:
            blurred = upscale(downscale(low, 2), 2)
            low = blurred + (low - blurred) * alpha
        return upscale(low, factor)

    def sync_stage(self):
        """Puts the networks at the stage of the restored growth position."""
        if self.growth:
            position = float(ops.convert_to_numpy(self.growth_position))
            self.set_stage(self.growth.stage_of(position))

    def load_weights(self, *args, **kwargs):
        """`keras.Model.load_weights`, then the stage of the restored growth position."""
        super().load_weights(*args, **kwargs)
        self.sync_stage()

    def load_own_variables(self, store):
        """Keras' loading, which also reads checkpoints written before the growth position.

        Those hold every other variable of the model in the same order; the position is
        then the one their images seen reach under the schedule.
        """
        own = self._trainable_variables + self._non_trainable_variables
        if len(store.keys()) != len(own) - 1:
            super().load_own_variables(store)
            return
        older = [v for v in own if v is not self.growth_position]
        for index, variable in enumerate(older):
            variable.assign(store[f"{index}"])
        images = int(ops.convert_to_numpy(self.images_seen))
        self.growth_position.assign(self.growth.position(images) if self.growth else 0.0)

    def training_callbacks(self):
        """A `GrowthCallback` when the model grows (paced by `growth_budget` if set)."""
        if not self.growth:
            return []
        return [GrowthCallback(self.growth_budget, self.growth_share, self.growth_clock)]


class GrowthCallback(keras.callbacks.Callback):
    """Moves a `Progressive` model to the stage its growth calls for.

    At the start of training (a resumed run continues its stage, from its growth
    position) and after every batch; a change of stage has the training step traced
    again. Without a budget the images seen pace the growth (`GrowthSchedule`); with
    one, the clock does (`TimedGrowth`): the callback sets the growth position after
    every batch, and the step reads the fade-in from it.

    Args:
        seconds: the time budget of this `fit` call, or None to pace by images.
        share: the share of a budget that growing to the image size takes.
        clock: a `time.monotonic`-like function (tests use a fake one).
    """

    def __init__(self, seconds=None, share=0.5, clock=time.monotonic):
        super().__init__()
        self.seconds = seconds
        self.share = share
        self.clock = clock
        self.plan = None
        self.start = None
        self._position = None

    def on_train_begin(self, logs=None):
        model = self.model
        model.sync_stage()
        position = float(ops.convert_to_numpy(model.growth_position))
        model.growth_by_time = self.seconds is not None
        if model.growth_by_time:
            self.plan = TimedGrowth(model.growth, self.seconds, position, self.share)
            self.start = self.clock()
            self._position = position
        else:
            images = int(ops.convert_to_numpy(model.images_seen))
            model.growth_offset = images - round(model.growth.images_at(position))
        model.make_train_function(force=True)

    def on_train_batch_end(self, batch, logs=None):
        if self.model.growth_by_time:
            self._follow_clock()
            return
        if not logs or "kimg" not in logs:
            return
        images = round(float(ops.convert_to_numpy(logs["kimg"])) * 1000)
        stage = self.model.growth.stage_at(images - self.model.growth_offset)
        if stage != self.model.stage:
            self._go_to(stage)

    def _follow_clock(self):
        """Sets the growth position of the time elapsed, and the stage it is in."""
        position = self.plan.position(self.clock() - self.start)
        if position == self._position:
            return
        self._position = position
        get_backend().assign_during_fit(self.model, self.model.growth_position, position)
        stage = self.model.growth.stage_of(position)
        if stage != self.model.stage:
            self._go_to(stage)

    def _go_to(self, stage):
        self.model.set_stage(stage)
        self.model.make_train_function(force=True)
