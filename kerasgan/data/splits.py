"""Index draws shared by the datasets of pairs and photos: subsets and held-out splits.

Both are drawn from a seeded numpy Generator and returned sorted, so a subset or a split keeps
the original order of the items and is the same on every run with the same seed.
"""

import numpy as np

from kerasgan.errors import DataError


def sample_indices(count, n, seed, name):
    """Return `n` sorted indices drawn without replacement from `range(count)`."""
    if not 0 < n <= count:
        raise DataError(f"subset n={n} is out of range: {name} has {count} images.")
    return np.sort(np.random.default_rng(seed).choice(count, size=n, replace=False))


def holdout_indices(count, holdout, seed, name):
    """Split `range(count)` into sorted `(train, held)` indices.

    Args:
        count: number of items.
        holdout: an int (items held out) or a float in (0, 1) (fraction held out, at least 1).
        seed: seed of the numpy Generator that draws the held-out items.
        name: the dataset name used in the error message.
    """
    if isinstance(holdout, float) and 0 < holdout < 1:
        held = max(1, int(round(holdout * count)))
    else:
        held = holdout if isinstance(holdout, (int, np.integer)) else -1
    if not 0 < held < count:
        raise DataError(
            f"holdout={holdout!r} leaves nothing to train on or hold out of the {count} images "
            f"of {name}: pass a count from 1 to {count - 1} or a fraction in (0, 1)."
        )
    order = np.random.default_rng(seed).permutation(count)
    return np.sort(order[held:]), np.sort(order[:held])
