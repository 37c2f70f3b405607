"""What each image-to-image variant adds to the shared step: pools, clipping, losses, fallbacks."""

import numpy as np
import pytest
from keras import ops

from kerasgan.callbacks import LinearDecay
from kerasgan.errors import ConfigError
from kerasgan.models import SRGAN, CycleGAN, DiscoGAN, DualGAN, Pix2Pix
from tests.helpers import fit_args, step_context, tiny_model, trainable_of


def fit(model, n=16, epochs=1):
    return model.fit(*fit_args(model, n=n), batch_size=4, epochs=epochs, verbose=0).history


def test_cyclegan_pools_fill_with_generated_images():
    model = tiny_model("cyclegan")  # pool_size 3
    for _, count in model.pools.values():
        assert int(ops.convert_to_numpy(count)) == 0
    fit(model)
    for pool, count in model.pools.values():
        assert int(ops.convert_to_numpy(count)) == 3
        stored = ops.convert_to_numpy(pool)
        assert np.all(stored.std(axis=(1, 2, 3)) > 0)  # images, not the zeros it started as


def test_dualgan_paper_recipe_clips_both_critics_and_leaves_the_translators():
    model = tiny_model("dualgan", loss="wasserstein", weight_clip=0.01, n_critic=2)
    fit(model, n=16)
    for name in ("discriminator", "discriminator_a"):
        values = np.concatenate([w.ravel() for w in trainable_of(model.networks[name])])
        assert np.abs(values).max() <= 0.01 + 1e-7, name
    translator = np.concatenate([w.ravel() for w in trainable_of(model.generator)])
    assert np.abs(translator).max() > 0.01
    assert type(model.phase_optimizers["generator"]).__name__ == "RMSprop"


def test_identity_loss_needs_equal_channels():
    with pytest.raises(ValueError, match="identity"):
        CycleGAN(source_shape=(8, 8, 1), image_shape=(8, 8, 3), g_filters=4, d_filters=4)
    model = CycleGAN((8, 8, 1), (8, 8, 3), g_filters=4, d_filters=4, identity_weight=0.0)
    assert "identity" not in {name for phase in model.phases() for name in phase.logs}


def test_sizes_must_match_except_for_super_resolution():
    with pytest.raises(ValueError, match="differ in size"):
        Pix2Pix(source_shape=(8, 8, 1), image_shape=(16, 16, 1), g_filters=4, d_filters=4)
    with pytest.raises(ValueError, match="scale=2"):
        SRGAN((4, 4, 1), (16, 16, 1), scale=2, g_filters=4, n_blocks=1, content="pixel")
    with pytest.raises(ValueError, match="power-of-two"):
        SRGAN((4, 4, 1), (12, 12, 1), scale=3, g_filters=4, n_blocks=1, content="pixel")


def test_one_way_models_refuse_b2a_and_have_no_noise_recipe():
    model = tiny_model("pix2pix")
    with pytest.raises(ConfigError, match="a2b"):
        model.translate(np.zeros((1, 8, 8, 3), "float32"), direction="b2a")
    # The translation recipe does not inherit the noise recipe and switch it off.
    assert not hasattr(model, "generate") and not hasattr(model, "latent_dim")
    assert model.translate(np.zeros((3, 8, 8, 3), "float32")).shape == (3, 8, 8, 1)


def test_srgan_pretraining_leaves_d_alone_then_trains_it():
    model = tiny_model("srgan_pretrain")  # pretrain_steps 2
    d0, g0 = trainable_of(model.discriminator), trainable_of(model.generator)
    fit(model, n=8)  # 2 steps: both within pre-training
    assert all(np.allclose(a, b) for a, b in zip(d0, trainable_of(model.discriminator)))
    assert not all(np.allclose(a, b) for a, b in zip(g0, trainable_of(model.generator)))
    history = fit(model, n=8)  # steps 3 and 4: the GAN losses are on
    assert not all(np.allclose(a, b) for a, b in zip(d0, trainable_of(model.discriminator)))
    assert history["g_loss"][-1] != pytest.approx(history["mse"][-1])


def test_srgan_uses_vgg_weights_when_they_are_there(tmp_path, monkeypatch, standin_vgg19):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty"))
    with pytest.warns(UserWarning, match="VGG19 weights not found"):
        fallback = SRGAN((8, 8, 3), (32, 32, 3), g_filters=4, n_blocks=1, d_filters=4, seed=0)
    assert "pixel squared error" in fallback.content_fallback
    weights = tmp_path / "vgg19.h5"
    standin_vgg19(weights)
    model = SRGAN(
        (8, 8, 3),
        (32, 32, 3),
        g_filters=4,
        n_blocks=1,
        d_filters=4,
        content_layer="block2_conv2",
        vgg_weights=str(weights),
        seed=0,
    )
    assert model.content_fallback is None
    model.compile()
    history = fit(model, n=4)
    assert history["content"][-1] != pytest.approx(history["mse"][-1])
    assert np.isfinite(history["content"][-1])


def test_linear_decay_sets_every_phase_optimizer():
    model = tiny_model("cyclegan")
    decay = LinearDecay(model, start_fraction=0.5)
    assert decay.base == {"generator": pytest.approx(2e-4), "discriminator": pytest.approx(2e-4)}
    # One batch an epoch: rates 1, 1, 2/3, 1/3 of the base at the starts of the 4 epochs.
    model.fit(*fit_args(model, n=4), batch_size=4, epochs=4, verbose=0, callbacks=[decay])
    for optimizer in model.phase_optimizers.values():
        assert float(ops.convert_to_numpy(optimizer.learning_rate)) == pytest.approx(2e-4 / 3)


def test_dualgan_rejects_adam_betas():
    model = DualGAN(source_shape=(8, 8, 1), image_shape=(8, 8, 1), g_filters=4, d_filters=4)
    with pytest.raises(ValueError, match="RMSprop"):
        model.default_optimizer("generator", beta_1=0.5)


@pytest.mark.parametrize("option", [{"augment": "all"}, {"r1_gamma": 1.0}])
def test_sample_regularisers_are_refused(option):
    with pytest.raises(ValueError, match="image-to-image"):
        Pix2Pix(source_shape=(8, 8, 1), image_shape=(8, 8, 1), g_filters=4, d_filters=4, **option)


def test_ema_keeps_an_averaged_translator_for_sampling():
    model = tiny_model("pix2pix", ema_decay=0.9)
    fit(model)
    assert model.sampling_generator is model.generator_ema
    x = np.zeros((2, 8, 8, 3), "float32")
    assert model.translate(x).shape == (2, 8, 8, 1)
    kernel, average = model.generator.get_weights()[0], model.generator_ema.get_weights()[0]
    assert kernel.shape == average.shape and not np.allclose(kernel, average)


def test_discogan_and_dualgan_are_cyclegan_with_other_defaults():
    from kerasgan.models.registry import constructor_arguments

    cycle = constructor_arguments(CycleGAN)
    for cls, changed in (
        (DiscoGAN, DiscoGAN.default_arguments),
        (DualGAN, DualGAN.default_arguments),
    ):
        arguments = constructor_arguments(cls)
        assert set(arguments) == set(cycle)  # the same options on the CLI
        assert {k: arguments[k] for k in changed} == changed
        assert all(arguments[k] == v for k, v in cycle.items() if k not in changed)
    model = DiscoGAN(source_shape=(8, 8, 1), image_shape=(8, 8, 1), g_filters=4, d_filters=4)
    assert (model.name, model.translator_kind, model.loss_name) == (
        "discogan",
        "encoder_decoder",
        "non_saturating",
    )
    model = DualGAN((8, 8, 1), (8, 8, 1), g_filters=4, d_filters=4, cycle_weight=5.0, name="d")
    assert (model.name, model.cycle_weight, model.loss_name) == ("d", 5.0, "non_saturating")


def test_two_way_gradient_penalty_is_that_of_the_mean_patch_output():
    """`patch_penalty` against finite differences of D's mean patch output in numpy."""
    model = tiny_model("dualgan", weight_clip=0.0, gradient_penalty=10.0, d_norm="none")
    ctx = step_context(model)
    image = np.random.default_rng(0).uniform(-1, 1, (1, 8, 8, 1)).astype("float32")
    patches = int(np.prod(model.discriminator(image).shape[1:]))
    # real == fake: the interpolation is the image itself whatever the random weight.
    tensor = ops.convert_to_tensor(image)
    penalty = float(
        ops.convert_to_numpy(model.patch_penalty(ctx, "discriminator", tensor, tensor, patches))
    )

    def mean_output(x):
        return float(np.mean(ops.convert_to_numpy(model.discriminator(x, training=True))))

    grad, eps = np.zeros(image.size), 1e-2
    for i in range(image.size):
        step = np.zeros(image.size, "float32")
        step[i] = eps
        step = step.reshape(image.shape)
        grad[i] = (mean_output(image + step) - mean_output(image - step)) / (2 * eps)
    np.testing.assert_allclose(penalty, (np.linalg.norm(grad) - 1.0) ** 2, rtol=2e-3)


def test_two_way_variants_take_a_gradient_penalty_and_a_discriminator_norm():
    model = tiny_model("dualgan", weight_clip=0.0, gradient_penalty=10.0, d_norm="none")
    assert model.norm == "batch" and model.discriminator.norm == "none"
    assert model.generator.norm == "batch"
    history = fit(model)
    assert "gp" in history and np.isfinite(history["gp"][-1]) and history["gp"][-1] > 0
    assert "gp" not in fit(tiny_model("dualgan"))


def test_dualgan_defaults_are_the_authors_code():
    model = tiny_model("dualgan")
    assert model.loss_name == "non_saturating" and model.weight_clip == 0.0
    assert model.cycle_weight == 20.0 and model.n_critic == 1
    assert model.generator.__class__.__name__ == "UNetGenerator"
    fit(model)
    values = np.concatenate([w.ravel() for w in trainable_of(model.discriminator)])
    assert np.abs(values).max() > 0.01  # not clipped
    with pytest.raises(ValueError, match="image-to-image"):
        Pix2Pix((8, 8, 1), (8, 8, 1), g_filters=4, d_filters=4, gradient_penalty=10.0)
