"""The shared engine: schedules, logs, noise and options on the running backend.

Every TINY variant's fit, config round trip and saved generator are checked once, by
`tests.helpers.run_variant_test` (tests/models/test_every_variant.py).
"""

import keras
import numpy as np
import pytest

from kerasgan.models.base.noise_to_image import GAN
from tests.helpers import changed, fit_args, tiny_model, weights_of


def test_n_critic_schedules_generator_updates():
    model = tiny_model("wgan_gp", n_critic=3)
    model.fit(*fit_args(model, n=24), batch_size=4, epochs=1, verbose=0)
    assert int(model.phase_optimizers["discriminator"].iterations) == 6
    assert int(model.phase_optimizers["generator"].iterations) == 2


def test_mlp_gan_takes_the_wgan_gp_loss_penalty_and_critic_schedule():
    model = tiny_model("gan", loss="wasserstein", gradient_penalty=10.0, n_critic=2)
    logs = model.fit(*fit_args(model, n=16), batch_size=4, epochs=1, verbose=0).history
    assert logs["gp"][0] > 0 and "d_acc_real" not in logs
    assert int(model.phase_optimizers["discriminator"].iterations) == 4
    assert int(model.phase_optimizers["generator"].iterations) == 2


def test_probabilistic_losses_log_accuracies_and_wasserstein_does_not():
    dcgan = tiny_model("dcgan")
    logs = dcgan.fit(*fit_args(dcgan), batch_size=8, epochs=1, verbose=0).history
    assert {"d_acc_real", "d_acc_fake"} <= set(logs)
    assert 0.0 <= logs["d_acc_real"][0] <= 1.0
    wgan = tiny_model("wgan_gp")
    logs = wgan.fit(*fit_args(wgan), batch_size=8, epochs=1, verbose=0).history
    assert "gp" in logs and "d_acc_real" not in logs
    assert logs["gp"][0] > 0


def test_batchnorm_statistics_are_updated():
    model = tiny_model("dcgan")
    bn = [v for v in model.generator.non_trainable_variables if "moving_mean" in v.path]
    assert bn
    before = [np.array(v) for v in bn]
    model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0)
    assert changed(before, [np.array(v) for v in bn])


def test_noise_is_fresh_each_step_and_reproducible_from_the_seed():
    def run(seed):
        keras.utils.set_random_seed(0)
        model = tiny_model("dcgan", seed=seed)
        state0 = np.array(model.seed_generator.state)
        model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0)
        return state0, np.array(model.seed_generator.state), weights_of(model.generator)

    start, end, same_a = run(seed=5)
    assert not np.array_equal(start, end)  # each step drew new noise
    _, _, same_b = run(seed=5)
    _, _, other = run(seed=6)
    for a, b in zip(same_a, same_b):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert changed(same_a, other)


def test_keras_callbacks_receive_the_losses():
    model = tiny_model("gan")
    seen = []
    callback = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: seen.append(logs))
    model.fit(*fit_args(model), batch_size=8, epochs=2, verbose=0, callbacks=[callback])
    assert len(seen) == 2 and "g_loss" in seen[0] and "d_loss" in seen[0]


def test_generate_follows_the_labels_and_needs_them_when_conditional():
    model = tiny_model("cgan")
    z = np.random.default_rng(0).standard_normal((3, 6)).astype("float32")
    images = model.generate(z, labels=np.arange(3))
    assert images.shape == (3, 8, 8, 1) and images.dtype == np.float32
    assert not np.allclose(images, model.generate(z, labels=np.zeros(3, "int32")))
    assert not np.allclose(images[0], images[1])
    with pytest.raises(ValueError, match="conditional"):
        model.generate(np.zeros((2, 6)))


def test_conditional_fit_without_labels_fails_clearly():
    model = tiny_model("cgan")
    x, _ = fit_args(model)
    with pytest.raises(ValueError, match="needs labels"):
        model.fit(x, batch_size=4, epochs=1, verbose=0)


def test_compile_rejects_an_unknown_phase_and_accepts_per_phase_optimizers():
    model = tiny_model("dcgan")
    with pytest.raises(ValueError, match="No phase named"):
        model.compile(optimizers={"encoder": keras.optimizers.Adam()})
    model.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.Adam(1e-3))
    assert isinstance(model.phase_optimizers["generator"], keras.optimizers.SGD)
    model.fit(*fit_args(model), batch_size=8, epochs=1, verbose=0)
    assert int(model.phase_optimizers["generator"].iterations) == 2


def test_engine_accepts_user_networks():
    """GAN itself takes any generator/discriminator with the (inputs, labels) signature."""

    class Gen(keras.Model):
        def __init__(self):
            super().__init__(name="generator")
            self.dense = keras.layers.Dense(8 * 8)
            self.reshape = keras.layers.Reshape((8, 8, 1))

        def call(self, z, labels=None, training=None):
            return keras.ops.tanh(self.reshape(self.dense(z)))

    class Disc(keras.Model):
        def __init__(self):
            super().__init__(name="discriminator")
            self.flatten = keras.layers.Flatten()
            self.dense = keras.layers.Dense(1)

        def call(self, x, labels=None, training=None):
            return self.dense(self.flatten(x))

    gan = GAN(Gen(), Disc(), latent_dim=3, image_shape=(8, 8, 1), loss="hinge", seed=1)
    gan.compile()
    x = np.random.default_rng(0).uniform(-1, 1, (8, 8, 8, 1)).astype("float32")
    logs = gan.fit(x, batch_size=4, epochs=1, verbose=0).history
    assert np.isfinite(logs["d_loss"][0]) and "d_acc_real" not in logs


def test_phases_can_share_an_optimizer_for_lazy_regularisation():
    """A second discriminator phase every 2 batches (like R1's lazy regularisation)."""
    from kerasgan.engine import Phase
    from kerasgan.models import DCGAN

    class Regularised(DCGAN):
        def phases(self):
            def r1(ctx, x, y):
                grads = ctx.input_gradient("discriminator", x, None)
                penalty = keras.ops.mean(keras.ops.sum(keras.ops.square(grads), axis=(1, 2, 3)))
                return penalty, {"r1": penalty}

            reg = Phase(
                "d_reg", ("discriminator",), r1, ("r1",), every=2, optimizer="discriminator"
            )
            return [*super().phases(), reg]

    model = Regularised(latent_dim=6, image_shape=(8, 8, 1), g_filters=4, d_filters=4, seed=0)
    model.compile()
    assert set(model.phase_optimizers) == {"discriminator", "generator"}
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert logs["r1"][0] > 0
    assert int(model.phase_optimizers["discriminator"].iterations) == 4 + 2
