"""Options every variant has through the engine: generator EMA, DiffAugment, R1, clipping."""

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.engine.ema import ema_decay_at, updated_ema
from kerasgan.models.base.noise_to_image import GAN
from tests.helpers import fit_args, step_context, tiny_model, weights_of


def test_ema_pure_functions():
    np.testing.assert_allclose(float(ema_decay_at(0.999, 0)), 0.1)
    np.testing.assert_allclose(float(ema_decay_at(0.999, 90)), 0.91, rtol=1e-6)
    np.testing.assert_allclose(float(ema_decay_at(0.5, 10**6)), 0.5)
    new = updated_ema(
        [np.float32(2.0), np.float32(5.0)], [np.float32(0.0), np.float32(1.0)], [True, False], 0.25
    )
    np.testing.assert_allclose([float(v) for v in new], [1.5, 5.0])


def test_generator_ema_follows_the_generator_with_the_warm_up_decay():
    model = tiny_model("dcgan", ema_decay=0.9)
    ema = model.generator_ema
    assert ema is not None and not ema.trainable_variables
    assert model.sampling_generator is ema
    before = weights_of(model.generator)
    x = fit_args(model, n=4)[0]
    model.fit(x, batch_size=4, epochs=1, verbose=0)  # one G update: decay min(0.9, 1/10)
    after = weights_of(model.generator)
    averaged = weights_of(ema)
    trainable = [v.trainable for v in model.generator.weights]
    for b, a, e, t in zip(before, after, averaged, trainable):
        expected = 0.1 * b + 0.9 * a if t else a
        np.testing.assert_allclose(e, expected, rtol=1e-5, atol=1e-6)
    assert any(not np.allclose(e, a) for e, a, t in zip(averaged, after, trainable) if t)
    z = np.random.default_rng(0).normal(size=(3, model.latent_dim)).astype("float32")
    expected = ops.convert_to_numpy(ema(z, training=False))
    np.testing.assert_allclose(model.generate(z), expected, rtol=1e-5, atol=1e-6)


def test_ema_is_off_by_default_and_rejects_a_bad_decay():
    assert tiny_model("dcgan").generator_ema is None
    with pytest.raises(ValueError, match="ema_decay"):
        tiny_model("dcgan", ema_decay=1.0)


def test_augment_policy_changes_what_the_discriminator_sees():
    plain = tiny_model("dcgan", seed=3)
    augmented = tiny_model("dcgan", seed=3, augment="translation,cutout")
    augmented.set_weights(plain.get_weights())
    x = ops.convert_to_tensor(fit_args(plain, n=4)[0])
    out_plain = plain.critic(step_context(plain), x, None)
    out_aug = augmented.critic(step_context(augmented), x, None)
    assert not np.allclose(ops.convert_to_numpy(out_plain), ops.convert_to_numpy(out_aug))
    with pytest.raises(ValueError, match="colour|color"):
        tiny_model("dcgan", augment="colour")


def linear_gan(**kwargs):
    """A GAN whose D is one dense layer over the flattened image (gradient = its kernel)."""

    class Gen(keras.Model):
        def __init__(self):
            super().__init__(name="generator")
            self.dense = keras.layers.Dense(16, activation="tanh")
            self.reshape = keras.layers.Reshape((4, 4, 1))

        def call(self, z, labels=None, training=None):
            return self.reshape(self.dense(z))

    class Disc(keras.Model):
        def __init__(self):
            super().__init__(name="discriminator")
            self.flatten = keras.layers.Flatten()
            self.dense = keras.layers.Dense(1)

        def call(self, x, labels=None, training=None):
            return self.dense(self.flatten(x))

    gan = GAN(Gen(), Disc(), latent_dim=3, image_shape=(4, 4, 1), seed=0, **kwargs)
    gan.compile()
    return gan


def test_r1_of_a_linear_discriminator_is_its_squared_kernel_norm():
    gan = linear_gan(r1_gamma=2.0)
    kernel = gan.discriminator.dense.kernel
    kernel.assign(np.arange(16, dtype="float32").reshape(16, 1) / 10)
    x = ops.convert_to_tensor(np.zeros((3, 4, 4, 1), "float32"))
    r1 = gan.r1_term(step_context(gan), x, None)
    np.testing.assert_allclose(
        float(ops.convert_to_numpy(r1)), np.sum((np.arange(16) / 10) ** 2), rtol=1e-5
    )


def test_r1_every_step_is_logged_with_the_discriminator_loss():
    gan = linear_gan(r1_gamma=1.0)
    assert [p.name for p in gan.phases()] == ["discriminator", "generator"]
    logs = gan.fit(np.zeros((8, 4, 4, 1), "float32"), batch_size=4, verbose=0).history
    assert logs["r1"][0] > 0


def test_lazy_r1_runs_every_n_steps_on_the_discriminator_optimizer():
    model = tiny_model("dcgan", r1_gamma=1.0, r1_every=4)
    assert [p.name for p in model.phases()] == ["discriminator", "r1", "generator"]
    assert set(model.phase_optimizers) == {"discriminator", "generator"}
    model.fit(*fit_args(model, n=32), batch_size=4, epochs=1, verbose=0)
    assert int(model.phase_optimizers["discriminator"].iterations) == 8 + 2
    assert int(model.phase_optimizers["generator"].iterations) == 8


def test_weight_clipping_keeps_every_critic_weight_in_bounds():
    model = tiny_model("wgan", clip_value=0.01)
    model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0)
    weights = np.concatenate([w.ravel() for w in weights_of(model.discriminator)[:2]])
    trainable = np.concatenate(
        [np.asarray(v).ravel() for v in model.discriminator.trainable_variables]
    )
    assert np.abs(trainable).max() <= 0.01 + 1e-7
    assert np.isclose(np.abs(weights).max(), 0.01)  # the bound is reached, not just respected


def test_relativistic_generator_loss_depends_on_the_real_batch():
    model = tiny_model("ragan")
    x = fit_args(model, n=4)[0]
    losses = []
    for batch in (x, -x):
        ctx = step_context(model)  # same seed state: same z both times
        loss, _ = model.generator_loss(ctx, ops.convert_to_tensor(batch), None)
        losses.append(float(ops.convert_to_numpy(loss)))
    assert losses[0] != pytest.approx(losses[1])
    plain = tiny_model("dcgan")
    same = [
        float(ops.convert_to_numpy(plain.generator_loss(step_context(plain), b, None)[0]))
        for b in (ops.convert_to_tensor(x), ops.convert_to_tensor(-x))
    ]
    assert same[0] == pytest.approx(same[1])
