"""What makes each variant of the loss and regularisation family itself."""

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.layers import SelfAttention, SpectralNorm
from kerasgan.models import BEGAN, DRAGAN, LSGAN, SAGAN, SNGAN, WGAN, RaGAN
from tests.helpers import fit_args, step_context, tiny_model


def sublayers(model):
    return list(model._flatten_layers())


def test_lsgan_targets_are_its_abc_coding():
    model = LSGAN(latent_dim=4, image_shape=(8, 8, 1), g_filters=4, d_filters=4, a=-1, b=1, c=0)
    loss = model.adversarial_loss
    ones, minus = ops.ones((3, 1)), -ops.ones((3, 1))
    assert float(ops.convert_to_numpy(loss.discriminator(ones, minus))) == 0.0
    assert float(ops.convert_to_numpy(loss.generator(ops.zeros((3, 1)), None))) == 0.0


def test_wgan_uses_rmsprop_and_rejects_betas():
    model = tiny_model("wgan")
    optimizer = model.phase_optimizers["discriminator"]
    assert isinstance(optimizer, keras.optimizers.RMSprop)
    assert float(optimizer.learning_rate) == pytest.approx(5e-5)
    assert model.adversarial_loss.probabilistic is False and model.weight_clip == 0.01
    with pytest.raises(ValueError, match="RMSprop"):
        model.default_optimizer("generator", beta_1=0.5)
    with pytest.raises(ValueError, match="clip_value"):
        WGAN(image_shape=(8, 8, 1), clip_value=0)


def test_dragan_penalty_points_lie_between_real_data_and_its_perturbation():
    model = tiny_model("dragan")
    x = fit_args(model, n=6)[0]
    points = model.penalty_points(step_context(model), ops.convert_to_tensor(x), None)
    points = ops.convert_to_numpy(points)
    offset = points - x
    assert offset.min() >= -1e-6
    assert offset.max() <= 0.5 * x.std() + 1e-5
    assert offset.max() > 0
    assert isinstance(model, DRAGAN) and model.gradient_penalty_weight == 10.0


def test_began_moves_k_within_bounds_and_logs_convergence_per_epoch():
    model = tiny_model("began", gamma=0.5, lambda_k=0.1)
    assert isinstance(model, BEGAN)
    model.k.assign(0.5)
    history = model.fit(*fit_args(model), batch_size=4, epochs=3, verbose=0).history
    assert len(history["convergence"]) == 3
    assert all(np.isfinite(history["convergence"]))
    k = float(ops.convert_to_numpy(model.k))
    assert 0.0 <= k <= 1.0 and k != 0.5


def test_began_k_update_follows_the_balance_equation():
    model = tiny_model("began", gamma=0.5, lambda_k=0.1)
    model.k.assign(0.5)
    ctx = step_context(model)
    x = ops.convert_to_tensor(fit_args(model, n=4)[0])
    _, logs = model.discriminator_loss(ctx, x, None)
    new_k = float(ops.convert_to_numpy(ctx.updates[id(model.k)]))
    # convergence = L(x) + |gamma L(x) - L(G(z))|, so |balance| = convergence - L(x).
    real = float(ops.convert_to_numpy(ops.mean(model.reconstruction_error(step_context(model), x))))
    balance_size = float(ops.convert_to_numpy(logs["convergence"])) - real
    assert abs(new_k - 0.5) == pytest.approx(0.1 * balance_size, rel=1e-4)


def test_ebgan_logs_energies_and_pull_away():
    model = tiny_model("ebgan")
    history = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert {"energy_real", "energy_fake", "pull_away"} <= set(history)
    assert 0.0 <= history["pull_away"][0] <= 1.0


def test_sngan_normalises_every_discriminator_layer_with_weights():
    for key in ("sngan", "sngan_resnet"):
        model = tiny_model(key)
        weighted = [
            layer
            for layer in sublayers(model.discriminator)
            if getattr(layer, "kernel", None) is not None and not isinstance(layer, SpectralNorm)
        ]
        wrapped = {
            id(layer.layer)
            for layer in sublayers(model.discriminator)
            if isinstance(layer, SpectralNorm)
        }
        assert wrapped and all(id(layer) in wrapped for layer in weighted), key
        assert not any(isinstance(layer, SpectralNorm) for layer in sublayers(model.generator))
    assert tiny_model("sngan_resnet").phase_optimizers["generator"].beta_1 == 0.0


def test_sagan_has_attention_and_spectral_norm_in_both_networks_and_ttur():
    model = tiny_model("sagan")
    assert isinstance(model, SAGAN) and model.attention == 8
    for net in (model.generator, model.discriminator):
        layers = sublayers(net)
        assert any(isinstance(layer, SelfAttention) for layer in layers)
        assert any(isinstance(layer, SpectralNorm) for layer in layers)
    g, d = model.phase_optimizers["generator"], model.phase_optimizers["discriminator"]
    assert float(g.learning_rate) == pytest.approx(1e-4)
    assert float(d.learning_rate) == pytest.approx(4e-4)
    assert g.beta_1 == 0.0 and d.beta_2 == 0.9
    assert model.adversarial_loss is not None and model.loss_name == "hinge"


def test_attention_at_a_size_no_feature_map_has_is_rejected():
    with pytest.raises(ValueError, match="feature map"):
        SAGAN(image_shape=(16, 16, 1), g_filters=4, d_filters=4, attention=5)


def test_ragan_only_takes_relativistic_losses():
    assert tiny_model("ragan").adversarial_loss.relativistic
    with pytest.raises(ValueError, match="relativistic"):
        RaGAN(image_shape=(8, 8, 1), loss="hinge")


def test_resnet_architecture_is_validated():
    with pytest.raises(ValueError, match="architecture"):
        SNGAN(image_shape=(8, 8, 1), architecture="vgg")
