"""Variant classes by name, and their constructor arguments.

A new variant is a module under `kerasgan/models/<family>/` plus one row in `VARIANTS`
(`kerasgan/variant_table.py`, readable without importing Keras). `kerasgan.models` exports
every registered class, `kerasgan list` shows them, `kerasgan train NAME` trains them, and the
test suite fails until the variant has a tiny test configuration (`tests/helpers/variants.py`).
"""

import inspect

from kerasgan.errors import ConfigError
from kerasgan.variant_table import VARIANTS, Variant

__all__ = [
    "VARIANTS",
    "Variant",
    "canonical_name",
    "constructor_arguments",
    "describe",
    "families",
    "get_variant",
    "variants",
]


def variants():
    """Dict from CLI name to variant class, in the order `kerasgan list` shows."""
    return {row.name: row.load() for row in VARIANTS}


def families():
    """Dict from CLI name to the variant's family ("unconditional", "labels", ...)."""
    return {row.name: row.family for row in VARIANTS}


def canonical_name(name):
    """`WGAN-GP`, `wgan-gp` and `wgan_gp` all name the same variant."""
    return name.strip().lower().replace("-", "_")


def get_variant(name):
    """Returns the variant class registered under `name`.

    Raises:
        ConfigError: for an unknown name, listing the known ones.
    """
    table = variants()
    key = canonical_name(name)
    if key not in table:
        raise ConfigError(
            f"unknown variant {name!r}; known variants: {', '.join(table)} (see `kerasgan list`)."
        )
    return table[key]


def describe(cls):
    """The first line of a variant's docstring."""
    return inspect.getdoc(cls).splitlines()[0]


def constructor_arguments(cls):
    """`{name: default}` of a variant's constructor, without `name` and `**kwargs`.

    Options every variant passes on to its recipe's base class (its
    `common_options`: DiffAugment, generator EMA, R1) are included for variants that
    accept `**kwargs`. A variant that is
    another one with other defaults declares them as `default_arguments` and takes
    its parent's arguments.
    """
    from kerasgan.models.base.preset import Preset

    if issubclass(cls, Preset) and "default_arguments" in cls.__dict__:
        # A variant defined as another's defaults (LSGAN over DCGAN, DiscoGAN over CycleGAN).
        parent = next(b for b in cls.__mro__[1:] if not issubclass(b, Preset))
        arguments = {**constructor_arguments(parent), **cls.default_arguments}
        for hidden in cls.hidden_arguments:
            arguments.pop(hidden, None)
        return arguments
    params = inspect.signature(cls.__init__).parameters
    arguments = {
        name: p.default
        for name, p in params.items()
        if name not in ("self", "name") and p.kind is p.POSITIONAL_OR_KEYWORD
    }
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        # Options the recipe's base class takes through **kwargs (DiffAugment, EMA, R1).
        for name, default in getattr(cls, "common_options", {}).items():
            arguments.setdefault(name, default)
    return arguments
