"""StyleGAN's style layers: noise injection, AdaIN, modulated convolution and bias_act (NHWC).

A mapping network turns z into w; every synthesis layer reads w through a learned
affine map. StyleGAN (Karras et al. 2019) normalizes the features and applies the
style to them (AdaIN); StyleGAN2 (Karras et al. 2020) moves the style into the
convolution weights (modulation and demodulation) and adds bias, noise and the
activation after the convolution.
"""

import math

import keras
from keras import ops

from kerasgan.layers.equalized import ACTIVATIONS, SQRT2, EqualizedDense
from kerasgan.layers.resampling import Upsample2D


def _two_shapes(name, input_shape):
    """The (x, w) shapes of a `[x, w]` input, after checking that x is NHWC and w 2-D."""
    if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
        raise ValueError(f"{name} takes [x, w], not inputs of shape {input_shape}.")
    x_shape, w_shape = (tuple(s) for s in input_shape)
    if len(x_shape) != 4 or x_shape[-1] is None:
        raise ValueError(f"{name} takes NHWC features x with known channels, not {x_shape}.")
    if len(w_shape) != 2 or w_shape[-1] is None:
        raise ValueError(f"{name} takes latents w of shape (batch, w_dim), not {w_shape}.")
    return x_shape, w_shape


@keras.saving.register_keras_serializable(package="kerasgan")
class NoiseInjection(keras.layers.Layer):
    """Adds per-pixel Gaussian noise scaled by a learned per-channel strength.

    `y = x + strength * noise`, `noise` of shape (batch, H, W, 1) shared by the
    channels, `strength` of shape (C,) starting at zero (so the layer starts as the
    identity). In training, without an explicit `noise`, it is drawn N(0, 1) from the
    layer's own `keras.random.SeedGenerator`, whose state is a non-trainable variable
    (so the layer works in `stateless_call` and under jit). At inference it is a fixed
    noise image drawn once at build time and saved with the weights, so a generator
    draws the same image for the same latent every time (StyleGAN2's `noise_mode="const"`).

    Args:
        seed: seed of the layer's noise generator and of its fixed noise (None: random).

    Call arguments:
        inputs: NHWC features.
        noise: optional (batch, H, W, 1) noise to use instead.
        training: draw fresh noise (True) or use the fixed noise (False or None).

    Example:
        >>> NoiseInjection(seed=1)(features, training=True)  # same shape

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for Generative
        Adversarial Networks", CVPR 2019, section 3.2. https://arxiv.org/abs/1812.04948
    """

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def build(self, input_shape):
        if len(input_shape) != 4 or input_shape[-1] is None or None in input_shape[1:3]:
            raise ValueError(
                "NoiseInjection takes NHWC inputs with known height, width and channels, "
                f"not {tuple(input_shape)}."
            )
        self.strength = self.add_weight(
            shape=(input_shape[-1],), initializer="zeros", name="strength"
        )
        self.fixed_noise = self.add_weight(
            shape=(input_shape[1], input_shape[2], 1),
            initializer=keras.initializers.RandomNormal(stddev=1.0, seed=self.seed),
            trainable=False,
            name="fixed_noise",
        )

    def call(self, inputs, noise=None, training=None):
        if noise is None and training:
            batch, h, w, _ = ops.shape(inputs)
            noise = keras.random.normal(
                (batch, h, w, 1), dtype=self.compute_dtype, seed=self.seed_generator
            )
        elif noise is None:
            noise = self.fixed_noise[None]
        return inputs + ops.cast(self.strength, inputs.dtype) * ops.cast(noise, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


def instance_norm(x, epsilon=1e-8):
    """Each sample's channels normalized to zero mean and unit variance over H and W.

    Computed in float32 (in float16 an epsilon of 1e-8 is 0, and a constant map divides by 0)
    and returned in the dtype of `x`.
    """
    dtype = x.dtype
    x = ops.cast(x, "float32")
    x = x - ops.mean(x, axis=(1, 2), keepdims=True)
    x = x * ops.rsqrt(ops.mean(ops.square(x), axis=(1, 2), keepdims=True) + epsilon)
    return ops.cast(x, dtype)


@keras.saving.register_keras_serializable(package="kerasgan")
class AdaIN(keras.layers.Layer):
    """Adaptive instance normalization: features normalized, then styled by w.

    An `EqualizedDense(2 * C, gain=1)` maps w to a style `(ys, yb)`; the output is
    `instance_norm(x) * (1 + ys) + yb` (the official `style_mod`), so a zero style
    leaves the normalized features unchanged.

    Args:
        epsilon: added to the variance in the instance normalization.

    Call arguments:
        inputs: `[x, w]`: NHWC features with C channels and latents (batch, w_dim).

    Example:
        >>> AdaIN()([features, w])  # same shape as features

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for Generative
        Adversarial Networks", CVPR 2019, section 2, eq. 1. https://arxiv.org/abs/1812.04948
    """

    def __init__(self, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        x_shape, w_shape = _two_shapes("AdaIN", input_shape)
        self.channels = int(x_shape[-1])
        self.style = EqualizedDense(2 * self.channels, gain=1.0, name="style")
        self.style.build(w_shape)

    def call(self, inputs):
        x, w = inputs
        style = ops.cast(self.style(w), x.dtype)
        scale = ops.reshape(style[:, : self.channels], (-1, 1, 1, self.channels))
        bias = ops.reshape(style[:, self.channels :], (-1, 1, 1, self.channels))
        return instance_norm(x, self.epsilon) * (1.0 + scale) + bias

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[0])

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon}


@keras.saving.register_keras_serializable(package="kerasgan")
class ModulatedConv2D(keras.layers.Layer):
    """StyleGAN2's convolution whose weights are scaled per sample by the style of w.

    An `EqualizedDense(C_in, gain=1, bias_init=1)` maps w to input-channel scales `s`;
    the kernel `W` (k, k, C_in, filters) is stored N(0, 1) and scaled at run time by
    `1 / sqrt(k * k * C_in)`. The paper's per-sample weights `w'_ijk = s_i w_ijk`,
    demodulated to `w''_ijk = w'_ijk / sqrt(sum_ik w'_ijk^2 + epsilon)`, are applied as
    the equivalent "modulate the activations" form: `x * s`, one shared convolution,
    and the output times `d = rsqrt(s^2 @ sum_k W^2 + epsilon)`. With `upsample`, x is
    first upsampled 2x (`Upsample2D`: zeros and a [1, 3, 3, 1] FIR). Stride 1, "same"
    padding; no bias and no activation (see `BiasActivation`).

    Args:
        filters: output channels.
        kernel_size: the square kernel's size (odd).
        demodulate: normalize each output channel to unit expected variance.
        upsample: upsample 2x before the convolution.
        epsilon: added inside the demodulation's square root.

    Call arguments:
        inputs: `[x, w]`: NHWC features and latents (batch, w_dim).

    Example:
        >>> ModulatedConv2D(64, 3, upsample=True)([features, w])  # (n, 2h, 2w, 64)

    Reference:
        Karras, Laine, Aittala, Hellsten, Lehtinen & Aila, "Analyzing and Improving the
        Image Quality of StyleGAN", CVPR 2020, section 2.2, eqs. 1-3.
        https://arxiv.org/abs/1912.04958
    """

    def __init__(
        self, filters, kernel_size=3, demodulate=True, upsample=False, epsilon=1e-8, **kwargs
    ):
        super().__init__(**kwargs)
        if int(filters) < 1:
            raise ValueError(f"filters must be at least 1, not {filters}.")
        if int(kernel_size) < 1 or int(kernel_size) % 2 == 0:
            raise ValueError(f"kernel_size must be odd and positive, not {kernel_size}.")
        self.filters = int(filters)
        self.kernel_size = int(kernel_size)
        self.demodulate = bool(demodulate)
        self.upsample = bool(upsample)
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        x_shape, w_shape = _two_shapes("ModulatedConv2D", input_shape)
        channels, k = int(x_shape[-1]), self.kernel_size
        self.scale = 1.0 / math.sqrt(k * k * channels)
        self.affine = EqualizedDense(channels, gain=1.0, bias_init=1.0, name="affine")
        self.affine.build(w_shape)
        self.kernel = self.add_weight(
            shape=(k, k, channels, self.filters),
            initializer=keras.initializers.RandomNormal(stddev=1.0),
            name="kernel",
        )
        if self.upsample:
            self.resample = Upsample2D(2, name="upsample")
            self.resample.build(x_shape)

    def call(self, inputs):
        x, w = inputs
        s = ops.cast(self.affine(w), x.dtype)  # (batch, C_in)
        x = x * s[:, None, None, :]
        if self.upsample:
            x = self.resample(x)
        kernel = ops.cast(self.kernel, x.dtype) * self.scale
        y = ops.conv(x, kernel, padding="same")
        if self.demodulate:
            energy = ops.sum(ops.square(kernel), axis=(0, 1))  # (C_in, filters)
            d = ops.rsqrt(ops.matmul(ops.square(s), energy) + self.epsilon)
            y = y * d[:, None, None, :]
        return y

    def compute_output_shape(self, input_shape):
        (batch, h, w, _), _ = input_shape
        if self.upsample:
            h, w = (None if size is None else 2 * size for size in (h, w))
        return (batch, h, w, self.filters)

    def get_config(self):
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "demodulate": self.demodulate,
            "upsample": self.upsample,
            "epsilon": self.epsilon,
        }


@keras.saving.register_keras_serializable(package="kerasgan")
class BiasActivation(keras.layers.Layer):
    """StyleGAN2's bias_act: a learned per-channel bias, an activation, then a gain.

    `y = act(x + b * lr_multiplier) * gain` over the last axis, `b` starting at zero.

    Args:
        activation: "leaky_relu" (slope 0.2), or None / "linear" for none.
        gain: the output's scale (sqrt(2) after a leaky ReLU; 1 for to-RGB layers).
        lr_multiplier: learning-rate multiplier of the bias.

    Example:
        >>> BiasActivation()(ModulatedConv2D(64)([features, w]))
        >>> BiasActivation(activation=None, gain=1.0)(to_rgb)

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN", CVPR 2020,
        section 2.1 (the official `bias_act`). https://arxiv.org/abs/1912.04958
    """

    def __init__(self, activation="leaky_relu", gain=SQRT2, lr_multiplier=1.0, **kwargs):
        super().__init__(**kwargs)
        if activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, not {activation!r}.")
        if not float(lr_multiplier) > 0:
            raise ValueError(f"lr_multiplier must be > 0, not {lr_multiplier}.")
        self.activation = activation
        self.gain = float(gain)
        self.lr_multiplier = float(lr_multiplier)

    def build(self, input_shape):
        if input_shape[-1] is None:
            raise ValueError(f"BiasActivation needs known channels, not shape {input_shape}.")
        self.bias = self.add_weight(shape=(input_shape[-1],), initializer="zeros", name="bias")

    def call(self, inputs):
        y = inputs + ops.cast(self.bias, inputs.dtype) * self.lr_multiplier
        if self.activation == "leaky_relu":
            y = ops.leaky_relu(y, 0.2)
        return y * self.gain if self.gain != 1.0 else y

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {
            **super().get_config(),
            "activation": self.activation,
            "gain": self.gain,
            "lr_multiplier": self.lr_multiplier,
        }
