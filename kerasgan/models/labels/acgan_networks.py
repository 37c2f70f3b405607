"""ACGAN's discriminator: one convolutional trunk, a real/fake head and a class head.

The trunk follows DCGAN's recipe (strided 4x4 convolutions, LeakyReLU 0.2, batch
norm after every convolution but the first); it sees only the image, never the
label (Odena et al. 2017).
"""

import keras
from keras import layers

from kerasgan.layers.minibatch import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.conv import MINIBATCH, NORMALIZATIONS, conv_trunk, maybe_spectral


@keras.saving.register_keras_serializable(package="kerasgan")
class ACGANDiscriminator(DiscriminatorNetwork):
    """Image to `(source_logit (batch, 1), class_logits (batch, num_classes))`.

    The label is not an input: `call(inputs, labels=None)` ignores `labels`, so
    the class head must recognise the class from the image alone. Minibatch
    features (either kind) feed only the real/fake head; the class head sees
    each image on its own.

    Reference: Odena, Olah & Shlens, "Conditional Image Synthesis with Auxiliary
    Classifier GANs", ICML 2017 (arXiv:1610.09585).

    Args:
        image_shape: (height, width, channels) of the input.
        num_classes: number of classes of the class head (at least 2).
        filters: channels of the first convolution; each later one doubles it.
        normalization: "batch" (DCGAN), "layer" or "none".
        spectral_norm: wrap every convolution and both heads in `SpectralNorm`.
        minibatch: "none", "discrimination" (minibatch features before the
            source head; Salimans et al. 2016) or "stddev" (a minibatch standard
            deviation plane after the last convolution, for the source head;
            Karras et al. 2018).

    Example:
        >>> d = ACGANDiscriminator((28, 28, 1), num_classes=10, filters=64)
        >>> source_logit, class_logits = d(images)
    """

    def __init__(
        self,
        image_shape=(28, 28, 1),
        num_classes=10,
        filters=64,
        normalization="batch",
        spectral_norm=False,
        minibatch="none",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if int(num_classes) < 2:
            raise ValueError(f"ACGANDiscriminator needs num_classes >= 2, not {num_classes}.")
        if normalization not in NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {NORMALIZATIONS}, not {normalization!r}."
            )
        if minibatch not in MINIBATCH:
            raise ValueError(f"minibatch must be one of {MINIBATCH}, not {minibatch!r}.")
        self.image_shape = tuple(int(s) for s in image_shape)
        self.num_classes = int(num_classes)
        self.filters = int(filters)
        self.normalization = normalization
        self.spectral_norm = bool(spectral_norm)
        self.minibatch = minibatch
        self.trunk = conv_trunk(self.image_shape, self.filters, normalization, self.spectral_norm)
        self.flatten = layers.Flatten()
        self.source_features = []
        if minibatch == "stddev":
            self.source_features = [MinibatchStdDev(), layers.Flatten()]
        elif minibatch == "discrimination":
            self.source_features = [layers.Flatten(), MinibatchDiscrimination()]
        self.to_source = maybe_spectral(layers.Dense(1), spectral_norm)
        self.to_classes = maybe_spectral(layers.Dense(self.num_classes), spectral_norm)

    def call(self, inputs, labels=None, training=None):
        del labels  # ACGAN's D predicts the class; it is never told it
        h = inputs
        for layer in self.trunk:
            h = layer(h, training=training)
        source = h
        for layer in self.source_features or [self.flatten]:
            source = layer(source)
        class_logits = self.to_classes(self.flatten(h), training=training)
        return self.to_source(source, training=training), class_logits

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "num_classes": self.num_classes,
            "filters": self.filters,
            "normalization": self.normalization,
            "spectral_norm": self.spectral_norm,
            "minibatch": self.minibatch,
        }
