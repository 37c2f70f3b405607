"""Reflection padding, which CycleGAN's generator uses instead of zero padding."""

import keras
from keras import ops


def _pairs(padding):
    """`((top, bottom), (left, right))` from an int, a pair or a pair of pairs."""
    if isinstance(padding, int):
        return ((padding, padding), (padding, padding))
    rows, cols = padding
    rows = (rows, rows) if isinstance(rows, int) else tuple(rows)
    cols = (cols, cols) if isinstance(cols, int) else tuple(cols)
    return tuple(int(p) for p in rows), tuple(int(p) for p in cols)


@keras.saving.register_keras_serializable(package="kerasgan")
class ReflectionPadding2D(keras.layers.Layer):
    """Pads height and width of NHWC inputs by mirroring them (the edge is not repeated).

    `[1, 2, 3]` padded by 2 becomes `[3, 2, 1, 2, 3, 2, 1]`, like `numpy.pad(mode="reflect")`
    and `torch.nn.ReflectionPad2d`; each padding must be smaller than the padded side.

    Args:
        padding: an int (all four sides), `(rows, cols)` (symmetric) or
            `((top, bottom), (left, right))`.

    Example:
        >>> ReflectionPadding2D(3)(images)  # (n, h, w, c) -> (n, h + 6, w + 6, c)

    Reference:
        Johnson, Alahi & Fei-Fei, "Perceptual Losses for Real-Time Style Transfer and
        Super-Resolution", ECCV 2016 (supplementary material).
        https://arxiv.org/abs/1603.08155
    """

    def __init__(self, padding=1, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pairs(padding)
        if min(min(pair) for pair in self.padding) < 0:
            raise ValueError(f"padding must not be negative, not {padding}.")

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(f"ReflectionPadding2D takes NHWC inputs, not {tuple(input_shape)}.")
        for side, pair in zip(input_shape[1:3], self.padding):
            if side is not None and max(pair) >= side:
                raise ValueError(
                    f"Reflection padding {pair} needs a side longer than the padding; the "
                    f"input shape is {tuple(input_shape)}."
                )

    def call(self, inputs):
        (top, bottom), (left, right) = self.padding
        return ops.pad(inputs, [[0, 0], [top, bottom], [left, right], [0, 0]], mode="reflect")

    def compute_output_shape(self, input_shape):
        n, h, w, c = input_shape
        (top, bottom), (left, right) = self.padding
        return (
            n,
            None if h is None else h + top + bottom,
            None if w is None else w + left + right,
            c,
        )

    def get_config(self):
        return {**super().get_config(), "padding": self.padding}
