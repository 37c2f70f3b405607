"""The adversarial autoencoder's discriminator on codes (Makhzani et al. 2015)."""

import keras
from keras import layers

from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.encoder import unconditional


@keras.saving.register_keras_serializable(package="kerasgan")
class CodeDiscriminator(DiscriminatorNetwork):
    """Code to one logit: is this code a sample of the prior (real) or an encoding (fake)?

    Args:
        latent_dim: length of the code.
        hidden_units: widths of the ReLU hidden layers (1000, 1000 in the paper).
        num_classes: must be 0.

    Example:
        >>> CodeDiscriminator(latent_dim=8, hidden_units=(64, 64))(codes).shape
        (batch, 1)
    """

    def __init__(self, latent_dim=8, hidden_units=(512, 512), num_classes=0, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = int(latent_dim)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.num_classes = unconditional(num_classes, "CodeDiscriminator")
        self.blocks = []
        for units in self.hidden_units:
            self.blocks += [layers.Dense(units), layers.ReLU()]
        self.to_logit = layers.Dense(1)

    def input_dims(self):
        return (self.latent_dim,)

    def call(self, inputs, labels=None, training=None):
        del labels
        h = inputs
        for layer in self.blocks:
            h = layer(h, training=training)
        return self.to_logit(h)

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "hidden_units": self.hidden_units,
            "num_classes": self.num_classes,
        }
