"""A 2-D convolution computed without Keras' layout copies where the backend allows it."""

import keras
from keras import layers, ops

from kerasgan.backend import get_backend
from kerasgan.layers.naming import named_like


@keras.saving.register_keras_serializable(package="kerasgan", name="FastConv2D")
@named_like(layers.Conv2D)
class FastConv2D(layers.Conv2D):
    """`keras.layers.Conv2D` with the same weights, computed fastest per backend.

    Takes every argument of `Conv2D` and holds the same variables, so weights move between
    the two unchanged. A channels-last layer without dilation or groups computes as its
    backend's `plain_conv` setting says: on PyTorch through `conv2d` on the channels-last
    view of the input (Keras' own op copies the input to channels-first and back on every
    call, forward and backward); otherwise, and where the backend declines (padding that
    differs between the two sides), it is `Conv2D` itself. Its class name is Keras'
    (`named_like`), so checkpoints move between networks built with either layer.

    Args:
        filters: output channels.
        kernel_size: int or pair.
        strides: int or pair.
        padding: "same" or "valid".
        **kwargs: the other arguments of `keras.layers.Conv2D`.

    Example:
        >>> down = FastConv2D(128, 4, strides=2, padding="same")
    """

    def _fast_path(self):
        """ "backend" or None (Keras' own op), for this layer on this backend."""
        if not (
            self.data_format == "channels_last"
            and tuple(self.dilation_rate) == (1, 1)
            and self.groups == 1
        ):
            return None
        return getattr(get_backend(), "plain_conv", None)

    def convolution_op(self, inputs, kernel):
        if (
            self._fast_path() == "backend"
            and inputs.shape[1] is not None
            and inputs.shape[2] is not None
        ):
            strides = tuple(self.strides)
            kernel = ops.cast(kernel, inputs.dtype)
            outputs = get_backend().conv(inputs, kernel, strides, self.padding)
            if outputs is not None:
                return outputs
        return super().convolution_op(inputs, kernel)
