"""`kerasgan train`: a thin layer over `kerasgan.training.train`."""

import argparse
import math
import sys

from kerasgan.cli.common import add_backend_argument, variant_options, variant_parser
from kerasgan.errors import ConfigError
from kerasgan.runs.folder import CONFIG, check_out_folder, find_run, read_json
from kerasgan.runs.settings import TrainSettings

DEFAULT_OUT = "runs"
"""The folder that holds new run folders when `--out` is not given."""


def add_command(sub, variant=None):
    """Adds the `train` subcommand to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
        variant: a variant's name, to list its own options in `train --help`; None
            lists the common options only.
    """
    parents = [variant_parser(variant)] if variant else []
    train = sub.add_parser(
        "train",
        allow_abbrev=False,
        parents=parents,
        help="train a variant and write a run folder",
        description="Train VARIANT into runs/VARIANT-N/. Variant options: "
        "`kerasgan train VARIANT --help`.",
    )
    add_flags(train)


def add_flags(train):
    """Adds the options every variant's `train` takes to the parser `train`."""
    train.add_argument("variant", nargs="?", help="a name from `kerasgan list`")
    train.add_argument("--data", help="dataset name or path (default: fashion_mnist_test)")
    train.add_argument("--labels", help=".npy of labels for .npy/.npz data")
    train.add_argument(
        "--epochs", type=int, help="total epochs (default 5; none with --time-budget)"
    )
    train.add_argument(
        "--time-budget",
        metavar="DURATION",
        help="stop cleanly after this much training (10m, 90s, 2h, 1h30m) and save everything; "
        "with --resume, this session's budget",
    )
    train.add_argument("--batch-size", type=int, help="images per batch (default 64)")
    train.add_argument("--image-size", type=int, help="resize images (default: data's size)")
    train.add_argument("--channels", type=int, choices=(1, 3), help="convert to 1 or 3 channels")
    train.add_argument("--limit", type=int, help="train on this many images only")
    train.add_argument("--seed", type=int, help="seed of weights, noise, shuffling (default 0)")
    train.add_argument("--out", help="folder holding run folders (default runs)")
    train.add_argument(
        "--resume",
        metavar="RUN",
        help="continue a run folder (its model, data and optimizer options are kept)",
    )
    train.add_argument(
        "--restart",
        action="store_true",
        help="with --resume: train a run without checkpoints again from epoch 0",
    )
    add_backend_argument(train, help="Keras backend (default tensorflow)")
    train.add_argument("--g-lr", type=float, help="generator learning rate")
    train.add_argument("--d-lr", type=float, help="discriminator learning rate")
    train.add_argument("--beta1", type=float, help="Adam beta_1 of both optimizers")
    train.add_argument("--beta2", type=float, help="Adam beta_2 of both optimizers")
    train.add_argument("--sample-every", type=int, help="epochs between grids (default 1)")
    train.add_argument("--checkpoint-every", type=int, help="epochs between saves (default 1)")
    train.add_argument("--samples", type=int, help="images per sample grid (default 64)")
    train.add_argument(
        "--quiet", action="store_true", help="one line per epoch, nothing else (no progress bar)"
    )
    train.add_argument("--eval-every", type=int, help="evaluate every N epochs (default 0: never)")
    train.add_argument("--eval-metric", help="keeps best_generator.keras by it (default fid)")
    train.add_argument("--eval-n", type=int, help="images per evaluation (default 2000)")
    train.add_argument(
        "--eval-extractor",
        choices=("auto", "domain", "inception"),
        help="default: auto (the domain classifier for (Fashion-)MNIST data, else FID Inception)",
    )
    train.add_argument(
        "--tensorboard",
        action="store_true",
        help="TensorBoard logs in RUN/tensorboard: scalars and sample grids "
        "(view with `tensorboard --logdir runs/`)",
    )
    train.add_argument(
        "--log-every",
        type=int,
        metavar="N",
        help="losses of every N-th step in RUN/history_steps.csv (and TensorBoard)",
    )
    train.add_argument("--crop", type=int, help="image-to-image: random crops of this size")
    train.add_argument("--flip", action="store_true", help="image-to-image: random flips")
    train.add_argument(
        "--steps-per-epoch", type=int, help="super-resolution: batches per epoch (100)"
    )
    train.add_argument(
        "--devices",
        metavar="N|all",
        help="train data-parallel on N devices (or all): the global --batch-size is split "
        "across them (JAX: keras.distribution; TensorFlow: tf.distribute; PyTorch: launch "
        "with torchrun --nproc-per-node N)",
    )
    train.add_argument(
        "--coordinator",
        metavar="HOST:PORT",
        help="JAX on several hosts: address of process 0 (with --num-processes, --process-id)",
    )
    train.add_argument("--num-processes", type=int, help="JAX on several hosts: processes")
    train.add_argument("--process-id", type=int, help="JAX on several hosts: this process's index")
    train.add_argument(
        "--precision",
        metavar="POLICY",
        help="float32 (default), mixed_float16 (GPUs; dynamic loss scaling) or mixed_bfloat16 "
        "(CPUs with BF16, recent GPUs): the networks compute in 16 bits, weights and losses "
        "stay float32",
    )


SETTING_FLAGS = (
    "data", "labels", "epochs", "batch_size", "image_size", "channels", "limit", "seed",
    "sample_every", "checkpoint_every", "samples", "eval_every", "eval_metric", "eval_n",
    "eval_extractor", "crop", "steps_per_epoch", "time_budget", "log_every", "precision",
    "devices",
)  # fmt: skip
"""`TrainSettings` fields with a flag of the same name; a flag left at None was not given."""


def variant_in(argv):
    """The VARIANT of `train VARIANT ...` or of the run of `train --resume RUN`, without Keras.

    The run's variant lets argparse read its options (`--latent-dim`...), so that
    `--resume` can refuse them by name.

    Args:
        argv: the command line's tokens, without the program name.
    """
    if len(argv) >= 2 and argv[0] == "train" and not argv[1].startswith("-"):
        return argv[1]
    if argv and argv[0] == "train":
        return resumed_variant(_resume_of(argv))
    return None


def _resume_of(argv):
    for index, token in enumerate(argv):
        if token == "--resume" and index + 1 < len(argv):
            return argv[index + 1]
        if token.startswith("--resume="):
            return token.split("=", 1)[1]
    return None


def resumed_variant(run):
    """The variant in `run/config.json`, or None (no run given, or not a readable run)."""
    if run is None:
        return None
    try:
        return read_json(find_run(run) / CONFIG).get("variant")
    except (ConfigError, AttributeError):
        return None


def _optimizer_settings(args):
    """The optimizer overrides given on the command line (`--g-lr`, `--beta1`...)."""
    pairs = (
        ("g_lr", args.g_lr),
        ("d_lr", args.d_lr),
        ("beta_1", args.beta1),
        ("beta_2", args.beta2),
    )
    for flag, value in (("--g-lr", args.g_lr), ("--d-lr", args.d_lr)):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ConfigError(
                f"{flag} must be a positive, finite learning rate (such as 2e-4), not {value}."
            )
    return {key: value for key, value in pairs if value is not None}


def _given_settings(args):
    """The `TrainSettings` fields given on the command line, as a dict."""
    given = {name: getattr(args, name) for name in SETTING_FLAGS}
    given = {name: value for name, value in given.items() if value is not None}
    if args.flip:
        given["flip"] = True
    if args.tensorboard:
        given["tensorboard"] = True
    optimizer = _optimizer_settings(args)
    if optimizer:
        given["optimizer"] = optimizer
    return given


def check_flags(args):
    """Refuses bad common flags with one line, without importing Keras or reading data.

    Args:
        args: the parsed command line (the common `train` flags).
    """
    if args.resume is not None and args.out is not None:
        raise ConfigError(
            f"--out does not apply to --resume: the run continues in its own folder "
            f"{args.resume}; drop --out."
        )
    TrainSettings(**_given_settings(args)).check()
    cluster = (args.coordinator, args.num_processes, args.process_id)
    if any(value is not None for value in cluster) and None in cluster:
        raise ConfigError(
            "several hosts need all of --coordinator HOST:PORT, --num-processes N and "
            "--process-id I (the same coordinator and count on every host)."
        )
    if args.resume is None:
        check_out_folder(args.out or DEFAULT_OUT)


def check_before_keras(argv):
    """Checks the common flags of `train ...` before the parser imports Keras for the variant.

    Importing Keras and its backend takes seconds; a bad `--epochs` or `--out` is
    refused before that.

    Args:
        argv: the command line's tokens, without the program name.
    """
    if not argv or argv[0] != "train" or any(t in ("-h", "--help") for t in argv):
        return
    parser = argparse.ArgumentParser(prog="kerasgan train", add_help=False, allow_abbrev=False)
    add_flags(parser)
    check_flags(parser.parse_known_args(argv[1:])[0])


def cmd_train(args, extra):
    """Trains a variant (or resumes a run) and prints the run folder.

    Args:
        args: the parsed command line.
        extra: tokens the common parser did not recognise: the variant's own options.
    """
    from kerasgan.training import train

    variant = args.variant
    parsed_as = variant or (resumed_variant(args.resume) if args.resume else None)
    if extra and not parsed_as:
        raise ConfigError(f"unexpected arguments {' '.join(extra)}.")
    options = variant_options(parsed_as, args, extra) if parsed_as else {}
    check_flags(args)
    if args.coordinator is not None:
        join_hosts(args.coordinator, args.num_processes, args.process_id)
    given = _given_settings(args)
    run_dir = train(
        variant,
        options,
        TrainSettings(**given),
        out=args.out or DEFAULT_OUT,
        resume=args.resume,
        verbose=2 if args.quiet or not sys.stdout.isatty() else 1,  # a log: a line per epoch
        given=list(given),
        restart=args.restart,
        announce=not args.quiet,
    )
    if run_dir is None:  # a process other than 0 of a multi-process run: it wrote nothing
        return
    print(f"run folder: {run_dir}")
    print(f"sample it:  kerasgan sample {run_dir} --out samples.png")


def join_hosts(coordinator, num_processes, process_id):
    """Joins a multi-host JAX job (`keras.distribution.initialize`) before training.

    Args:
        coordinator: "host:port" of process 0.
        num_processes: processes in the job.
        process_id: this process's index.

    Raises:
        ConfigError: not on JAX (TensorFlow reads TF_CONFIG, PyTorch runs under torchrun),
            or the job cannot be joined.
    """
    import keras

    from kerasgan.backend import get_backend

    if keras.backend.backend() != "jax":
        raise ConfigError(
            "--coordinator joins JAX processes; TensorFlow's workers read TF_CONFIG and "
            "PyTorch's processes are started by torchrun."
        )
    if not 0 <= process_id < num_processes:
        raise ConfigError(f"--process-id must be in [0, {num_processes}), not {process_id}.")
    try:
        get_backend().initialize(coordinator, num_processes, process_id)
    except (RuntimeError, ValueError) as error:
        raise ConfigError(f"could not join the JAX job at {coordinator}: {error}") from None
