"""Variants by name, for the CLI and for `kerasgan.models.get_variant`."""

import inspect

from kerasgan.errors import ConfigError


def variants():
    """Dict from CLI name to variant class, in the order `kerasgan list` shows."""
    from kerasgan.models.cgan import CGAN
    from kerasgan.models.dcgan import DCGAN
    from kerasgan.models.gan import VanillaGAN
    from kerasgan.models.wgan_gp import WGANGP

    return {"gan": VanillaGAN, "dcgan": DCGAN, "cgan": CGAN, "wgan_gp": WGANGP}


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
    """`{name: default}` of a variant's constructor, without `name` and `**kwargs`."""
    params = inspect.signature(cls.__init__).parameters
    return {
        name: p.default
        for name, p in params.items()
        if name not in ("self", "name") and p.kind is p.POSITIONAL_OR_KEYWORD
    }
