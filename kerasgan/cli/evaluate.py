"""`kerasgan evaluate`: a thin layer over `kerasgan.metrics.run_evaluation`."""

from kerasgan.cli.common import add_backend_argument
from kerasgan.errors import ConfigError
from kerasgan.runs.settings import check_seed

PR_K, DC_K = 3, 5
"""The neighbourhood sizes of precision/recall and density/coverage (`kerasgan evaluate`)."""


def add_command(sub):
    """Adds the `evaluate` subcommand to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
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
    evaluate.add_argument(
        "--truncation", type=float, metavar="PSI", help="style-based models: sample with psi"
    )
    evaluate.add_argument(
        "--truncation-cutoff", type=int, metavar="N", help="truncate only the first N styles"
    )
    add_backend_argument(evaluate)


def cmd_evaluate(args):
    """Evaluates a run folder or `.keras` generator and prints the metrics table.

    Args:
        args: the parsed command line.
    """
    if args.n < 2:
        raise ConfigError("--n must be at least 2 (FID needs a covariance).")
    check_seed(args.seed)
    names = {name.strip().lower() for name in str(args.metrics).split(",")}
    for metric, k in (("pr", PR_K), ("dc", DC_K)):
        if metric in names and args.n <= k:
            raise ConfigError(
                f"--metrics {metric} compares each image with its {k} nearest neighbours: "
                f"--n must be at least {k + 1}, not {args.n}."
            )
    from kerasgan.metrics.evaluate import parse_metrics
    from kerasgan.metrics.run_evaluation import evaluate_source, format_table

    result = evaluate_source(
        args.source,
        metrics=parse_metrics(args.metrics),
        n=args.n,
        reference=args.reference,
        extractor=args.extractor,
        seed=args.seed,
        weights=args.weights,
        truncation=args.truncation,
        truncation_cutoff=args.truncation_cutoff,
    )
    print(format_table(result))
