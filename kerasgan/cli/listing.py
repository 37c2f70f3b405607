"""`kerasgan list` and `kerasgan datasets`: what can be trained, and on what."""


def add_commands(sub):
    """Adds the `list` and `datasets` subcommands to the CLI's subparsers.

    Args:
        sub: the `add_subparsers()` object of the top-level parser.
    """
    sub.add_parser("list", help="list the variants with a one-line description")
    sub.add_parser(
        "datasets", help="list the named datasets and image-to-image tasks, and if they are offline"
    )
    sub.add_parser(
        "pretrained",
        help="list the pretrained generators shipped with kerasgan, with their model cards",
    )


def cmd_list(args):
    """Prints each registered variant with its one-line description.

    Args:
        args: the parsed command line (unused).
    """
    from kerasgan.variant_table import VARIANTS

    for row in VARIANTS:  # read from the sources: no backend is imported
        print(f"{row.name:10s} {row.summary()}")


def cmd_datasets(args):
    """Prints the named datasets (offline or not) and the image-to-image tasks.

    Args:
        args: the parsed command line (unused).
    """
    from kerasgan.data import list_datasets, list_tasks

    for info in list_datasets():
        where = "offline" if info.offline else "unavailable"
        print(f"{info.name:20s} {where:15s} {info.description}")
        if not info.offline and info.needs:
            print(f"{'':20s} {'':15s} needs {info.needs}")
    print("\nimage-to-image tasks (pix2pix: paired; cyclegan, discogan, dualgan: unpaired;")
    print("srresnet, srgan: superres), all offline:")
    for task in list_tasks():
        print(f"{task.name:20s} {task.kind:15s} {task.description}")


def cmd_pretrained(args):
    """Prints each shipped preset's card: what, trained how and how long, its metrics.

    Args:
        args: the parsed command line (unused).
    """
    from kerasgan.inference.pretrained import describe, read_card, shipped

    names = sorted(shipped())
    if not names:
        print("no pretrained models are installed")
    for name in names:
        print(describe(read_card(name)[0]))
    print("\nuse them as pretrained:NAME, e.g. `kerasgan sample pretrained:dcgan`")
