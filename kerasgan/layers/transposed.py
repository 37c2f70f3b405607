"""A transposed convolution computed as one matrix product and an overlap-add where faster.

A transposed convolution multiplies every input pixel by every kernel tap and adds the
products onto the output pixels they reach (`stride * i + t - pad`). Written that way it is
one matrix product, `(n h w, c_in) x (c_in, k_h k_w c_out)`, followed by shifted sums of its
slices (col2im): the same arithmetic on the same kernel, in another order.

XLA on CPU differentiates `lax.conv_transpose` through a slow dilated-convolution path (a
DCGAN generator's 7x7x256 -> 14x14x128 layer at batch 256: 5.1 s for its gradients against
0.37 s for this formulation, whose gradients are matrix products and slices), so the JAX
backend uses it. TensorFlow keeps Keras' op; PyTorch uses its own op without Keras' layout
copies (the `transposed_conv` setting of each `kerasgan.backend` module).
"""

import keras
from keras import layers, ops

from kerasgan.backend import get_backend
from kerasgan.layers.naming import named_like


def transposed_output_length(length, kernel_size, stride, padding):
    """Keras' output length of a transposed convolution (no dilation, no output padding).

    Args:
        length: input length.
        kernel_size: kernel length.
        stride: the stride.
        padding: "same" or "valid".
    """
    if padding == "same":
        return length * stride
    return length * stride + max(kernel_size - stride, 0)


def _placement(length, kernel_size, stride, padding):
    """Per axis: `(blocks, start, output_length)` of the overlap-add.

    Tap `t = stride * d + r` of input pixel `i` lands on output `stride * (i + d) + r - pad`;
    the sum is built on `blocks = length + ceil(kernel_size / stride) - 1` blocks of `stride`
    pixels, from which the output is the `output_length` pixels from `start` (= pad) on.
    """
    out = transposed_output_length(length, kernel_size, stride, padding)
    pad = max(kernel_size - stride, 0) // 2 if padding == "same" else 0
    blocks = length + -(-kernel_size // stride) - 1
    return blocks, pad, out


def _axis_sum(parts, blocks, length, stride, axis):
    """Overlap-adds `{(d, r): part}` (each `length` long on `axis`) into `blocks` x `stride`.

    Returns the sum with the block and residue axes merged on `axis` (`blocks * stride` long).
    """
    rank = len(next(iter(parts.values())).shape)
    residues = []
    for r in range(stride):
        total = None
        for (d, rr), part in parts.items():
            if rr != r:
                continue
            widths = [(0, 0)] * rank
            widths[axis] = (d, blocks - length - d)
            placed = ops.pad(part, widths)
            total = placed if total is None else total + placed
        residues.append(total)
    template = next(p for p in residues if p is not None)
    residues = [ops.zeros_like(template) if p is None else p for p in residues]
    stacked = ops.stack(residues, axis=axis + 1)
    shape = list(ops.shape(stacked))
    shape[axis : axis + 2] = [blocks * stride]
    return ops.reshape(stacked, shape)


def matmul_conv_transpose(inputs, kernel, strides, padding):
    """`ops.conv_transpose(inputs, kernel, strides, padding)` as a matrix product and a sum.

    Every input pixel is multiplied by every kernel tap in one matrix product
    `(n h w, c_in) x (c_in, k_h k_w c_out)`, and the products are added onto the output
    positions they reach (col2im). Channels-last 2-D inputs, no dilation and no output
    padding.

    Args:
        inputs: (n, h, w, c_in).
        kernel: (k_h, k_w, c_out, c_in), the layout of `keras.layers.Conv2DTranspose`.
        strides: `(s_h, s_w)`.
        padding: "same" or "valid".

    Returns:
        (n, h_out, w_out, c_out), equal to `ops.conv_transpose` up to rounding.
    """
    k_h, k_w, c_out, c_in = kernel.shape
    s_h, s_w = strides
    h, w = inputs.shape[1], inputs.shape[2]
    n = ops.shape(inputs)[0]
    blocks_h, start_h, out_h = _placement(h, k_h, s_h, padding)
    blocks_w, start_w, out_w = _placement(w, k_w, s_w, padding)
    matrix = ops.reshape(ops.transpose(kernel, (3, 0, 1, 2)), (c_in, k_h * k_w * c_out))
    taps = ops.matmul(ops.reshape(inputs, (-1, c_in)), matrix)
    taps = ops.reshape(taps, (n, h, w, k_h, k_w, c_out))
    rows = {}
    for t_h in range(k_h):
        columns = {(t_w // s_w, t_w % s_w): taps[:, :, :, t_h, t_w, :] for t_w in range(k_w)}
        rows[(t_h // s_h, t_h % s_h)] = _axis_sum(columns, blocks_w, w, s_w, axis=2)
    y = _axis_sum(rows, blocks_h, h, s_h, axis=1)
    total_h, total_w = blocks_h * s_h, blocks_w * s_w
    end_h, end_w = start_h + out_h, start_w + out_w
    if end_h > total_h or end_w > total_w:
        y = ops.pad(y, ((0, 0), (0, max(end_h - total_h, 0)), (0, max(end_w - total_w, 0)), (0, 0)))
    return y[:, start_h:end_h, start_w:end_w, :]


@keras.saving.register_keras_serializable(package="kerasgan", name="FastConv2DTranspose")
@named_like(layers.Conv2DTranspose)
class FastConv2DTranspose(layers.Conv2DTranspose):
    """`keras.layers.Conv2DTranspose` with the same weights, computed fastest per backend.

    Takes every argument of `Conv2DTranspose` and holds the same variables, so weights move
    between the two unchanged. A channels-last layer without dilation or output padding
    computes as its backend's `transposed_conv` setting says: on JAX (whose CPU gradients
    of transposed convolutions are slow) as one matrix product and an overlap-add
    (`matmul_conv_transpose`), on PyTorch through `conv_transpose2d` on the channels-last
    view; otherwise it is `Conv2DTranspose` itself. Its class name is Keras' (`named_like`),
    so checkpoints move between networks built with either layer.

    Args:
        filters: output channels.
        kernel_size: int or pair.
        strides: int or pair.
        padding: "same" or "valid".
        **kwargs: the other arguments of `keras.layers.Conv2DTranspose`.

    Example:
        >>> up = FastConv2DTranspose(128, 4, strides=2, padding="same", use_bias=False)

    Reference:
        Dumoulin & Visin, "A guide to convolution arithmetic for deep learning", arXiv 2016
        (transposed convolution as the transpose of a matrix product).
        https://arxiv.org/abs/1603.07285
    """

    def _fast_path(self):
        """ "matmul", "backend" or None (Keras' own op), for this layer on this backend."""
        if not (
            self.data_format == "channels_last"
            and tuple(self.dilation_rate) == (1, 1)
            and self.output_padding is None
        ):
            return None
        return getattr(get_backend(), "transposed_conv", None)

    def call(self, inputs):
        path = self._fast_path()
        if path is None or inputs.shape[1] is None or inputs.shape[2] is None:
            return super().call(inputs)
        kernel = ops.cast(self.kernel, inputs.dtype)
        strides = tuple(self.strides)
        outputs = None
        if path == "matmul":
            outputs = matmul_conv_transpose(inputs, kernel, strides, self.padding)
        elif path == "backend":
            outputs = get_backend().conv_transpose(inputs, kernel, strides, self.padding)
        if outputs is None:
            return super().call(inputs)
        if self.use_bias:
            outputs = ops.add(outputs, ops.reshape(ops.cast(self.bias, outputs.dtype), (-1,)))
        if self.activation is not None:
            return self.activation(outputs)
        return outputs
