"""Fully connected generator and discriminator (Goodfellow et al. 2014)."""

import math

import keras
from keras import layers

from kerasgan.layers.conditioning import LabelFusion
from kerasgan.networks.base import DiscriminatorNetwork, GeneratorNetwork


@keras.saving.register_keras_serializable(package="kerasgan")
class MLPGenerator(GeneratorNetwork):
    """Noise (and label) to image through dense layers.

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels) of the output, values in [-1, 1].
        hidden_units: widths of the hidden layers.
        num_classes: classes for conditioning (0: unconditional).
        label_fusion: "concat" or "multiply" (how labels meet the noise).
        normalization: "batch" (BatchNorm after each hidden layer) or "none" (the
            adversarial autoencoder's decoder: its codes drift while it trains,
            and BatchNorm's moving statistics would lag behind them).
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        hidden_units=(256, 512, 1024),
        num_classes=0,
        label_fusion="concat",
        normalization="batch",
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.num_classes = int(num_classes)
        self.label_fusion = label_fusion
        if normalization not in ("batch", "none"):
            raise ValueError(f'normalization must be "batch" or "none", not {normalization!r}.')
        self.normalization = normalization
        self.fusion = LabelFusion(num_classes, label_fusion) if num_classes else None
        self.blocks = []
        for units in self.hidden_units:
            self.blocks += [layers.Dense(units), layers.LeakyReLU(0.2)]
            if normalization == "batch":
                self.blocks.append(layers.BatchNormalization())
        self.to_pixels = layers.Dense(math.prod(self.image_shape), activation="tanh")
        self.to_image = layers.Reshape(self.image_shape)

    def call(self, inputs, labels=None, training=None):
        h = self.fusion(inputs, labels) if self.fusion is not None else inputs
        for layer in self.blocks:
            h = layer(h, training=training)
        return self.to_image(self.to_pixels(h))

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_shape": self.image_shape,
            "hidden_units": self.hidden_units,
            "num_classes": self.num_classes,
            "label_fusion": self.label_fusion,
            "normalization": self.normalization,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class MLPDiscriminator(DiscriminatorNetwork):
    """Image (and label) to one logit through dense layers.

    Args:
        image_shape: (height, width, channels) of the input.
        hidden_units: widths of the hidden layers.
        num_classes: classes for conditioning (0: unconditional).
        label_fusion: "concat" or "multiply" (how labels meet the flattened image).
        dropout: dropout rate after each hidden layer (0 disables it).
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        hidden_units=(512, 256),
        num_classes=0,
        label_fusion="concat",
        dropout=0.0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.num_classes = int(num_classes)
        self.label_fusion = label_fusion
        self.dropout = float(dropout)
        self.flatten = layers.Flatten()
        self.fusion = LabelFusion(num_classes, label_fusion) if num_classes else None
        self.blocks = []
        for units in self.hidden_units:
            self.blocks += [layers.Dense(units), layers.LeakyReLU(0.2)]
            if self.dropout:
                self.blocks.append(layers.Dropout(self.dropout))
        self.to_logit = layers.Dense(1)

    def call(self, inputs, labels=None, training=None):
        h = self.flatten(inputs)
        if self.fusion is not None:
            h = self.fusion(h, labels)
        for layer in self.blocks:
            h = layer(h, training=training)
        return self.to_logit(h)

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "hidden_units": self.hidden_units,
            "num_classes": self.num_classes,
            "label_fusion": self.label_fusion,
            "dropout": self.dropout,
        }
