"""StyleGAN2's FIR resampling (NHWC): `upfirdn2d` and the blur, upsample and downsample layers.

`upfirdn2d` upsamples by inserting zeros, pads, convolves each channel with a small
FIR low-pass kernel and keeps every `down`th pixel, as the official `upfirdn_2d`
(Karras et al. 2020, appendix B). The layers hold no weights: the kernel is a constant.
"""

import keras
import numpy as np
from keras import ops

from kerasgan.backend import get_backend


def fir_kernel(taps=(1, 3, 3, 1)):
    """The 2-D FIR kernel `outer(taps, taps)` normalised to sum 1, as float32 numpy.

    Args:
        taps: the 1-D binomial taps ((1, 3, 3, 1) in StyleGAN2, (1, 2, 1) in StyleGAN).

    Example:
        >>> fir_kernel((1, 2, 1))  # [[1, 2, 1], [2, 4, 2], [1, 2, 1]] / 16

    Reference:
        Karras, Laine, Aittala, Hellsten, Lehtinen & Aila, "Analyzing and Improving the
        Image Quality of StyleGAN", CVPR 2020, appendix B. https://arxiv.org/abs/1912.04958
    """
    taps = np.asarray(taps, dtype="float64")
    if taps.ndim != 1 or taps.size == 0:
        raise ValueError(f"taps must be a non-empty 1-D sequence, not {taps.tolist()}.")
    kernel = np.outer(taps, taps)
    if kernel.sum() == 0:
        raise ValueError(f"taps must not sum to 0, not {taps.tolist()}.")
    return (kernel / kernel.sum()).astype("float32")


def fir_taps(taps=(1, 3, 3, 1)):
    """The 1-D taps normalised to sum 1, whose outer product is `fir_kernel(taps)`.

    `upfirdn2d` takes them as a separable kernel.

    Args:
        taps: the 1-D binomial taps.
    """
    fir_kernel(taps)  # the same checks
    taps = np.asarray(taps, dtype="float64")
    return taps / taps.sum()


def _check_factor(name, value):
    if int(value) != value or int(value) < 1:
        raise ValueError(f"{name} must be an integer >= 1, not {value}.")
    return int(value)


def _check_nhwc(name, input_shape):
    if len(input_shape) != 4:
        raise ValueError(f"{name} takes NHWC inputs, not shape {tuple(input_shape)}.")
    if input_shape[-1] is None:
        raise ValueError(f"{name} needs a known number of channels, not shape {input_shape}.")


def upfirdn2d_size(size, kernel_size, up=1, down=1, pad=(0, 0)):
    """The output size of `upfirdn2d` along one spatial axis (None stays None)."""
    if size is None:
        return None
    return (size * up + pad[0] + pad[1] - kernel_size) // down + 1


def _pad_or_crop(x, pad0, pad1, h, w):
    x = ops.pad(x, ((0, 0), (max(pad0, 0), max(pad1, 0)), (max(pad0, 0), max(pad1, 0)), (0, 0)))
    if pad0 < 0 or pad1 < 0:  # negative padding crops, as in the official code
        h, w = h + pad0 + pad1, w + pad0 + pad1
        x = x[:, max(-pad0, 0) : max(-pad0, 0) + h, max(-pad0, 0) : max(-pad0, 0) + w, :]
    return x


def upfirdn2d(x, kernel, up=1, down=1, pad=(0, 0), gain=1.0):
    """Upsample, pad, FIR-filter and downsample each channel of NHWC `x`.

    1. Insert `up - 1` zeros after every pixel along H and W (size `H * up`).
    2. Pad `pad[0]` zeros before and `pad[1]` after on both spatial axes (negative crops).
    3. Convolve every channel with `kernel` (a true convolution: the kernel is flipped).
    4. Multiply by `gain` and keep every `down`th pixel.

    The output is `(H * up + pad[0] + pad[1] - kh) // down + 1` high (same for W).

    A 1-D kernel `k` stands for the separable 2-D kernel `outer(k, k)` (as in the authors'
    code) and is applied as two 1-D passes of shifted, weighted slices: the same sums as
    the depthwise convolution of a 2-D kernel, and much cheaper to differentiate on XLA's
    CPU backend (a StyleGAN2 upsampling layer's gradients: about 8x faster on JAX).

    Args:
        x: NHWC tensor with a known number of channels; the batch may be unknown.
        kernel: 2-D FIR kernel (numpy or tensor), e.g. `fir_kernel()`, or 1-D separable
            taps, e.g. `fir_taps()`.
        up: upsampling factor (integer >= 1).
        down: downsampling factor (integer >= 1).
        pad: (before, after) padding of both spatial axes.
        gain: scale of the output (`up ** 2` keeps the mean of an upsampled image).

    Example:
        >>> upfirdn2d(x, fir_kernel(), up=2, pad=(2, 1), gain=4.0)  # (n, 2h, 2w, c)

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN", CVPR 2020,
        appendix B (the official `upfirdn_2d`). https://arxiv.org/abs/1912.04958
    """
    up, down = _check_factor("up", up), _check_factor("down", down)
    if len(x.shape) != 4:
        raise ValueError(f"upfirdn2d takes NHWC inputs, not shape {tuple(x.shape)}.")
    if len(kernel.shape) not in (1, 2):
        raise ValueError(f"kernel must be 1-D or 2-D, not of shape {tuple(kernel.shape)}.")
    pad0, pad1 = (int(p) for p in pad)
    channels = x.shape[-1]
    if channels is None:
        raise ValueError("upfirdn2d needs a known number of channels.")
    _, h, w, _ = ops.shape(x)  # static ints where known
    if up > 1:
        x = ops.reshape(x, (-1, h, 1, w, 1, channels))
        x = ops.pad(x, ((0, 0), (0, 0), (0, up - 1), (0, 0), (0, up - 1), (0, 0)))
        h, w = h * up, w * up
        x = ops.reshape(x, (-1, h, w, channels))
    x = _pad_or_crop(x, pad0, pad1, h, w)
    if len(kernel.shape) == 1 and None in (x.shape[1], x.shape[2]):
        kernel = np.outer(kernel, kernel)  # unknown sizes: the depthwise convolution
    if len(kernel.shape) == 1:
        return _separable_fir(x, np.asarray(kernel, dtype="float64"), down, gain)
    kernel = ops.flip(ops.cast(kernel, x.dtype), axis=(0, 1)) * ops.cast(gain, x.dtype)
    depthwise = ops.tile(kernel[:, :, None, None], (1, 1, channels, 1))
    return ops.depthwise_conv(x, depthwise, strides=down, padding="valid")


def _separable_fir(x, taps, down, gain):
    """Valid convolution of each channel of padded NHWC `x` with `outer(taps, taps)`,
    keeping every `down`th pixel: one weighted sum of shifted slices per spatial axis."""
    taps = taps[::-1]  # a true convolution flips the kernel
    for axis, scale in ((1, float(gain)), (2, 1.0)):  # the gain once, with the first pass
        length = x.shape[axis]
        out = (length - len(taps)) // down + 1
        total = None
        for shift, tap in enumerate(taps):
            index = [slice(None)] * 4
            index[axis] = slice(shift, shift + down * (out - 1) + 1, down)
            term = x[tuple(index)] * float(tap * scale)
            total = term if total is None else total + term
        x = total
    return x


class _Resample(keras.layers.Layer):
    """upfirdn2d with a fixed FIR kernel and padding (subclasses set up, down, pads, gain)."""

    def __init__(self, taps=(1, 3, 3, 1), **kwargs):
        super().__init__(**kwargs)
        self.fir = fir_kernel(taps)
        self.taps = tuple(taps)
        self.up, self.down, self.gain, self.pads = 1, 1, 1.0, (0, 0)

    def build(self, input_shape):
        _check_nhwc(type(self).__name__, input_shape)

    def call(self, inputs):
        kernel = self.fir
        if getattr(get_backend(), "separable_fir", False):
            kernel = fir_taps(self.taps)  # outer(taps, taps) is self.fir
        return upfirdn2d(inputs, kernel, self.up, self.down, self.pads, self.gain)

    def compute_output_shape(self, input_shape):
        k = self.fir.shape[0]
        h, w = (upfirdn2d_size(s, k, self.up, self.down, self.pads) for s in input_shape[1:3])
        return (input_shape[0], h, w, input_shape[3])

    def get_config(self):
        return {**super().get_config(), "taps": list(self.taps)}


@keras.saving.register_keras_serializable(package="kerasgan")
class Blur2D(_Resample):
    """Low-pass filters each channel with a binomial FIR kernel; H and W are unchanged.

    The input is padded with `k // 2` zeros before and `(k - 1) // 2` after, so the
    borders darken slightly and the interior of a constant image stays constant.

    Args:
        taps: the 1-D taps of the kernel `fir_kernel(taps)`.

    Example:
        >>> Blur2D()(features)  # same shape

    Reference:
        Karras, Laine & Aila, "A Style-Based Generator Architecture for Generative
        Adversarial Networks", CVPR 2019, section 2 (bilinear filtering after Zhang 2019).
        https://arxiv.org/abs/1812.04948
    """

    def __init__(self, taps=(1, 3, 3, 1), **kwargs):
        super().__init__(taps, **kwargs)
        k = self.fir.shape[0]
        self.pads = (k // 2, (k - 1) // 2)


@keras.saving.register_keras_serializable(package="kerasgan")
class Upsample2D(_Resample):
    """Upsamples by `factor` with zero insertion and a FIR low-pass (gain `factor ** 2`).

    The padding is the official `upsample_2d`'s: `p0 = (k - factor + 1) // 2 + factor - 1`,
    `p1 = (k - factor) // 2`, which gives an output of exactly `factor * H x factor * W`.

    Args:
        factor: integer upsampling factor (>= 1).
        taps: the 1-D taps of the kernel `fir_kernel(taps)`.

    Example:
        >>> Upsample2D()(features)  # (n, h, w, c) -> (n, 2h, 2w, c)

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN", CVPR 2020,
        appendix B. https://arxiv.org/abs/1912.04958
    """

    def __init__(self, factor=2, taps=(1, 3, 3, 1), **kwargs):
        super().__init__(taps, **kwargs)
        self.factor = _check_factor("factor", factor)
        p = self.fir.shape[0] - self.factor
        self.up, self.gain = self.factor, float(self.factor**2)
        self.pads = ((p + 1) // 2 + self.factor - 1, p // 2)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@keras.saving.register_keras_serializable(package="kerasgan")
class Downsample2D(_Resample):
    """FIR low-pass then keep every `factor`th pixel: `H / factor x W / factor`.

    The padding is the official `downsample_2d`'s: `p0 = (k - factor + 1) // 2`,
    `p1 = (k - factor) // 2`.

    Args:
        factor: integer downsampling factor (>= 1).
        taps: the 1-D taps of the kernel `fir_kernel(taps)`.

    Example:
        >>> Downsample2D()(features)  # (n, h, w, c) -> (n, h/2, w/2, c)

    Reference:
        Karras et al., "Analyzing and Improving the Image Quality of StyleGAN", CVPR 2020,
        appendix B. https://arxiv.org/abs/1912.04958
    """

    def __init__(self, factor=2, taps=(1, 3, 3, 1), **kwargs):
        super().__init__(taps, **kwargs)
        self.factor = _check_factor("factor", factor)
        p = self.fir.shape[0] - self.factor
        self.down = self.factor
        self.pads = ((p + 1) // 2, p // 2)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}
