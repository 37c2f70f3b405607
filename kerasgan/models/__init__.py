"""The GAN variants, each a small module on the shared engine."""

from kerasgan.models.cgan import CGAN
from kerasgan.models.dcgan import DCGAN
from kerasgan.models.gan import VanillaGAN
from kerasgan.models.networks_conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.models.networks_mlp import MLPDiscriminator, MLPGenerator
from kerasgan.models.registry import get_variant, variants
from kerasgan.models.wgan_gp import WGANGP

__all__ = [
    "CGAN",
    "DCGAN",
    "DCGANDiscriminator",
    "DCGANGenerator",
    "MLPDiscriminator",
    "MLPGenerator",
    "VanillaGAN",
    "WGANGP",
    "get_variant",
    "variants",
]
