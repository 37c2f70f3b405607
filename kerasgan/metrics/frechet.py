"""Frechet distance between Gaussians fitted to features (FID: Heusel et al. 2017)."""

import warnings

import numpy as np
from scipy import linalg

from kerasgan.errors import KerasGANError


def feature_statistics(features, block=4096):
    """Mean and covariance of a feature matrix, in float64, `block` rows at a time.

    No float64 copy of the whole matrix is made: 50,000 x 2,048 float32 features need
    only their own memory and a (d, d) accumulator.

    Args:
        features: array of shape (n, d), n > 1.
        block: rows converted to float64 at a time.

    Returns:
        `(mu, sigma)`: a (d,) mean and a (d, d) unbiased covariance.

    Raises:
        KerasGANError: with fewer than 2 samples (say how many are needed).
    """
    features = np.asarray(features)
    if features.ndim != 2 or len(features) < 2:
        raise KerasGANError(
            f"need at least 2 feature vectors for a covariance, got shape {features.shape}; "
            f"a full-rank covariance of {features.shape[-1]}-d features needs more than "
            f"{features.shape[-1]} images (FID is usually reported on 10,000 or 50,000)."
        )
    n = len(features)
    mu = np.zeros(features.shape[1])
    for start in range(0, n, block):
        mu += features[start : start + block].sum(axis=0, dtype=np.float64)
    mu /= n
    sigma = np.zeros((features.shape[1], features.shape[1]))
    for start in range(0, n, block):
        centred = features[start : start + block].astype(np.float64) - mu
        sigma += centred.T @ centred
    return mu, sigma / (n - 1)


def frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):
    """Squared Frechet distance between N(mu1, sigma1) and N(mu2, sigma2).

    ||mu1 - mu2||^2 + Tr(sigma1 + sigma2 - 2 (sigma1 sigma2)^(1/2)), computed in
    float64. When the product is singular, a small multiple of the identity is
    added to both covariances before the square root (as in the TTUR reference
    code); a tiny imaginary part from numerical error is dropped, a large one
    raises.

    Reference: Heusel et al., "GANs Trained by a Two Time-Scale Update Rule
    Converge to a Local Nash Equilibrium", NeurIPS 2017.

    Args:
        mu1, mu2: means, shape (d,).
        sigma1, sigma2: covariances, shape (d, d).
        eps: the identity offset used when the product is near singular.

    Example:
        >>> frechet_distance(*feature_statistics(a), *feature_statistics(b))
    """
    mu1, mu2 = np.atleast_1d(np.float64(mu1)), np.atleast_1d(np.float64(mu2))
    sigma1, sigma2 = np.atleast_2d(np.float64(sigma1)), np.atleast_2d(np.float64(sigma2))
    if mu1.shape != mu2.shape or sigma1.shape != sigma2.shape:
        raise ValueError(
            f"shapes differ: {mu1.shape} vs {mu2.shape}, {sigma1.shape} vs {sigma2.shape}"
        )
    diff = mu1 - mu2
    with warnings.catch_warnings():  # a singular product is handled below, as TTUR does
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        covmean = linalg.sqrtm(sigma1 @ sigma2)
    if not np.isfinite(covmean).all():
        offset = np.eye(len(sigma1)) * eps
        covmean = linalg.sqrtm((sigma1 + offset) @ (sigma2 + offset))
    if np.iscomplexobj(covmean):
        if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
            raise ValueError(
                f"matrix square root has a large imaginary part "
                f"({np.max(np.abs(covmean.imag)):.3g}); use more samples."
            )
        covmean = covmean.real
    return float(diff @ diff + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))
