"""The one place a variant is added: a row naming its CLI name, family and class.

A new variant is a module under `kerasgan/models/<family>/` plus one row in
`VARIANTS`. `kerasgan.models` exports every registered class, `kerasgan list`
shows them, `kerasgan train NAME` trains them, and the test suite fails until the
variant has a tiny test configuration (`tests/helpers/variants.py`).
"""

import importlib
import inspect
from dataclasses import dataclass

from kerasgan.errors import ConfigError


@dataclass(frozen=True)
class Variant:
    """One registered variant.

    Args:
        name: the CLI name (`kerasgan train NAME`).
        family: the folder under `kerasgan/models/` that holds its module.
        module: the module's name in that folder.
        cls: the class's name in that module.
    """

    name: str
    family: str
    module: str
    cls: str

    def load(self):
        """Imports and returns the variant's class."""
        module = importlib.import_module(f"kerasgan.models.{self.family}.{self.module}")
        return getattr(module, self.cls)


VARIANTS = (
    Variant("gan", "unconditional", "gan", "VanillaGAN"),
    Variant("dcgan", "unconditional", "dcgan", "DCGAN"),
    Variant("cgan", "labels", "cgan", "CGAN"),
    Variant("acgan", "labels", "acgan", "ACGAN"),
    Variant("infogan", "latent", "infogan", "InfoGAN"),
    Variant("sgan", "labels", "sgan", "SGAN"),
    Variant("aae", "latent", "aae", "AAE"),
    Variant("bigan", "latent", "bigan", "BiGAN"),
    Variant("cogan", "latent", "cogan", "CoGAN"),
    Variant("lsgan", "unconditional", "dcgan_presets", "LSGAN"),
    Variant("wgan", "unconditional", "dcgan_presets", "WGAN"),
    Variant("wgan_gp", "unconditional", "dcgan_presets", "WGANGP"),
    Variant("dragan", "unconditional", "dcgan_presets", "DRAGAN"),
    Variant("bgan", "unconditional", "dcgan_presets", "BGAN"),
    Variant("ragan", "unconditional", "dcgan_presets", "RaGAN"),
    Variant("ebgan", "unconditional", "ebgan", "EBGAN"),
    Variant("began", "unconditional", "began", "BEGAN"),
    Variant("sngan", "unconditional", "sngan", "SNGAN"),
    Variant("sagan", "unconditional", "sagan", "SAGAN"),
    Variant("pggan", "progressive", "pggan", "PGGAN"),
    Variant("stylegan", "style", "stylegan", "StyleGAN"),
    Variant("stylegan2", "style", "stylegan2", "StyleGAN2"),
    Variant("pix2pix", "translation", "pix2pix", "Pix2Pix"),
    Variant("cyclegan", "translation", "cyclegan", "CycleGAN"),
    Variant("discogan", "translation", "cyclegan_presets", "DiscoGAN"),
    Variant("dualgan", "translation", "cyclegan_presets", "DualGAN"),
    Variant("srresnet", "translation", "srgan", "SRResNet"),
    Variant("srgan", "translation", "srgan", "SRGAN"),
)
"""Every variant, in the order `kerasgan list` shows them."""


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
