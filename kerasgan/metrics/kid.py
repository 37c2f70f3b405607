"""Kernel Inception Distance (Binkowski et al. 2018)."""

import numpy as np


def polynomial_kernel(x, y, degree=3, gamma=None, coef0=1.0):
    """k(x, y) = (gamma <x, y> + coef0)^degree, gamma defaulting to 1 / dim."""
    gamma = 1.0 / x.shape[1] if gamma is None else gamma
    return (gamma * (x @ y.T) + coef0) ** degree


def mmd2_unbiased(x, y, **kernel_args):
    """Unbiased estimate of the squared MMD between samples x and y.

    Args:
        x: (m, d) samples.
        y: (n, d) samples.
        **kernel_args: passed to `polynomial_kernel`.
    """
    m, n = len(x), len(y)
    kxx = polynomial_kernel(x, x, **kernel_args)
    kyy = polynomial_kernel(y, y, **kernel_args)
    kxy = polynomial_kernel(x, y, **kernel_args)
    sum_xx = (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
    sum_yy = (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
    return float(sum_xx + sum_yy - 2 * kxy.mean())


def kernel_inception_distance(real, fake, subsets=100, subset_size=1000, seed=0):
    """KID: unbiased MMD^2 with the cubic polynomial kernel, over random subsets.

    Reference: Binkowski et al., "Demystifying MMD GANs", ICLR 2018.

    Args:
        real: (n, d) features of real images.
        fake: (m, d) features of generated images.
        subsets: number of random subsets.
        subset_size: images per subset (capped at the smaller set's size).
        seed: seed of the subset draws.

    Returns:
        `(mean, std)` over subsets.
    """
    real, fake = np.asarray(real), np.asarray(fake)  # subsets are cast to float64, not these
    size = min(subset_size, len(real), len(fake))
    if size < 2:
        raise ValueError(f"KID needs at least 2 images per set, got {len(real)} and {len(fake)}.")
    rng = np.random.default_rng(seed)
    values = [
        mmd2_unbiased(
            real[rng.choice(len(real), size, replace=False)].astype(np.float64),
            fake[rng.choice(len(fake), size, replace=False)].astype(np.float64),
        )
        for _ in range(subsets)
    ]
    return float(np.mean(values)), float(np.std(values))
