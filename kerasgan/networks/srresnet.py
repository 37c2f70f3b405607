"""SRGAN's generator (SRResNet) and discriminator (Ledig et al. 2017).

The generator is fully convolutional: built for `source_shape`, it upscales low-resolution
images of any height and width by `scale`. Both use batch normalization with PyTorch's
momentum (0.1) and PReLU with one slope per channel, initialised at 0.25 as PyTorch's.
"""

import keras
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.pixel_shuffle import PixelShuffle
from kerasgan.networks.base import TranslatorNetwork, apply_layers, image_shape


def batch_norm():
    """SRResNet's batch normalization (momentum 0.9, epsilon 1e-5), also SRGAN's D's."""
    return layers.BatchNormalization(momentum=0.9, epsilon=1e-5)


def _prelu():
    # Slopes shared over height and width, so the network runs on any image size.
    return layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25), shared_axes=[1, 2])


@keras.saving.register_keras_serializable(package="kerasgan")
class SRResidualBlock(layers.Layer):
    """`x + [conv3-BN-PReLU-conv3-BN](x)`, SRResNet's residual block.

    Args:
        filters: channels of the input and output (64 in the paper).
    """

    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.filters = int(filters)
        self.body = [
            FastConv2D(self.filters, 3, padding="same"),
            batch_norm(),
            _prelu(),
            FastConv2D(self.filters, 3, padding="same"),
            batch_norm(),
        ]

    def call(self, x, training=None):
        return x + apply_layers(self.body, x, training)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters}


INPUT_SKIPS = ("none", "bicubic", "bilinear")


@keras.saving.register_keras_serializable(package="kerasgan")
class SRResNetGenerator(TranslatorNetwork):
    """Low-resolution image to an image `scale` times larger (SRResNet, SRGAN's generator).

    9x9 convolution and PReLU; `n_blocks` residual blocks (conv3-BN-PReLU-conv3-BN plus
    skip); conv3-BN plus a skip from before the blocks; log2(scale) times [conv3 to
    `4 * filters`, `PixelShuffle(2)`, PReLU]; a 9x9 convolution to `out_channels` and tanh.
    With `input_skip="bicubic"` (or "bilinear") the last convolution instead adds a residual
    to the bicubically (bilinearly) enlarged input, clipped to [-1, 1], so the network only
    learns the detail interpolation misses (global residual learning, as in VDSR, Kim et al.
    2016; not in the SRGAN paper); that convolution starts at zero, so an untrained G is
    that interpolation.

    Call: `G(images, training=None)`: (n, h, w, c) in [-1, 1] -> (n, h * scale,
    w * scale, out_channels) in [-1, 1], for any h and w.

    Args:
        source_shape: (height, width, channels) of the low-resolution images it is built
            for (used by `example_inputs`; other sizes work too).
        scale: upscaling factor, a power of 2 (4 in the paper; 1 keeps the size).
        filters: channels of the residual stage (64 in the paper).
        n_blocks: residual blocks (16 in the paper).
        out_channels: channels of the output images.
        input_skip: "none" (the paper: the output is tanh of the last convolution),
            "bicubic" or "bilinear" (the output is the input enlarged by that
            interpolation plus the last convolution; needs `out_channels` equal to the
            input's channels).

    Example:
        >>> g = SRResNetGenerator((8, 8, 3), scale=4, filters=8, n_blocks=2)
        >>> g(low_res)  # (n, 8, 8, 3) -> (n, 32, 32, 3); (n, 5, 7, 3) -> (n, 20, 28, 3)

    Reference:
        Ledig, Theis, Huszar, Caballero, Cunningham, Acosta, Aitken, Tejani, Totz, Wang &
        Shi, "Photo-Realistic Single Image Super-Resolution Using a Generative Adversarial
        Network", CVPR 2017, figure 4. https://arxiv.org/abs/1609.04802
    """

    def __init__(
        self,
        source_shape=(24, 24, 3),
        scale=4,
        filters=64,
        n_blocks=16,
        out_channels=3,
        input_skip="none",
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.source_shape = image_shape(source_shape, "source_shape")
        if input_skip not in INPUT_SKIPS:
            raise ValueError(
                f"input_skip must be one of {', '.join(INPUT_SKIPS)}, not {input_skip!r}."
            )
        if input_skip != "none" and int(out_channels) != self.source_shape[-1]:
            raise ValueError(
                f"input_skip={input_skip!r} adds the enlarged input to the output: out_channels "
                f"({out_channels}) must equal the input's channels ({self.source_shape[-1]})."
            )
        self.input_skip = input_skip
        self.scale, self.filters = int(scale), int(filters)
        self.n_blocks, self.out_channels = int(n_blocks), int(out_channels)
        if self.scale < 1 or self.scale & (self.scale - 1):
            raise ValueError(f"scale must be a power of 2 (1, 2, 4, 8...), not {scale}.")
        if self.n_blocks < 0:
            raise ValueError(f"n_blocks must be >= 0, not {n_blocks}.")
        self.head = [FastConv2D(self.filters, 9, padding="same"), _prelu()]
        self.residual = [SRResidualBlock(self.filters) for _ in range(self.n_blocks)]
        self.residual += [FastConv2D(self.filters, 3, padding="same"), batch_norm()]
        self.upsample = []
        for _ in range(self.scale.bit_length() - 1):
            conv = FastConv2D(4 * self.filters, 3, padding="same")
            self.upsample += [conv, PixelShuffle(2), _prelu()]
        # With the input skip, the residual starts at zero: G starts as interpolation.
        start = "zeros" if input_skip != "none" else "glorot_uniform"
        self.to_image = FastConv2D(self.out_channels, 9, padding="same", kernel_initializer=start)
        # Only the input skip uses it: an uncalled sublayer would stay unbuilt.
        self.enlarge = (
            None
            if input_skip == "none"
            else layers.UpSampling2D(self.scale, interpolation=input_skip)
        )

    def call(self, images, training=None):
        h = apply_layers(self.head, images, training)
        h = h + apply_layers(self.residual, h, training)
        h = apply_layers(self.upsample, h, training)
        if self.input_skip != "none":
            return ops.clip(self.enlarge(images) + self.to_image(h), -1.0, 1.0)
        return ops.tanh(self.to_image(h))

    def get_config(self):
        return {
            **super().get_config(),
            "source_shape": self.source_shape,
            "scale": self.scale,
            "filters": self.filters,
            "n_blocks": self.n_blocks,
            "out_channels": self.out_channels,
            "input_skip": self.input_skip,
        }
