"""Adversarial autoencoder: its phases, losses, priors and inference methods."""

import math

import numpy as np
import pytest
from keras import ops

from kerasgan.models import AAE, AAEEncoder, CodeDiscriminator
from kerasgan.models.latent.aae import NumpyDraws, mixture_means, sample_prior
from kerasgan.training import compile_model
from tests.helpers import (
    fit_args,
    numpy_of,
    scalar,
    softplus,
    step_context,
    tiny_data,
    tiny_model,
)

LATENT = 6  # the latent_dim of tests.helpers.tiny_model


def test_phases_update_the_right_networks_with_the_right_optimizers():
    model = tiny_model("aae")
    schedule = [(p.name, p.networks, p.optimizer_key, p.logs) for p in model.phases()]
    assert schedule == [
        ("reconstruction", ("generator",), "generator", ("recon_loss",)),
        ("encoder_reconstruction", ("encoder",), "encoder", ()),
        ("discriminator", ("discriminator",), "discriminator", model.phases()[2].logs),
        ("encoder", ("encoder",), "encoder", ("g_loss",)),
    ]
    assert "d_loss" in schedule[2][3]
    assert set(model.phase_optimizers) == {"generator", "encoder", "discriminator"}
    assert model.network_names == ("generator", "discriminator", "encoder")
    assert isinstance(model.encoder, AAEEncoder)
    assert isinstance(model.discriminator, CodeDiscriminator)
    assert model.discriminator.input_dims() == (LATENT,)


def test_the_encoder_steps_twice_per_batch_in_the_conv_architecture():
    model = tiny_model("aae", architecture="conv", filters=4)
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert {"recon_loss", "d_loss", "g_loss"} <= set(logs)
    assert all(np.all(np.isfinite(v)) for v in logs.values())
    iterations = {k: int(o.iterations) for k, o in model.phase_optimizers.items()}
    assert iterations == {"generator": 4, "encoder": 8, "discriminator": 4}


@pytest.mark.parametrize("kind", ["squared", "absolute"])
def test_reconstruction_loss_is_the_error_of_decoder_of_encoder(kind):
    model = tiny_model("aae", reconstruction=kind)
    x = tiny_data(5, model.image_shape)[0]
    loss, logs = model.reconstruction_loss(step_context(model), ops.convert_to_tensor(x), None)
    rebuilt = model.generator(model.encoder(x, training=True), training=True)
    diff = x - ops.convert_to_numpy(rebuilt)
    expected = np.mean(diff**2) if kind == "squared" else np.mean(np.abs(diff))
    np.testing.assert_allclose(scalar(loss), expected, rtol=1e-5)
    np.testing.assert_allclose(scalar(logs["recon_loss"]), expected, rtol=1e-5)
    tensor = ops.convert_to_tensor(x)
    again, none = model.encoder_reconstruction_loss(step_context(model), tensor, None)
    np.testing.assert_allclose(scalar(again), expected, rtol=1e-5)
    assert none == {}


def test_discriminator_sees_prior_samples_as_real_and_codes_as_fake():
    model = tiny_model("aae_mixture")
    x = tiny_data(6, model.image_shape)[0]
    prior = numpy_of([model.prior_batch(step_context(model), 6)])[0]  # the same draw as D's
    real = ops.convert_to_numpy(model.discriminator(prior))
    fake = ops.convert_to_numpy(model.discriminator(model.encoder(x)))
    d_loss, d_logs = model.discriminator_loss(step_context(model), ops.convert_to_tensor(x), None)
    expected = np.mean(softplus(-real)) + np.mean(softplus(fake))
    np.testing.assert_allclose(scalar(d_loss), expected, rtol=1e-5)
    np.testing.assert_allclose(scalar(d_logs["d_acc_real"]), np.mean(real > 0))
    g_loss, g_logs = model.generator_loss(step_context(model), ops.convert_to_tensor(x), None)
    np.testing.assert_allclose(scalar(g_loss), np.mean(softplus(-fake)), rtol=1e-5)
    np.testing.assert_allclose(scalar(g_logs["g_loss"]), scalar(g_loss))


def test_mixture_prior_lies_on_its_components():
    components, radius, std = 10, 2.0, 0.5
    z = ops.convert_to_numpy(
        sample_prior(NumpyDraws(0), 20000, 4, "mixture", 1.5, components, radius, std)
    )
    assert z.shape == (20000, 4)
    angle = np.arctan2(z[:, 1], z[:, 0])
    nearest = np.round(angle / (2 * math.pi / components)).astype(int) % components
    counts = np.bincount(nearest, minlength=components)
    assert np.all(np.abs(counts - 2000) < 5 * math.sqrt(2000))  # uniform components
    means = mixture_means(4, components, radius)
    for k in range(components):
        np.testing.assert_allclose(z[nearest == k, :2].mean(axis=0), means[k, :2], atol=0.05)
    direction = means[nearest, :2] / radius
    along = np.sum(z[:, :2] * direction, axis=1)
    across = direction[:, 0] * z[:, 1] - direction[:, 1] * z[:, 0]
    np.testing.assert_allclose([along.mean(), along.std()], [radius, std], atol=0.02)
    np.testing.assert_allclose([across.mean(), across.std()], [0.0, 0.2 * std], atol=0.01)
    np.testing.assert_allclose(z[:, 2:].mean(axis=0), 0.0, atol=0.05)
    np.testing.assert_allclose(z[:, 2:].std(axis=0), 1.5, atol=0.05)


def test_gaussian_prior_and_the_models_seeded_draws():
    model = tiny_model("aae", prior_std=2.0)
    z = numpy_of([model.prior_batch(step_context(model), 5000)])[0]
    assert z.shape == (5000, LATENT)
    np.testing.assert_allclose(z.mean(axis=0), 0.0, atol=0.12)
    np.testing.assert_allclose(z.std(axis=0), 2.0, atol=0.1)
    again = numpy_of([model.prior_batch(step_context(model), 5000)])[0]
    np.testing.assert_array_equal(z, again)  # drawn from the model's seed
    samples = model.prior_samples(7, seed=3)
    assert samples.shape == (7, LATENT) and samples.dtype == np.float32
    np.testing.assert_array_equal(samples, model.prior_samples(7, seed=3))


def test_mixture_draws_inside_a_step_use_the_model_seed():
    model = tiny_model("aae_mixture", mixture_std=0.0)
    z = numpy_of([model.prior_batch(step_context(model), 400)])[0]
    np.testing.assert_allclose(np.hypot(z[:, 0], z[:, 1]), 2.0, rtol=1e-5)  # on the circle
    assert len(np.unique(np.round(np.arctan2(z[:, 1], z[:, 0]), 4))) == 10


def test_encode_reconstruct_and_reconstruction_error():
    model = tiny_model("aae")
    x = tiny_data(7, model.image_shape)[0]
    codes = model.encode(x, batch_size=3)
    assert codes.shape == (7, LATENT) and codes.dtype == np.float32
    np.testing.assert_allclose(codes, ops.convert_to_numpy(model.encoder(x)), atol=1e-5)
    rebuilt = model.reconstruct(x, batch_size=3)
    assert rebuilt.shape == x.shape and rebuilt.dtype == np.float32
    expected = ops.convert_to_numpy(model.generator(model.encoder(x), training=False))
    np.testing.assert_allclose(rebuilt, expected, atol=1e-5)
    error = model.reconstruction_error(x)
    assert isinstance(error, float)
    np.testing.assert_allclose(error, np.mean((x - rebuilt) ** 2), rtol=1e-5)
    assert model.encode(x[:0]).shape == (0, LATENT)
    assert model.generate(codes).shape == x.shape


def test_bad_arguments_are_value_errors():
    shape = {"image_shape": (8, 8, 1)}
    with pytest.raises(ValueError, match="prior must be one of"):
        AAE(prior="uniform", **shape)
    with pytest.raises(ValueError, match="latent_dim >= 2"):
        AAE(latent_dim=1, prior="mixture", **shape)
    with pytest.raises(ValueError, match="architecture"):
        AAE(architecture="resnet", **shape)
    with pytest.raises(ValueError, match="reconstruction"):
        AAE(reconstruction="huber", **shape)
    with pytest.raises(ValueError, match="prior_std"):
        AAE(prior_std=0.0, **shape)
    with pytest.raises(ValueError, match="augment"):
        AAE(augment="all", **shape)
    with pytest.raises(ValueError, match="prior must be one of"):
        sample_prior(NumpyDraws(0), 4, 2, prior="laplace")


def test_learning_rate_options_reach_the_autoencoder_and_the_discriminator():
    model = tiny_model("aae")
    compile_model(model, {"g_lr": 0.01, "d_lr": 0.03, "beta_1": 0.7})
    rates = {k: float(o.learning_rate) for k, o in model.phase_optimizers.items()}
    np.testing.assert_allclose(
        [rates["generator"], rates["encoder"], rates["discriminator"]], [0.01, 0.01, 0.03]
    )
    assert all(float(o.beta_1) == pytest.approx(0.7) for o in model.phase_optimizers.values())
    other = tiny_model("dcgan_options")  # lazy R1 shares D's optimizer and its d_lr
    compile_model(other, {"g_lr": 0.01, "d_lr": 0.03})
    assert float(other.phase_optimizers["discriminator"].learning_rate) == pytest.approx(0.03)
    assert float(other.phase_optimizers["generator"].learning_rate) == pytest.approx(0.01)


def test_r1_and_ema_act_on_prior_samples_and_on_the_decoder():
    model = tiny_model("aae", r1_gamma=1.0, r1_every=2, ema_decay=0.9)
    assert [p.name for p in model.phases()][3] == "r1"
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert logs["r1"][0] > 0 and np.isfinite(logs["r1"][0])
    assert model.sampling_generator is model.generator_ema


def test_code_discriminator_is_unconditional():
    with pytest.raises(ValueError, match="unconditional"):
        CodeDiscriminator(3, num_classes=2)


def test_sample_latent_draws_the_prior_and_other_variants_keep_normal_noise():
    model = tiny_model("aae_mixture")
    codes = model.sample_latent(4000, seed=5)
    np.testing.assert_array_equal(codes, model.prior_samples(4000, seed=5))
    radius = np.linalg.norm(codes[:, :2], axis=1)
    assert abs(radius.mean() - 2.0) < 0.05  # N(0, I) in 2-D: sqrt(pi / 2) = 1.25
    sector = np.round(np.arctan2(codes[:, 1], codes[:, 0]) / (2 * math.pi / 10)) % 10
    assert np.bincount(sector.astype(int), minlength=10).min() > 300  # ten components, all used
    near = np.min(np.linalg.norm(codes[:, None, :2] - mixture_means(2)[None], axis=-1), axis=1)
    assert np.median(near) < 0.5
    normal = np.random.default_rng(5).standard_normal((4000, LATENT))
    gaussian = tiny_model("aae").sample_latent(4000, seed=5)
    np.testing.assert_allclose(gaussian, normal, atol=1e-6)  # prior_std 1: N(0, I) itself
    np.testing.assert_allclose(tiny_model("dcgan").sample_latent(4000, 5), normal, atol=1e-6)


def test_dense_decoder_has_no_batchnorm_so_inference_matches_training():
    # Its codes drift while the encoder learns the prior; BatchNorm's moving statistics
    # lagged behind them, and inference decoded far worse than training (0.66 vs 0.23 MSE).
    model = tiny_model("aae")
    kinds = {type(layer).__name__ for layer in model.generator._flatten_layers()}
    assert "BatchNormalization" not in kinds
    codes = np.random.default_rng(0).standard_normal((4, model.latent_dim)).astype("float32")
    np.testing.assert_allclose(
        ops.convert_to_numpy(model.generator(codes, training=True)),
        ops.convert_to_numpy(model.generator(codes, training=False)),
    )
