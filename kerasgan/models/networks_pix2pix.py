"""pix2pix's U-Net generator and PatchGAN discriminator (Isola et al. 2017), and the base
class of all image-to-image networks.

Both follow the reference PyTorch code (junyanz/pytorch-CycleGAN-and-pix2pix): 4x4
convolutions initialised from N(0, 0.02), LeakyReLU(0.2) in the encoder and the
discriminator, ReLU in the decoder, no normalization on the first encoder layer nor on the
innermost one (a 1x1 bottleneck has nothing to normalise over).
"""

import keras
import numpy as np
from keras import layers, ops

from kerasgan.layers.normalization import check_norm, norm_layer


def conv_init():
    """The N(0, 0.02) kernel initialiser of DCGAN, pix2pix, CycleGAN and DiscoGAN."""
    return keras.initializers.RandomNormal(stddev=0.02)


def halvings(size):
    """How many times `size` can be halved exactly (its number of factors 2)."""
    size, count = int(size), 0
    while size > 0 and size % 2 == 0:
        size //= 2
        count += 1
    return count


def check_divisible(name, shape, depth):
    """Raises ValueError unless height and width of `shape` are multiples of `2**depth`."""
    step = 2**depth
    if shape[0] % step or shape[1] % step:
        raise ValueError(
            f"{name} with {depth} downsamplings needs height and width divisible by {step}; "
            f"{shape[0]}x{shape[1]} is not. Sizes that work: multiples of {step} "
            f"({step}, {2 * step}, {3 * step}, ...), or pass a smaller depth."
        )


def image_shape(shape, name):
    """`shape` as a tuple of three ints, or ValueError."""
    shape = tuple(int(s) for s in shape)
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(f"{name} must be (height, width, channels), not {shape}.")
    return shape


class TranslatorNetwork(keras.Model):
    """An image-to-image network: `(images, training=None) -> images`; needs `source_shape`.

    Inputs are NHWC batches in [-1, 1]; outputs are tanh images in [-1, 1]. Like
    `network_base._Network`, it builds itself from zeros when a `.keras` file is loaded.
    """

    def example_inputs(self, batch_size=1):
        """`(images,)`: zeros shaped like a batch of source images."""
        return (np.zeros((batch_size, *self.source_shape), "float32"),)

    def build_from_config(self, config):
        if not self.built:
            self(*self.example_inputs())


def apply_layers(blocks, h, training):
    """`h` through each layer of `blocks` in turn, passing `training` on."""
    for layer in blocks:
        h = layer(h, training=training)
    return h


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
        check_norm(norm)
        self.source_shape = image_shape(source_shape, "source_shape")
        self.out_channels, self.filters = int(out_channels), int(filters)
        self.norm, self.dropout = norm, float(dropout)
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
        return layers.Conv2D(
            width, 4, 2, padding="same", use_bias=use_bias, kernel_initializer=conv_init()
        )

    @staticmethod
    def _transpose(width, use_bias):
        return layers.Conv2DTranspose(
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


def receptive_field(n_layers):
    """Side in pixels of the input patch one output of `PatchDiscriminator(n_layers)` sees.

    `n_layers` 4x4 stride-2 convolutions, then two 4x4 stride-1 ones:
    `r = 7`, then `r = 2 * r + 2` per strided layer: 16, 34, 70, 142, 286 for 1..5
    (70 is the paper's "70x70 PatchGAN").
    """
    if int(n_layers) < 1:
        raise ValueError(f"n_layers must be at least 1, not {n_layers}.")
    r = 7
    for _ in range(int(n_layers)):
        r = 2 * r + 2
    return r


def patch_layers_for(size, largest=5):
    """The default `n_layers`: the most (>= 1, <= `largest`) whose field fits a third of `size`.

    3 at 256 px (70x70 field), 2 at 128 (34x34), 1 from 28 to 64 px (16x16), 4 at 512.
    """
    n = 1
    while n < largest and receptive_field(n + 1) <= size / 3:
        n += 1
    return n


@keras.saving.register_keras_serializable(package="kerasgan")
class PatchDiscriminator(keras.Model):
    """PatchGAN: a map of logits, each judging one overlapping patch of the image.

    `n_layers` 4x4 stride-2 convolutions (`filters * 2**i` channels, capped at `filters * 8`),
    a 4x4 stride-1 convolution, and a 4x4 stride-1 convolution to one channel, each with 1
    pixel of zero padding as in the reference code; LeakyReLU(0.2) after all but the last,
    normalization after all but the first and the last. A `h x w` image gives a
    `(h // 2**n_layers - 2) x (w // 2**n_layers - 2)` map of logits (30x30 at 256 px,
    n_layers=3), so sides must be at least `3 * 2**n_layers`.

    Call: `D(images, source=None, training=None) -> (n, h', w', 1)` logits (no sigmoid).
    `images` is the (real or translated) target batch; when `conditional`, `source` is the
    batch it was translated from and is required (the two are concatenated, source first,
    as pix2pix's `D(x, y)`); otherwise `source` must be None (CycleGAN). The optional second
    argument mirrors the package's `D(x, labels=None)`.

    Args:
        source_shape: (height, width, channels) of the source images; may be None when not
            `conditional`.
        target_shape: (height, width, channels) of the judged images.
        filters: channels of the first convolution (64 in the paper).
        n_layers: number of stride-2 convolutions (3: the 70x70 PatchGAN); None picks the
            most whose receptive field is at most a third of the smaller side (see
            `patch_layers_for`; 1, a 16x16 field, for 28 to 64 px images).
        norm: "batch" (pix2pix), "instance" (CycleGAN) or "none".
        conditional: judge `(source, images)` pairs (pix2pix) or `images` alone (CycleGAN).

    Example:
        >>> d = PatchDiscriminator((64, 64, 1), (64, 64, 3), filters=8)
        >>> d(fake, source)  # (n, 64, 64, 3), (n, 64, 64, 1) -> (n, 30, 30, 1) logits

    Reference:
        Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with Conditional Adversarial
        Networks", CVPR 2017, section 3.2.2 and appendix 6.1.2.
        https://arxiv.org/abs/1611.07004
    """

    def __init__(
        self,
        source_shape=(64, 64, 3),
        target_shape=(64, 64, 3),
        filters=64,
        n_layers=None,
        norm="batch",
        conditional=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        check_norm(norm)
        self.conditional = bool(conditional)
        self.target_shape = image_shape(target_shape, "target_shape")
        self.source_shape = None
        if source_shape is not None:
            self.source_shape = image_shape(source_shape, "source_shape")
        if self.conditional and (
            self.source_shape is None or self.source_shape[:2] != self.target_shape[:2]
        ):
            raise ValueError(
                "A conditional PatchDiscriminator needs a source_shape with the target's height "
                f"and width; got source_shape={source_shape}, target_shape={target_shape}."
            )
        self.filters, self.norm = int(filters), norm
        side = min(self.target_shape[:2])
        self.n_layers = patch_layers_for(side) if n_layers is None else int(n_layers)
        receptive_field(self.n_layers)  # validates n_layers >= 1
        if side < 3 * 2**self.n_layers:
            raise ValueError(
                f"PatchDiscriminator with n_layers={self.n_layers} needs sides of at least "
                f"{3 * 2**self.n_layers} px; {self.target_shape[0]}x{self.target_shape[1]} "
                "is too small: lower n_layers."
            )
        self.blocks = []
        for i in range(self.n_layers + 1):
            width = self.filters * min(2**i, 8)
            normalize = i > 0 and norm != "none"
            conv = layers.Conv2D(
                width,
                4,
                strides=2 if i < self.n_layers else 1,
                use_bias=not normalize,
                kernel_initializer=conv_init(),
            )
            norm_ = [norm_layer(norm)] if normalize else []
            self.blocks += [layers.ZeroPadding2D(1), conv, *norm_, layers.LeakyReLU(0.2)]
        self.blocks += [
            layers.ZeroPadding2D(1),
            layers.Conv2D(1, 4, kernel_initializer=conv_init()),
        ]

    def example_inputs(self, batch_size=1):
        """`(images,)`, or `(images, source)` when conditional: zeros of the right shapes."""
        images = np.zeros((batch_size, *self.target_shape), "float32")
        if not self.conditional:
            return (images,)
        return images, np.zeros((batch_size, *self.source_shape), "float32")

    def build_from_config(self, config):
        if not self.built:
            self(*self.example_inputs())

    def call(self, images, source=None, training=None):
        if self.conditional:
            if source is None:
                raise ValueError("A conditional PatchDiscriminator needs `source` images.")
            images = ops.concatenate([source, images], axis=-1)
        elif source is not None:
            raise ValueError("An unconditional PatchDiscriminator takes no `source`.")
        return apply_layers(self.blocks, images, training)

    def get_config(self):
        return {
            **super().get_config(),
            "source_shape": self.source_shape,
            "target_shape": self.target_shape,
            "filters": self.filters,
            "n_layers": self.n_layers,
            "norm": self.norm,
            "conditional": self.conditional,
        }
