"""StyleGAN2's residual discriminator."""

import math

import keras
from keras import layers

from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense
from kerasgan.layers.minibatch import MinibatchStdDev
from kerasgan.layers.resampling import Downsample2D
from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.progressive import channels_at, growth_stages


@keras.saving.register_keras_serializable(package="kerasgan")
class ResidualDiscriminator(DiscriminatorNetwork):
    """Residual blocks that halve the resolution down to 4x4, then PGGAN's head.

    From-RGB (1x1) at the image size; each block is two 3x3 convolutions, the second
    after a [1, 3, 3, 1] low-pass downsampling, plus a 1x1 skip of the downsampled
    input, summed and scaled by 1/sqrt(2). The 4x4 head appends the minibatch
    standard deviation, then a 3x3 convolution, a dense layer and a linear output.
    Equalized learning rate and leaky ReLU throughout, no normalization.

    Reference: Karras, Laine, Aittala, Hellsten, Lehtinen & Aila, "Analyzing and
    Improving the Image Quality of StyleGAN", CVPR 2020 (arXiv:1912.04958), figure 7.

    Args:
        image_shape: (size, size, channels), size a power of two >= 4.
        channel_base: a resolution r has `channel_base // r` channels...
        channel_max: ...at most `channel_max`.
        group_size: the minibatch standard deviation's group size (4).
    """

    def __init__(
        self, image_shape=(32, 32, 1), channel_base=2048, channel_max=128, group_size=4, **kwargs
    ):
        super().__init__(**kwargs)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.channel_base, self.channel_max = int(channel_base), int(channel_max)
        self.group_size, self.num_classes = int(group_size), 0
        stages = growth_stages(self.image_shape, 4)
        size = self.image_shape[0]
        self.from_rgb = EqualizedConv2D(self._channels(size), 1, activation="leaky_relu")
        self.blocks = []
        for level in range(stages - 1):
            res = size // 2**level
            c, c_next = self._channels(res), self._channels(res // 2)
            self.blocks.append(
                [
                    [
                        EqualizedConv2D(c, 3, activation="leaky_relu"),
                        Downsample2D(),
                        EqualizedConv2D(c_next, 3, activation="leaky_relu"),
                    ],
                    [Downsample2D(), EqualizedConv2D(c_next, 1, gain=1.0, use_bias=False)],
                ]
            )
        c0 = self._channels(4)
        self.head = [
            MinibatchStdDev(self.group_size),
            EqualizedConv2D(c0, 3, activation="leaky_relu"),
            layers.Flatten(),
            EqualizedDense(c0, activation="leaky_relu"),
            EqualizedDense(1, gain=1.0),
        ]

    def _channels(self, resolution):
        return channels_at(resolution, self.channel_base, self.channel_max)

    def call(self, inputs, labels=None, training=None):
        del labels, training
        h = self.from_rgb(inputs)
        for main, skip in self.blocks:
            residual = h
            for layer in main:
                h = layer(h)
            for layer in skip:
                residual = layer(residual)
            h = (h + residual) * (1.0 / math.sqrt(2.0))
        for layer in self.head:
            h = layer(h)
        return h

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "channel_base": self.channel_base,
            "channel_max": self.channel_max,
            "group_size": self.group_size,
        }
