"""Spectral normalization of a layer's weight (Miyato et al. 2018)."""

import keras
from keras import ops

TRANSPOSED_CONVS = (
    keras.layers.Conv1DTranspose,
    keras.layers.Conv2DTranspose,
    keras.layers.Conv3DTranspose,
)


def l2_normalize(x, epsilon):
    """`x / max(||x||, epsilon)` over all of its entries."""
    return x / ops.maximum(ops.sqrt(ops.sum(ops.square(x))), epsilon)


@keras.saving.register_keras_serializable(package="kerasgan")
class SpectralNorm(keras.layers.Wrapper):
    """Divides a layer's output by the largest singular value `sigma` of its weight.

    The wrapped layer computes as if its kernel were `W / sigma`, while the trainable
    kernel `W` stays the raw parameter: the wrapper rescales the layer's output instead
    of assigning to the kernel, so `stateless_call` and inference see the same weights.
    `sigma` is estimated by power iteration from a non-trainable vector `u` of length
    `out_dim` (the output channels); `u` is updated only when `training` is true, as a
    non-trainable assignment (like BatchNormalization's statistics). `u` and `v` are
    stop-gradient, so the gradient equals that of the layer with kernel `W / sigma`.

    The wrapped layer must have a `kernel` (Dense, Conv1D/2D/3D and their transposes)
    or `embeddings` (Embedding) and a linear activation: put the activation after the
    wrapper.

    Args:
        layer: the layer to normalize.
        power_iterations: power-iteration steps per call.
        epsilon: floor on a vector's norm when it is normalized.

    Example:
        >>> SpectralNorm(keras.layers.Conv2D(64, 3))(images)

    Reference:
        Miyato, Kataoka, Koyama & Yoshida, "Spectral Normalization for Generative
        Adversarial Networks", ICLR 2018. https://arxiv.org/abs/1802.05957
    """

    def __init__(self, layer, power_iterations=1, epsilon=1e-12, **kwargs):
        super().__init__(layer, **kwargs)
        activation = getattr(layer, "activation", None)
        if activation not in (None, keras.activations.linear):
            raise ValueError(
                f"SpectralNorm needs a layer with a linear activation, but {layer.name!r} "
                f"has {getattr(activation, '__name__', activation)!r}: put the activation "
                "in its own layer after the wrapper."
            )
        if int(power_iterations) < 1:
            raise ValueError(f"power_iterations must be at least 1, not {power_iterations}.")
        self.power_iterations = int(power_iterations)
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        super().build(input_shape)
        if not (hasattr(self.layer, "kernel") or hasattr(self.layer, "embeddings")):
            raise ValueError(
                f"SpectralNorm wraps a layer with a `kernel` or `embeddings`, "
                f"not {type(self.layer).__name__}."
            )
        out_dim = self.weight_matrix().shape[-1]
        self.u = self.add_weight(
            shape=(1, out_dim), initializer=self.unit_normal, trainable=False, name="u"
        )

    def unit_normal(self, shape, dtype=None):
        """Initializer of `u`: a random normal vector of norm 1."""
        return l2_normalize(keras.initializers.RandomNormal()(shape, dtype), self.epsilon)

    def weight_matrix(self):
        """The weight as a `(-1, out_dim)` matrix, output channels last."""
        weight = getattr(self.layer, "kernel", None)
        if weight is None:
            weight = self.layer.embeddings
        weight = ops.convert_to_tensor(weight)
        if isinstance(self.layer, TRANSPOSED_CONVS):  # kernel (..., out, in)
            weight = ops.swapaxes(weight, -1, -2)
        return ops.reshape(weight, (-1, weight.shape[-1]))

    def power_iteration(self):
        """Returns `(sigma, u)`: the spectral norm estimate and the next `u`."""
        weight = self.weight_matrix()
        u = ops.cast(self.u, weight.dtype)
        for _ in range(self.power_iterations):
            v = l2_normalize(ops.matmul(u, ops.transpose(weight)), self.epsilon)
            u = l2_normalize(ops.matmul(v, weight), self.epsilon)
        u, v = ops.stop_gradient(u), ops.stop_gradient(v)
        sigma = ops.matmul(ops.matmul(v, weight), ops.transpose(u))
        return ops.reshape(sigma, ()), u

    def call(self, inputs, training=None):
        sigma, u = self.power_iteration()
        if training:
            self.u.assign(ops.cast(u, self.u.dtype))
        outputs = self.layer(inputs)
        sigma = ops.cast(sigma, outputs.dtype)
        bias = getattr(self.layer, "bias", None) if getattr(self.layer, "use_bias", 0) else None
        if bias is None:
            return outputs / sigma
        bias = ops.cast(bias, outputs.dtype)
        if getattr(self.layer, "data_format", None) == "channels_first":
            bias = ops.reshape(bias, (-1,) + (1,) * (len(outputs.shape) - 2))
        return (outputs - bias) / sigma + bias

    def compute_output_shape(self, input_shape):
        return self.layer.compute_output_shape(input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "power_iterations": self.power_iterations,
            "epsilon": self.epsilon,
        }
