"""Inception Score (Salimans et al. 2016), also as a classifier score from any classifier."""

import numpy as np


def inception_score(probabilities, splits=10):
    """exp(E_x KL(p(y|x) || p(y))), mean and std over `splits` equal parts.

    Reference: Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016.

    Args:
        probabilities: (n, classes) class probabilities of generated images (rows sum
            to 1), from Inception (the Inception Score) or from any classifier (a
            classifier score).
        splits: number of parts the score is averaged over.

    Returns:
        `(mean, std)`. Uniform predictions give 1; confident, balanced one-hot
        predictions give the number of classes.
    """
    p = np.asarray(probabilities, np.float64)
    if p.ndim != 2 or len(p) < splits:
        raise ValueError(f"need at least {splits} rows of probabilities, got shape {p.shape}.")
    scores = []
    for part in np.array_split(p, splits):
        marginal = part.mean(axis=0, keepdims=True)
        kl = np.where(
            part > 0,
            part * (np.log(np.maximum(part, 1e-30)) - np.log(np.maximum(marginal, 1e-30))),
            0.0,
        )
        scores.append(np.exp(kl.sum(axis=1).mean()))
    return float(np.mean(scores)), float(np.std(scores))
