"""Instance normalization and a factory for the normalizations of image-to-image networks."""

import keras
from keras import ops

NORMS = ("batch", "instance", "none")
"""The `norm` values the translation networks accept."""


@keras.saving.register_keras_serializable(package="kerasgan")
class InstanceNormalization(keras.layers.Layer):
    """Normalizes each sample's channels over height and width (NHWC inputs).

    `y = (x - mean_hw) / sqrt(var_hw + epsilon)`, then `gamma * y + beta` per channel when
    `affine`. Unlike batch normalization it has no running statistics: training and
    inference compute the same thing. Equivalent to
    `keras.layers.GroupNormalization(groups=-1)`; kept as its own layer so that configs name
    what the papers name, and `affine=False` (the CycleGAN reference code) needs no
    `center=False, scale=False` pair.

    Args:
        epsilon: added to the variance.
        affine: learn a per-channel scale (ones) and offset (zeros).

    Example:
        >>> InstanceNormalization()(images)  # (n, h, w, c) -> (n, h, w, c)

    Reference:
        Ulyanov, Vedaldi & Lempitsky, "Instance Normalization: The Missing Ingredient for
        Fast Stylization", 2016. https://arxiv.org/abs/1607.08022
    """

    def __init__(self, epsilon=1e-5, affine=True, **kwargs):
        super().__init__(**kwargs)
        self.epsilon = float(epsilon)
        self.affine = bool(affine)

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(
                f"InstanceNormalization takes NHWC inputs, not shape {tuple(input_shape)}."
            )
        if self.affine:
            channels = (input_shape[-1],)
            self.gamma = self.add_weight(shape=channels, initializer="ones", name="gamma")
            self.beta = self.add_weight(shape=channels, initializer="zeros", name="beta")

    def call(self, inputs):
        x = ops.cast(inputs, "float32")
        mean = ops.mean(x, axis=(1, 2), keepdims=True)
        variance = ops.mean(ops.square(x - mean), axis=(1, 2), keepdims=True)
        y = (x - mean) * ops.rsqrt(variance + self.epsilon)
        if self.affine:
            y = y * self.gamma + self.beta
        return ops.cast(y, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "epsilon": self.epsilon, "affine": self.affine}


def check_norm(kind):
    """Raises ValueError unless `kind` is one of `NORMS`."""
    if kind not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}, not {kind!r}.")


def norm_layer(kind):
    """A fresh normalization layer for `kind`, or None for "none".

    Args:
        kind: "batch" (`BatchNormalization` with PyTorch's momentum 0.1 and epsilon 1e-5,
            as the pix2pix and SRGAN reference code), "instance" (`InstanceNormalization`
            without affine parameters, as the CycleGAN reference code) or "none".

    Example:
        >>> layers = [conv] + ([norm] if (norm := norm_layer("instance")) else [])
    """
    check_norm(kind)
    if kind == "batch":
        return keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-5)
    if kind == "instance":
        return InstanceNormalization(affine=False)
    return None
