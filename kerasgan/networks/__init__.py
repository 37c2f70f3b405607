"""Generators and discriminators shared by several variants.

Each is a `keras.Model` whose constructor arguments are its config (`get_config`
round-trips) and which builds itself on zeros when a `.keras` file is loaded
(`kerasgan.networks.base`). A network only one variant uses sits beside that
variant in `kerasgan/models/<family>/`.
"""

from kerasgan.networks.autoencoder import AutoencoderDiscriminator
from kerasgan.networks.base import DiscriminatorNetwork, GeneratorNetwork, TranslatorNetwork
from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.networks.encoder import AAEEncoder
from kerasgan.networks.mlp import MLPDiscriminator, MLPGenerator
from kerasgan.networks.patchgan import PatchDiscriminator, receptive_field
from kerasgan.networks.progressive import ProgressiveDiscriminator, ProgressiveGenerator
from kerasgan.networks.resnet import ResNetDiscriminator, ResNetGenerator
from kerasgan.networks.srresnet import SRResNetGenerator
from kerasgan.networks.translators import EncoderDecoderTranslator, ResNetTranslator
from kerasgan.networks.unet import UNetGenerator

__all__ = [
    "AAEEncoder",
    "AutoencoderDiscriminator",
    "DCGANDiscriminator",
    "DCGANGenerator",
    "DiscriminatorNetwork",
    "EncoderDecoderTranslator",
    "GeneratorNetwork",
    "MLPDiscriminator",
    "MLPGenerator",
    "PatchDiscriminator",
    "ProgressiveDiscriminator",
    "ProgressiveGenerator",
    "ResNetDiscriminator",
    "ResNetGenerator",
    "ResNetTranslator",
    "SRResNetGenerator",
    "TranslatorNetwork",
    "UNetGenerator",
    "receptive_field",
]
