"""pix2pix's U-Net generator (Isola et al. 2017).

It follows the reference PyTorch code (junyanz/pytorch-CycleGAN-and-pix2pix): 4x4
convolutions initialised from N(0, 0.02), LeakyReLU(0.2) in the encoder and the
discriminator, ReLU in the decoder, no normalization on the first encoder layer nor on the
innermost one (a 1x1 bottleneck has nothing to normalise over).
"""

import keras
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.normalization import norm_layer
from kerasgan.layers.transposed import FastConv2DTranspose
from kerasgan.networks.base import (
    TranslatorNetwork,
    apply_layers,
    check_divisible,
    conv_init,
    halvings,
)


@keras.saving.register_keras_serializable(package="kerasgan")
class UNetGenerator(TranslatorNetwork):
    """Image to image through an encoder-decoder with skip connections between mirrored layers.

    Encoder: `depth` 4x4 stride-2 convolutions with `filters * 2**i` channels (capped at
    `filters * 8`), LeakyReLU(0.2) before each but the first, normalization after each but
    the first and the innermost. Decoder: ReLU, 4x4 stride-2 transposed convolution,
    normalization, dropout in the first three decoder blocks, then concatenation with the
    encoder output of the same size; a last transposed convolution to `out_channels` and tanh.
    At 256x256 with `depth=8` this is the paper's C64-C128-C256-C512-C512-C512-C512-C512
    encoder and CD512-CD512-CD512-C512-C256-C128-C64 decoder.

    Args:
        source_shape: (height, width, channels) of the input images.
        out_channels: channels of the output images.
        filters: channels of the first encoder layer (64 in the paper).
        depth: number of downsamplings; None picks as many as halve both sides exactly, at
            most 8 (1x1 bottleneck at 32, 64 ... 256 px; 7x7 at 28 px).
        norm: "batch" (the paper), "instance" or "none".
        dropout: dropout rate of the first three decoder blocks (0.5; 0 disables). It is
            active only with `training=True` (the paper also keeps it at test time: call
            with `training=True` for that).

    Example:
        >>> g = UNetGenerator((64, 64, 3), out_channels=3, filters=8)
        >>> g(images, training=True)  # (n, 64, 64, 3) in [-1, 1] -> (n, 64, 64, 3) in [-1, 1]

    Reference:
        Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with Conditional Adversarial
        Networks", CVPR 2017, section 3.2.1 and appendix 6.1.1.
        https://arxiv.org/abs/1611.07004
    """

    def __init__(
        self,
        source_shape=(64, 64, 3),
        out_channels=3,
        filters=64,
        depth=None,
        norm="batch",
        dropout=0.5,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.set_shapes(source_shape, out_channels, filters, norm)
        self.dropout = float(dropout)
        if depth is None:
            self.depth = min(8, halvings(self.source_shape[0]), halvings(self.source_shape[1]))
        else:
            self.depth = int(depth)
        if self.depth < 1:
            raise ValueError(
                f"UNetGenerator needs at least one downsampling, so an even height and width; "
                f"{self.source_shape[0]}x{self.source_shape[1]} has none. Sizes that work: "
                f"multiples of 2 (multiples of 256 for the paper's 8 levels)."
            )
        check_divisible("UNetGenerator", self.source_shape, self.depth)
        widths = [self.filters * min(2**i, 8) for i in range(self.depth)]
        self.encoder = []
        for i, width in enumerate(widths):
            normalize = 0 < i < self.depth - 1 and norm != "none"
            block = [] if i == 0 else [layers.LeakyReLU(0.2)]
            block.append(self._conv(width, not normalize))
            self.encoder.append(block + ([norm_layer(norm)] if normalize else []))
        self.decoder = []
        for step, i in enumerate(range(self.depth - 2, -1, -1)):
            block = [layers.ReLU(), self._transpose(widths[i], norm == "none")]
            block += [norm_layer(norm)] if norm != "none" else []
            block += [layers.Dropout(self.dropout)] if step < 3 and self.dropout > 0 else []
            self.decoder.append(block)
        self.to_image = [layers.ReLU(), self._transpose(self.out_channels, True)]

    @staticmethod
    def _conv(width, use_bias):
        return FastConv2D(
            width, 4, 2, padding="same", use_bias=use_bias, kernel_initializer=conv_init()
        )

    @staticmethod
    def _transpose(width, use_bias):
        return FastConv2DTranspose(
            width, 4, 2, padding="same", use_bias=use_bias, kernel_initializer=conv_init()
        )

    def call(self, images, training=None):
        skips, h = [], images
        for block in self.encoder:
            h = apply_layers(block, h, training)
            skips.append(h)
        for block, skip in zip(self.decoder, reversed(skips[:-1])):
            h = ops.concatenate([apply_layers(block, h, training), skip], axis=-1)
        return ops.tanh(apply_layers(self.to_image, h, training))

    def get_config(self):
        return {
            **super().get_config(),
            "source_shape": self.source_shape,
            "out_channels": self.out_channels,
            "filters": self.filters,
            "depth": self.depth,
            "norm": self.norm,
            "dropout": self.dropout,
        }
