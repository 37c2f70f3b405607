"""Variants by name, for the CLI and for `kerasgan.models.get_variant`."""

import inspect

from kerasgan.errors import ConfigError


def variants():
    """Dict from CLI name to variant class, in the order `kerasgan list` shows."""
    from kerasgan.models.aae import AAE
    from kerasgan.models.acgan import ACGAN
    from kerasgan.models.began import BEGAN
    from kerasgan.models.bgan import BGAN
    from kerasgan.models.bigan import BiGAN
    from kerasgan.models.cgan import CGAN
    from kerasgan.models.cogan import CoGAN
    from kerasgan.models.cyclegan import CycleGAN
    from kerasgan.models.dcgan import DCGAN
    from kerasgan.models.discogan import DiscoGAN, DualGAN
    from kerasgan.models.dragan import DRAGAN
    from kerasgan.models.ebgan import EBGAN
    from kerasgan.models.gan import VanillaGAN
    from kerasgan.models.infogan import InfoGAN
    from kerasgan.models.lsgan import LSGAN
    from kerasgan.models.pix2pix import Pix2Pix
    from kerasgan.models.ragan import RaGAN
    from kerasgan.models.sagan import SAGAN
    from kerasgan.models.sgan import SGAN
    from kerasgan.models.sngan import SNGAN
    from kerasgan.models.srgan import SRGAN, SRResNet
    from kerasgan.models.wgan import WGAN
    from kerasgan.models.wgan_gp import WGANGP

    return {
        "gan": VanillaGAN,
        "dcgan": DCGAN,
        "cgan": CGAN,
        "acgan": ACGAN,
        "infogan": InfoGAN,
        "sgan": SGAN,
        "aae": AAE,
        "bigan": BiGAN,
        "cogan": CoGAN,
        "lsgan": LSGAN,
        "wgan": WGAN,
        "wgan_gp": WGANGP,
        "dragan": DRAGAN,
        "bgan": BGAN,
        "ragan": RaGAN,
        "ebgan": EBGAN,
        "began": BEGAN,
        "sngan": SNGAN,
        "sagan": SAGAN,
        "pix2pix": Pix2Pix,
        "cyclegan": CycleGAN,
        "discogan": DiscoGAN,
        "dualgan": DualGAN,
        "srresnet": SRResNet,
        "srgan": SRGAN,
    }


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

    Options every variant passes on to `kerasgan.engine.GAN` (DiffAugment, generator
    EMA, R1) are included for variants that accept `**kwargs`. A variant that is
    another one with other defaults declares them as `default_arguments` and takes
    its parent's arguments.
    """
    own = cls.__dict__.get("default_arguments")
    if own is not None:
        # A variant defined as another's defaults (DiscoGAN, DualGAN over CycleGAN).
        from kerasgan.engine.gan import GAN

        parent = next(base for base in cls.__mro__[1:] if issubclass(base, GAN))
        return {**constructor_arguments(parent), **own}
    params = inspect.signature(cls.__init__).parameters
    arguments = {
        name: p.default
        for name, p in params.items()
        if name not in ("self", "name") and p.kind is p.POSITIONAL_OR_KEYWORD
    }
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        from kerasgan.engine.gan import COMMON_OPTIONS, GAN

        if issubclass(cls, GAN):
            base = inspect.signature(GAN.__init__).parameters
            for name in COMMON_OPTIONS:
                arguments.setdefault(name, base[name].default)
    return arguments
