"""InfoGAN's discriminator: one convolutional trunk shared by D and the code predictor Q.

The trunk is ACGAN's (DCGAN's recipe: strided 4x4 convolutions, LeakyReLU 0.2,
batch norm after every convolution but the first). D's real/fake logit reads it
directly; Q adds one hidden dense layer (128 units in the paper's MNIST setup)
and predicts the latent codes the image was generated from: logits of the
categorical code and the means of the continuous codes (Chen et al. 2016).
"""

import keras
from keras import layers, ops

from kerasgan.networks.base import DiscriminatorNetwork
from kerasgan.networks.conv import NORMALIZATIONS, conv_trunk


@keras.saving.register_keras_serializable(package="kerasgan")
class InfoGANDiscriminator(DiscriminatorNetwork):
    """Image to `(source_logit, categorical_logits, continuous_means)`.

    Shapes: `(batch, 1)`, `(batch, categories)` and `(batch, continuous_codes)`.
    Labels are not an input: `call(inputs, labels=None)` ignores them. The Q
    heads share every convolution with D, so the mutual-information term costs
    one dense layer more than a DCGAN discriminator. The variance of the
    continuous codes' Gaussian is fixed to 1 (the paper's choice for MNIST), so Q
    only predicts means.

    Reference: Chen et al., "InfoGAN: Interpretable Representation Learning by
    Information Maximizing Generative Adversarial Nets", NeurIPS 2016
    (arXiv:1606.03657).

    Args:
        image_shape: (height, width, channels) of the input.
        categories: values of the categorical code (at least 2).
        continuous_codes: number of continuous codes (0: the head is empty).
        filters: channels of the first convolution; each later one doubles it.
        q_units: width of Q's hidden dense layer (128 in the paper; 0: none).
        normalization: "batch" (DCGAN), "layer" or "none".

    Example:
        >>> d = InfoGANDiscriminator((28, 28, 1), categories=10, continuous_codes=2)
        >>> source_logit, categorical_logits, continuous_means = d(images)
    """

    num_classes = 0  # the network takes no labels

    def __init__(
        self,
        image_shape=(28, 28, 1),
        categories=10,
        continuous_codes=2,
        filters=64,
        q_units=128,
        normalization="batch",
        **kwargs,
    ):
        super().__init__(**kwargs)
        if int(categories) < 2:
            raise ValueError(f"InfoGANDiscriminator needs categories >= 2, not {categories}.")
        if int(continuous_codes) < 0 or int(q_units) < 0:
            raise ValueError("continuous_codes and q_units must be >= 0.")
        if normalization not in NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {NORMALIZATIONS}, not {normalization!r}."
            )
        self.image_shape = tuple(int(s) for s in image_shape)
        self.categories = int(categories)
        self.continuous_codes = int(continuous_codes)
        self.filters = int(filters)
        self.q_units = int(q_units)
        self.normalization = normalization
        self.trunk = conv_trunk(self.image_shape, self.filters, normalization)
        self.flatten = layers.Flatten()
        self.to_source = layers.Dense(1)
        self.q_hidden = [layers.Dense(self.q_units), layers.LeakyReLU(0.2)] if q_units else []
        self.to_categories = layers.Dense(self.categories)
        self.to_continuous = layers.Dense(self.continuous_codes) if continuous_codes else None

    def call(self, inputs, labels=None, training=None):
        del labels  # Q recovers the codes from the image alone
        h = inputs
        for layer in self.trunk:
            h = layer(h, training=training)
        h = self.flatten(h)
        q = h
        for layer in self.q_hidden:
            q = layer(q)
        if self.to_continuous is not None:
            means = self.to_continuous(q)
        else:
            means = ops.zeros((ops.shape(q)[0], 0), dtype=q.dtype)
        return self.to_source(h), self.to_categories(q), means

    def get_config(self):
        return {
            **super().get_config(),
            "image_shape": self.image_shape,
            "categories": self.categories,
            "continuous_codes": self.continuous_codes,
            "filters": self.filters,
            "q_units": self.q_units,
            "normalization": self.normalization,
        }
