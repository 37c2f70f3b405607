"""An image encoder (AAE's q(z|x), the base of BiGAN's): image to a code of `latent_dim`.

The decoder is an ordinary kerasgan generator (`MLPGenerator` or `DCGANGenerator`),
so that it samples, saves and loads like any other generator.

Reference: Makhzani, Shlens, Jaitly, Goodfellow & Frey, "Adversarial Autoencoders",
arXiv:1511.05644, 2015 (ICLR 2016 workshop).
"""

import keras
from keras import layers

from kerasgan.layers.convolution import FastConv2D
from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.conv import upsampling_stages

ARCHITECTURES = ("dense", "conv")


def unconditional(num_classes, network):
    """0, or a ValueError naming `network` when `num_classes` is not 0."""
    if int(num_classes):
        raise ValueError(f"{network} is unconditional; num_classes must be 0.")
    return 0


@keras.saving.register_keras_serializable(package="kerasgan")
class AAEEncoder(DiscriminatorNetwork):
    """Image to code: a deterministic encoder q(z|x) with a linear output of `latent_dim`.

    It reads images, so it is built (and saved) like a discriminator; its output is
    the code, not a logit.

    Args:
        latent_dim: length of the code.
        image_shape: (height, width, channels) of the input.
        architecture: "dense" (ReLU layers of `hidden_units`, the paper's MNIST
            encoder) or "conv" (strided 4x4 convolutions with leaky ReLU, `filters`
            channels doubled per stage, down to a 4x4 to 7x7 grid).
        hidden_units: widths of the dense hidden layers.
        filters: channels of the first convolution.
        num_classes: must be 0.

    Example:
        >>> encoder = AAEEncoder(latent_dim=2, image_shape=(28, 28, 1))
        >>> encoder(images).shape
        (batch, 2)
    """

    def __init__(
        self,
        latent_dim=8,
        image_shape=(28, 28, 1),
        architecture="dense",
        hidden_units=(512, 512),
        filters=32,
        num_classes=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}.")
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.architecture = architecture
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.filters = int(filters)
        self.num_classes = unconditional(num_classes, "AAEEncoder")
        self.blocks = []
        if architecture == "dense":
            self.blocks.append(layers.Flatten())
            for units in self.hidden_units:
                self.blocks += [layers.Dense(units), layers.ReLU()]
        else:
            stages, _ = upsampling_stages(self.image_shape[0])
            for stage in range(max(stages, 1)):
                conv = FastConv2D(self.filters * 2**stage, 4, strides=2, padding="same")
                self.blocks += [conv, layers.LeakyReLU(0.2)]
            self.blocks.append(layers.Flatten())
        self.to_code = layers.Dense(self.latent_dim)

    def call(self, inputs, labels=None, training=None):
        del labels
        h = inputs
        for layer in self.blocks:
            h = layer(h, training=training)
        return self.to_code(h)

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_shape": self.image_shape,
            "architecture": self.architecture,
            "hidden_units": self.hidden_units,
            "filters": self.filters,
            "num_classes": self.num_classes,
        }
