"""Convolutional generator and discriminator in the DCGAN style (Radford et al. 2015).

Both adapt to the image size: the generator starts from a small grid (4x4 for 32
and 64, 7x7 for 28) and doubles it once per stage; the discriminator halves it the
same number of times.
"""

import keras
from keras import layers

from kerasgan.layers.attention import SelfAttention
from kerasgan.layers.conditioning import LabelFusion, LabelPlanes, check_fusion
from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.minibatch import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.layers.spectral_norm import SpectralNorm
from kerasgan.layers.transposed import FastConv2DTranspose
from kerasgan.networks.base import DiscriminatorNetwork, GeneratorNetwork

UPSAMPLINGS = ("transpose", "upsample")
NORMALIZATIONS = ("batch", "layer", "none")
MINIBATCH = ("none", "discrimination", "stddev")


def maybe_spectral(layer, spectral_norm):
    """`layer` wrapped in `SpectralNorm` when `spectral_norm` is true."""
    return SpectralNorm(layer) if spectral_norm else layer


def check_attention(attention, sizes):
    """Raises ValueError unless `attention` is 0 or one of the feature-map `sizes`."""
    if attention and attention not in sizes:
        raise ValueError(
            f"attention must be 0 or the size of a feature map, one of {sorted(set(sizes))}; "
            f"not {attention}."
        )


def upsampling_stages(size):
    """Number of doublings from the starting grid to `size`, and the starting size.

    Args:
        size: the image's height (or width).

    Returns:
        `(stages, start)` with `start * 2**stages == size` and `start >= 4`.
    """
    stages, start = 0, int(size)
    while start % 2 == 0 and start // 2 >= 4:
        start //= 2
        stages += 1
    return stages, start


def _normalization(kind):
    if kind == "batch":
        return layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
    if kind == "layer":
        return layers.LayerNormalization(axis=(1, 2, 3), epsilon=1e-5)
    return None


def conv_trunk(image_shape, filters, normalization="batch", spectral_norm=False):
    """DCGAN's discriminator layers up to the last convolution's activation.

    Args:
        image_shape: (height, width, channels) of the input.
        filters: channels of the first convolution; each later one doubles it.
        normalization: "batch", "layer" or "none", after every convolution but the first.
        spectral_norm: wrap each convolution in `SpectralNorm`.

    Returns:
        A list of layers to apply in order.
    """
    stages = max(upsampling_stages(image_shape[0])[0], 1)
    trunk = []
    for stage in range(stages):
        conv = FastConv2D(filters * 2**stage, 4, strides=2, padding="same")
        trunk.append(maybe_spectral(conv, spectral_norm))
        if stage > 0 and normalization == "batch":
            trunk.append(layers.BatchNormalization(momentum=0.9, epsilon=1e-5))
        elif stage > 0 and normalization == "layer":
            trunk.append(layers.LayerNormalization(axis=(1, 2, 3), epsilon=1e-5))
        trunk.append(layers.LeakyReLU(0.2))
    return trunk


@keras.saving.register_keras_serializable(package="kerasgan")
class DCGANGenerator(GeneratorNetwork):
    """Noise (and label) to image: dense projection, then upsampling convolutions.

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); height and width equal.
        filters: channels of the last hidden stage; earlier stages double it.
        upsampling: "transpose" (Conv2DTranspose, stride 2) or "upsample"
            (UpSampling2D then Conv2D, which avoids checkerboard artefacts).
        num_classes: classes for conditioning (0: unconditional).
        label_fusion: "concat" or "multiply" (how labels meet the noise).
        spectral_norm: wrap the dense and convolution layers in `SpectralNorm`
            (SAGAN's generator).
        attention: insert a `SelfAttention` block after the stage whose feature
            maps have this size (0: none; SAGAN).
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        filters=64,
        upsampling="transpose",
        num_classes=0,
        label_fusion="concat",
        spectral_norm=False,
        attention=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if upsampling not in UPSAMPLINGS:
            raise ValueError(f"upsampling must be one of {UPSAMPLINGS}, not {upsampling!r}.")
        check_fusion(label_fusion)
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.filters = int(filters)
        self.upsampling = upsampling
        self.num_classes = int(num_classes)
        self.label_fusion = label_fusion
        self.spectral_norm = bool(spectral_norm)
        self.attention = int(attention)
        stages, start = upsampling_stages(self.image_shape[0])
        if stages < 1 or start * 2**stages != self.image_shape[1]:
            raise ValueError(
                f"DCGAN networks need square images of an even size >= 8, not {self.image_shape}."
            )
        check_attention(self.attention, [start * 2**i for i in range(1, stages)])
        width = self.filters * 2**stages
        self.fusion = LabelFusion(num_classes, label_fusion) if num_classes else None
        self.project = [
            maybe_spectral(layers.Dense(start * start * width, use_bias=False), spectral_norm),
            _normalization("batch"),
            layers.ReLU(),
            layers.Reshape((start, start, width)),
        ]
        self.blocks = []
        for stage in range(stages):
            last = stage == stages - 1
            out = self.image_shape[-1] if last else self.filters * 2 ** (stages - 1 - stage)
            self.blocks += self._upsample(out, last)
            if not last:
                self.blocks += [_normalization("batch"), layers.ReLU()]
                if self.attention == start * 2 ** (stage + 1):
                    self.blocks.append(SelfAttention(spectral_norm=self.spectral_norm))

    def _upsample(self, channels, last):
        if self.upsampling == "transpose":
            conv = FastConv2DTranspose(channels, 4, strides=2, padding="same", use_bias=last)
            out = [maybe_spectral(conv, self.spectral_norm)]
        else:
            conv = FastConv2D(channels, 3, padding="same", use_bias=last)
            out = [layers.UpSampling2D(2), maybe_spectral(conv, self.spectral_norm)]
        return out + [layers.Activation("tanh")] if last else out

    def call(self, inputs, labels=None, training=None):
        h = self.fusion(inputs, labels) if self.fusion is not None else inputs
        for layer in self.project + self.blocks:
            h = layer(h, training=training)
        return h

    def get_config(self):
        return {
            **super().get_config(),
            "latent_dim": self.latent_dim,
            "image_shape": self.image_shape,
            "filters": self.filters,
            "upsampling": self.upsampling,
            "num_classes": self.num_classes,
            "label_fusion": self.label_fusion,
            "spectral_norm": self.spectral_norm,
            "attention": self.attention,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class DCGANDiscriminator(DiscriminatorNetwork):
    """Image (and label) to one logit: strided convolutions, then a dense layer.

    Args:
        image_shape: (height, width, channels) of the input.
        filters: channels of the first convolution; each later one doubles it.
        normalization: "batch" (DCGAN), "layer" (a WGAN-GP critic must not use
            batch statistics) or "none".
        num_classes: classes for conditioning (0: unconditional).
        label_fusion: "concat" (one-hot planes appended to the image) or
            "multiply" (the image times a learned per-class mask).
        spectral_norm: wrap every convolution and the dense layer in
            `SpectralNorm` (SNGAN, SAGAN).
        attention: insert a `SelfAttention` block after the convolution whose
            output has this size (0: none; SAGAN).
        minibatch: "none", "discrimination" (minibatch features before the last
            layer; Salimans et al. 2016) or "stddev" (a minibatch standard
            deviation plane after the last convolution; Karras et al. 2018).
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        filters=64,
        normalization="batch",
        num_classes=0,
        label_fusion="concat",
        spectral_norm=False,
        attention=0,
        minibatch="none",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if normalization not in NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {NORMALIZATIONS}, not {normalization!r}."
            )
        check_fusion(label_fusion)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.filters = int(filters)
        self.normalization = normalization
        self.num_classes = int(num_classes)
        self.label_fusion = label_fusion
        self.spectral_norm = bool(spectral_norm)
        self.attention = int(attention)
        if minibatch not in MINIBATCH:
            raise ValueError(f"minibatch must be one of {MINIBATCH}, not {minibatch!r}.")
        self.minibatch = minibatch
        stages, _ = upsampling_stages(self.image_shape[0])
        stages = max(stages, 1)
        sizes = [-(-self.image_shape[0] // 2 ** (i + 1)) for i in range(stages)]
        check_attention(self.attention, sizes[:-1])
        self.fusion = None
        if num_classes:
            if label_fusion == "concat":
                self.fusion = LabelPlanes(num_classes)
            else:
                self.flatten_in = layers.Flatten()
                self.fusion = LabelFusion(num_classes, "multiply")
                self.unflatten = layers.Reshape(self.image_shape)
        self.blocks = []
        for stage in range(stages):
            conv = FastConv2D(self.filters * 2**stage, 4, strides=2, padding="same")
            self.blocks.append(maybe_spectral(conv, spectral_norm))
            norm = _normalization(normalization) if stage > 0 else None
            if norm is not None:
                self.blocks.append(norm)
            self.blocks.append(layers.LeakyReLU(0.2))
            if self.attention and self.attention == sizes[stage] and stage < stages - 1:
                self.blocks.append(SelfAttention(spectral_norm=self.spectral_norm))
        if minibatch == "stddev":
            self.blocks.append(MinibatchStdDev())
        self.flatten = layers.Flatten()
        self.features = [MinibatchDiscrimination()] if minibatch == "discrimination" else []
        self.to_logit = maybe_spectral(layers.Dense(1), spectral_norm)

    def call(self, inputs, labels=None, training=None):
        h = inputs
        if self.fusion is not None:
            if self.label_fusion == "concat":
                h = self.fusion(h, labels)
            else:
                h = self.unflatten(self.fusion(self.flatten_in(h), labels))
        for layer in self.blocks:
            h = layer(h, training=training)
        h = self.flatten(h)
        for layer in self.features:
            h = layer(h)
        return self.to_logit(h, training=training)

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "filters": self.filters,
            "normalization": self.normalization,
            "num_classes": self.num_classes,
            "label_fusion": self.label_fusion,
            "spectral_norm": self.spectral_norm,
            "attention": self.attention,
            "minibatch": self.minibatch,
        }
