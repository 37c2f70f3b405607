"""The GAN variants, each a small module on the shared engine, by family.

Every class registered in `kerasgan.models.registry.VARIANTS` is importable from
here (`from kerasgan.models import DCGAN`), and importing this package registers
every kerasgan network with Keras, so `keras.saving.load_model` can read kerasgan
files after `import kerasgan.models`.
"""

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.base.preset import Preset
from kerasgan.models.labels.acgan_networks import ACGANDiscriminator
from kerasgan.models.labels.sgan_networks import SGANDiscriminator
from kerasgan.models.latent.aae_networks import CodeDiscriminator
from kerasgan.models.latent.bigan_networks import JointDiscriminator
from kerasgan.models.latent.cogan_networks import CoupledDiscriminator, CoupledGenerator
from kerasgan.models.latent.infogan_networks import InfoGANDiscriminator
from kerasgan.models.registry import get_variant, variants
from kerasgan.models.translation.srgan_networks import SRDiscriminator
from kerasgan.models.translation.vgg_content import content_extractor, find_vgg19_weights
from kerasgan.networks import *  # noqa: F403  (the shared networks, re-exported)
from kerasgan.networks import __all__ as _network_names


def _registered():
    """`{class name: class}` of every registered variant."""
    return {cls.__name__: cls for cls in variants().values()}


globals().update(_registered())

__all__ = [
    *sorted(_registered()),
    *_network_names,
    "ACGANDiscriminator",
    "CodeDiscriminator",
    "CoupledDiscriminator",
    "CoupledGenerator",
    "GAN",
    "InfoGANDiscriminator",
    "JointDiscriminator",
    "Preset",
    "SGANDiscriminator",
    "SRDiscriminator",
    "content_extractor",
    "find_vgg19_weights",
    "get_variant",
    "variants",
]
