"""`kerasgan sample`: image grids from a run folder or `.keras` generator, in four modes.

A thin layer over `kerasgan.inference.sampling`. The sampler checks its
arguments itself, naming them as Python does (`n`, `steps`, `label`); this
module checks the flags first, so that a command-line user reads the flags.
"""

from pathlib import Path

import numpy as np

from kerasgan.cli.common import add_backend_argument
from kerasgan.errors import ConfigError
from kerasgan.runs.settings import check_seed


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
    grid.add_argument(
        "--style-mix",
        action="store_true",
        help="style-based models: source A images across, B down, coarse/middle/fine styles "
        "from B (--n A columns, default 6)",
    )
    sample.add_argument(
        "--truncation",
        type=float,
        metavar="PSI",
        help="style-based models: the truncation trick in W, 0 (average image) to 1 (none)",
    )
    sample.add_argument(
        "--truncation-cutoff",
        type=int,
        metavar="N",
        help="truncate only the first N styles (the coarse ones; default all)",
    )
    sample.add_argument(
        "--steps", type=int, default=10, help="images per --interpolate path or --traverse row"
    )
    sample.add_argument("--method", choices=("slerp", "linear"), default="slerp")


def _check_mode(args):
    """Refuses flags that do not apply to the chosen grid mode (before anything is loaded)."""
    mode = "--interpolate" if args.interpolate else "--classes" if args.classes else None
    mode = "--traverse" if args.traverse is not None else mode
    mode = "--style-mix" if args.style_mix else mode
    check_seed(args.seed)
    if args.nrow is not None and args.nrow < 1:
        raise ConfigError(f"--nrow (images per grid row) must be at least 1, not {args.nrow}.")
    if mode and args.nrow is not None:
        raise ConfigError(f"--nrow does not apply to {mode}: each grid row is one path or class.")
    if mode in ("--classes", "--traverse", "--style-mix") and args.label is not None:
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
    if sampler.is_style:
        print("style-based generator: interpolating linearly in W (--method applies to z only)")
    images = sampler.interpolate(rows, args.steps, args.method, args.seed, args.label)
    stem = f"interpolate-{args.method}-seed{args.seed}"
    return images, stem + ("" if args.label is None else f"-label{args.label}"), args.steps


def _classes(sampler, args):
    """Images, file stem and row length of `--classes`."""
    per_class = 8 if args.n is None else args.n
    if sampler.num_classes and per_class < 1:  # `class_grid` refuses unconditional ones first
        raise ConfigError("--n (images per class) must be at least 1.")
    return sampler.class_grid(per_class, seed=args.seed), f"classes-seed{args.seed}", per_class


def _style_mix(sampler, args):
    """Images, file stem and row length of `--style-mix`; prints what the rows show."""
    columns = 6 if args.n is None else args.n
    if columns < 1:
        raise ConfigError("--n (the number of source A columns) must be at least 1.")
    from kerasgan.inference.style import level_resolutions

    images, nrow, levels = sampler.style_mix(columns, 3, args.seed)
    num_ws = int(sampler.generator.num_ws)
    for index, level in enumerate(levels):
        first = 2 + 3 * index
        print(
            f"rows {first}-{first + 2}: {level} styles ({level_resolutions(num_ws, level)}) "
            "from the B image of the first column"
        )
    return images, f"style-mix-seed{args.seed}", nrow


def _sample_images(sampler, args):
    """Images, default file stem and grid row length of `kerasgan sample` (its five modes)."""
    if args.style_mix:
        return _style_mix(sampler, args)
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
    _check_grid_memory(sampler, n, args.seed)
    images, _ = sampler.sample(n, label=args.label, seed=args.seed)
    stem = f"sample-seed{args.seed}" + ("" if args.label is None else f"-label{args.label}")
    return images, stem, args.nrow


def _check_grid_memory(sampler, n, seed):
    """Refuses a grid of `n` images that cannot fit in memory (a folder is written in batches)."""
    from kerasgan.data.memory import check_memory

    shape = sampler.generate(sampler.sample_latent(1, seed), sampler.labels_for(1)).shape[1:]
    pixels = int(np.prod(shape))
    # float images, their uint8 copy and the padded grid
    check_memory(
        n * pixels * 6,
        f"a grid of {n} images of {'x'.join(map(str, shape))}",
        "write them to a folder instead (--out DIR/), which is written in batches",
    )


def _is_folder_sample(args):
    """Whether `args` writes plain samples into a folder (done in batches, any --n)."""
    plain = not (args.interpolate or args.classes or args.style_mix or args.traverse is not None)
    return plain and args.out is not None and Path(args.out).suffix.lower() != ".png"


def cmd_sample(args):
    """Draws images and writes a grid PNG (or a folder of PNGs); prints the backend line
    (framework, version, devices) and what it wrote.

    Args:
        args: the parsed command line.
    """
    from kerasgan.inference.sample_files import check_sample_out, write_sample_folder
    from kerasgan.inference.sampling import load_sampler, write_samples
    from kerasgan.runs.environment import backend_line

    _check_mode(args)
    if args.out is not None:
        check_sample_out(args.out)
    sampler = load_sampler(args.source)
    print(backend_line(), flush=True)
    sampler.set_truncation(args.truncation, args.truncation_cutoff)
    if _is_folder_sample(args):
        n = 64 if args.n is None else args.n
        if n < 1:
            raise ConfigError("--n must be at least 1.")
        _check_label(sampler, args.label)
        first, count = write_sample_folder(
            sampler, n, args.out, args.label, args.seed, args.overwrite
        )
        print(f"wrote {first}" + (f" and {count - 1} more" if count > 1 else ""))
        return
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
