"""`train()`: a variant, a dataset and callbacks into a run folder.

The CLI's `kerasgan train` is a thin layer over this function; it can be used
from Python too.
"""

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import keras

from kerasgan import runs
from kerasgan.backend import framework_version
from kerasgan.callbacks import (
    HistoryLog,
    RunCheckpoint,
    StopOnNaN,
    TimeBudget,
    TrainingGif,
    latest_checkpoint,
    model_has_nan,
)
from kerasgan.callbacks.step_log import StepLog
from kerasgan.callbacks.tensorboard import tensorboard_callbacks
from kerasgan.callbacks.time_budget import BudgetProgress
from kerasgan.callbacks.timing import TrainingTime
from kerasgan.data.dataset import ResizedDataset
from kerasgan.data.shards import ProcessShard
from kerasgan.engine.precision import dtype_policy_scope
from kerasgan.engine.replicas import check_batch, replication
from kerasgan.errors import ConfigError, TrainingDiverged
from kerasgan.models.registry import (
    VARIANTS,
    canonical_name,
    constructor_arguments,
    get_variant,
)
from kerasgan.recipes import RECIPE_SETTINGS, get_recipe
from kerasgan.resuming import (
    check_unchanged,
    check_variant,
    given_fields,
    merged_settings,
    restore_or_restart,
    resume_entry,
    write_missing_networks,
)
from kerasgan.runs import space
from kerasgan.runs.checkpoints import kept_checkpoint, remove_leftovers
from kerasgan.runs.environment import versions
from kerasgan.runs.lock import run_lock
from kerasgan.runs.settings import (
    DEFAULT_EPOCHS,
    OPTIMIZER_OPTIONS,
    TrainSettings,
    settings_from_config,
)
from kerasgan.runs.summary import start_block

__all__ = ["OPTIMIZER_OPTIONS", "TrainSettings", "TrainingDiverged", "train"]

UNTIL_BUDGET = 10**6
"""The epochs `fit` is given when only a time budget bounds the run."""


def check_options(cls, variant, options):
    """Raises ConfigError for options the variant's constructor does not take."""
    allowed = constructor_arguments(cls)
    unknown = [k for k in options if k not in allowed]
    if unknown:
        listed = ", ".join("--" + k.replace("_", "-") for k in allowed)
        raise ConfigError(
            f"{variant} does not take {', '.join('--' + k.replace('_', '-') for k in unknown)}; "
            f"its options are: {listed}."
        )


def build_model(variant, options, derived, seed):
    """Builds a variant with the user's options and the arguments its data fixes.

    Args:
        variant: the variant's name.
        options: constructor arguments chosen by the user.
        derived: constructor arguments the data fixes (image shape, classes...),
            from the recipe's `data_arguments`.
        seed: seed of the noise drawn during training.

    Returns:
        `(model, arguments)`: the model and the full resolved constructor arguments.
    """
    cls = get_variant(variant)
    check_options(cls, variant, options)
    arguments = {**constructor_arguments(cls), **options, **derived, "seed": seed}
    try:
        model = cls(**arguments)
    except (ValueError, TypeError) as err:
        raise ConfigError(f"{variant}: {err}") from None
    return model, arguments


def learning_rate_option(model, key):
    """`g_lr` or `d_lr`: the option that sets the learning rate of the optimizer `key`.

    `g_lr` sets the "generator" optimizer and those a variant names in its
    `g_lr_optimizers` (the adversarial autoencoder's "encoder"); the others
    (the discriminator's, shared by its lazy regularisers) take `d_lr`.
    """
    return "g_lr" if key in ("generator", *model.g_lr_optimizers) else "d_lr"


def compile_model(model, optimizer_options):
    """Compiles with each phase's default optimizer, overridden by the user's options."""
    chosen = {}
    for phase in model.phases():
        lr_key = learning_rate_option(model, phase.optimizer_key)
        overrides = {
            k: optimizer_options[k] for k in ("beta_1", "beta_2") if k in optimizer_options
        }
        if lr_key in optimizer_options:
            overrides["learning_rate"] = optimizer_options[lr_key]
        try:
            chosen[phase.optimizer_key] = model.default_optimizer(phase.optimizer_key, **overrides)
        except ValueError as err:
            raise ConfigError(str(err)) from None
    model.compile(optimizers=chosen)


def _versions(replicas):
    """`runs.environment.versions()` with the devices the run trains on and how."""
    return {
        **versions(),
        "devices": replicas.devices,
        "distribution": replicas.describe(),
    }


def train(
    variant=None,
    options=None,
    settings=None,
    out="runs",
    resume=None,
    callbacks=(),
    verbose=1,
    given=None,
    restart=False,
    announce=None,
):
    """Trains a variant and writes a run folder; returns the folder's path.

    A new run gets `out/<variant>-<n>/` (never an existing folder). With `resume`,
    training continues in that folder from its latest checkpoint that loads, with the
    model, data and optimizer stored in its config.json (see `kerasgan.resuming`: a
    different variant, or options that would change them, are refused; `epochs`, the
    sample, checkpoint and evaluation settings may change). The folder is locked while
    training (`kerasgan.runs.lock`).

    Args:
        variant: a name from `kerasgan list` (not needed with `resume`).
        options: dict of the variant's constructor arguments.
        settings: a `TrainSettings`.
        out: folder that holds the runs.
        resume: a run folder to continue.
        callbacks: extra Keras callbacks.
        verbose: Keras' progress-bar verbosity (0 silent, 1 a bar, 2 one line per epoch).
        announce: print the run folder, data, variant, backend and schedule before
            training (None: unless `verbose` is 0).
        given: with `resume`, the names of the `settings` fields the caller set (None:
            those that differ from `TrainSettings()`'s defaults).
        restart: with `resume`, train a run that has no checkpoint again from epoch 0.

    Example:

    ```python
    run = train("dcgan", {"latent_dim": 64}, TrainSettings(epochs=2))
    train(resume=run, settings=TrainSettings(epochs=4))
    ```

    Raises:
        KerasGANError: bad input, named in the message; nothing is written then.
        TrainingDiverged: a loss became NaN (the last good checkpoint stays).

    With `settings.devices` above 1, training is data-parallel (`kerasgan.engine.replicas`).
    Only process 0 writes the run folder; the other processes of a multi-process run train
    into a temporary copy that is removed at the end, and return None.
    """
    settings = settings or TrainSettings()
    options = dict(options or {})
    replicas = replication(settings.device_count)
    if replicas.process_count > 1 and settings.time_budget is not None:
        # Each process would stop on its own clock, and the others would wait for it.
        raise ConfigError(
            "--time-budget does not work with several processes yet (each would stop at its "
            "own step): give --epochs instead."
        )
    if replicas.is_chief:
        with replicas.scope():
            return _train(
                variant, options, settings, out, resume, callbacks, verbose, given, restart,
                announce, replicas,
            )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="kerasgan-process-") as scratch:
        if resume is not None:  # read the run, write nothing into it
            unlocked = shutil.ignore_patterns("*.lock")
            resume = shutil.copytree(runs.find_run(resume), Path(scratch) / "run", ignore=unlocked)
        with replicas.scope():
            _train(
                variant, options, settings, scratch, resume, callbacks, 0, given, restart,
                False, replicas,
            )  # fmt: skip
    return None


def _train(
    variant, options, settings, out, resume, callbacks, verbose, given, restart, announce, replicas
):
    """`train()` in the scope of its replication (see there)."""
    if resume is not None:
        given = given_fields(settings) if given is None else list(given)
        return _resume(
            resume, variant, options, settings, given, restart, callbacks, verbose, announce,
            replicas,
        )  # fmt: skip
    if restart:
        raise ConfigError("--restart trains a resumed run again from epoch 0: add --resume RUN.")
    if variant is None:
        raise ConfigError("name a variant to train (see `kerasgan list`) or pass --resume RUN.")
    variant = canonical_name(variant)
    runs.check_out_folder(out)
    setup = _prepare(variant, options, settings, replicas)
    setup.announce = verbose != 0 if announce is None else announce
    run_dir = Path(runs.new_run_dir(out, variant))
    with run_lock(run_dir):
        runs.write_json(
            run_dir / runs.CONFIG,
            {
                "variant": variant,
                "arguments": setup.arguments,
                "settings": settings.__dict__,
                "dataset": setup.recipe.describe(setup.data),
                "versions": _versions(replicas),
            },
        )
        for name, record in setup.records.items():
            runs.write_json(run_dir / name, record)
        recipe_callbacks = setup.recipe.callbacks(setup.model, setup.data, settings, run_dir)
        _fit(setup, run_dir, 0, recipe_callbacks, callbacks, verbose)
    return run_dir


@dataclass
class _Setup:
    """A compiled model with its recipe, data and batches, ready to fit."""

    settings: TrainSettings
    recipe: object
    data: object
    model: keras.Model
    arguments: dict
    records: dict
    batches: object
    variant: str
    replicas: object = None
    announce: bool = False


def _prepare(variant, options, settings, replicas):
    """Checks the settings, loads the data and builds and compiles the model.

    In the scope of `replicas` (a `Replication`); a process of a multi-process run gets
    its shard of every batch.
    """
    cls = get_variant(variant)
    recipe = get_recipe(cls.recipe)
    settings.data = settings.data or recipe.default_data
    if settings.image_size is None:
        # Progressive and style-based variants need a power-of-two size (32 by default).
        settings.image_size = getattr(cls, "default_image_size", None)
    if settings.epochs is None and settings.time_budget is None:
        settings.epochs = DEFAULT_EPOCHS
    settings.check()
    recipe.check(settings, recipe_setting_users())
    check_evaluation(settings, recipe)
    keras.utils.set_random_seed(settings.seed)
    data = recipe.load(settings, options)
    if isinstance(data, ResizedDataset):
        data.images  # noqa: B018 - resized now, so a size that cannot fit stops before the model
    derived = recipe.data_arguments(data, settings, variant, constructor_arguments(cls))
    with dtype_policy_scope(settings.precision):  # the networks' layers take the policy
        model, arguments = build_model(variant, options, derived, settings.seed)
    records = model.prepare_training(data, settings.seed)
    compile_model(model, settings.optimizer)
    check_batch(settings.batch_size, replicas)
    batches = recipe.batches(model, data, settings)
    if replicas.feeds_shard:
        batches = ProcessShard(batches, replicas.process_index, replicas.process_count)
    return _Setup(settings, recipe, data, model, arguments, records, batches, variant, replicas)


def _resume(
    resume, variant, options, settings, given, restart, callbacks, verbose, announce, replicas
):
    """`train(resume=...)`: checks what may change, locks the run and continues it."""
    run_dir = runs.find_run(resume)
    config = runs.read_config(run_dir)
    config["settings"] = settings_from_config(config["settings"], run_dir).__dict__
    check_variant(run_dir, config["variant"], variant and canonical_name(variant))
    variant = config["variant"]
    check_unchanged(run_dir, config, options, settings, given)
    settings, changed = merged_settings(config, settings, given)
    if settings.epochs is None and settings.time_budget is None:
        raise ConfigError(
            f"{run_dir} was trained to a time budget, without a number of epochs: pass "
            "--time-budget DURATION (or --epochs N) to continue it."
        )
    recipe = get_recipe(get_variant(variant).recipe)
    options = {k: v for k, v in config["arguments"].items() if k not in recipe.derived_arguments}
    with run_lock(run_dir):
        setup = _prepare(variant, options, settings, replicas)
        setup.announce = verbose != 0 if announce is None else announce
        # Made before a checkpoint is restored: a learning-rate schedule reads the initial rates.
        recipe_callbacks = recipe.callbacks(setup.model, setup.data, settings, run_dir)
        initial_epoch = restore_or_restart(setup.model, run_dir, restart)
        remove_leftovers(run_dir)  # `.tmp_*` files of a write cut short by a kill
        if settings.epochs is not None and initial_epoch >= settings.epochs:
            write_missing_networks(setup.recipe, setup.model, run_dir, initial_epoch, save_network)
            return run_dir
        config["settings"] = settings.__dict__
        config.setdefault("resumed", []).append(resume_entry(initial_epoch, changed))
        runs.write_json(run_dir / runs.CONFIG, config)
        _fit(setup, run_dir, initial_epoch, recipe_callbacks, callbacks, verbose)
    return run_dir


def _fit(setup, run_dir, initial_epoch, recipe_callbacks, callbacks, verbose):
    """Fits from `initial_epoch` to `settings.epochs`, then saves the trained networks."""
    settings, model = setup.settings, setup.model
    setup.batches.set_epoch(initial_epoch)
    guard = StopOnNaN()
    evaluation = []
    if settings.eval_every:
        evaluation = [evaluation_callback(settings, run_dir)]
    if setup.announce:
        steps = len(setup.batches) if hasattr(setup.batches, "__len__") else None
        lines = start_block(
            run_dir, setup.variant, model, setup.data, settings, steps,
            framework_version(), [setup.replicas.describe()], initial_epoch,
        )  # fmt: skip
        print("\n".join(lines), flush=True)
    extra_logs = []
    if settings.log_every:
        extra_logs.append(StepLog(run_dir / "history_steps.csv", settings.log_every))
    if settings.tensorboard:
        extra_logs += tensorboard_callbacks(run_dir, settings.log_every)
    budget = []
    if settings.time_budget is not None:
        budget = [TimeBudget(settings.budget_seconds)]  # says where it stopped, even --quiet
        if settings.epochs is None and verbose:
            budget.append(BudgetProgress())  # "Epoch 3 (until the time budget)"
    if hasattr(model, "pace_growth"):  # progressive growth: by the budget, else by images
        model.pace_growth(settings.budget_seconds)
    try:
        model.fit(
            setup.batches,
            epochs=settings.epochs or UNTIL_BUDGET,
            initial_epoch=initial_epoch,
            # The batches shuffle themselves, seeded by epoch; Keras' own shuffling of the batch
            # order draws from Python's global `random`, which a resumed run cannot replay.
            shuffle=False,
            verbose=verbose,
            callbacks=[
                *budget,  # first: the others see a stop in the same batch
                guard,
                *recipe_callbacks,
                *evaluation,
                *extra_logs,  # after the grid: TensorBoard gets this epoch's
                HistoryLog(run_dir / "history.csv", run_dir / "losses.png"),
                TrainingTime(run_dir / "timing.json"),
                RunCheckpoint(run_dir / "checkpoints", keep=2, every=settings.checkpoint_every),
                TrainingGif(run_dir / "samples", run_dir / "training.gif"),
                *callbacks,
            ],
        )
    except OSError as error:  # a sample grid, the history, the GIF, a checkpoint's rename
        raise _write_failed(error, run_dir) from None
    except KeyboardInterrupt as interrupt:
        interrupt.run_dir = run_dir  # so the message can say which run to resume
        raise
    if model_has_nan(model):
        found = latest_checkpoint(run_dir / "checkpoints")
        kept = found[0] if found else "none (no epoch completed)"
        what = guard.message or "a loss or a weight became NaN; training stopped"
        raise TrainingDiverged(
            f"{what}. Last good checkpoint: {kept}. Try a lower learning rate (--g-lr/--d-lr)."
        )
    try:
        setup.recipe.save(model, run_dir, save_network)
    except OSError as error:
        raise _write_failed(error, run_dir) from None


def _write_failed(error, run_dir):
    """The one-line `WriteError` of a write that failed during training, naming what is kept."""
    folder = Path(error.filename).parent if error.filename else run_dir
    return space.write_error(error, folder, then=kept_checkpoint(run_dir / "checkpoints"))


def recipe_setting_users():
    """`{settings field: {variant: recipe}}` for the variants whose recipes use each field."""
    users = {name: {} for name in RECIPE_SETTINGS}
    for row in VARIANTS:
        recipe = get_recipe(row.load().recipe)
        for name in recipe.settings:
            users[name][row.name] = recipe.name
    return users


def evaluation_callback(settings, run_dir):
    """The `EvaluateEvery` callback the settings ask for."""
    from kerasgan.callbacks import EvaluateEvery

    metric = settings.eval_metric
    lower_is_better = metric in ("fid", "kid_mean")
    needed = {
        "kid_mean": "kid",
        "precision": "pr",
        "recall": "pr",
        "density": "dc",
        "coverage": "dc",
        "is_mean": "is",
        "label_accuracy": "fid",
    }.get(metric, metric)
    return EvaluateEvery(
        every=settings.eval_every,
        n=settings.eval_n,
        reference=settings.data,
        extractor=settings.eval_extractor,
        metrics=(needed,),
        monitor=metric,
        mode="min" if lower_is_better else "max",
        best_dir=run_dir,
        seed=settings.seed,
    )


def check_evaluation(settings, recipe):
    """Raises ConfigError before training when the evaluation settings cannot work."""
    from kerasgan.metrics.evaluate import METRICS
    from kerasgan.metrics.features import domain_of

    if not settings.eval_every:
        return
    if not recipe.evaluates_samples:
        raise ConfigError(
            "--eval-every measures generated samples; image-to-image variants are measured "
            "by benchmarks/translation.py (PSNR, SSIM, L1, domain accuracy) instead."
        )
    known = {
        "fid",
        "kid_mean",
        "precision",
        "recall",
        "density",
        "coverage",
        "is_mean",
        "label_accuracy",
    }
    if settings.eval_metric not in known:
        raise ConfigError(
            f"--eval-metric must be one of {', '.join(sorted(known))}, not "
            f"{settings.eval_metric!r} (metrics: {', '.join(METRICS)})."
        )
    if settings.eval_n < 2:
        raise ConfigError("--eval-n must be at least 2.")
    if settings.eval_extractor == "domain":
        domain_of(settings.data)


def save_generator(model, path):
    """Saves the generator (the EMA copy when kept) as a `.keras` file, atomically."""
    save_network(model.sampling_generator, path)


def save_network(network, path):
    """Saves a network as a `.keras` file, atomically (temporary name, then rename)."""
    with runs.atomic_path(path, suffix=".keras") as tmp:
        network.save(tmp)
