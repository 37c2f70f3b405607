"""Every adversarial loss on the same fixed logits, against values worked out by hand.

The expected numbers were computed from the papers' formulas with numpy
(float64), independently of `kerasgan.losses`; each test class only states them
(the TF-GAN test pattern).
"""

import numpy as np
import pytest
from keras import ops

from kerasgan import losses

REAL = np.array([1.5, -0.5, 2.0, 0.25], "float32")
FAKE = np.array([-1.0, 0.5, -2.0, 0.0], "float32")


class LossMixin:
    """Checks `get_loss(name)` gives `expected = (d_loss, g_loss)` on REAL and FAKE."""

    name = None
    expected = None
    probabilistic = False
    relativistic = False

    def loss(self):
        return losses.get_loss(self.name)

    def test_discriminator_value(self):
        got = self.loss().discriminator(ops.convert_to_tensor(REAL), ops.convert_to_tensor(FAKE))
        np.testing.assert_allclose(float(ops.convert_to_numpy(got)), self.expected[0], rtol=1e-5)

    def test_generator_value(self):
        got = self.loss().generator(ops.convert_to_tensor(FAKE), ops.convert_to_tensor(REAL))
        np.testing.assert_allclose(float(ops.convert_to_numpy(got)), self.expected[1], rtol=1e-5)

    def test_flags(self):
        assert self.loss().probabilistic is self.probabilistic
        assert self.loss().relativistic is self.relativistic

    def test_column_logits_give_the_same_value(self):
        """Discriminators output (batch, 1); the losses must not broadcast it wrongly."""
        real, fake = REAL.reshape(-1, 1), FAKE.reshape(-1, 1)
        got = self.loss().discriminator(ops.convert_to_tensor(real), ops.convert_to_tensor(fake))
        np.testing.assert_allclose(float(ops.convert_to_numpy(got)), self.expected[0], rtol=1e-5)


class TestMinimax(LossMixin):
    name, expected, probabilistic = "minimax", (0.996443, -0.526853), True


class TestNonSaturating(LossMixin):
    name, expected, probabilistic = "non_saturating", (0.996443, 1.151853), True


class TestWasserstein(LossMixin):
    name, expected = "wasserstein", (-1.4375, 0.625)


class TestLeastSquares(LossMixin):
    name, expected = "least_squares", (1.164062, 1.78125)


class TestHinge(LossMixin):
    name, expected = "hinge", (1.1875, 0.625)


class TestBoundarySeeking(LossMixin):
    name, expected, probabilistic = "boundary_seeking", (0.996443, 0.65625), True


class TestEnergy(LossMixin):
    name, expected = "energy", (2.4375, -0.625)


class TestRelativisticAverage(LossMixin):
    name, expected, relativistic = "relativistic_average", (0.572408, 3.447408), True


class TestRelativisticAverageLeastSquares(LossMixin):
    name, relativistic = "relativistic_average_least_squares", True
    expected = (2.285156, 13.785156)


class TestRelativisticAverageHinge(LossMixin):
    name, expected, relativistic = "relativistic_average_hinge", (0.46875, 4.875), True


class TestLeastSquaresPearsonCoding(LossMixin):
    """LSGAN's a=-1, b=1, c=0 coding: 0.5 E[(r-1)^2] + 0.5 E[(f+1)^2]; 0.5 E[f^2].

    E[(r-1)^2] = 1.015625 and E[(f+1)^2] = 1.0625.
    """

    expected = (1.0390625, 0.65625)

    def loss(self):
        return losses.least_squares(a=-1.0, b=1.0, c=0.0)


class TestEnergyMargin(LossMixin):
    """A margin of 0.5: E[r] + E[relu(0.5 - f)] = 0.8125 + mean(1.5, 0, 2.5, 0.5)."""

    expected = (1.9375, -0.625)

    def loss(self):
        return losses.energy(margin=0.5)


def test_every_named_loss_is_tested():
    tested = {c.name for c in LossMixin.__subclasses__() if c.name}
    assert tested == set(losses.LOSSES)


def test_relativistic_generator_is_discriminator_with_roles_swapped():
    for name in ("relativistic_average_least_squares", "relativistic_average_hinge"):
        loss = losses.get_loss(name)
        d_swapped = loss.discriminator(ops.convert_to_tensor(FAKE), ops.convert_to_tensor(REAL))
        g = loss.generator(ops.convert_to_tensor(FAKE), ops.convert_to_tensor(REAL))
        np.testing.assert_allclose(ops.convert_to_numpy(g), ops.convert_to_numpy(d_swapped))


def test_aliases_case_and_hyphens():
    assert losses.get_loss("RaGAN") is not None
    assert losses.get_loss("least-squares").discriminator is losses.least_squares_discriminator
    assert losses.get_loss("bgan").generator is losses.boundary_seeking_generator


def test_unknown_loss_lists_the_known_ones():
    with pytest.raises(ValueError, match="hinge"):
        losses.get_loss("squared_hinge")
