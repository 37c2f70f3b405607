"""Self-attention over the positions of a feature map (Zhang et al. 2019)."""

import keras
from keras import ops

from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.spectral_norm import SpectralNorm


@keras.saving.register_keras_serializable(package="kerasgan")
class SelfAttention(keras.layers.Layer):
    """SAGAN self-attention block on NHWC feature maps: `x + gamma * o`.

    Three 1x1 convolutions map the C input channels to a query `f` and a key `g` of
    `max(C // key_ratio, 1)` channels and a value `h` of C channels (the value keeps
    all C channels, so no output convolution follows). For the N = H*W positions,
    `attention[j, i] = softmax_i(f(x_j) . g(x_i))` and `o_j = sum_i attention[j, i] h(x_i)`.
    `gamma` is a trainable scalar that starts at 0, so the block starts as the identity.

    Args:
        spectral_norm: wrap the 1x1 convolutions in `SpectralNorm`.
        key_ratio: C divided by the number of query/key channels.

    Example:
        >>> SelfAttention(spectral_norm=True)(features)  # (n, h, w, c) -> (n, h, w, c)

    Reference:
        Zhang, Goodfellow, Metaxas & Odena, "Self-Attention Generative Adversarial
        Networks", ICML 2019. https://arxiv.org/abs/1805.08318
    """

    def __init__(self, spectral_norm=False, key_ratio=8, **kwargs):
        super().__init__(**kwargs)
        if int(key_ratio) < 1:
            raise ValueError(f"key_ratio must be at least 1, not {key_ratio}.")
        self.spectral_norm = bool(spectral_norm)
        self.key_ratio = int(key_ratio)

    def conv(self, filters, name, input_shape):
        """A built 1x1 convolution, spectrally normalized if asked."""
        layer = FastConv2D(filters, 1, name=name)
        if self.spectral_norm:
            layer = SpectralNorm(layer, name=f"{name}_sn")
        layer.build(input_shape)
        return layer

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(f"SelfAttention takes NHWC inputs, not shape {tuple(input_shape)}.")
        channels = input_shape[-1]
        keys = max(channels // self.key_ratio, 1)
        self.query = self.conv(keys, "query", input_shape)
        self.key = self.conv(keys, "key", input_shape)
        self.value = self.conv(channels, "value", input_shape)
        self.gamma = self.add_weight(shape=(), initializer="zeros", name="gamma")

    def call(self, inputs, training=None):
        shape = ops.shape(inputs)
        positions = shape[1] * shape[2]

        def flat(layer):
            outputs = layer(inputs, training=training)
            return ops.reshape(outputs, (-1, positions, outputs.shape[-1]))

        scores = ops.matmul(flat(self.query), ops.transpose(flat(self.key), (0, 2, 1)))
        attention = ops.softmax(scores, axis=-1)  # (n, positions j, positions i)
        o = ops.reshape(ops.matmul(attention, flat(self.value)), shape)
        return inputs + ops.cast(self.gamma, inputs.dtype) * o

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "spectral_norm": self.spectral_norm,
            "key_ratio": self.key_ratio,
        }
