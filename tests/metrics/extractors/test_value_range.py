"""The extractors' shared check of the [-1, 1] scale."""

import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors.value_range import SLACK_BOUND, check_value_range


def test_values_within_the_slack_pass():
    check_value_range(np.array([-SLACK_BOUND, -1.0, 0.0, 1.2, SLACK_BOUND], np.float32))
    check_value_range(np.zeros((0, 4, 4, 1), np.float32))


@pytest.mark.parametrize("value", [-2.3, 1.51, 255.0])
def test_values_beyond_the_slack_raise_with_both_remedies(value):
    images = np.zeros((2, 4, 4, 1), np.float32)
    images[1, 2, 3, 0] = value
    with pytest.raises(KerasGANError) as caught:
        check_value_range(images)
    message = str(caught.value)
    assert f"{value:.3g}" in message
    assert "x / 127.5 - 1" in message and "np.clip(x, -1, 1)" in message
    assert "\n" not in message
