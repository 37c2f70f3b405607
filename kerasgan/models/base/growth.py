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
"""

import math
from dataclasses import dataclass

import keras
from keras import ops

from kerasgan.networks.progressive import downscale, upscale


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

    def set_growth(self, schedule):
        """Keeps `schedule` and creates the `images_seen` counter (checkpointed).

        Args:
            schedule: a `GrowthSchedule`, or None to train at the full resolution.
        """
        self.growth = schedule
        self.stage = schedule.stages - 1 if schedule else 0
        self.images_seen = self.add_weight(
            shape=(), initializer="zeros", dtype="int32", trainable=False, name="images_seen"
        )

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
        """Sets this step's fade-in from the images seen before it, and counts the batch."""
        values = dict(values)
        seen = values[id(self.images_seen)]
        if self.growth:
            alpha = self.growth.alpha(self.stage, ops.cast(seen, "float32"))
            for net in self._grown():
                values[id(net.alpha)] = ops.cast(alpha, "float32")
        values[id(self.images_seen)] = seen + ops.cast(ops.shape(x)[0], "int32")
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
        """Puts the networks at the stage their images seen call for (after a restore)."""
        if self.growth:
            images = int(ops.convert_to_numpy(self.images_seen))
            self.set_stage(self.growth.stage_at(images))

    def load_weights(self, *args, **kwargs):
        """`keras.Model.load_weights`, then the stage of the restored images seen."""
        super().load_weights(*args, **kwargs)
        self.sync_stage()

    def training_callbacks(self):
        """A `GrowthCallback` when the model grows."""
        return [GrowthCallback()] if self.growth else []


class GrowthCallback(keras.callbacks.Callback):
    """Moves a `Progressive` model to the stage its images seen call for.

    At the start of training (a resumed run continues its stage) and after every
    batch; a change of stage has the training step traced again.
    """

    def on_train_begin(self, logs=None):
        self.model.sync_stage()
        self.model.make_train_function(force=True)

    def on_train_batch_end(self, batch, logs=None):
        if not logs or "kimg" not in logs:
            return
        images = round(float(ops.convert_to_numpy(logs["kimg"])) * 1000)
        stage = self.model.growth.stage_at(images)
        if stage != self.model.stage:
            self._go_to(stage)

    def _go_to(self, stage):
        self.model.set_stage(stage)
        self.model.make_train_function(force=True)
