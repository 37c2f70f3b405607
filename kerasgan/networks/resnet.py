"""ResNet generator and discriminator of SNGAN's CIFAR-10 experiments (Miyato et al. 2018).

The generator upsamples with residual blocks (batch norm, ReLU, nearest-neighbour
upsampling, two 3x3 convolutions, a 1x1 shortcut); the discriminator downsamples
with residual blocks (ReLU, two 3x3 convolutions, average pooling), ends with ReLU
and a global sum pooling and a dense layer. Appendix B of the paper uses 256
generator channels and 128 discriminator channels at 32x32; the widths here are
arguments so the same networks fit a CPU.
"""

import keras
from keras import layers, ops

from kerasgan.layers.attention import SelfAttention
from kerasgan.layers.convolution import FastConv2D
from kerasgan.networks.base import DiscriminatorNetwork, GeneratorNetwork
from kerasgan.networks.conv import check_attention, maybe_spectral, upsampling_stages


@keras.saving.register_keras_serializable(package="kerasgan")
class UpBlock(layers.Layer):
    """BN-ReLU-Upsample-Conv3-BN-ReLU-Conv3, plus an upsampled 1x1 shortcut.

    Args:
        filters: output channels.
        spectral_norm: wrap the convolutions in `SpectralNorm`.
    """

    def __init__(self, filters, spectral_norm=False, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.spectral_norm = int(filters), bool(spectral_norm)
        self.norm1 = layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
        self.norm2 = layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
        self.up = layers.UpSampling2D(2)
        self.conv1 = maybe_spectral(FastConv2D(filters, 3, padding="same"), spectral_norm)
        self.conv2 = maybe_spectral(FastConv2D(filters, 3, padding="same"), spectral_norm)
        self.shortcut = maybe_spectral(FastConv2D(filters, 1), spectral_norm)

    def call(self, x, training=None):
        h = self.up(ops.relu(self.norm1(x, training=training)))
        h = self.conv1(h, training=training)
        h = self.conv2(ops.relu(self.norm2(h, training=training)), training=training)
        return h + self.shortcut(self.up(x), training=training)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "spectral_norm": self.spectral_norm,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class DownBlock(layers.Layer):
    """ReLU-Conv3-ReLU-Conv3 (then average pooling), plus a shortcut.

    Args:
        filters: output channels.
        downsample: halve the size with 2x2 average pooling.
        first: the discriminator's first block ("optimized block" of the paper: no
            ReLU before the first convolution, shortcut pooled before its 1x1).
        spectral_norm: wrap the convolutions in `SpectralNorm`.

    A block that neither downsamples nor comes first keeps an identity shortcut, so
    its input must already have `filters` channels.
    """

    def __init__(self, filters, downsample=True, first=False, spectral_norm=True, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.downsample, self.first = int(filters), bool(downsample), bool(first)
        self.spectral_norm = bool(spectral_norm)
        self.conv1 = maybe_spectral(FastConv2D(filters, 3, padding="same"), spectral_norm)
        self.conv2 = maybe_spectral(FastConv2D(filters, 3, padding="same"), spectral_norm)
        self.pool = layers.AveragePooling2D(2, padding="same")
        self.shortcut = None
        if self.downsample or self.first:
            self.shortcut = maybe_spectral(FastConv2D(filters, 1), spectral_norm)

    def call(self, x, training=None):
        h = x if self.first else ops.relu(x)
        h = self.conv2(ops.relu(self.conv1(h, training=training)), training=training)
        if self.downsample:
            h = self.pool(h)
        if self.first:
            skip = self.shortcut(self.pool(x) if self.downsample else x, training=training)
        elif self.shortcut is not None:
            skip = self.pool(self.shortcut(x, training=training))
        else:
            skip = x
        return h + skip

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "downsample": self.downsample,
            "first": self.first,
            "spectral_norm": self.spectral_norm,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class ResNetGenerator(GeneratorNetwork):
    """Noise to image through residual upsampling blocks (SNGAN, Appendix B).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, size start * 2**k with
            start >= 4 (28, 32, 64...).
        filters: channels of every block (256 in the paper).
        spectral_norm: spectral normalisation in G too (SAGAN).
        attention: size of the feature maps after which a `SelfAttention` block
            is inserted (0: none).
        num_classes: must be 0 (conditional ResNets are not implemented).
    """

    def __init__(
        self,
        latent_dim=128,
        image_shape=(32, 32, 3),
        filters=256,
        spectral_norm=False,
        attention=0,
        num_classes=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if num_classes:
            raise ValueError("ResNetGenerator is unconditional; num_classes must be 0.")
        self.latent_dim, self.filters = int(latent_dim), int(filters)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.spectral_norm, self.attention, self.num_classes = (
            bool(spectral_norm),
            int(attention),
            0,
        )
        stages, start = upsampling_stages(self.image_shape[0])
        if stages < 1 or start * 2**stages != self.image_shape[1]:
            raise ValueError(f"ResNet networks need square even-sized images, not {image_shape}.")
        check_attention(self.attention, [start * 2**i for i in range(1, stages + 1)])
        self.project = maybe_spectral(layers.Dense(start * start * filters), spectral_norm)
        self.reshape = layers.Reshape((start, start, filters))
        self.blocks = []
        for stage in range(stages):
            self.blocks.append(UpBlock(filters, spectral_norm))
            if self.attention == start * 2 ** (stage + 1):
                self.blocks.append(SelfAttention(spectral_norm=spectral_norm))
        self.norm = layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
        conv = FastConv2D(self.image_shape[-1], 3, padding="same")
        self.to_image = maybe_spectral(conv, spectral_norm)

    def call(self, inputs, labels=None, training=None):
        h = self.reshape(self.project(inputs, training=training))
        for block in self.blocks:
            h = block(h, training=training)
        h = ops.relu(self.norm(h, training=training))
        return ops.tanh(self.to_image(h, training=training))

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_shape": self.image_shape,
            "filters": self.filters,
            "spectral_norm": self.spectral_norm,
            "attention": self.attention,
            "num_classes": self.num_classes,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class ResNetDiscriminator(DiscriminatorNetwork):
    """Image to one score through residual blocks, two of them downsampling (SNGAN).

    Args:
        image_shape: (height, width, channels) of the input.
        filters: channels of every block (128 in the paper).
        blocks: number of residual blocks (4 in the paper); the first two
            downsample.
        spectral_norm: wrap every convolution and the dense layer in `SpectralNorm`.
        attention: size of the feature maps after which a `SelfAttention` block
            is inserted (0: none).
        num_classes: must be 0.
    """

    def __init__(
        self,
        image_shape=(32, 32, 3),
        filters=128,
        blocks=4,
        spectral_norm=True,
        attention=0,
        num_classes=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if num_classes:
            raise ValueError("ResNetDiscriminator is unconditional; num_classes must be 0.")
        if int(blocks) < 2:
            raise ValueError(f"blocks must be at least 2, not {blocks}.")
        self.image_shape, self.filters = tuple(int(s) for s in image_shape), int(filters)
        self.num_blocks, self.spectral_norm = int(blocks), bool(spectral_norm)
        self.attention, self.num_classes = int(attention), 0
        size = self.image_shape[0]
        sizes = [-(-size // 2), -(-size // 4)] + [-(-size // 4)] * (self.num_blocks - 2)
        check_attention(self.attention, sizes)
        self.blocks = []
        for i in range(self.num_blocks):
            self.blocks.append(DownBlock(filters, i < 2, i == 0, spectral_norm))
            if self.attention == sizes[i] and (i + 1 == len(sizes) or sizes[i + 1] != sizes[i]):
                self.blocks.append(SelfAttention(spectral_norm=spectral_norm))
        self.to_logit = maybe_spectral(layers.Dense(1), spectral_norm)

    def call(self, inputs, labels=None, training=None):
        h = inputs
        for block in self.blocks:
            h = block(h, training=training)
        h = ops.sum(ops.relu(h), axis=(1, 2))
        return self.to_logit(h, training=training)

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "filters": self.filters,
            "blocks": self.num_blocks,
            "spectral_norm": self.spectral_norm,
            "attention": self.attention,
            "num_classes": self.num_classes,
        }
