"""The GAN variants, each a small module on the shared engine."""

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
from kerasgan.models.networks_aae import AAEEncoder, CodeDiscriminator
from kerasgan.models.networks_acgan import ACGANDiscriminator
from kerasgan.models.networks_autoencoder import AutoencoderDiscriminator
from kerasgan.models.networks_bigan import JointDiscriminator
from kerasgan.models.networks_cogan import CoupledDiscriminator, CoupledGenerator
from kerasgan.models.networks_conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.models.networks_cyclegan import EncoderDecoderTranslator, ResNetTranslator
from kerasgan.models.networks_infogan import InfoGANDiscriminator
from kerasgan.models.networks_mlp import MLPDiscriminator, MLPGenerator
from kerasgan.models.networks_pix2pix import (
    PatchDiscriminator,
    TranslatorNetwork,
    UNetGenerator,
    receptive_field,
)
from kerasgan.models.networks_resnet import ResNetDiscriminator, ResNetGenerator
from kerasgan.models.networks_sgan import SGANDiscriminator
from kerasgan.models.networks_srgan import SRDiscriminator, SRResNetGenerator
from kerasgan.models.pix2pix import Pix2Pix
from kerasgan.models.ragan import RaGAN
from kerasgan.models.registry import get_variant, variants
from kerasgan.models.sagan import SAGAN
from kerasgan.models.sgan import SGAN
from kerasgan.models.sngan import SNGAN
from kerasgan.models.srgan import SRGAN, SRResNet
from kerasgan.models.vgg_content import content_extractor, find_vgg19_weights
from kerasgan.models.wgan import WGAN
from kerasgan.models.wgan_gp import WGANGP

__all__ = [
    "CycleGAN",
    "DiscoGAN",
    "DualGAN",
    "Pix2Pix",
    "SRGAN",
    "SRResNet",
    "AAE",
    "ACGAN",
    "BEGAN",
    "BGAN",
    "BiGAN",
    "CGAN",
    "CoGAN",
    "DCGAN",
    "DRAGAN",
    "EBGAN",
    "InfoGAN",
    "LSGAN",
    "SAGAN",
    "SGAN",
    "SNGAN",
    "WGAN",
    "WGANGP",
    "AAEEncoder",
    "ACGANDiscriminator",
    "AutoencoderDiscriminator",
    "CodeDiscriminator",
    "CoupledDiscriminator",
    "CoupledGenerator",
    "DCGANDiscriminator",
    "DCGANGenerator",
    "InfoGANDiscriminator",
    "JointDiscriminator",
    "MLPDiscriminator",
    "MLPGenerator",
    "RaGAN",
    "ResNetDiscriminator",
    "ResNetGenerator",
    "SGANDiscriminator",
    "VanillaGAN",
    "get_variant",
    "variants",
    "EncoderDecoderTranslator",
    "PatchDiscriminator",
    "ResNetTranslator",
    "SRDiscriminator",
    "SRResNetGenerator",
    "TranslatorNetwork",
    "UNetGenerator",
    "content_extractor",
    "find_vgg19_weights",
    "receptive_field",
]
