"""`kerasgan evaluate`: a thin layer over `kerasgan.metrics.run_evaluation`."""

import argparse

from kerasgan.cli.common import add_backend_argument
from kerasgan.errors import ConfigError
from kerasgan.runs.settings import check_seed

PR_K, DC_K = 3, 5
"""The neighbourhood sizes of precision/recall and density/coverage (`kerasgan evaluate`)."""
EXTRACTORS = ("auto", "domain", "inception")
"""`--extractor` choices (kerasgan.metrics.features.EXTRACTORS, without importing it)."""


def add_command(sub):
    """Adds the `evaluate` subcommand to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
    evaluate = sub.add_parser(
        "evaluate",
        allow_abbrev=False,
        help="measure a run folder, a .keras generator, or images from any tool",
        description="Prints a metrics table (beside each value: real data and an untrained "
        "generator, or noise, under the same protocol) and writes metrics.json with the "
        "protocol: image counts, reference, extractor and its weights' sha256, seed, and "
        "the backend, its version and devices. "
        "`kerasgan evaluate RUN` samples the run's generator; `kerasgan evaluate --images "
        "DIR_OR_NPY --reference DATA` measures images made by any tool.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    evaluate.add_argument(
        "source", metavar="RUN_OR_MODEL", nargs="?", help="a run folder or a .keras generator"
    )
    evaluate.add_argument(
        "--images",
        metavar="DIR_OR_NPY",
        help="evaluate these generated images (a folder, .npy or .npz) instead of a model",
    )
    evaluate.add_argument(
        "--out",
        metavar="DIR",
        help="with --images: the folder for metrics.json and the nearest-image grids "
        "(default: <images>_evaluation beside them)",
    )
    evaluate.add_argument(
        "--metrics", default="fid,kid,pr,dc", help="comma list of fid,kid,is,pr,dc,nn"
    )
    evaluate.add_argument(
        "--n",
        type=int,
        help="generated (and real) images; default 10000 for a model, all for --images, "
        "at most the reference's count",
    )
    evaluate.add_argument(
        "--reference",
        help="DATASET[:split] or path of real images (default: the run's training data; "
        "required with --images)",
    )
    evaluate.add_argument(
        "--extractor",
        choices=EXTRACTORS,
        default="auto",
        help="auto: the domain classifier for (Fashion-)MNIST references, the FID "
        "Inception network for anything else",
    )
    evaluate.add_argument("--weights", help="FID Inception weights file, if not installed")
    evaluate.add_argument(
        "--image-size",
        type=int,
        metavar="N",
        help="resize the reference (and --images) to N (needed for folders of mixed sizes)",
    )
    evaluate.add_argument("--seed", type=int, default=0, help="seed of the noise and subsets")
    evaluate.add_argument(
        "--no-baselines",
        action="store_true",
        help="skip the real-data and untrained-generator columns (computed once, then cached)",
    )
    evaluate.add_argument(
        "--truncation", type=float, metavar="PSI", help="style-based models: sample with psi"
    )
    evaluate.add_argument(
        "--truncation-cutoff", type=int, metavar="N", help="truncate only the first N styles"
    )
    add_backend_argument(evaluate)


def check_arguments(args):
    """One-line errors for flags that cannot work together, before any backend import.

    Args:
        args: the parsed command line.
    """
    if (args.source is None) == (args.images is None):
        raise ConfigError(
            "give either a run folder / .keras file (kerasgan evaluate RUN) or --images "
            "DIR_OR_NPY, not both and not neither."
        )
    if args.images is not None:
        if args.reference is None:
            raise ConfigError(
                "--images needs --reference: the real images to compare with (a dataset name "
                "such as fashion_mnist_test, a folder or a .npy file)."
            )
        for flag in ("truncation", "truncation_cutoff"):
            if getattr(args, flag) is not None:
                raise ConfigError(f"--{flag.replace('_', '-')} applies to a model, not --images.")
    elif args.out is not None:
        raise ConfigError("--out applies to --images; a run's metrics.json goes into the run.")
    if args.n is not None and args.n < 2:
        raise ConfigError("--n must be at least 2 (FID needs a covariance).")
    if args.image_size is not None and args.image_size < 1:
        raise ConfigError(
            f"--image-size must be a positive number of pixels, not {args.image_size}."
        )
    check_seed(args.seed)
    names = {name.strip().lower() for name in str(args.metrics).split(",")}
    for metric, k in (("pr", PR_K), ("dc", DC_K)):
        if metric in names and args.n is not None and args.n <= k:
            raise ConfigError(
                f"--metrics {metric} compares each image with its {k} nearest neighbours: "
                f"--n must be at least {k + 1}, not {args.n}."
            )


def cmd_evaluate(args):
    """Evaluates a run folder, a `.keras` generator or a folder of images; prints the backend
    line (framework, version, devices), then the table.

    Args:
        args: the parsed command line.
    """
    check_arguments(args)
    from kerasgan.metrics.evaluate import parse_metrics
    from kerasgan.metrics.run_evaluation import evaluate_files, evaluate_source, format_table
    from kerasgan.progress import progress_bars
    from kerasgan.runs.environment import backend_line

    print(backend_line(), flush=True)
    common = {
        "metrics": parse_metrics(args.metrics),
        "n": args.n,
        "extractor": args.extractor,
        "seed": args.seed,
        "weights": args.weights,
        "image_size": args.image_size,
        "baselines": not args.no_baselines,
        "progress": progress_bars(),
    }
    if args.images is not None:
        result = evaluate_files(args.images, args.reference, out=args.out, **common)
    else:
        result = evaluate_source(
            args.source,
            reference=args.reference,
            truncation=args.truncation,
            truncation_cutoff=args.truncation_cutoff,
            **common,
        )
    print(format_table(result))
