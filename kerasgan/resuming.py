"""What `train(resume=...)` may change in a run, and what it must refuse.

A resumed run continues the same model on the same data: its variant, the
variant's options, the data options, the seed, the optimizer options and the
precision (the networks' dtype policies; with float16, the optimizers' loss
scales in the checkpoint) are fixed by its config.json. Only the schedule
(`epochs`), what is written along the way (sample grids, checkpoints,
evaluations) and the backend may change; the new values are recorded in
config.json, and each resume appends
`{"epoch": N, "backend": ..., "changed": {...}}` to its `"resumed"` list.
"""

import json
import logging
from pathlib import Path

import keras

from kerasgan.errors import ConfigError, KerasGANError
from kerasgan.runs.checkpoints import restore_newest

MAY_CHANGE = (
    "epochs",
    "sample_every",
    "checkpoint_every",
    "samples",
    "eval_every",
    "eval_metric",
    "eval_n",
    "eval_extractor",
    "time_budget",
    "tensorboard",
    "log_every",
    "devices",
)
"""Settings a resumed run may change; every other setting is fixed by the run."""

_LOG = logging.getLogger(__name__)
OPTIMIZER_FLAGS = {"g_lr": "--g-lr", "d_lr": "--d-lr", "beta_1": "--beta1", "beta_2": "--beta2"}


def given_fields(settings):
    """The settings fields that differ from `TrainSettings()`'s defaults.

    What a Python caller of `train(resume=...)` is taken to have set; the CLI
    passes the options given on the command line instead.

    Args:
        settings: a `TrainSettings`.
    """
    default = type(settings)()
    return [name for name in vars(settings) if getattr(settings, name) != getattr(default, name)]


def check_variant(run_dir, stored, variant):
    """Raises ConfigError when `variant` (canonical name or None) is not the run's own."""
    if variant is not None and variant != stored:
        raise ConfigError(
            f"{run_dir} is a {stored} run, not {variant}: resume it with `kerasgan train "
            f"--resume {run_dir}`, or train {variant} in a new run (without --resume)."
        )


def check_unchanged(run_dir, config, options, settings, given):
    """Raises ConfigError naming every given option that would change the model or data.

    Args:
        run_dir: the run folder (for the message).
        config: the run's config.json, as a dict.
        options: the variant options given (constructor arguments).
        settings: a `TrainSettings` holding the given values.
        given: names of the settings fields given.
    """
    changes = []
    for name, value in options.items():
        before = config["arguments"].get(name)
        if _plain(value) != _plain(before):
            changes.append((_flag(name), value, before))
    stored = config["settings"]
    for name in given:
        if name == "optimizer":
            for key, value in settings.optimizer.items():
                before = stored.get("optimizer", {}).get(key)
                if _plain(value) != _plain(before):
                    changes.append((OPTIMIZER_FLAGS[key], value, before))
        elif name not in MAY_CHANGE and _plain(getattr(settings, name)) != _plain(stored[name]):
            changes.append((_flag(name), getattr(settings, name), stored[name]))
    if changes:
        listed = ", ".join(
            f"{flag} {_shown(value)} (the run has {_shown(before)})"
            for flag, value, before in changes
        )
        raise ConfigError(
            f"{listed} would change the model, data or optimizer of {run_dir}, which --resume "
            "keeps: drop them, or start a new run (without --resume)."
        )


def merged_settings(config, settings, given):
    """The run's stored settings with the given `MAY_CHANGE` fields replaced.

    Returns:
        `(settings, changed)`: a `TrainSettings`, and `{field: new value}` of those
        that differ from the stored ones.
    """
    stored = dict(config["settings"])
    stored["time_budget"] = None  # a budget is per call: only the one given now applies
    stored["devices"] = None  # so are the devices: a resumed run may use another count
    changed = {}
    for name in given:
        if name in MAY_CHANGE and getattr(settings, name) is not None:
            value = getattr(settings, name)
            if _plain(value) != _plain(stored.get(name)):
                changed[name] = value
            stored[name] = value
    return type(settings)(**stored), changed


def resume_entry(epoch, changed):
    """The `"resumed"` record of one resume: its epoch, the backend used, the changes."""
    entry = {"epoch": int(epoch), "backend": keras.backend.backend(), "keras": keras.__version__}
    if changed:
        entry["changed"] = changed
    return entry


def restore_or_restart(model, run_dir, restart):
    """Restores the newest checkpoint that loads; returns its epoch (0 with `restart`).

    Newer checkpoints that do not load are skipped with a warning naming both. A run
    without a checkpoint that loads is refused, unless `restart`; a run with one
    refuses `restart` (it would throw its epochs away).
    """
    ckpt_dir = run_dir / "checkpoints"
    try:
        found = restore_newest(model, ckpt_dir)
    except KerasGANError:
        if not restart:
            raise
        found = None
    if found is None:
        if not restart:
            raise ConfigError(
                f"{run_dir} has no checkpoint to resume from ({ckpt_dir} is missing, empty or "
                "holds no complete one); "
                "pass --restart to train it again from epoch 0 in the same folder."
            )
        _LOG.warning("kerasgan: %s has no checkpoint that loads: restarting at epoch 0.", run_dir)
        return 0
    path, epoch, skipped = found
    if restart:
        raise ConfigError(
            f"{run_dir} has a checkpoint at epoch {epoch} ({path}); --restart is only for runs "
            "without one: drop it to continue, or start a new run."
        )
    for bad, reason in skipped:
        _LOG.warning(
            "kerasgan: checkpoint %s does not load (%s); resuming from %s.", bad, reason, path
        )
    return epoch


def write_missing_networks(recipe, model, run_dir, epoch, save):
    """A run with all its epochs: writes a generator a kill left unwritten, or refuses.

    Args:
        recipe: the run's recipe (its `save` names the files of a finished run).
        model: the model, restored from the run's last checkpoint.
        run_dir: the run folder.
        epoch: the epochs the run finished.
        save: `save(network, path)`, an atomic writer of `.keras` files.
    """
    saved = []
    recipe.save(model, run_dir, lambda net, path: saved.append(Path(path)))
    if all(path.is_file() for path in saved):
        raise ConfigError(
            f"{run_dir} already finished {epoch} epochs; "
            f"pass --epochs N with N > {epoch} to train further."
        )
    recipe.save(model, run_dir, save)
    _LOG.warning(
        "kerasgan: %s had finished %d epochs without %s: written from its last checkpoint.",
        run_dir,
        epoch,
        ", ".join(path.name for path in saved),
    )


def _plain(value):
    """`value` as JSON reads it back (tuples become lists), for comparisons."""
    return json.loads(json.dumps(value))


def _flag(name):
    return "--" + name.replace("_", "-")


def _shown(value):
    if isinstance(value, (tuple, list)):
        return ",".join(map(str, value))
    return "none" if value is None else str(value)
