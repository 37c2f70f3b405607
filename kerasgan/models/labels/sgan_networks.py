"""SGAN's discriminator: a K-class classifier whose class logits also say real or fake.

The trunk is ACGAN's (`conv_trunk`: strided 4x4 convolutions, LeakyReLU 0.2), with
no batch norm by default: D sees three kinds of batch (labelled, unlabelled and
generated), and batch statistics would mix them and make its class predictions
depend on the batch. Dropout after every convolution regularises the classifier,
as in Salimans et al.'s D (dropout on CIFAR-10, Gaussian noise on MNIST).
"""

import keras
from keras import layers

from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.conv import NORMALIZATIONS, conv_trunk


@keras.saving.register_keras_serializable(package="kerasgan")
class SGANDiscriminator(DiscriminatorNetwork):
    """Image to `(class_logits (batch, num_classes), features (batch, F))`.

    `features` is the flattened output of the last convolution, the layer whose
    mean feature matching compares on real and generated images; the class
    logits are one dense layer on it. Labels are not an input:
    `call(inputs, labels=None)` ignores them.

    Reference: Salimans et al., "Improved Techniques for Training GANs",
    NeurIPS 2016 (arXiv:1606.03498), section 5.

    Args:
        image_shape: (height, width, channels) of the input.
        num_classes: number of classes K (at least 2).
        filters: channels of the first convolution; each later one doubles it.
        dropout: dropout rate after each convolution block, the last one
            included (0 disables it).
        normalization: "none" (default), "layer" or "batch", after every
            convolution but the first.
        seed: seed of the dropout masks (the i-th dropout layer gets seed + i);
            None leaves them unseeded, which on PyTorch draws from torch's
            global generator instead of the layer's seed state.

    Example:
        >>> d = SGANDiscriminator((28, 28, 1), num_classes=10, filters=64)
        >>> class_logits, features = d(images)
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        num_classes=10,
        filters=64,
        dropout=0.3,
        normalization="none",
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if int(num_classes) < 2:
            raise ValueError(f"SGANDiscriminator needs num_classes >= 2, not {num_classes}.")
        if not 0.0 <= float(dropout) < 1.0:
            raise ValueError(f"dropout must be in [0, 1), not {dropout}.")
        if normalization not in NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {NORMALIZATIONS}, not {normalization!r}."
            )
        self.image_shape = tuple(int(s) for s in image_shape)
        self.num_classes = int(num_classes)
        self.filters = int(filters)
        self.dropout = float(dropout)
        self.normalization = normalization
        self.seed = None if seed is None else int(seed)
        self.trunk = []
        for layer in conv_trunk(self.image_shape, self.filters, normalization):
            self.trunk.append(layer)
            if self.dropout and isinstance(layer, layers.LeakyReLU):
                count = sum(isinstance(t, layers.Dropout) for t in self.trunk)
                seed = None if self.seed is None else self.seed + count
                self.trunk.append(layers.Dropout(self.dropout, seed=seed))
        self.flatten = layers.Flatten()
        self.to_classes = layers.Dense(self.num_classes)

    def example_inputs(self, batch_size=1):
        """Zeros shaped like an image batch, and no labels (D never takes them)."""
        return super().example_inputs(batch_size)[:1] + (None,)

    def call(self, inputs, labels=None, training=None):
        del labels  # D predicts the class; it is never told it
        h = inputs
        for layer in self.trunk:
            h = layer(h, training=training)
        features = self.flatten(h)
        return self.to_classes(features), features

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "num_classes": self.num_classes,
            "filters": self.filters,
            "dropout": self.dropout,
            "normalization": self.normalization,
            "seed": self.seed,
        }
