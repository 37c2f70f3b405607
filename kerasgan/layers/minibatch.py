"""Layers that let a discriminator see statistics of the whole minibatch."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="kerasgan")
class MinibatchDiscrimination(keras.layers.Layer):
    """Appends, per sample, how close it is to the other samples of the batch.

    The features `x` (batch, features) are projected by a learned tensor `T` to
    `M = x T` of shape (batch, num_kernels, kernel_dim); for each kernel `b`,
    `o(x_i)_b = sum_{j != i} exp(-||M_{i,b} - M_{j,b}||_1)`. A batch of identical
    samples gives `o = batch - 1` everywhere.

    Args:
        num_kernels: number of closeness features appended (B in the paper).
        kernel_dim: length of each projected row (C in the paper).

    Example:
        >>> MinibatchDiscrimination(50, 5)(features)  # (n, d) -> (n, d + 50)

    Reference:
        Salimans, Goodfellow, Zaremba, Cheung, Radford & Chen, "Improved Techniques for
        Training GANs", NeurIPS 2016, section 3.2. https://arxiv.org/abs/1606.03498
    """

    def __init__(self, num_kernels=50, kernel_dim=5, **kwargs):
        super().__init__(**kwargs)
        self.num_kernels = int(num_kernels)
        self.kernel_dim = int(kernel_dim)

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"MinibatchDiscrimination takes (batch, features) inputs, not shape "
                f"{tuple(input_shape)}: flatten them first."
            )
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.num_kernels * self.kernel_dim),
            initializer=keras.initializers.RandomNormal(stddev=0.02),
            name="kernel",
        )

    def call(self, inputs):
        m = ops.reshape(ops.matmul(inputs, self.kernel), (-1, self.num_kernels, self.kernel_dim))
        distances = ops.sum(ops.abs(m[:, None] - m[None, :]), axis=-1)  # (n, n, kernels)
        closeness = ops.sum(ops.exp(-distances), axis=1) - 1.0  # drop j == i
        return ops.concatenate([inputs, ops.cast(closeness, inputs.dtype)], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + self.num_kernels)

    def get_config(self):
        return {
            **super().get_config(),
            "num_kernels": self.num_kernels,
            "kernel_dim": self.kernel_dim,
        }


def group_size_for(batch, group_size):
    """The largest divisor of `batch` that is at most `group_size` (a tensor if batch is)."""
    if isinstance(batch, int):
        return max(g for g in range(1, min(group_size, batch) + 1) if batch % g == 0)
    candidates = ops.arange(1, group_size + 1, dtype="int32")
    divides = ops.equal(ops.mod(ops.cast(batch, "int32"), candidates), 0)
    return ops.max(ops.where(divides, candidates, 1))


@keras.saving.register_keras_serializable(package="kerasgan")
class MinibatchStdDev(keras.layers.Layer):
    """Appends one channel holding the standard deviation of the sample's group.

    The batch is split into contiguous groups of `G` samples, `G` the largest divisor
    of the batch size that is at most `group_size` (a batch of 8 with group_size 4
    gives groups of 4; a batch of 3 gives one group of 3, or with group_size 2 three
    groups of 1, whose std is `sqrt(epsilon)`). Within a group the (population) std
    of each feature and pixel is averaged over H, W and C to one value, which fills
    the extra channel of every sample of that group.

    Args:
        group_size: the most samples per group.
        epsilon: added to the variance before the square root.

    Example:
        >>> MinibatchStdDev(4)(features)  # (n, h, w, c) -> (n, h, w, c + 1)

    Reference:
        Karras, Aila, Laine & Lehtinen, "Progressive Growing of GANs for Improved
        Quality, Stability, and Variation", ICLR 2018, section 3.
        https://arxiv.org/abs/1710.10196
    """

    def __init__(self, group_size=4, epsilon=1e-8, **kwargs):
        super().__init__(**kwargs)
        if int(group_size) < 1:
            raise ValueError(f"group_size must be at least 1, not {group_size}.")
        self.group_size = int(group_size)
        self.epsilon = float(epsilon)

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(f"MinibatchStdDev takes NHWC inputs, not shape {tuple(input_shape)}.")

    def call(self, inputs):
        batch, h, w, c = ops.shape(inputs)  # static ints where known
        group = group_size_for(batch, self.group_size)
        x = ops.cast(ops.reshape(inputs, (-1, group, h, w, c)), "float32")
        variance = ops.mean(ops.square(x - ops.mean(x, axis=1, keepdims=True)), axis=1)
        std = ops.mean(ops.sqrt(variance + self.epsilon), axis=(1, 2, 3))  # one per group
        per_sample = std[:, None] * ops.ones_like(x[:, :, 0, 0, 0])  # (groups, group)
        per_sample = ops.cast(ops.reshape(per_sample, (-1, 1, 1, 1)), inputs.dtype)
        return ops.concatenate([inputs, per_sample * ops.ones_like(inputs[..., :1])], axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + 1)

    def get_config(self):
        return {**super().get_config(), "group_size": self.group_size, "epsilon": self.epsilon}
