"""CoGAN's coupled networks (Liu & Tuzel 2016): one pair of images per noise vector.

Both networks hold the two domains' networks in one `keras.Model`, so the engine
sees one generator and one discriminator. A pair of images travels side by side:
domain A in the left half of the width, domain B in the right half, shape
(n, H, 2W, C).
"""

import keras
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.transposed import FastConv2DTranspose
from kerasgan.networks.base import DiscriminatorNetwork, GeneratorNetwork
from kerasgan.networks.conv import upsampling_stages


def _check_shape(image_shape):
    stages, start = upsampling_stages(image_shape[0])
    if stages < 1 or start * 2**stages != image_shape[1]:
        raise ValueError(
            f"CoGAN networks need square images of an even size >= 8, not {tuple(image_shape)}."
        )
    return stages, start


def split_pair(images):
    """`(a, b)`: the left and right halves (along the width) of side-by-side pairs."""
    width = images.shape[2] // 2
    return images[:, :, :width], images[:, :, width:]


def join_pair(a, b):
    """Side-by-side pairs (n, H, 2W, C) from the two domains' images (n, H, W, C)."""
    return ops.concatenate([a, b], axis=2)


@keras.saving.register_keras_serializable(package="kerasgan")
class CoupledGenerator(GeneratorNetwork):
    """Noise to a pair of images (A | B) from two DCGAN generators sharing early layers.

    The dense projection and every upsampling stage but the last are shared (they
    decode the high-level semantics both domains have in common); each domain has
    its own last stage (transposed convolution to the image, tanh), which renders
    the domain's low-level details.

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels) of ONE domain's images; square,
            even size >= 8. The output is (n, height, 2 * width, channels).
        filters: channels of the last hidden stage; earlier stages double it.
    """

    def __init__(self, latent_dim=100, image_shape=(28, 28, 1), filters=64, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.filters = int(filters)
        self.num_classes = 0
        stages, start = _check_shape(self.image_shape)
        width = self.filters * 2**stages
        self.shared = [
            layers.Dense(start * start * width, use_bias=False),
            layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
            layers.ReLU(),
            layers.Reshape((start, start, width)),
        ]
        for stage in range(stages - 1):
            channels = self.filters * 2 ** (stages - 1 - stage)
            self.shared += [
                FastConv2DTranspose(channels, 4, strides=2, padding="same", use_bias=False),
                layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
                layers.ReLU(),
            ]
        channels = self.image_shape[-1]
        self.head_a = FastConv2DTranspose(channels, 4, strides=2, padding="same")
        self.head_b = FastConv2DTranspose(channels, 4, strides=2, padding="same")

    def trunk(self, inputs, training=None):
        """The shared layers' features of `inputs` (the same for both domains)."""
        h = inputs
        for layer in self.shared:
            h = layer(h, training=training)
        return h

    def call(self, inputs, labels=None, training=None):
        del labels
        h = self.trunk(inputs, training=training)
        return join_pair(ops.tanh(self.head_a(h)), ops.tanh(self.head_b(h)))

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_shape": self.image_shape,
            "filters": self.filters,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class CoupledDiscriminator(DiscriminatorNetwork):
    """A pair of images (A | B) to two logits from two discriminators sharing late layers.

    The input is split into its A and B halves; each goes through its own first
    strided convolution (the domain's low-level features), then through the same
    later convolutions and dense layer. Both halves run through the shared layers as
    one batch, so BatchNorm sees both domains.

    Args:
        image_shape: (height, width, channels) of ONE domain's images; the input
            is (n, height, 2 * width, channels).
        filters: channels of the first convolution; each later one doubles it.

    Returns (when called):
        logits of shape (n, 2): column 0 judges domain A, column 1 domain B.
    """

    def __init__(self, image_shape=(28, 28, 1), filters=64, **kwargs):
        super().__init__(**kwargs)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.filters = int(filters)
        self.num_classes = 0
        stages, _ = _check_shape(self.image_shape)
        stages = max(stages, 2)  # at least one shared convolution
        self.early_a = [FastConv2D(self.filters, 4, strides=2, padding="same")]
        self.early_b = [FastConv2D(self.filters, 4, strides=2, padding="same")]
        self.shared = []
        for stage in range(1, stages):
            self.shared += [
                FastConv2D(self.filters * 2**stage, 4, strides=2, padding="same"),
                layers.BatchNormalization(momentum=0.9, epsilon=1e-5),
                layers.LeakyReLU(0.2),
            ]
        self.shared += [layers.Flatten(), layers.Dense(1)]

    def input_dims(self):
        height, width, channels = self.image_shape
        return (height, 2 * width, channels)

    def call(self, inputs, labels=None, training=None):
        del labels
        a, b = split_pair(inputs)
        for layer in self.early_a:
            a = layer(a, training=training)
        for layer in self.early_b:
            b = layer(b, training=training)
        h = ops.leaky_relu(ops.concatenate([a, b], axis=0), 0.2)
        for layer in self.shared:
            h = layer(h, training=training)
        logit_a, logit_b = ops.split(h, 2, axis=0)
        return ops.concatenate([logit_a, logit_b], axis=1)

    def get_config(self):
        return {**super().get_config(), "image_shape": self.image_shape, "filters": self.filters}
