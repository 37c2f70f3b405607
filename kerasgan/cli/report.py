"""`kerasgan report`: a thin layer over `kerasgan.runs.report`."""

from pathlib import Path


def add_command(sub):
    """Adds the `report` subcommand to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
    report = sub.add_parser(
        "report",
        allow_abbrev=False,
        help="one self-contained HTML page about run folders",
        description="Writes one HTML file (images embedded, nothing loaded from the network): "
        "for each run its config, training GIF, last grid, loss curves, metrics with protocol "
        "and nearest-neighbour grids; for several runs a sortable comparison table and their "
        "last grids side by side.",
    )
    report.add_argument("runs", nargs="+", metavar="RUN", help="run folders, or folders of runs")
    report.add_argument("--out", default="report.html", help="the HTML file (default: report.html)")


def cmd_report(args):
    """Writes the report and says where.

    Args:
        args: the parsed command line.
    """
    from kerasgan.runs.report import write_report

    count = write_report(args.runs, Path(args.out))
    print(f"wrote {args.out}: {count} run{'s' if count != 1 else ''}")
