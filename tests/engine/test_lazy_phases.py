"""Every-n-th phases skipped with a conditional or run and masked: the same training."""

import keras
import numpy as np
import pytest

import kerasgan.backend
from kerasgan.backend import get_backend
from kerasgan.engine import Phase
from tests.helpers import numpy
from tests.helpers.variants import fit_args, tiny_model


def test_a_phase_applying_another_phase_s_optimizer_is_a_lazy_regularizer():
    assert Phase("r1", ("discriminator",), None, every=16, optimizer="discriminator").regularizer
    assert not Phase("generator", ("generator",), None, every=5).regularizer
    assert not Phase("d", ("discriminator",), None, optimizer="d").regularizer


def _trained(monkeypatch, in_cond):
    backend = get_backend()
    monkeypatch.setattr(backend, "phases_in_cond", lambda regularizer=False: in_cond)
    assert kerasgan.backend.get_backend().phases_in_cond() is in_cond
    # R1 every 2 steps: it draws no noise, so both forms see the same random numbers on
    # every backend (JAX and TensorFlow also mask the noise generator's state back).
    model = tiny_model("dcgan", r1_gamma=1.0, r1_every=2)
    # SGD: Adam would turn rounding in near-zero gradients into steps of its learning rate
    model.compile(g_optimizer=keras.optimizers.SGD(0.05), d_optimizer=keras.optimizers.SGD(0.05))
    history = model.fit(*fit_args(model, n=24), batch_size=4, verbose=0, shuffle=False)
    return [numpy(w) for w in model.weights], history.history


@pytest.mark.skipif(
    get_backend().name == "torch",
    reason="PyTorch never masks: its steps run eagerly and its optimizers update in place",
)
def test_masked_phases_train_as_skipped_ones(monkeypatch):
    model = tiny_model("dcgan", r1_gamma=1.0, r1_every=2)
    assert [phase.name for phase in model.phases() if phase.every > 1] == ["r1"]
    skipped, skipped_logs = _trained(monkeypatch, True)
    masked, masked_logs = _trained(monkeypatch, False)
    for a, b in zip(skipped, masked):
        np.testing.assert_allclose(b, a, rtol=1e-5, atol=1e-6)
    for key in skipped_logs:
        np.testing.assert_allclose(masked_logs[key], skipped_logs[key], rtol=1e-5, atol=1e-6)


def test_lazy_regularizers_are_masked_only_on_xla_s_cpu():
    backend = get_backend()
    assert backend.phases_in_cond(regularizer=False)
    if backend.name == "jax":
        import jax

        assert backend.phases_in_cond(regularizer=True) == (jax.default_backend() != "cpu")
    else:
        assert backend.phases_in_cond(regularizer=True)
