"""Deterministic weights and inputs shared by the cross-backend engine tests."""

import numpy as np

from kerasgan.engine import StepContext
from kerasgan.models import WGANGP


class FixedNoiseContext(StepContext):
    """A StepContext whose noise comes from given arrays instead of the seed generator.

    Random streams differ between backends; fixed draws make losses comparable.
    """

    def __init__(self, model, values, normal, uniform):
        super().__init__(model, values)
        self._normal, self._uniform = normal, uniform

    def normal(self, shape, dtype="float32"):
        return self._normal[: shape[0]]

    def uniform(self, shape, minval=0.0, maxval=1.0, dtype="float32"):
        return self._uniform[: shape[0]]


def tiny_wgan_gp():
    """A WGAN-GP on 8x8 grey images with every weight set from a fixed numpy stream."""
    model = WGANGP(latent_dim=4, image_shape=(8, 8, 1), g_filters=2, d_filters=3, seed=0)
    rng = np.random.default_rng(1234)
    for name in model.network_names:
        for variable in model.networks[name].trainable_variables:
            variable.assign(rng.normal(0.0, 0.3, size=variable.shape).astype("float32"))
    return model


def fixed_inputs(batch=3):
    """Real images, noise and interpolation weights from a fixed numpy stream."""
    rng = np.random.default_rng(99)
    real = rng.uniform(-1, 1, size=(batch, 8, 8, 1)).astype("float32")
    z = rng.normal(size=(batch, 4)).astype("float32")
    alpha = rng.uniform(size=(batch,)).astype("float32")
    return real, z, alpha
