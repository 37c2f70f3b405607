"""Full-reference image quality: PSNR, SSIM (Wang et al. 2004) and L1, per image and mean.

For paired translation and super-resolution, where each generated image has a ground
truth. Inputs are NHWC batches of equal shape, uint8 or float, compared in float64 with
numpy and scipy; `data_range` is the span of the pixel values (255 for uint8, 2 for
images in [-1, 1], 1 for [0, 1]). The values agree with scikit-image's
`peak_signal_noise_ratio` and with `structural_similarity(gaussian_weights=True,
sigma=1.5, use_sample_covariance=False, channel_axis=-1)`.
"""

from typing import NamedTuple

import numpy as np
from scipy.ndimage import gaussian_filter

SSIM_SIGMA = 1.5
SSIM_TRUNCATE = 3.5  # a Gaussian window of 2 * int(3.5 * 1.5 + 0.5) + 1 = 11 pixels
SSIM_K1, SSIM_K2 = 0.01, 0.03


class Scores(NamedTuple):
    """A metric's value for each image pair (`per_image`, shape (n,)) and their `mean`."""

    per_image: np.ndarray
    mean: float


def _pairs(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape or a.ndim != 4:
        raise ValueError(
            f"Image quality metrics compare two NHWC batches of the same shape, not {a.shape} "
            f"and {b.shape}."
        )
    return a, b


def _scores(values):
    values = np.asarray(values, np.float64)
    return Scores(values, float(values.mean()))


def l1(a, b):
    """Mean absolute difference of each image pair, in pixel units.

    Example:
        >>> l1(real, fake).mean  # 0.0 for identical batches
    """
    a, b = _pairs(a, b)
    return _scores(np.abs(a - b).mean(axis=(1, 2, 3)))


def psnr(a, b, data_range=255):
    """Peak signal-to-noise ratio of each image pair, `10 log10(data_range**2 / MSE)`, in dB.

    Identical images give `inf` (and so does the mean, if any pair is identical).

    Args:
        a, b: NHWC batches of the same shape (reference and test images).
        data_range: span of the pixel values (255 for uint8).

    Example:
        >>> psnr(high_res, upscaled).mean  # e.g. 24.3

    Reference:
        The definition used by Ledig et al. 2017 (SRGAN), table 2, on the Y channel there;
        here on all channels, as scikit-image's `peak_signal_noise_ratio`.
    """
    a, b = _pairs(a, b)
    mse = np.square(a - b).mean(axis=(1, 2, 3))
    with np.errstate(divide="ignore"):
        values = 10.0 * np.log10(float(data_range) ** 2 / mse)
    return _scores(values)


def ssim(a, b, data_range=255):
    """Structural similarity of each image pair: 1 for identical images, lower when worse.

    Local means, variances and covariance come from an isotropic Gaussian window
    (sigma 1.5, 11x11, reflected at the borders), `C1 = (0.01 L)^2`, `C2 = (0.03 L)^2`;
    the SSIM map is averaged away from a 5-pixel border and over channels.

    Args:
        a, b: NHWC batches of the same shape, at least 11x11.
        data_range: span of the pixel values (L; 255 for uint8).

    Example:
        >>> ssim(high_res, upscaled).per_image  # shape (n,)

    Reference:
        Wang, Bovik, Sheikh & Simoncelli, "Image Quality Assessment: From Error Visibility
        to Structural Similarity", IEEE TIP 13(4), 2004, eq. 13 and section III-C.
    """
    a, b = _pairs(a, b)
    radius = int(SSIM_TRUNCATE * SSIM_SIGMA + 0.5)
    if min(a.shape[1:3]) < 2 * radius + 1:
        raise ValueError(f"SSIM needs images of at least 11x11 pixels, not {a.shape[1:3]}.")

    def smooth(x):  # over height and width only
        sigma = (0, SSIM_SIGMA, SSIM_SIGMA, 0)
        return gaussian_filter(x, sigma, mode="reflect", truncate=SSIM_TRUNCATE)

    mu_a, mu_b = smooth(a), smooth(b)
    var_a = smooth(a * a) - mu_a**2
    var_b = smooth(b * b) - mu_b**2
    cov = smooth(a * b) - mu_a * mu_b
    c1, c2 = (SSIM_K1 * data_range) ** 2, (SSIM_K2 * data_range) ** 2
    ssim_map = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / (
        (mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2)
    )
    inner = ssim_map[:, radius:-radius, radius:-radius, :]
    return _scores(inner.mean(axis=(1, 2, 3)))
