"""CycleGAN's learning-rate schedule: constant, then linear to zero."""

import numpy as np
import pytest

from kerasgan.callbacks.lr_decay import LinearDecay, decay_factor


def test_factor_is_one_then_falls_linearly():
    factors = [decay_factor(e, 2, 5) for e in range(5)]
    # Epochs 0 and 1 at the full rate; then 3/4, 2/4, 1/4 (zero would be one epoch later).
    np.testing.assert_allclose(factors, [1.0, 1.0, 0.75, 0.5, 0.25])


def test_paper_schedule_at_its_ends():
    assert decay_factor(99, 100, 200) == 1.0
    assert decay_factor(100, 100, 200) == pytest.approx(1 - 1 / 101)
    assert decay_factor(199, 100, 200) == pytest.approx(1 / 101)


def test_start_fraction_is_checked():
    with pytest.raises(ValueError, match="start_fraction"):
        LinearDecay(model=None, start_fraction=1.5)
