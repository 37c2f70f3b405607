"""`kerasgan devices`: the backend, its version and the devices it computes on.

The same line `train`, `sample` and `evaluate` print before they start, so an install
for GPUs (README, "Installing for GPUs") can be checked before anything is trained:

    kerasgan devices --backend jax
    backend: jax 0.10.2, devices: gpu:0, gpu:1
"""

import sys

from kerasgan.cli.common import add_backend_argument


def add_command(sub):
    """Adds the `devices` subcommand to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
    devices = sub.add_parser(
        "devices", help="print the backend, its version and the devices it computes on"
    )
    add_backend_argument(devices)


def cmd_devices(args):
    """Prints the backend line; warns on stderr when two TensorFlow wheels share its files.

    Args:
        args: the parsed command line (`--backend` was applied before Keras was imported).
    """
    from kerasgan.runs.environment import backend_line, tensorflow_conflict

    print(backend_line())
    conflict = tensorflow_conflict()
    if conflict:
        print(f"kerasgan: warning: {conflict}", file=sys.stderr)
