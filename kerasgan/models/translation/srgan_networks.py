"""SRGAN's discriminator (Ledig et al. 2017)."""

import keras
import numpy as np
from keras import layers

from kerasgan.layers.convolution import FastConv2D
from kerasgan.networks.base import apply_layers
from kerasgan.networks.srresnet import batch_norm

POOLINGS = ("flatten", "average")


@keras.saving.register_keras_serializable(package="kerasgan")
class SRDiscriminator(keras.Model):
    """High-resolution image to one logit (SRGAN's discriminator).

    Eight 3x3 convolutions k3n64s1, k3n64s2, k3n128s1, k3n128s2, ... k3n512s2 (channels
    `filters * (1, 1, 2, 2, 4, 4, 8, 8)`, "same" padding), LeakyReLU(0.2) after each and
    batch normalization after all but the first; then flatten (the paper) or global average
    pooling, Dense(`dense`), LeakyReLU(0.2), Dense(1). Returns a logit: the paper's final
    sigmoid belongs to the loss.

    Call: `D(images, training=None)`: (n, *image_shape) -> (n, 1).

    Args:
        image_shape: (height, width, channels) of the high-resolution images.
        filters: channels of the first convolutions (64 in the paper).
        dense: units of the hidden dense layer (1024 in the paper).
        pooling: "flatten" (the paper: the features of the last 512-channel map,
            `ceil(h / 16) x ceil(w / 16)` of them, so only `image_shape` images are accepted)
            or "average" (global average pooling: any size, fewer weights).

    Example:
        >>> d = SRDiscriminator((32, 32, 3), filters=8, dense=16)
        >>> d(images)  # (n, 32, 32, 3) -> (n, 1)

    Reference:
        Ledig et al., "Photo-Realistic Single Image Super-Resolution Using a Generative
        Adversarial Network", CVPR 2017, figure 4. https://arxiv.org/abs/1609.04802
    """

    def __init__(
        self, image_shape=(96, 96, 3), filters=64, dense=1024, pooling="flatten", **kwargs
    ):
        super().__init__(**kwargs)
        if pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, not {pooling!r}.")
        self.image_shape = tuple(int(s) for s in image_shape)
        if len(self.image_shape) != 3:
            raise ValueError(f"image_shape must be (height, width, channels), not {image_shape}.")
        self.filters, self.dense, self.pooling = int(filters), int(dense), pooling
        self.blocks = []
        for i in range(8):
            width = self.filters * 2 ** (i // 2)
            self.blocks.append(FastConv2D(width, 3, strides=1 + i % 2, padding="same"))
            self.blocks += ([batch_norm()] if i else []) + [layers.LeakyReLU(0.2)]
        pool = layers.Flatten() if pooling == "flatten" else layers.GlobalAveragePooling2D()
        self.head = [pool, layers.Dense(self.dense), layers.LeakyReLU(0.2), layers.Dense(1)]

    def example_inputs(self, batch_size=1):
        """`(images,)`: zeros shaped like a batch of high-resolution images."""
        return (np.zeros((batch_size, *self.image_shape), "float32"),)

    def build_from_config(self, config):
        if not self.built:
            self(*self.example_inputs())

    def call(self, images, training=None):
        return apply_layers(self.blocks + self.head, images, training)

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "filters": self.filters,
            "dense": self.dense,
            "pooling": self.pooling,
        }
