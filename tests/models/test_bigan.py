"""BiGAN / ALI: its pair discriminator, phases, losses and inference methods."""

import numpy as np
import pytest
from keras import ops

from kerasgan.models import AAEEncoder, BiGAN, JointDiscriminator
from kerasgan.models.latent.bigan_networks import BiGANEncoder
from kerasgan.training import compile_model
from tests.helpers import (
    changed,
    fit_args,
    numpy_of,
    scalar,
    softplus,
    step_context,
    tiny_data,
    tiny_model,
    trainable_of,
)

LATENT = 6  # the latent_dim of tests.helpers.tiny_model


def trainable_by_network(model):
    """Copies of each network's trainable weights (BatchNorm statistics move in any phase)."""
    return {name: trainable_of(net) for name, net in model.networks.items()}


@pytest.mark.parametrize("architecture", ["dense", "conv"])
def test_discriminator_reads_image_code_pairs(architecture):
    d = JointDiscriminator((8, 8, 1), LATENT, architecture, (16, 8), filters=4)
    x, _ = tiny_data(5)
    z = np.random.default_rng(0).standard_normal((5, LATENT)).astype("float32")
    logits = ops.convert_to_numpy(d((x, z)))
    assert logits.shape == (5, 1)
    other = ops.convert_to_numpy(d((x, z + 1.0)))
    assert not np.allclose(logits, other)  # the code matters, not only the image


def test_networks_and_phases():
    model = tiny_model("bigan")
    assert model.network_names == ("generator", "discriminator", "encoder")
    assert isinstance(model.encoder, AAEEncoder)
    assert isinstance(model.discriminator, JointDiscriminator)
    schedule = [(p.name, p.networks, p.optimizer_key) for p in model.phases()]
    assert schedule == [
        ("discriminator", ("discriminator",), "discriminator"),
        ("generator", ("generator", "encoder"), "generator"),
    ]
    assert set(model.phase_optimizers) == {"generator", "discriminator"}
    assert {"d_loss", "d_acc_real", "d_acc_fake"} <= set(model.phases()[0].logs)


def test_losses_on_real_pairs_and_fake_pairs():
    model = tiny_model("bigan")
    x = tiny_data(6, model.image_shape)[0]
    z = numpy_of([step_context(model).normal((6, LATENT))])[0]  # the draw the losses make
    codes = model.encoder(x, training=True)
    real = ops.convert_to_numpy(model.discriminator((x, codes)))
    fake_images = model.generator(z, training=True)
    fake = ops.convert_to_numpy(model.discriminator((fake_images, z)))
    tensor = ops.convert_to_tensor(x)
    d_loss, d_logs = model.discriminator_loss(step_context(model), tensor, None)
    np.testing.assert_allclose(
        scalar(d_loss), np.mean(softplus(-real)) + np.mean(softplus(fake)), rtol=1e-5
    )
    np.testing.assert_allclose(scalar(d_logs["d_acc_real"]), np.mean(real > 0))
    np.testing.assert_allclose(scalar(d_logs["d_acc_fake"]), np.mean(fake < 0))
    g_loss, g_logs = model.generator_loss(step_context(model), tensor, None)
    swapped = np.mean(softplus(-fake)) + np.mean(softplus(real))  # inverted labels
    np.testing.assert_allclose(scalar(g_loss), swapped, rtol=1e-5)
    np.testing.assert_allclose(scalar(g_logs["g_loss"]), scalar(g_loss))


def test_encoder_learns_in_the_generator_phase_only():
    model = tiny_model("bigan", n_critic=2)
    x = fit_args(model, n=4)[0]
    before = trainable_by_network(model)
    model.fit(x, batch_size=4, epochs=1, verbose=0)  # one batch: D's phase only
    after = trainable_by_network(model)
    assert changed(before["discriminator"], after["discriminator"])
    assert not changed(before["encoder"], after["encoder"])
    assert not changed(before["generator"], after["generator"])
    model.fit(x, batch_size=4, epochs=1, verbose=0)  # second batch: D, then G and E
    again = trainable_by_network(model)
    assert changed(after["encoder"], again["encoder"])
    assert changed(after["generator"], again["generator"])
    iterations = {k: int(o.iterations) for k, o in model.phase_optimizers.items()}
    assert iterations == {"generator": 1, "discriminator": 2}


def test_fit_with_r1_and_ema():
    model = tiny_model("bigan_conv", r1_gamma=1.0, ema_decay=0.9)
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert {"d_loss", "g_loss", "r1"} <= set(logs)
    assert all(np.all(np.isfinite(v)) for v in logs.values())


def test_encode_and_reconstruct():
    model = tiny_model("bigan")
    x = tiny_data(7, model.image_shape)[0]
    codes = model.encode(x, batch_size=3)
    assert codes.shape == (7, LATENT) and codes.dtype == np.float32
    np.testing.assert_allclose(codes, ops.convert_to_numpy(model.encoder(x)), atol=1e-5)
    rebuilt = model.reconstruct(x, batch_size=3)
    assert rebuilt.shape == x.shape and rebuilt.dtype == np.float32
    expected = ops.convert_to_numpy(model.generator(model.encoder(x), training=False))
    np.testing.assert_allclose(rebuilt, expected, atol=1e-5)
    assert model.encode(x[:0]).shape == (0, LATENT)


def test_g_lr_sets_the_joint_optimizer():
    model = BiGAN(latent_dim=4, image_shape=(8, 8, 1), g_units=(8,), e_units=(8,), d_units=(8,))
    compile_model(model, {"g_lr": 0.003, "d_lr": 0.001})
    lrs = {k: float(o.learning_rate) for k, o in model.phase_optimizers.items()}
    np.testing.assert_allclose([lrs["generator"], lrs["discriminator"]], [0.003, 0.001])


def test_bad_arguments_are_value_errors():
    shape = {"image_shape": (8, 8, 1)}
    with pytest.raises(ValueError, match="architecture must be one of"):
        BiGAN(architecture="resnet", **shape)
    with pytest.raises(ValueError, match="augment does not apply"):
        BiGAN(augment="all", **shape)
    with pytest.raises(ValueError, match="latent_dim"):
        BiGAN(latent_dim=0, **shape)


def test_reconstruction_grid_puts_each_reconstruction_under_its_image():
    from kerasgan.images import to_uint8
    from kerasgan.models.latent.encoding import paired_rows

    model = tiny_model("bigan")
    x, _ = tiny_data(7)
    grid = model.reconstruction_grid(x, per_row=3)  # 2 rows of 3, the 7th image dropped
    assert grid.shape == (4 * 10 + 2, 3 * 10 + 2, 1)

    def cell(row, column):
        return grid[2 + 10 * row : 10 + 10 * row, 2 + 10 * column : 10 + 10 * column]

    rebuilt = to_uint8(model.reconstruct(x))
    np.testing.assert_array_equal(cell(0, 2), to_uint8(x[2]))
    np.testing.assert_array_equal(cell(1, 2), rebuilt[2])
    np.testing.assert_array_equal(cell(2, 0), to_uint8(x[3]))
    np.testing.assert_array_equal(cell(3, 1), rebuilt[4])
    assert paired_rows(x[:2], x[:2], per_row=5).shape == (4, 8, 8, 1)  # one short row kept
    with pytest.raises(ValueError, match="differ in shape"):
        paired_rows(x, x[:3], per_row=3)


@pytest.mark.parametrize("architecture", ["dense", "conv"])
def test_discriminator_dropout_follows_every_hidden_layer_and_is_seeded(architecture):
    from keras import layers

    def joint(seed, dropout=0.5):
        return JointDiscriminator(
            (8, 8, 1), LATENT, architecture, (16, 8), 4, dropout=dropout, seed=seed
        )

    d = joint(3)
    parts = [d.image_branch, d.code_branch, d.joint]
    for part in parts:  # each leaky ReLU is followed by dropout
        kinds = [type(layer) for layer in part]
        assert kinds.count(layers.Dropout) == kinds.count(layers.LeakyReLU) > 0
        for i, kind in enumerate(kinds):
            if kind is layers.LeakyReLU:
                assert kinds[i + 1] is layers.Dropout
    seeds = [layer.seed for part in parts for layer in part if isinstance(layer, layers.Dropout)]
    assert seeds == list(range(3, 3 + len(seeds)))
    plain = joint(0, dropout=0.0)
    plain_layers = [*plain.image_branch, *plain.code_branch, *plain.joint]
    assert not any(isinstance(layer, layers.Dropout) for layer in plain_layers)
    x, _ = tiny_data(5)
    z = np.random.default_rng(0).uniform(-1, 1, (5, LATENT)).astype("float32")
    inference = ops.convert_to_numpy(d((x, z)))
    np.testing.assert_array_equal(ops.convert_to_numpy(d((x, z))), inference)
    trained = ops.convert_to_numpy(d((x, z), training=True))
    assert not np.allclose(trained, inference)
    with pytest.raises(ValueError, match="dropout must be in"):
        joint(0, dropout=1.0)


def test_model_seed_reaches_the_discriminator_dropout():
    model = tiny_model("bigan", dropout=0.2, seed=7)
    assert model.discriminator.dropout == 0.2 and model.discriminator.seed == 7
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert all(np.all(np.isfinite(v)) for v in logs.values())


@pytest.mark.parametrize("key", ["bigan", "bigan_conv"])
def test_uniform_prior_bounds_the_codes_and_the_noise(key):
    model = tiny_model(key, prior="uniform")
    assert model.encoder.bounded and model.encoder.code_norm
    x = tiny_data(6, model.image_shape)[0]
    codes = model.encode(x * 50.0)  # large inputs, still squashed into (-1, 1)
    assert codes.shape == (6, LATENT) and np.all(np.abs(codes) <= 1.0)
    z = model.sample_latent(500, seed=1)
    assert z.shape == (500, LATENT) and z.min() >= -1.0 and z.max() <= 1.0
    assert z.min() < -0.9 and z.max() > 0.9  # uniform, not squashed normal
    np.testing.assert_array_equal(z, model.sample_latent(500, seed=1))
    drawn = numpy_of([model.draw_codes(step_context(model), 400)])[0]
    assert drawn.min() >= -1.0 and drawn.max() <= 1.0 and abs(drawn.mean()) < 0.05
    # D's fake pairs are built on the uniform draw
    tensor = ops.convert_to_tensor(x)
    z = numpy_of([model.draw_codes(step_context(model), 6)])[0]
    real = ops.convert_to_numpy(model.discriminator((x, model.encoder(x, training=True))))
    fake_images = model.generator(z, training=True)
    fake = ops.convert_to_numpy(model.discriminator((fake_images, z)))
    d_loss, _ = model.discriminator_loss(step_context(model), tensor, None)
    np.testing.assert_allclose(
        scalar(d_loss), np.mean(softplus(-real)) + np.mean(softplus(fake)), rtol=1e-5
    )
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert all(np.all(np.isfinite(v)) for v in logs.values())


def test_normal_prior_keeps_the_linear_encoder():
    model = tiny_model("bigan", prior="normal")
    assert not model.encoder.bounded
    np.testing.assert_array_equal(
        model.sample_latent(4, seed=2),
        np.random.default_rng(2).standard_normal((4, LATENT)).astype("float32"),
    )
    with pytest.raises(ValueError, match="prior must be one of"):
        BiGAN(image_shape=(8, 8, 1), prior="laplace")


@pytest.mark.parametrize("architecture", ["dense", "conv"])
def test_code_norm_standardizes_each_batch_of_codes(architecture):
    x = tiny_data(32)[0] * 0.1 + 0.5  # inputs that give nearly equal raw codes
    encoder = BiGANEncoder(LATENT, (8, 8, 1), architecture, (16,), 4, code_norm=True)
    codes = ops.convert_to_numpy(encoder(x, training=True))
    raw = ops.convert_to_numpy(AAEEncoder.call(encoder, x))  # before the normalization
    epsilon = encoder.code_batchnorm.epsilon
    expected = (raw - raw.mean(0)) / np.sqrt(raw.var(0) + epsilon)
    np.testing.assert_allclose(codes, expected, atol=1e-4)
    np.testing.assert_allclose(codes.mean(0), 0.0, atol=1e-4)
    # nearly equal raw codes spread out in every dimension (by 1 / sqrt(var + epsilon))
    assert raw.std(0).max() < 0.2 and np.all(codes.std(0) > 4 * raw.std(0))
    assert not encoder.code_batchnorm.trainable_weights  # no learned scale to shrink
    assert encoder.code_batchnorm.momentum == encoder.norm_momentum == 0.9
    # inference reads the moving statistics, which the training call moved
    moving = ops.convert_to_numpy(encoder.code_batchnorm.moving_mean)
    np.testing.assert_allclose(moving, 0.1 * raw.mean(0), rtol=1e-3, atol=1e-5)


def test_code_norm_option_reaches_the_encoder():
    assert tiny_model("bigan").encoder.code_norm  # the default
    model = tiny_model("bigan_conv", code_norm=False)
    assert not model.encoder.code_norm and model.encoder.code_batchnorm is None
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert all(np.all(np.isfinite(v)) for v in logs.values())
