"""An autoencoder as discriminator: the energy of an image is how badly it is rebuilt.

Used by EBGAN (Zhao et al. 2017) and BEGAN (Berthelot et al. 2017). The network
returns `(reconstruction, code)`: the variants turn the reconstruction into an
energy (mean squared error for EBGAN, mean absolute error for BEGAN) and EBGAN's
pull-away term uses the code.
"""

import keras
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.conv import upsampling_stages

ACTIVATIONS = ("leaky_relu", "elu")


def per_sample_error(images, reconstruction, kind="squared"):
    """Mean reconstruction error of each image: shape (batch,).

    Args:
        images: the input images (batch, H, W, C).
        reconstruction: the autoencoder's output, same shape.
        kind: "squared" (EBGAN's mean squared error) or "absolute" (BEGAN's L1).
    """
    diff = images - reconstruction
    err = ops.square(diff) if kind == "squared" else ops.abs(diff)
    return ops.mean(ops.reshape(err, (ops.shape(err)[0], -1)), axis=1)


@keras.saving.register_keras_serializable(package="kerasgan")
class AutoencoderDiscriminator(DiscriminatorNetwork):
    """Image to `(reconstruction, code)`: strided-convolution encoder, dense code, decoder.

    Args:
        image_shape: (height, width, channels); square, size start * 2**k.
        filters: channels of the encoder's first convolution (doubled per stage)
            and of the decoder's last hidden stage.
        code_dim: length of the code (the embedding used by EBGAN's pull-away term).
        activation: "leaky_relu" (EBGAN) or "elu" (BEGAN).
        num_classes: must be 0.
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        filters=32,
        code_dim=64,
        activation="leaky_relu",
        num_classes=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, not {activation!r}.")
        if num_classes:
            raise ValueError("AutoencoderDiscriminator is unconditional; num_classes must be 0.")
        self.image_shape = tuple(int(s) for s in image_shape)
        self.filters, self.code_dim = int(filters), int(code_dim)
        self.activation, self.num_classes = activation, 0
        stages, start = upsampling_stages(self.image_shape[0])
        if stages < 1 or start * 2**stages != self.image_shape[1]:
            raise ValueError(f"autoencoders need square even-sized images, not {image_shape}.")
        self.encoder = []
        for stage in range(stages):
            self.encoder += [
                FastConv2D(self.filters * 2**stage, 4, strides=2, padding="same"),
                self._activation(),
            ]
        self.encoder += [layers.Flatten(), layers.Dense(self.code_dim)]
        width = self.filters * 2 ** (stages - 1)
        self.decoder = [
            layers.Dense(start * start * width),
            self._activation(),
            layers.Reshape((start, start, width)),
        ]
        for stage in range(stages):
            last = stage == stages - 1
            channels = self.image_shape[-1] if last else self.filters * 2 ** (stages - 2 - stage)
            self.decoder += [layers.UpSampling2D(2), FastConv2D(channels, 3, padding="same")]
            if not last:
                self.decoder.append(self._activation())

    def _activation(self):
        return layers.LeakyReLU(0.2) if self.activation == "leaky_relu" else layers.ELU()

    def call(self, inputs, labels=None, training=None):
        h = inputs
        for layer in self.encoder:
            h = layer(h, training=training)
        code = h
        for layer in self.decoder:
            h = layer(h, training=training)
        return h, code

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "filters": self.filters,
            "code_dim": self.code_dim,
            "activation": self.activation,
            "num_classes": self.num_classes,
        }
