"""Convolutional generator and discriminator in the DCGAN style (Radford et al. 2015).

Both adapt to the image size: the generator starts from a small grid (4x4 for 32
and 64, 7x7 for 28) and doubles it once per stage; the discriminator halves it the
same number of times.
"""

import keras
from keras import layers

from kerasgan.layers.conditioning import LabelFusion, LabelPlanes, check_fusion
from kerasgan.models.network_base import DiscriminatorNetwork, GeneratorNetwork

UPSAMPLINGS = ("transpose", "upsample")
NORMALIZATIONS = ("batch", "layer", "none")


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
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        filters=64,
        upsampling="transpose",
        num_classes=0,
        label_fusion="concat",
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
        stages, start = upsampling_stages(self.image_shape[0])
        if stages < 1 or start * 2**stages != self.image_shape[1]:
            raise ValueError(
                f"DCGAN networks need square images of an even size >= 8, not {self.image_shape}."
            )
        width = self.filters * 2**stages
        self.fusion = LabelFusion(num_classes, label_fusion) if num_classes else None
        self.project = [
            layers.Dense(start * start * width, use_bias=False),
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

    def _upsample(self, channels, last):
        activation = "tanh" if last else None
        if self.upsampling == "transpose":
            return [
                layers.Conv2DTranspose(
                    channels, 4, strides=2, padding="same", use_bias=last, activation=activation
                )
            ]
        return [
            layers.UpSampling2D(2),
            layers.Conv2D(channels, 3, padding="same", use_bias=last, activation=activation),
        ]

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
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        filters=64,
        normalization="batch",
        num_classes=0,
        label_fusion="concat",
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
        stages, _ = upsampling_stages(self.image_shape[0])
        stages = max(stages, 1)
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
            self.blocks.append(layers.Conv2D(self.filters * 2**stage, 4, strides=2, padding="same"))
            norm = _normalization(normalization) if stage > 0 else None
            if norm is not None:
                self.blocks.append(norm)
            self.blocks.append(layers.LeakyReLU(0.2))
        self.flatten = layers.Flatten()
        self.to_logit = layers.Dense(1)

    def call(self, inputs, labels=None, training=None):
        h = inputs
        if self.fusion is not None:
            if self.label_fusion == "concat":
                h = self.fusion(h, labels)
            else:
                h = self.unflatten(self.fusion(self.flatten_in(h), labels))
        for layer in self.blocks:
            h = layer(h, training=training)
        return self.to_logit(self.flatten(h))

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "filters": self.filters,
            "normalization": self.normalization,
            "num_classes": self.num_classes,
            "label_fusion": self.label_fusion,
        }
