"""Pieces every command of the `kerasgan` CLI shares: backend selection, exit codes, option types.

Nothing here imports Keras at module level: the backend must be chosen first.
"""

import argparse
import importlib.util
import inspect
import os
import re
import sys

from kerasgan.errors import ConfigError

BACKENDS = ("tensorflow", "jax", "torch")
BACKEND_PACKAGES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}
DATA_DERIVED = ("image_shape", "source_shape", "num_classes", "seed")
"""Constructor arguments the data sets, so `train` offers no option for them."""
EXIT_USAGE, EXIT_DIVERGED, EXIT_INTERRUPTED = 2, 3, 130


def select_backend(name):
    """Sets KERAS_BACKEND before Keras is imported; checks the backend is installed.

    Args:
        name: "tensorflow", "jax", "torch", or None to keep KERAS_BACKEND (or Keras'
            default, TensorFlow: the fastest of the three on a CPU).

    Returns:
        The backend's name.
    """
    if not name and os.environ.get("KERAS_BACKEND", BACKENDS[0]) not in BACKENDS:
        raise ConfigError(
            f"KERAS_BACKEND={os.environ['KERAS_BACKEND']!r} is not a Keras backend: set it to "
            f"one of {', '.join(BACKENDS)}, unset it, or pass --backend."
        )
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


def add_backend_argument(parser, **kwargs):
    """Adds `--backend` (one of `BACKENDS`) to a command's parser.

    Args:
        parser: the command's `argparse.ArgumentParser`.
        **kwargs: more `add_argument` keywords, such as `help`.
    """
    parser.add_argument("--backend", choices=BACKENDS, **kwargs)


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
    """The argparse type of a constructor argument, from its default value.

    Args:
        default: the argument's default value (bool, tuple or list of ints, int,
            float or str; anything else is read as a string).
    """
    if isinstance(default, bool):
        return _parse_bool
    if isinstance(default, (tuple, list)):
        return _parse_tuple
    if isinstance(default, (int, float, str)):
        return type(default)
    return str


def variant_parser(variant):
    """An argparse parser of a variant's own options (its constructor arguments).

    Args:
        variant: the variant's name (see `kerasgan list`).
    """
    from kerasgan.models.registry import constructor_arguments, describe, get_variant

    cls = get_variant(variant)
    parser = argparse.ArgumentParser(
        prog=f"kerasgan train {variant}", add_help=False, allow_abbrev=False
    )
    group = parser.add_argument_group(f"{variant} options ({describe(cls)})")
    meanings = argument_meanings(cls)
    for name, default in constructor_arguments(cls).items():
        if name in DATA_DERIVED:
            continue
        shown = ",".join(map(str, default)) if isinstance(default, (tuple, list)) else default
        meaning = meanings.get(name)
        group.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            type=option_type(default),
            default=argparse.SUPPRESS,
            help=f"{meaning} (default: {shown})" if meaning else f"default: {shown}",
        )
    return parser


def argument_meanings(cls):
    """`{argument: one line}` from the `Args:` sections of the docstrings of `cls` and its
    bases (a subclass's own wording first), for `kerasgan train VARIANT --help`.

    Args:
        cls: a class with Google-style docstrings.
    """
    meanings = {}
    for klass in cls.__mro__:
        for name, text in _docstring_args(inspect.getdoc(klass) or "").items():
            meanings.setdefault(name, text)
    return meanings


def _docstring_args(doc):
    """The `name: text` entries of a docstring's `Args:` section, continuation lines joined."""
    entries, current, inside = {}, None, False
    for line in doc.splitlines():
        if line.strip() == "Args:":
            inside, current = True, None
            continue
        if not inside:
            continue
        if line and not line.startswith(" "):  # the next section
            inside = False
            continue
        match = re.match(r"^    (\*{0,2}\w+)(?: \([^)]*\))?: ?(.*)$", line)
        if match:
            current = match.group(1)
            entries[current] = match.group(2).strip()
        elif current and line.startswith("        "):
            entries[current] = f"{entries[current]} {line.strip()}".strip()
    return entries


def variant_options(variant, args, extra):
    """The variant's options found in `args`; leftover tokens raise ConfigError.

    Args:
        variant: the variant's name.
        args: the parsed namespace (the variant's options were parsed into it).
        extra: tokens argparse did not recognise.
    """
    parser = variant_parser(variant)
    names = [a.dest for a in parser._actions if a.option_strings]
    if extra:
        valid = ", ".join("--" + n.replace("_", "-") for n in names)
        raise ConfigError(f"{variant} does not take {' '.join(extra)}; its options are: {valid}.")
    return {name: getattr(args, name) for name in names if hasattr(args, name)}
