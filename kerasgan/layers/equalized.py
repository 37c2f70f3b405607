"""Equalized learning rate: dense and convolution layers whose weights are scaled at run time.

The weights are stored with unit variance (divided by `lr_multiplier`) and multiplied
in every call by `gain * lr_multiplier / sqrt(fan_in)`, He's constant. Adam's update is
then the same size for every layer whatever its fan-in, so all layers learn at the same
speed (Karras et al. 2018, section 4.1); `lr_multiplier` slows a layer down (StyleGAN's
mapping network learns 100 times slower than the rest, Karras et al. 2019).
"""

import math

import keras
from keras import ops

SQRT2 = math.sqrt(2.0)
"""He's gain before a leaky ReLU: the default `gain` of the equalized layers."""

ACTIVATIONS = (None, "linear", "leaky_relu")
"""The `activation` values the equalized layers take (leaky ReLU with slope 0.2)."""


def _activate(x, activation):
    return ops.leaky_relu(x, 0.2) if activation == "leaky_relu" else x


def _check(activation, lr_multiplier):
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {ACTIVATIONS}, not {activation!r}.")
    if not float(lr_multiplier) > 0:
        raise ValueError(f"lr_multiplier must be > 0, not {lr_multiplier}.")


@keras.saving.register_keras_serializable(package="kerasgan")
class EqualizedDense(keras.layers.Layer):
    """A dense layer with the equalized learning rate.

    `y = act(x @ (W * gain * lr_multiplier / sqrt(fan_in)) + b * lr_multiplier)`, with
    `W ~ N(0, 1 / lr_multiplier^2)` and `b` stored so that its initial effective value is
    `bias_init`.

    Args:
        units: output features.
        gain: the run-time scale's numerator (sqrt(2), He's, before a leaky ReLU; 1 for a
            linear output).
        lr_multiplier: learning-rate multiplier of this layer (0.01 in StyleGAN's mapping).
        use_bias: add a bias.
        bias_init: the initial effective bias (1 for a style's scale).
        activation: None or "leaky_relu" (slope 0.2), applied after the bias.

    Example:
        >>> EqualizedDense(512, lr_multiplier=0.01, activation="leaky_relu")(z)

    Reference:
        Karras, Aila, Laine & Lehtinen, "Progressive Growing of GANs for Improved
        Quality, Stability, and Variation", ICLR 2018, section 4.1.
        https://arxiv.org/abs/1710.10196
    """

    def __init__(
        self,
        units,
        gain=SQRT2,
        lr_multiplier=1.0,
        use_bias=True,
        bias_init=0.0,
        activation=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        _check(activation, lr_multiplier)
        self.units = int(units)
        self.gain = float(gain)
        self.lr_multiplier = float(lr_multiplier)
        self.use_bias = bool(use_bias)
        self.bias_init = float(bias_init)
        self.activation = activation

    def build(self, input_shape):
        fan_in = int(input_shape[-1])
        self.scale = self.gain * self.lr_multiplier / math.sqrt(fan_in)
        self.kernel = self.add_weight(
            shape=(fan_in, self.units),
            initializer=keras.initializers.RandomNormal(stddev=1.0 / self.lr_multiplier),
            name="kernel",
        )
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,),
                initializer=keras.initializers.Constant(self.bias_init / self.lr_multiplier),
                name="bias",
            )

    def call(self, inputs):
        y = ops.matmul(inputs, self.kernel * self.scale)
        if self.use_bias:
            y = y + self.bias * self.lr_multiplier
        return _activate(y, self.activation)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "gain": self.gain,
            "lr_multiplier": self.lr_multiplier,
            "use_bias": self.use_bias,
            "bias_init": self.bias_init,
            "activation": self.activation,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class EqualizedConv2D(keras.layers.Layer):
    """A stride-1, "same"-padded 2-D convolution with the equalized learning rate (NHWC).

    `y = act(conv(x, W * gain * lr_multiplier / sqrt(k * k * c_in)) + b * lr_multiplier)`.

    Args:
        filters: output channels.
        kernel_size: the square kernel's size (odd: 1 or 3 in the papers).
        gain: the run-time scale's numerator (sqrt(2) before a leaky ReLU, 1 for
            to-RGB layers).
        lr_multiplier: learning-rate multiplier of this layer.
        use_bias: add a bias.
        activation: None or "leaky_relu" (slope 0.2), applied after the bias.

    Example:
        >>> EqualizedConv2D(128, 3, activation="leaky_relu")(features)

    Reference:
        Karras et al., "Progressive Growing of GANs", ICLR 2018, section 4.1.
        https://arxiv.org/abs/1710.10196
    """

    def __init__(
        self,
        filters,
        kernel_size=3,
        gain=SQRT2,
        lr_multiplier=1.0,
        use_bias=True,
        activation=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        _check(activation, lr_multiplier)
        if int(kernel_size) < 1 or int(kernel_size) % 2 == 0:
            raise ValueError(f"kernel_size must be odd and positive, not {kernel_size}.")
        self.filters = int(filters)
        self.kernel_size = int(kernel_size)
        self.gain = float(gain)
        self.lr_multiplier = float(lr_multiplier)
        self.use_bias = bool(use_bias)
        self.activation = activation

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(f"EqualizedConv2D takes NHWC inputs, not shape {tuple(input_shape)}.")
        channels = int(input_shape[-1])
        k = self.kernel_size
        self.scale = self.gain * self.lr_multiplier / math.sqrt(k * k * channels)
        self.kernel = self.add_weight(
            shape=(k, k, channels, self.filters),
            initializer=keras.initializers.RandomNormal(stddev=1.0 / self.lr_multiplier),
            name="kernel",
        )
        if self.use_bias:
            self.bias = self.add_weight(shape=(self.filters,), initializer="zeros", name="bias")

    def call(self, inputs):
        y = ops.conv(inputs, self.kernel * self.scale, padding="same")
        if self.use_bias:
            y = y + self.bias * self.lr_multiplier
        return _activate(y, self.activation)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.filters)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "gain": self.gain,
            "lr_multiplier": self.lr_multiplier,
            "use_bias": self.use_bias,
            "activation": self.activation,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class PixelNorm(keras.layers.Layer):
    """Normalizes each pixel's (or vector's) features to unit mean square.

    `y = x / sqrt(mean(x^2 over the last axis) + epsilon)`: PGGAN's pixelwise feature
    normalization after each of G's convolutions, and StyleGAN's normalization of z.

    Args:
        epsilon: added to the mean square.

    Example:
        >>> PixelNorm()(features)  # same shape

    Reference:
        Karras et al., "Progressive Growing of GANs", ICLR 2018, section 4.2.
        https://arxiv.org/abs/1710.10196
    """

    def __init__(self, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = float(epsilon)

    def call(self, inputs):
        x = ops.cast(inputs, "float32")  # float16 would overflow the squares, lose epsilon
        y = x * ops.rsqrt(ops.mean(ops.square(x), axis=-1, keepdims=True) + self.epsilon)
        return ops.cast(y, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}
