"""Sub-pixel convolution's rearrangement of channels into space (depth to space)."""

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="kerasgan")
class PixelShuffle(keras.layers.Layer):
    """Rearranges (n, h, w, c * r * r) into (n, h * r, w * r, c), in PyTorch's channel order.

    Output pixel `(y * r + i, x * r + j)` of channel `k` takes input channel
    `k * r * r + i * r + j` at `(y, x)`: the ordering of `torch.nn.PixelShuffle` on the same
    channels (Shi et al. 2016), so weights ported from PyTorch implementations keep their
    meaning. (`tf.nn.depth_to_space` orders channels `(i * r + j) * c + k` instead.) Any
    height and width work; only the channels must be known.

    Args:
        scale: the upscaling factor r.

    Example:
        >>> PixelShuffle(2)(features)  # (n, 8, 8, 12) -> (n, 16, 16, 3)

    Reference:
        Shi, Caballero, Huszar, Totz, Aitken, Bishop, Rueckert & Wang, "Real-Time Single
        Image and Video Super-Resolution Using an Efficient Sub-Pixel Convolutional Neural
        Network", CVPR 2016. https://arxiv.org/abs/1609.05158
    """

    def __init__(self, scale=2, **kwargs):
        super().__init__(**kwargs)
        if int(scale) < 1:
            raise ValueError(f"scale must be a positive integer, not {scale}.")
        self.scale = int(scale)

    def build(self, input_shape):
        channels = input_shape[-1]
        if len(input_shape) != 4 or channels is None or channels % self.scale**2:
            raise ValueError(
                f"PixelShuffle({self.scale}) takes NHWC inputs whose channels are a multiple of "
                f"{self.scale**2}, not shape {tuple(input_shape)}."
            )

    def call(self, inputs):
        r = self.scale
        channels = inputs.shape[-1] // (r * r)
        shape = ops.shape(inputs)
        h, w = shape[1], shape[2]
        x = ops.reshape(inputs, (-1, h, w, channels, r, r))
        x = ops.transpose(x, (0, 1, 4, 2, 5, 3))  # (n, h, i, w, j, c)
        return ops.reshape(x, (-1, h * r, w * r, channels))

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        r = self.scale
        return (n, None if h is None else h * r, None if w is None else w * r, c // (r * r))

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}
