"""`kerasgan` command line: a thin layer over `kerasgan.training` and `kerasgan.inference.sampling`.

Heavy imports (Keras and its backend) happen inside the commands, after
`--backend` has been read, because Keras picks its backend once, at import.
"""

import argparse
import importlib.util
import os
import sys

from kerasgan.cli.translate import add_commands as add_translation_commands
from kerasgan.cli.translate import cmd_translate, cmd_upscale

BACKENDS = ("tensorflow", "jax", "torch")
DATA_DERIVED = ("image_shape", "source_shape", "num_classes", "seed")
BACKEND_PACKAGES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}
EXIT_USAGE, EXIT_DIVERGED, EXIT_INTERRUPTED = 2, 3, 130
COMMANDS = ("train", "sample", "evaluate", "translate", "upscale", "list", "datasets")


def select_backend(name):
    """Sets KERAS_BACKEND before Keras is imported; checks the backend is installed.

    Args:
        name: "tensorflow", "jax", "torch", or None to keep KERAS_BACKEND (or Keras'
            default, TensorFlow: the fastest of the three on a CPU).
    """
    from kerasgan.errors import ConfigError

    name = name or os.environ.get("KERAS_BACKEND") or "tensorflow"
    if name not in BACKENDS:
        raise ConfigError(f"--backend must be one of {', '.join(BACKENDS)}, not {name!r}.")
    if importlib.util.find_spec(BACKEND_PACKAGES[name]) is None:
        extra = {"tensorflow": "", "jax": "[jax]", "torch": "[torch]"}[name]
        raise ConfigError(
            f"the {name} backend is not installed: pip install -e '.{extra}' (or pip install "
            f"kerasgan{extra})."
        )
    if "keras" in sys.modules:
        import keras

        if keras.backend.backend() != name:
            raise ConfigError(
                f"Keras is already running on {keras.backend.backend()}; --backend {name} must "
                "be chosen before Keras is imported (start a new process)."
            )
    os.environ["KERAS_BACKEND"] = name
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide grappler chatter
    return name


# ------------------------------------------------------------------ variant options
def _parse_tuple(text):
    return tuple(int(part) for part in str(text).split(",") if part.strip())


def _parse_bool(text):
    if str(text).lower() in ("1", "true", "yes", "on"):
        return True
    if str(text).lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, not {text!r}")


def option_type(default):
    """The argparse type of a constructor argument, from its default value."""
    if isinstance(default, bool):
        return _parse_bool
    if isinstance(default, (tuple, list)):
        return _parse_tuple
    if isinstance(default, (int, float, str)):
        return type(default)
    return str


def variant_parser(variant):
    """An argparse parser of a variant's own options (its constructor arguments)."""
    from kerasgan.models.registry import constructor_arguments, describe, get_variant

    cls = get_variant(variant)
    parser = argparse.ArgumentParser(
        prog=f"kerasgan train {variant}", add_help=False, allow_abbrev=False
    )
    group = parser.add_argument_group(f"{variant} options ({describe(cls)})")
    for name, default in constructor_arguments(cls).items():
        if name in DATA_DERIVED:
            continue
        shown = ",".join(map(str, default)) if isinstance(default, (tuple, list)) else default
        group.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            type=option_type(default),
            default=argparse.SUPPRESS,
            help=f"default: {shown}",
        )
    return parser


def variant_options(variant, args, extra):
    """The variant's options found in `args`; leftover tokens raise ConfigError.

    Args:
        variant: the variant's name.
        args: the parsed namespace (the variant's options were parsed into it).
        extra: tokens argparse did not recognise.
    """
    from kerasgan.errors import ConfigError

    parser = variant_parser(variant)
    names = [a.dest for a in parser._actions if a.option_strings]
    if extra:
        valid = ", ".join("--" + n.replace("_", "-") for n in names)
        raise ConfigError(f"{variant} does not take {' '.join(extra)}; its options are: {valid}.")
    return {name: getattr(args, name) for name in names if hasattr(args, name)}


# ------------------------------------------------------------------------ parsers
def build_parser(variant=None):
    """The top-level parser; with `variant`, `train --help` also lists its options."""
    parser = argparse.ArgumentParser(
        prog="kerasgan",
        description="Train, sample and inspect GANs written in Keras 3.",
        allow_abbrev=False,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("list", help="list the variants with a one-line description")
    sub.add_parser(
        "datasets", help="list the named datasets and image-to-image tasks, and if they are offline"
    )

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
    train.add_argument("--backend", choices=BACKENDS, help="Keras backend (default tensorflow)")
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

    sample = sub.add_parser(
        "sample", allow_abbrev=False, help="draw images from a run folder or .keras generator"
    )
    sample.add_argument("source", metavar="RUN_OR_MODEL")
    sample.add_argument(
        "--n", type=int, help="images (default 64); rows with --interpolate, columns with --classes"
    )
    sample.add_argument("--label", type=int, help="class to draw (conditional models)")
    sample.add_argument("--out", help="a .png grid or a folder of PNGs")
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--nrow", type=int, help="images per grid row")
    sample.add_argument("--backend", choices=BACKENDS)
    grid = sample.add_mutually_exclusive_group()
    grid.add_argument(
        "--interpolate", action="store_true", help="one latent path per row (default 8 rows)"
    )
    grid.add_argument(
        "--classes", action="store_true", help="one row per class, same noise in each column"
    )
    grid.add_argument(
        "--traverse",
        type=int,
        metavar="CODE",
        help="sweep continuous code CODE (0-based) from -2 to 2, one row per category (infogan)",
    )
    sample.add_argument(
        "--steps", type=int, default=10, help="images per --interpolate path or --traverse row"
    )
    sample.add_argument("--method", choices=("slerp", "linear"), default="slerp")

    evaluate = sub.add_parser(
        "evaluate",
        allow_abbrev=False,
        help="measure a run folder or .keras generator against real images",
        description="Prints a metrics table and, for a run folder, writes metrics.json "
        "with the protocol (image counts, reference, extractor and its weights' sha256, seed).",
    )
    evaluate.add_argument("source", metavar="RUN_OR_MODEL")
    evaluate.add_argument(
        "--metrics", default="fid,kid,pr,dc", help="comma list of fid,kid,is,pr,dc,nn"
    )
    evaluate.add_argument("--n", type=int, default=10000, help="generated (and real) images")
    evaluate.add_argument(
        "--reference", help="DATASET[:split] or path (default: the run's training data)"
    )
    evaluate.add_argument("--extractor", choices=("domain", "inception"), default="domain")
    evaluate.add_argument("--weights", help="FID Inception weights file, if not installed")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--backend", choices=BACKENDS)
    add_translation_commands(sub, BACKENDS)
    return parser


def _variant_in(argv):
    """The VARIANT token of `train VARIANT ...`, if any, without importing Keras."""
    if len(argv) >= 2 and argv[0] == "train" and not argv[1].startswith("-"):
        return argv[1]
    return None


# ----------------------------------------------------------------------- commands
def cmd_list(args):
    from kerasgan.models.registry import describe, variants

    for name, cls in variants().items():
        print(f"{name:10s} {describe(cls)}")


def cmd_datasets(args):
    from kerasgan.data import list_datasets, list_tasks

    for info in list_datasets():
        where = "offline" if info.offline else "needs download"
        print(f"{info.name:20s} {where:15s} {info.description}")
    print("\nimage-to-image tasks (pix2pix: paired; cyclegan, discogan, dualgan: unpaired;")
    print("srresnet, srgan: superres), all offline:")
    for task in list_tasks():
        print(f"{task.name:20s} {task.kind:15s} {task.description}")


def cmd_train(args, extra):
    from kerasgan.errors import ConfigError
    from kerasgan.training import TrainSettings, train

    variant = args.variant
    if extra and not variant:
        raise ConfigError(f"unexpected arguments {' '.join(extra)}.")
    options = variant_options(variant, args, extra) if variant else {}
    optimizer = {
        key: value
        for key, value in (
            ("g_lr", args.g_lr),
            ("d_lr", args.d_lr),
            ("beta_1", args.beta1),
            ("beta_2", args.beta2),
        )
        if value is not None
    }
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
        optimizer=optimizer,
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


def _sample_images(sampler, args):
    """Images, default file stem and grid row length of `kerasgan sample` (its four modes)."""
    if args.traverse is not None:
        from kerasgan.inference.sampling import continuous_codes_of

        offset = sampler.latent_dim - continuous_codes_of(args.source)
        images = sampler.traverse(args.traverse, offset, args.steps, args.seed)
        return images, f"traverse-code{args.traverse}-seed{args.seed}", args.steps
    if args.interpolate:
        rows = 8 if args.n is None else args.n
        images = sampler.interpolate(rows, args.steps, args.method, args.seed, args.label)
        stem = f"interpolate-{args.method}-seed{args.seed}"
        return images, stem + ("" if args.label is None else f"-label{args.label}"), args.steps
    if args.classes:
        per_class = 8 if args.n is None else args.n
        return sampler.class_grid(per_class, seed=args.seed), f"classes-seed{args.seed}", per_class
    images, _ = sampler.sample(64 if args.n is None else args.n, label=args.label, seed=args.seed)
    stem = f"sample-seed{args.seed}" + ("" if args.label is None else f"-label{args.label}")
    return images, stem, args.nrow


def cmd_sample(args):
    from pathlib import Path

    from kerasgan.errors import ConfigError
    from kerasgan.inference.sampling import load_sampler, write_samples

    mode = "--interpolate" if args.interpolate else "--classes" if args.classes else None
    mode = "--traverse" if args.traverse is not None else mode
    if mode and args.nrow is not None:
        raise ConfigError(f"--nrow does not apply to {mode}: each grid row is one path or class.")
    if mode in ("--classes", "--traverse") and args.label is not None:
        raise ConfigError(f"--label does not apply to {mode}: the grid has one row per class.")
    if mode == "--traverse" and args.n is not None:
        raise ConfigError("--n does not apply to --traverse: a row per category, --steps columns.")
    sampler = load_sampler(args.source)
    images, stem, nrow = _sample_images(sampler, args)
    source = Path(args.source)
    if args.out:
        out = args.out
    else:
        base = source / "samples" if source.is_dir() else source.parent
        out = base / f"{stem}.png"
    for path in write_samples(images, out, nrow=nrow)[:1]:
        more = f" and {len(images) - 1} more"
        print(f"wrote {path}" + ("" if Path(out).suffix == ".png" else more))


def cmd_evaluate(args):
    from kerasgan.errors import ConfigError
    from kerasgan.metrics.evaluate import parse_metrics
    from kerasgan.metrics.run_evaluation import evaluate_source, format_table

    if args.n < 2:
        raise ConfigError("--n must be at least 2 (FID needs a covariance).")
    result = evaluate_source(
        args.source,
        metrics=parse_metrics(args.metrics),
        n=args.n,
        reference=args.reference,
        extractor=args.extractor,
        seed=args.seed,
        weights=args.weights,
    )
    print(format_table(result))


def main(argv=None):
    """Entry point of the `kerasgan` command. Returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    from kerasgan.errors import KerasGANError

    try:
        if argv and argv[0] in COMMANDS:
            pre = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
            pre.add_argument("--backend")
            select_backend(pre.parse_known_args(argv)[0].backend)
        variant = _variant_in(argv)
        parser = build_parser(variant)
        args, extra = parser.parse_known_args(argv)
        if args.command != "train" and extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.command == "list":
            cmd_list(args)
        elif args.command == "datasets":
            cmd_datasets(args)
        elif args.command == "train":
            cmd_train(args, extra)
        elif args.command == "sample":
            cmd_sample(args)
        elif args.command == "evaluate":
            cmd_evaluate(args)
        elif args.command == "translate":
            cmd_translate(args)
        elif args.command == "upscale":
            cmd_upscale(args)
    except KerasGANError as err:
        from kerasgan.training import TrainingDiverged

        print(f"kerasgan: error: {err}", file=sys.stderr)
        return EXIT_DIVERGED if isinstance(err, TrainingDiverged) else EXIT_USAGE
    except KeyboardInterrupt:
        print(
            "\nkerasgan: interrupted; the last complete checkpoint is kept: continue with "
            "`kerasgan train --resume RUN`.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return 0


if __name__ == "__main__":
    sys.exit(main())
