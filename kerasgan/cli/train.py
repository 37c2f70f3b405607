"""`kerasgan train`: a thin layer over `kerasgan.training.train`."""

import math

from kerasgan.cli.common import add_backend_argument, variant_options, variant_parser
from kerasgan.errors import ConfigError


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
    train.add_argument("variant", nargs="?", help="a name from `kerasgan list`")
    train.add_argument("--data", help="dataset name or path (default: fashion_mnist_test)")
    train.add_argument("--labels", help=".npy of labels for .npy/.npz data")
    train.add_argument("--epochs", type=int, help="total epochs (default 5)")
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--image-size", type=int, help="resize images (default: data's size)")
    train.add_argument("--channels", type=int, choices=(1, 3), help="convert to 1 or 3 channels")
    train.add_argument("--limit", type=int, help="train on this many images only")
    train.add_argument("--seed", type=int, default=0, help="seed of weights, noise, shuffling")
    train.add_argument("--out", default="runs", help="folder holding run folders")
    train.add_argument("--resume", metavar="RUN", help="continue a run folder")
    add_backend_argument(train, help="Keras backend (default tensorflow)")
    train.add_argument("--g-lr", type=float, help="generator learning rate")
    train.add_argument("--d-lr", type=float, help="discriminator learning rate")
    train.add_argument("--beta1", type=float, help="Adam beta_1 of both optimizers")
    train.add_argument("--beta2", type=float, help="Adam beta_2 of both optimizers")
    train.add_argument("--sample-every", type=int, default=1, help="epochs between grids")
    train.add_argument("--checkpoint-every", type=int, default=1, help="epochs between saves")
    train.add_argument("--samples", type=int, default=64, help="images per sample grid")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    train.add_argument("--eval-every", type=int, default=0, help="evaluate every N epochs")
    train.add_argument("--eval-metric", default="fid", help="keeps best_generator.keras by it")
    train.add_argument("--eval-n", type=int, default=2000, help="images per evaluation")
    train.add_argument("--eval-extractor", choices=("domain", "inception"), default="domain")
    train.add_argument("--crop", type=int, help="image-to-image: random crops of this size")
    train.add_argument("--flip", action="store_true", help="image-to-image: random flips")
    train.add_argument(
        "--steps-per-epoch", type=int, help="super-resolution: batches per epoch (100)"
    )


def variant_in(argv):
    """The VARIANT token of `train VARIANT ...`, if any, without importing Keras.

    Args:
        argv: the command line's tokens, without the program name.
    """
    if len(argv) >= 2 and argv[0] == "train" and not argv[1].startswith("-"):
        return argv[1]
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


def cmd_train(args, extra):
    """Trains a variant (or resumes a run) and prints the run folder.

    Args:
        args: the parsed command line.
        extra: tokens the common parser did not recognise: the variant's own options.
    """
    from kerasgan.training import TrainSettings, train

    variant = args.variant
    if extra and not variant:
        raise ConfigError(f"unexpected arguments {' '.join(extra)}.")
    options = variant_options(variant, args, extra) if variant else {}
    settings = TrainSettings(
        data=args.data,
        labels=args.labels,
        epochs=args.epochs,
        batch_size=args.batch_size,
        image_size=args.image_size,
        channels=args.channels,
        limit=args.limit,
        seed=args.seed,
        sample_every=args.sample_every,
        checkpoint_every=args.checkpoint_every,
        samples=args.samples,
        optimizer=_optimizer_settings(args),
        eval_every=args.eval_every,
        eval_metric=args.eval_metric,
        eval_n=args.eval_n,
        eval_extractor=args.eval_extractor,
        crop=args.crop,
        flip=args.flip,
        steps_per_epoch=args.steps_per_epoch,
    )
    if args.resume and variant:
        options = {}
    run_dir = train(
        variant if not args.resume else None,
        options,
        settings,
        out=args.out,
        resume=args.resume,
        verbose=0 if args.quiet else "auto",
    )
    print(f"run folder: {run_dir}")
    print(f"sample it:  kerasgan sample {run_dir} --out samples.png")
