"""`kerasgan` command line: reads the command, picks the backend, and runs the command's module.

One module per command, each a thin layer over the library: `train`, `sample`,
`evaluate`, `translate` (translate and upscale), `devices` and `listing` (list, datasets);
`common` holds what they share. Heavy imports (Keras and its backend) happen
inside the commands, after `--backend` has been read, because Keras picks its
backend once, at import.
"""

import argparse
import os
import re
import sys

from kerasgan.cli import devices, evaluate, listing, report, sample, train, translate
from kerasgan.cli.common import (
    EXIT_DIVERGED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    select_backend,
)
from kerasgan.cli.quiet_import import import_keras_quietly
from kerasgan.errors import KerasGANError, TrainingDiverged

COMMANDS = (
    "train", "sample", "evaluate", "translate", "upscale", "list", "datasets", "report",
    "pretrained", "devices",
)  # fmt: skip
BACKEND_COMMANDS = ("train", "sample", "evaluate", "translate", "upscale", "devices")
"""Commands that run Keras: it is imported once, up front, without TensorFlow's notices."""


def build_parser(variant=None):
    """The top-level parser of every command.

    Args:
        variant: a variant's name, so that `train --help` also lists its options; None
            lists the common options only.
    """
    parser = argparse.ArgumentParser(
        prog="kerasgan",
        description="Train, sample and inspect GANs written in Keras 3.",
        allow_abbrev=False,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    listing.add_commands(sub)
    train.add_command(sub, variant)
    sample.add_command(sub)
    evaluate.add_command(sub)
    translate.add_commands(sub)
    report.add_command(sub)
    devices.add_command(sub)
    return parser


def run_command(args, extra):
    """Runs the parsed command.

    Args:
        args: the parsed command line (`args.command` names the command).
        extra: tokens the parser did not recognise (the variant's options of `train`).
    """
    if args.command == "train":
        train.cmd_train(args, extra)
        return
    commands = {
        "list": listing.cmd_list,
        "datasets": listing.cmd_datasets,
        "pretrained": listing.cmd_pretrained,
        "sample": sample.cmd_sample,
        "evaluate": evaluate.cmd_evaluate,
        "translate": translate.cmd_translate,
        "upscale": translate.cmd_upscale,
        "report": report.cmd_report,
        "devices": devices.cmd_devices,
    }
    commands[args.command](args)


def _select_backend_of(argv):
    """Reads `--backend` alone and selects it, before any command imports Keras."""
    if argv and argv[0] in COMMANDS:
        pre = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
        pre.add_argument("--backend")
        select_backend(pre.parse_known_args(argv)[0].backend)


def one_line(message):
    """`message` on one line: later lines and terminal colour codes dropped."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(message)).strip()
    return " ".join(text.splitlines()[:1]) if text else type(message).__name__


def os_error_message(err):
    """One line for an `OSError` no command turned into a `KerasGANError`."""
    from kerasgan.runs.space import advice_for

    where = os.fspath(err.filename) if err.filename else "a file"
    return f"{where}: {err.strerror or err}: {advice_for(err.errno)}."


def main(argv=None):
    """Entry point of the `kerasgan` command.

    Args:
        argv: the command line without the program name; None reads `sys.argv`.

    Returns:
        The exit status: 0, 2 for a usage or input error, 3 when training diverged,
        130 when interrupted.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _select_backend_of(argv)
        train.check_before_keras(argv)
        if argv and argv[0] in BACKEND_COMMANDS and not {"-h", "--help"} & set(argv):
            import_keras_quietly()
        parser = build_parser(train.variant_in(argv))
        args, extra = parser.parse_known_args(argv)
        if args.command != "train" and extra:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        run_command(args, extra)
    except KerasGANError as err:
        print(f"kerasgan: error: {one_line(err)}", file=sys.stderr)
        return EXIT_DIVERGED if isinstance(err, TrainingDiverged) else EXIT_USAGE
    except OSError as err:  # a write or read the command did not expect to fail
        print(f"kerasgan: error: {one_line(os_error_message(err))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as interrupt:
        run = getattr(interrupt, "run_dir", None)
        print(
            "\nkerasgan: interrupted; the last complete checkpoint is kept: continue with "
            f"`kerasgan train --resume {run or 'RUN'}`.",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    return 0


if __name__ == "__main__":
    sys.exit(main())
