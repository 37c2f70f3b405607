"""Translators without skip connections: CycleGAN's ResNet (Zhu et al. 2017, after Johnson
et al. 2016) and DiscoGAN's encoder-decoder (Kim et al. 2017).

Both keep the source's height and width; CycleGAN's PatchGAN discriminator is
`PatchDiscriminator(..., conditional=False, norm="instance")`, DiscoGAN's is any image
discriminator, and DualGAN reuses `UNetGenerator`.
"""

import keras
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.normalization import check_norm, norm_layer
from kerasgan.layers.padding import ReflectionPadding2D
from kerasgan.layers.transposed import FastConv2DTranspose
from kerasgan.networks.base import (
    TranslatorNetwork,
    apply_layers,
    check_divisible,
    conv_init,
    halvings,
)


def _norm(kind):
    return [norm_layer(kind)] if kind != "none" else []


def _conv(width, kernel, strides=1, use_bias=True):
    return FastConv2D(width, kernel, strides, use_bias=use_bias, kernel_initializer=conv_init())


@keras.saving.register_keras_serializable(package="kerasgan")
class ReflectionResidualBlock(layers.Layer):
    """`x + [pad-conv3-norm-ReLU-pad-conv3-norm](x)` with reflection padding (CycleGAN).

    Args:
        filters: channels of the input and output.
        norm: "instance", "batch" or "none".
    """

    def __init__(self, filters, norm="instance", **kwargs):
        super().__init__(**kwargs)
        check_norm(norm)
        self.filters, self.norm = int(filters), norm
        bias = norm == "none"
        self.body = [ReflectionPadding2D(1), _conv(self.filters, 3, use_bias=bias)]
        self.body += _norm(norm) + [layers.ReLU(), ReflectionPadding2D(1)]
        self.body += [_conv(self.filters, 3, use_bias=bias)] + _norm(norm)

    def call(self, x, training=None):
        return x + apply_layers(self.body, x, training)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "norm": self.norm}


def resnet_downsamplings(shape, largest=2, smallest_side=4):
    """The default `n_down`: the most exact halvings (at most 2) leaving sides of >= 4 px.

    2 for multiples of 4 from 16 px (a 7x7 residual stage at 28 px, 8x8 at 32, 64x64 at
    256); 1 at 8 and 12 px and for even sizes that are not multiples of 4 (14, 30...); 0
    for odd sizes and sides under 8 px.
    """
    n = 0
    while (
        n < largest
        and n < min(halvings(shape[0]), halvings(shape[1]))
        and min(shape[:2]) // 2 ** (n + 1) >= smallest_side
    ):
        n += 1
    return n


@keras.saving.register_keras_serializable(package="kerasgan")
class ResNetTranslator(TranslatorNetwork):
    """Image to image: downsample, residual blocks at low resolution, upsample (CycleGAN).

    c7s1-f (reflection padding 3, 7x7 convolution, norm, ReLU); `n_down` 3x3 stride-2
    convolutions doubling the channels (d2f, d4f); `n_blocks` residual blocks with
    reflection padding (R4f); `n_down` 3x3 stride-2 transposed convolutions halving them
    (u2f, uf); c7s1-out_channels with tanh. With `n_down=2` and 9 blocks this is the paper's
    256x256 generator, `c7s1-64,d128,d256,R256 x 9,u128,u64,c7s1-3`.

    Args:
        source_shape: (height, width, channels) of the input images.
        out_channels: channels of the output images.
        filters: channels of the first convolution (64 in the paper).
        n_blocks: residual blocks; None: 6 up to 128 px, 9 above (the paper).
        n_down: stride-2 downsamplings (2 in the paper); None: 2, fewer for images under
            16 px or not multiples of 4 (see `resnet_downsamplings`). Height and width must
            be multiples of `2**n_down`.
        norm: "instance" (the paper), "batch" or "none".

    Example:
        >>> g = ResNetTranslator((32, 32, 3), out_channels=3, filters=8)
        >>> g(images)  # (n, 32, 32, 3) in [-1, 1] -> (n, 32, 32, 3) in [-1, 1]

    Reference:
        Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using Cycle-Consistent
        Adversarial Networks", ICCV 2017, appendix 7.2. https://arxiv.org/abs/1703.10593;
        Johnson, Alahi & Fei-Fei, "Perceptual Losses for Real-Time Style Transfer and
        Super-Resolution", ECCV 2016. https://arxiv.org/abs/1603.08155
    """

    def __init__(
        self,
        source_shape=(64, 64, 3),
        out_channels=3,
        filters=64,
        n_blocks=None,
        n_down=None,
        norm="instance",
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.set_shapes(source_shape, out_channels, filters, norm)
        side = min(self.source_shape[:2])
        if n_blocks is None:
            n_blocks = 6 if max(self.source_shape[:2]) <= 128 else 9
        self.n_blocks = int(n_blocks)
        self.n_down = resnet_downsamplings(self.source_shape) if n_down is None else int(n_down)
        if self.n_down < 0 or self.n_blocks < 0:
            raise ValueError(f"n_down and n_blocks must be >= 0, not {n_down}, {n_blocks}.")
        check_divisible("ResNetTranslator", self.source_shape, self.n_down)
        if side < 4 or side // 2**self.n_down < 2:
            raise ValueError(
                f"ResNetTranslator needs sides of at least 4 px and of at least 2 px after "
                f"{self.n_down} downsamplings (reflection padding); "
                f"{self.source_shape[0]}x{self.source_shape[1]} is too small: lower n_down."
            )
        bias = norm == "none"
        self.blocks = [ReflectionPadding2D(3), _conv(self.filters, 7, use_bias=bias)]
        self.blocks += _norm(norm) + [layers.ReLU()]
        for i in range(self.n_down):
            conv = _conv(self.filters * 2 ** (i + 1), 3, 2, use_bias=bias)
            self.blocks += [layers.ZeroPadding2D(1), conv] + _norm(norm) + [layers.ReLU()]
        width = self.filters * 2**self.n_down
        self.blocks += [ReflectionResidualBlock(width, norm) for _ in range(self.n_blocks)]
        for i in reversed(range(self.n_down)):
            up = FastConv2DTranspose(
                self.filters * 2**i,
                3,
                2,
                padding="same",
                use_bias=bias,
                kernel_initializer=conv_init(),
            )
            self.blocks += [up] + _norm(norm) + [layers.ReLU()]
        self.blocks += [ReflectionPadding2D(3), _conv(self.out_channels, 7)]

    def call(self, images, training=None):
        return ops.tanh(apply_layers(self.blocks, images, training))

    def get_config(self):
        return {
            **super().get_config(),
            "source_shape": self.source_shape,
            "out_channels": self.out_channels,
            "filters": self.filters,
            "n_blocks": self.n_blocks,
            "n_down": self.n_down,
            "norm": self.norm,
        }


def encoder_decoder_depth(shape, largest=8, smallest_side=4):
    """The default `depth`: the most exact halvings (<= 8) leaving sides >= 4 px
    (`resnet_downsamplings` with a larger cap).

    4 at 64 px (DiscoGAN's 4x4 bottleneck), 3 at 32, 2 at 28 (7x7), 6 at 256.
    """
    return resnet_downsamplings(shape, largest, smallest_side)


@keras.saving.register_keras_serializable(package="kerasgan")
class EncoderDecoderTranslator(TranslatorNetwork):
    """Image to image through a bottleneck, without skip connections (DiscoGAN).

    Encoder: `depth` 4x4 stride-2 convolutions with `filters * 2**i` channels (capped at
    `filters * 8`), normalization after all but the first, LeakyReLU(0.2). Decoder: 4x4
    stride-2 transposed convolutions back to `filters` channels, normalization, ReLU; a
    last transposed convolution to `out_channels` and tanh. At 64 px with `depth=4` this is
    the DiscoGAN reference generator (64-128-256-512, then 256-128-64-3).

    Args:
        source_shape: (height, width, channels) of the input images.
        out_channels: channels of the output images.
        filters: channels of the first convolution (64 in the paper).
        depth: number of downsamplings; None: as many exact halvings as leave sides of
            at least 4 px, at most 8 (see `encoder_decoder_depth`).
        norm: "batch" (the paper), "instance" or "none".

    Example:
        >>> g = EncoderDecoderTranslator((64, 64, 3), out_channels=3, filters=8)
        >>> g(images)  # (n, 64, 64, 3) in [-1, 1] -> (n, 64, 64, 3) in [-1, 1]

    Reference:
        Kim, Cha, Kim, Lee & Kim, "Learning to Discover Cross-Domain Relations with
        Generative Adversarial Networks", ICML 2017, section 3 and figure 2.
        https://arxiv.org/abs/1703.05192
    """

    def __init__(
        self,
        source_shape=(64, 64, 3),
        out_channels=3,
        filters=64,
        depth=None,
        norm="batch",
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.set_shapes(source_shape, out_channels, filters, norm)
        self.depth = encoder_decoder_depth(self.source_shape) if depth is None else int(depth)
        if self.depth < 1:
            raise ValueError(
                "EncoderDecoderTranslator needs at least one downsampling, so an even height "
                f"and width of at least 8 px; {self.source_shape[0]}x{self.source_shape[1]} "
                "does not allow one. Sizes that work: multiples of 2 from 8 px."
            )
        check_divisible("EncoderDecoderTranslator", self.source_shape, self.depth)
        widths = [self.filters * min(2**i, 8) for i in range(self.depth)]
        bias = norm == "none"
        self.blocks = []
        for i, width in enumerate(widths):
            normalize = i > 0 and norm != "none"
            conv = FastConv2D(
                width,
                4,
                2,
                padding="same",
                use_bias=not normalize,
                kernel_initializer=conv_init(),
            )
            self.blocks += [conv] + ([norm_layer(norm)] if normalize else [])
            self.blocks.append(layers.LeakyReLU(0.2))
        for i in reversed(range(self.depth - 1)):
            self.blocks.append(self._transpose(widths[i], bias))
            self.blocks += _norm(norm) + [layers.ReLU()]
        self.blocks.append(self._transpose(self.out_channels, True))

    @staticmethod
    def _transpose(width, use_bias):
        return FastConv2DTranspose(
            width, 4, 2, padding="same", use_bias=use_bias, kernel_initializer=conv_init()
        )

    def call(self, images, training=None):
        return ops.tanh(apply_layers(self.blocks, images, training))

    def get_config(self):
        return {
            **super().get_config(),
            "source_shape": self.source_shape,
            "out_channels": self.out_channels,
            "filters": self.filters,
            "depth": self.depth,
            "norm": self.norm,
        }
