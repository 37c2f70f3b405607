"""`TrainSettings`: everything that defines a training run besides the variant's options.

Kept apart from `kerasgan.training` (which imports Keras) so that the command line can
check its arguments before any backend is imported.
"""

import math
from dataclasses import dataclass, field, fields

import numpy as np

from kerasgan.errors import ConfigError
from kerasgan.runs.duration import parse_duration

__all__ = [
    "DEFAULT_EPOCHS",
    "MAX_SEED",
    "OPTIMIZER_OPTIONS",
    "PRECISIONS",
    "TrainSettings",
    "check_seed",
    "settings_from_config",
]

MAX_SEED = 2**32 - 1
"""The largest seed NumPy's and the backends' generators take."""

OPTIMIZER_OPTIONS = ("g_lr", "d_lr", "beta_1", "beta_2")
DEFAULT_EPOCHS = 5
"""The epochs of a run given neither `epochs` nor `time_budget`."""
PRECISIONS = ("float32", "mixed_float16", "mixed_bfloat16")
"""The values of `precision` (`--precision`): Keras dtype policies (`kerasgan.engine.precision`)."""


@dataclass
class TrainSettings:
    """Everything that defines a training run besides the variant's own options.

    Args:
        data: dataset name or path (None: the variant's default, the bundled
            Fashion-MNIST test split or, for image-to-image variants, their
            offline demonstration task).
        labels: a `.npy` of labels for `.npy`/`.npz` data.
        epochs: total number of epochs (None: `DEFAULT_EPOCHS`, or with `time_budget`
            until the budget is spent); with `resume`, None keeps the run's own and a
            number extends (or shortens) it.
        batch_size: images per batch.
        image_size: resize images to this size (None: the data's own size).
        channels: convert images to 1 or 3 channels (None: the data's own).
        limit: train on this many images only (None: all).
        seed: seed of weights, noise and shuffling.
        sample_every: write a sample grid every this many epochs.
        checkpoint_every: save a checkpoint every this many epochs.
        samples: images in each sample grid.
        optimizer: overrides of the optimizers: `g_lr`, `d_lr`, `beta_1`, `beta_2`.
        eval_every: evaluate every this many epochs (0: never) and keep the best
            generator as `best_generator.keras` by `eval_metric`.
        eval_metric: "fid" (lower is better) or another metric name of
            `kerasgan.metrics.evaluate` ("precision", "recall", "coverage"... higher is
            better).
        eval_n: generated (and real) images per evaluation.
        eval_extractor: "auto" (the domain classifier for (Fashion-)MNIST data, else the
            FID Inception network), "domain" or "inception".
        crop: image-to-image variants: random crops of this size (super-resolution:
            the high-resolution crop, default 64); None trains on whole images.
        flip: image-to-image variants: random horizontal flips (the same for both
            images of a pair).
        steps_per_epoch: super-resolution: batches of fresh crops per epoch (100).
        time_budget: stop cleanly after this much training time, e.g. "10m", "90s",
            "2h" (see `kerasgan.runs.duration.parse_duration`); per call: a resumed run
            gets only the budget it is given.
        tensorboard: write TensorBoard logs into `run/tensorboard`: every logged scalar
            (per epoch, and every `log_every` steps) and the sample grids.
        log_every: write the losses of every this many steps into
            `run/history_steps.csv` (None: epochs only).
        precision: "float32", or "mixed_float16" / "mixed_bfloat16": the networks'
            layers compute in float16 / bfloat16 with float32 weights, losses and
            penalties (float16 with dynamic loss scaling); fixed for a run by `resume`.
        devices: train data-parallel on this many devices, or "all" (None: one). The
            global batch, `batch_size`, is split across them; may change on `resume`.
            See `kerasgan.engine.replicas` (JAX: keras.distribution; TensorFlow:
            tf.distribute; PyTorch: torch.distributed under torchrun).
    """

    data: str = None
    labels: str = None
    epochs: int = None
    batch_size: int = 64
    image_size: int = None
    channels: int = None
    limit: int = None
    seed: int = 0
    sample_every: int = 1
    checkpoint_every: int = 1
    samples: int = 64
    optimizer: dict = field(default_factory=dict)
    eval_every: int = 0
    eval_metric: str = "fid"
    eval_n: int = 2000
    eval_extractor: str = "auto"
    crop: int = None
    flip: bool = False
    steps_per_epoch: int = None
    time_budget: str = None
    tensorboard: bool = False
    log_every: int = None
    precision: str = "float32"
    devices: str = None

    @property
    def device_count(self):
        """`devices` as an int, None for "all"; 1 when not given.

        Raises:
            ConfigError: not a positive integer or "all".
        """
        if self.devices is None:
            return 1
        if str(self.devices).strip().lower() == "all":
            return None
        try:
            count = int(self.devices)
        except (TypeError, ValueError):
            count = 0
        if count < 1:
            raise ConfigError(
                f"--devices must be a positive number of devices or 'all', not {self.devices!r}."
            )
        return count

    @property
    def budget_seconds(self):
        """`time_budget` in seconds, or None."""
        return None if self.time_budget is None else parse_duration(self.time_budget)

    def check(self):
        """Raises ConfigError for a value out of range, naming the option."""
        for name in ("batch_size", "sample_every", "checkpoint_every", "samples"):
            _at_least_one(name, getattr(self, name))
        if self.epochs is not None:
            _at_least_one("epochs", self.epochs)
        self.budget_seconds  # noqa: B018 - raises ConfigError for a bad --time-budget
        for name in ("crop", "steps_per_epoch", "limit", "image_size", "log_every"):
            if getattr(self, name) is not None:
                _at_least_one(name, getattr(self, name))
        if self.eval_n is not None and int(self.eval_n) < 2:
            raise ConfigError(f"--eval-n must be at least 2, not {self.eval_n}.")
        check_seed(self.seed)
        self.device_count  # noqa: B018 - raises ConfigError for a bad --devices
        if self.precision not in PRECISIONS:
            raise ConfigError(
                f"--precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}."
            )
        unknown = set(self.optimizer) - set(OPTIMIZER_OPTIONS)
        if unknown:
            raise ConfigError(f"unknown optimizer options {sorted(unknown)}.")
        for name in ("g_lr", "d_lr"):
            value = self.optimizer.get(name)
            if value is None:
                continue
            try:
                good = math.isfinite(float(value)) and float(value) > 0
            except (TypeError, ValueError):
                good = False
            if not good:
                raise ConfigError(
                    f"--{name.replace('_', '-')} must be a positive, finite learning rate "
                    f"(such as 2e-4), not {value!r}."
                )


def _at_least_one(name, value):
    try:
        good = int(value) >= 1
    except (TypeError, ValueError):
        good = False
    if not good:
        raise ConfigError(f"--{name.replace('_', '-')} must be at least 1, not {value!r}.")


def check_seed(seed, flag="--seed"):
    """Raises ConfigError unless `seed` is a whole number from 0 to 2**32 - 1.

    NumPy, Keras and the backends all take such seeds; a negative or larger one fails
    deep inside them.
    """
    if (
        isinstance(seed, bool)
        or not isinstance(seed, (int, np.integer))
        or not (0 <= int(seed) <= MAX_SEED)
    ):
        raise ConfigError(f"{flag} must be a whole number from 0 to {MAX_SEED}, not {seed!r}.")
    return int(seed)


def settings_from_config(stored, run_dir):
    """A `TrainSettings` from a run's config.json `settings`, refusing unknown keys by name.

    Args:
        stored: the dict stored under `"settings"`.
        run_dir: the run folder, for the message.
    """
    if not isinstance(stored, dict):
        raise ConfigError(
            f"{run_dir}/config.json holds no settings dict: the run folder is damaged; start a "
            "new run."
        )
    known = {f.name for f in fields(TrainSettings)}
    unknown = sorted(set(stored) - known)
    if unknown:
        raise ConfigError(
            f"{run_dir}/config.json has unknown settings {', '.join(unknown)}: it was written "
            "by another kerasgan version or edited; remove them (known: "
            f"{', '.join(sorted(known))})."
        )
    return TrainSettings(**stored)
