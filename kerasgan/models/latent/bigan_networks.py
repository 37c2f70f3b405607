"""BiGAN's joint discriminator: one logit for an (image, code) pair.

The generator is an ordinary kerasgan generator; the encoder is the adversarial
autoencoder's `AAEEncoder` with optionally batch-normalized codes, squashed into
[-1, 1] for the uniform prior (`BiGANEncoder`); the discriminator is BiGAN's own.

References: Donahue, Krähenbühl & Darrell, "Adversarial Feature Learning", ICLR
2017 (arXiv:1605.09782); Dumoulin et al., "Adversarially Learned Inference", ICLR
2017 (arXiv:1606.00704).
"""

import keras
import numpy as np
from keras import layers, ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.conv import upsampling_stages
from kerasgan.networks.encoder import ARCHITECTURES, AAEEncoder


@keras.saving.register_keras_serializable(package="kerasgan")
class JointDiscriminator(DiscriminatorNetwork):
    """(image, code) pair to one logit: is it a real pair (x, E(x)) or a fake (G(z), z)?

    An image branch and a code branch each map their input to features; the
    concatenated features go through a joint MLP to the logit. The pair is the
    call's first argument, a tuple `(images, codes)`, so that the network keeps
    kerasgan's discriminator signature `(inputs, labels=None)`. With `dropout`, every
    hidden layer of the three parts is followed by dropout, as in ALI's
    discriminators (Dumoulin et al. 2017, rate 0.2).

    Args:
        image_shape: (height, width, channels) of the images.
        latent_dim: length of the codes.
        architecture: image branch: "dense" (flatten, then a leaky-ReLU layer of
            `hidden_units[0]`) or "conv" (strided 4x4 convolutions with leaky
            ReLU, `filters` channels doubled per stage).
        hidden_units: widths of the joint MLP's leaky-ReLU layers; the first is
            also the width of the code branch (and of the dense image branch).
        filters: channels of the first convolution of the conv image branch.
        dropout: dropout rate after every hidden layer of the image branch, the
            code branch and the joint MLP (0 disables it).
        seed: seed of the dropout masks (the i-th dropout layer gets seed + i);
            None leaves them unseeded, which on PyTorch draws from torch's global
            generator instead of the layer's seed state.
        num_classes: must be 0.

    Example:
        >>> d = JointDiscriminator((28, 28, 1), latent_dim=50, hidden_units=(64, 64))
        >>> d((images, codes)).shape
        (batch, 1)
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        latent_dim=50,
        architecture="dense",
        hidden_units=(512, 256),
        filters=32,
        dropout=0.0,
        seed=None,
        num_classes=0,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}.")
        if int(num_classes):
            raise ValueError("JointDiscriminator is unconditional; num_classes must be 0.")
        if not hidden_units:
            raise ValueError("JointDiscriminator needs at least one hidden layer.")
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(f"dropout must be in [0, 1), not {dropout}.")
        self.image_shape = tuple(int(s) for s in image_shape)
        self.latent_dim = int(latent_dim)
        self.architecture = architecture
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self.filters = int(filters)
        self.dropout = float(dropout)
        self.seed = None if seed is None else int(seed)
        self.num_classes = 0
        self._dropouts = 0
        width = self.hidden_units[0]
        self.image_branch = []
        if architecture == "conv":
            stages, _ = upsampling_stages(self.image_shape[0])
            for stage in range(max(stages, 1)):
                conv = FastConv2D(self.filters * 2**stage, 4, strides=2, padding="same")
                self.image_branch += [conv, *self._activation()]
        self.image_branch += [layers.Flatten(), layers.Dense(width), *self._activation()]
        self.code_branch = [layers.Dense(width), *self._activation()]
        self.joint = []
        for units in self.hidden_units:
            self.joint += [layers.Dense(units), *self._activation()]
        self.to_logit = layers.Dense(1)

    def _activation(self):
        """Leaky ReLU, then dropout when enabled (each dropout layer seeded seed + i)."""
        if not self.dropout:
            return [layers.LeakyReLU(0.2)]
        seed = None if self.seed is None else self.seed + self._dropouts
        self._dropouts += 1
        return [layers.LeakyReLU(0.2), layers.Dropout(self.dropout, seed=seed)]

    def example_inputs(self, batch_size=1):
        """Zeros shaped like a batch of pairs: `((images, codes), None)`."""
        images = np.zeros((batch_size, *self.image_shape), "float32")
        codes = np.zeros((batch_size, self.latent_dim), "float32")
        return ((images, codes), None)

    def call(self, inputs, labels=None, training=None):
        del labels
        images, codes = inputs
        h, c = images, codes
        for layer in self.image_branch:
            h = layer(h, training=training)
        for layer in self.code_branch:
            c = layer(c, training=training)
        h = ops.concatenate([h, c], axis=-1)
        for layer in self.joint:
            h = layer(h, training=training)
        return self.to_logit(h)

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "latent_dim": self.latent_dim,
            "architecture": self.architecture,
            "hidden_units": self.hidden_units,
            "filters": self.filters,
            "dropout": self.dropout,
            "seed": self.seed,
            "num_classes": self.num_classes,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class BiGANEncoder(AAEEncoder):
    """`AAEEncoder` whose codes are optionally batch-normalized and squashed into (-1, 1).

    With `code_norm`, the linear codes go through a batch normalization without a
    learned scale or offset: in training, each batch's codes have mean 0 and
    variance 1 in every dimension, the first two moments of the N(0, I) prior, so
    that D cannot tell the encoder's codes from the prior's by their location or
    spread alone, and the encoder cannot collapse to (nearly) one code. Inference
    uses the moving statistics, with a short memory (`norm_momentum` 0.9, not Keras'
    0.99): nothing anchors the codes' mean before the normalization, it drifts while
    the encoder trains, and the averages lag behind it (on mnist5k, by about 1.7 of
    the codes' standard deviations at 0.99 after 30 epochs, 0.6 at 0.9 after 15),
    which puts inference codes off the prior. With `bounded`, tanh squashes the
    codes into the support of a uniform prior on [-1, 1].

    Args:
        latent_dim, image_shape, architecture, hidden_units, filters, num_classes:
            as in `AAEEncoder`.
        code_norm: batch-normalize the codes (without scale or offset).
        norm_momentum: momentum of the normalization's moving statistics.
        bounded: squash the codes into (-1, 1) with tanh (after the normalization).

    Example:
        >>> BiGANEncoder(latent_dim=50, image_shape=(28, 28, 1))(images).shape
        (batch, 50)
    """

    def __init__(self, *args, code_norm=True, norm_momentum=0.9, bounded=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.code_norm = bool(code_norm)
        self.norm_momentum = float(norm_momentum)
        self.bounded = bool(bounded)
        self.code_batchnorm = None
        if self.code_norm:
            self.code_batchnorm = layers.BatchNormalization(
                momentum=self.norm_momentum, center=False, scale=False
            )

    def call(self, inputs, labels=None, training=None):
        codes = super().call(inputs, labels, training=training)
        if self.code_batchnorm is not None:
            codes = self.code_batchnorm(codes, training=training)
        return ops.tanh(codes) if self.bounded else codes

    def get_config(self):
        return {
            **super().get_config(),
            "code_norm": self.code_norm,
            "norm_momentum": self.norm_momentum,
            "bounded": self.bounded,
        }
