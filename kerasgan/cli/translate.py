"""`kerasgan translate` and `kerasgan upscale`: thin over `kerasgan.inference.translating`."""

from pathlib import Path

from kerasgan.cli.common import add_backend_argument
from kerasgan.errors import ConfigError


def add_commands(sub):
    """Adds the `translate` and `upscale` subcommands to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
    translate = sub.add_parser(
        "translate",
        allow_abbrev=False,
        help="translate a folder of images with a pix2pix/cyclegan-family run",
        description="Writes OUTPUT_DIR/<name>.png for each image of INPUT_DIR (or one file). "
        "Existing files are never overwritten.",
    )
    translate.add_argument("source", metavar="RUN_OR_MODEL")
    translate.add_argument("input", metavar="INPUT_DIR")
    translate.add_argument("output", metavar="OUTPUT_DIR")
    translate.add_argument(
        "--direction", choices=("a2b", "b2a"), default="a2b", help="b2a: two-way variants only"
    )
    translate.add_argument(
        "--keep-size",
        action="store_true",
        help="keep each image's size instead of resizing to the training size",
    )
    add_backend_argument(translate)

    upscale = sub.add_parser(
        "upscale",
        allow_abbrev=False,
        help="super-resolve images with an srgan/srresnet run",
        description="Writes each image of INPUT (a file or folder) at the run's scale (4x) to "
        "OUTPUT (a file for one input, else a folder). Existing files are never overwritten.",
    )
    upscale.add_argument("source", metavar="RUN_OR_MODEL")
    upscale.add_argument("input", metavar="INPUT")
    upscale.add_argument("output", metavar="OUTPUT")
    add_backend_argument(upscale)


def cmd_translate(args):
    """Translates the input images with a run's (or `.keras` file's) translator.

    Args:
        args: the parsed command line.
    """
    from kerasgan.inference.translating import load_translator, translate_files

    source = Path(args.source)
    if args.direction != "a2b" and source.is_file():
        raise ConfigError(f"{source} is one network: --direction applies to run folders only.")
    net = load_translator(source, args.direction)
    written = translate_files(net, args.input, args.output, keep_size=args.keep_size)
    print(f"wrote {len(written)} image(s) to {written[0].parent}")


def cmd_upscale(args):
    """Super-resolves the input images with an srgan or srresnet run (or `.keras` file).

    Args:
        args: the parsed command line.
    """
    from kerasgan.inference.translating import load_translator, upscale_files

    net = load_translator(args.source)
    written = upscale_files(net, args.input, args.output)
    print(f"wrote {len(written)} image(s): {written[0]}" + (" ..." if len(written) > 1 else ""))
