"""WGAN-GP losses and gradients on fixed weights agree with stored values on every backend.

The reference file was written once on JAX with `python -m tests.engine.test_cross_backend`
(see `write_reference`); the test recomputes the same numbers on the running backend.
"""

import json
from pathlib import Path

import keras
import numpy as np

from kerasgan.backend import get_backend
from kerasgan.engine import StepContext
from kerasgan.models import WGANGP

REFERENCE = Path(__file__).with_name("wgan_gp_reference.json")
TOLERANCE = 1e-4


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


def compute():
    """Critic loss, penalty and critic gradients; generator loss and its gradients."""
    model = tiny_wgan_gp()
    real, z, alpha = fixed_inputs()
    backend = get_backend()
    values = {}
    for variables in (model.trainable_variables, model.non_trainable_variables):
        values.update((id(v), backend.read_value(v)) for v in variables)
    out = {}
    for phase in model.phases():
        variables = model.phase_variables(phase)
        keys = [id(v) for v in variables]

        def loss_fn(trainable, phase=phase, keys=keys):
            local = dict(values)
            local.update(zip(keys, trainable))
            ctx = FixedNoiseContext(model, local, z, alpha)
            loss, logs = phase.loss(ctx, keras.ops.convert_to_tensor(real), None)
            return loss, logs

        (loss, logs), grads = backend.value_and_grad(loss_fn, [values[k] for k in keys])
        out[phase.name] = {
            "loss": float(keras.ops.convert_to_numpy(loss)),
            "logs": {k: float(keras.ops.convert_to_numpy(v)) for k, v in logs.items()},
            "grads": [keras.ops.convert_to_numpy(g).ravel().tolist() for g in grads],
        }
    return out


def write_reference():
    """Stores the current backend's numbers as the reference."""
    data = {"backend": keras.backend.backend(), **compute()}
    REFERENCE.write_text(json.dumps(data))


def test_wgan_gp_losses_and_gradients_match_reference():
    reference = json.loads(REFERENCE.read_text())
    got = compute()
    for phase in ("discriminator", "generator"):
        np.testing.assert_allclose(got[phase]["loss"], reference[phase]["loss"], rtol=TOLERANCE)
        for key, value in reference[phase]["logs"].items():
            np.testing.assert_allclose(got[phase]["logs"][key], value, rtol=TOLERANCE)
        assert len(got[phase]["grads"]) == len(reference[phase]["grads"])
        for ours, theirs in zip(got[phase]["grads"], reference[phase]["grads"]):
            np.testing.assert_allclose(ours, theirs, rtol=TOLERANCE, atol=TOLERANCE * 1e-2)
            np.testing.assert_allclose(np.linalg.norm(ours), np.linalg.norm(theirs), rtol=TOLERANCE)


def test_penalty_is_active_in_reference():
    """Guards the reference itself: a zero penalty would make the comparison weak."""
    reference = json.loads(REFERENCE.read_text())
    assert reference["discriminator"]["logs"]["gp"] > 1e-3
    assert any(abs(g) > 1e-6 for grads in reference["discriminator"]["grads"] for g in grads)


if __name__ == "__main__":
    write_reference()
