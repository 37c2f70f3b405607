"""`kerasgan sample`: image grids from a run folder or `.keras` generator, in four modes.

A thin layer over `kerasgan.inference.sampling`. The sampler checks its
arguments itself, naming them as Python does (`n`, `steps`, `label`); this
module checks the flags first, so that a command-line user reads the flags.
"""

from pathlib import Path

from kerasgan.cli.common import add_backend_argument
from kerasgan.errors import ConfigError


def add_command(sub):
    """Adds the `sample` subcommand to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
    sample = sub.add_parser(
        "sample", allow_abbrev=False, help="draw images from a run folder or .keras generator"
    )
    sample.add_argument("source", metavar="RUN_OR_MODEL")
    sample.add_argument(
        "--n", type=int, help="images (default 64); rows with --interpolate, columns with --classes"
    )
    sample.add_argument("--label", type=int, help="class to draw (conditional models)")
    sample.add_argument("--out", help="a .png grid or a folder of PNGs")
    sample.add_argument(
        "--overwrite", action="store_true", help="replace existing files (refused otherwise)"
    )
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--nrow", type=int, help="images per grid row")
    add_backend_argument(sample)
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


def _check_mode(args):
    """Refuses flags that do not apply to the chosen grid mode (before anything is loaded)."""
    mode = "--interpolate" if args.interpolate else "--classes" if args.classes else None
    mode = "--traverse" if args.traverse is not None else mode
    if mode and args.nrow is not None:
        raise ConfigError(f"--nrow does not apply to {mode}: each grid row is one path or class.")
    if mode in ("--classes", "--traverse") and args.label is not None:
        raise ConfigError(f"--label does not apply to {mode}: the grid has one row per class.")
    if mode == "--traverse" and args.n is not None:
        raise ConfigError("--n does not apply to --traverse: a row per category, --steps columns.")


def _check_label(sampler, label):
    """`--label` against the generator's classes (what `Sampler.labels_for` checks)."""
    if label is None:
        return
    classes = sampler.num_classes
    if not classes:
        raise ConfigError(f"{sampler.source} is unconditional: --label does not apply.")
    if not 0 <= label < classes:
        raise ConfigError(
            f"--label {label} is outside the {classes} classes of {sampler.source} "
            f"(0 to {classes - 1})."
        )


def _continuous_codes(source):
    """How many continuous codes the run `source` has, for `--traverse`."""
    from kerasgan.inference.sampling import continuous_codes_of

    path = Path(source)
    if not path.is_dir():
        raise ConfigError(
            f"--traverse needs the run folder (its config.json says which latent entries are "
            f"the continuous codes), not {path}."
        )
    return continuous_codes_of(path)


def _traverse(sampler, args):
    """Images, file stem and row length of `--traverse CODE`."""
    codes = _continuous_codes(args.source)
    if not 0 <= args.traverse < codes:
        raise ConfigError(
            f"--traverse {args.traverse} is outside the {codes} continuous codes of "
            f"{sampler.source} (0 to {codes - 1})."
        )
    if args.steps < 2:
        raise ConfigError(f"--steps must be at least 2 (a sweep has two ends), not {args.steps}.")
    offset = sampler.latent_dim - codes
    images = sampler.traverse(args.traverse, offset, args.steps, args.seed)
    return images, f"traverse-code{args.traverse}-seed{args.seed}", args.steps


def _interpolate(sampler, args):
    """Images, file stem and row length of `--interpolate`."""
    rows = 8 if args.n is None else args.n
    if rows < 1:
        raise ConfigError("--n (the number of interpolation rows) must be at least 1.")
    if args.steps < 2:
        raise ConfigError(f"--steps must be at least 2 (a path has two ends), not {args.steps}.")
    _check_label(sampler, args.label)
    images = sampler.interpolate(rows, args.steps, args.method, args.seed, args.label)
    stem = f"interpolate-{args.method}-seed{args.seed}"
    return images, stem + ("" if args.label is None else f"-label{args.label}"), args.steps


def _classes(sampler, args):
    """Images, file stem and row length of `--classes`."""
    per_class = 8 if args.n is None else args.n
    if sampler.num_classes and per_class < 1:  # `class_grid` refuses unconditional ones first
        raise ConfigError("--n (images per class) must be at least 1.")
    return sampler.class_grid(per_class, seed=args.seed), f"classes-seed{args.seed}", per_class


def _sample_images(sampler, args):
    """Images, default file stem and grid row length of `kerasgan sample` (its four modes)."""
    if args.traverse is not None:
        return _traverse(sampler, args)
    if args.interpolate:
        return _interpolate(sampler, args)
    if args.classes:
        return _classes(sampler, args)
    n = 64 if args.n is None else args.n
    if n < 1:
        raise ConfigError("--n must be at least 1.")
    _check_label(sampler, args.label)
    images, _ = sampler.sample(n, label=args.label, seed=args.seed)
    stem = f"sample-seed{args.seed}" + ("" if args.label is None else f"-label{args.label}")
    return images, stem, args.nrow


def cmd_sample(args):
    """Draws images and writes a grid PNG (or a folder of PNGs); prints what it wrote.

    Args:
        args: the parsed command line.
    """
    from kerasgan.inference.sampling import load_sampler, write_samples

    _check_mode(args)
    sampler = load_sampler(args.source)
    images, stem, nrow = _sample_images(sampler, args)
    source = Path(args.source)
    if args.out:
        out = args.out
    else:
        base = source / "samples" if source.is_dir() else source.parent
        out = base / f"{stem}.png"
    for path in write_samples(images, out, nrow=nrow, overwrite=args.overwrite)[:1]:
        more = f" and {len(images) - 1} more"
        print(f"wrote {path}" + ("" if Path(out).suffix == ".png" else more))
