"""pix2pix's PatchGAN discriminator (Isola et al. 2017), also CycleGAN's and its presets'.

It follows the reference PyTorch code (junyanz/pytorch-CycleGAN-and-pix2pix): 4x4
convolutions initialised from N(0, 0.02), LeakyReLU(0.2), no normalization on the first
layer.
"""

import keras
import numpy as np
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.normalization import check_norm, norm_layer
from kerasgan.networks.base import apply_layers, conv_init, image_shape


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
            conv = FastConv2D(
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
            FastConv2D(1, 4, kernel_initializer=conv_init()),
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
