"""InfoGAN: the shared D/Q trunk, the mutual-information loss and the latent layout."""

import numpy as np
import pytest
from keras import ops

from kerasgan.callbacks import SampleGrid
from kerasgan.images import load_png
from kerasgan.models import InfoGAN, InfoGANDiscriminator
from kerasgan.models.latent.infogan import mutual_information_loss
from tests.helpers import (
    cross_entropy,
    fit_args,
    numpy_of,
    scalar,
    step_context,
    tiny_data,
    tiny_model,
)

NOISE, CODES, CATEGORIES = 4, 2, 3  # the tiny InfoGAN of tests.helpers.TINY


def numpy_information(categorical, continuous, logits, means, weight):
    """`mutual_information_loss` in numpy."""
    squared = np.sum((continuous - means) ** 2, axis=-1) if continuous.shape[-1] else 0.0
    return cross_entropy(categorical, logits) + weight * 0.5 * np.mean(squared)


@pytest.mark.parametrize("codes", [3, 0])
def test_discriminator_has_three_heads_and_ignores_labels(codes):
    d = InfoGANDiscriminator((8, 8, 1), categories=5, continuous_codes=codes, filters=2)
    x = np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    source, logits, means = numpy_of(d(x))
    assert source.shape == (4, 1) and logits.shape == (4, 5) and means.shape == (4, codes)
    for out, again in zip((source, logits, means), numpy_of(d(x, np.array([4, 3, 2, 1])))):
        np.testing.assert_array_equal(out, again)


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="categories"):
        InfoGAN(image_shape=(8, 8, 1), categories=1)
    with pytest.raises(ValueError, match="continuous_codes"):
        InfoGAN(image_shape=(8, 8, 1), continuous_codes=-1)
    with pytest.raises(ValueError, match="info_weight"):
        InfoGAN(image_shape=(8, 8, 1), info_weight=-1.0)
    with pytest.raises(ValueError, match="noise_dim"):
        InfoGAN(image_shape=(8, 8, 1), noise_dim=0)


def test_mutual_information_loss_matches_numpy():
    rng = np.random.default_rng(2)
    categorical = np.array([0, 2, 1, 2], "int32")
    continuous = rng.uniform(-1, 1, (4, 2)).astype("float32")
    logits = rng.normal(size=(4, 3)).astype("float32")
    means = rng.normal(size=(4, 2)).astype("float32")
    for weight in (0.0, 0.1, 2.0):
        got = mutual_information_loss(
            ops.convert_to_tensor(categorical),
            ops.convert_to_tensor(continuous),
            ops.convert_to_tensor(logits),
            ops.convert_to_tensor(means),
            weight,
        )
        expected = numpy_information(categorical, continuous, logits, means, weight)
        np.testing.assert_allclose(scalar(got), expected, rtol=1e-5)
    # Q exactly right on the continuous codes: only the cross-entropy is left.
    got = mutual_information_loss(categorical, continuous, logits, continuous, 5.0)
    np.testing.assert_allclose(scalar(got), cross_entropy(categorical, logits), rtol=1e-5)


def test_layout_the_model_is_unsupervised_and_g_is_conditional_on_the_code():
    model = tiny_model("infogan")
    assert model.num_classes == 0 and model.latent_dim == NOISE + CODES
    assert model.generator.num_classes == CATEGORIES
    assert model.generator.latent_dim == NOISE + CODES
    z, categorical, continuous = numpy_of(model.sample_codes(step_context(model), 64))
    np.testing.assert_array_equal(z[:, NOISE:], continuous)  # the codes end the vector
    assert continuous.min() >= -1 and continuous.max() <= 1 and np.abs(z[:, :NOISE]).max() > 1
    assert set(categorical) == set(range(CATEGORIES))


def expected_losses(model, x):
    """InfoGAN's D and G losses recomputed from the networks, in the model's draw order."""
    ctx = step_context(model)
    z, categorical, continuous = model.sample_codes(ctx, x.shape[0])
    fake = ctx("generator", z, categorical)
    real_source = ctx("discriminator", ops.convert_to_tensor(x))[0]
    fake_source, logits, means = ctx("discriminator", fake)
    adversarial = scalar(model.adversarial_loss.discriminator(real_source, fake_source))
    g_adversarial = scalar(model.adversarial_loss.generator(fake_source, None))
    z, categorical, logits, means = numpy_of((z, categorical, logits, means))
    info = numpy_information(categorical, z[:, NOISE:], logits, means, model.continuous_weight)
    accuracy = np.mean(np.argmax(logits, axis=-1) == categorical)
    return adversarial, g_adversarial, info, accuracy


def test_losses_are_adversarial_plus_weighted_information():
    model = tiny_model("infogan", continuous_weight=0.5)
    x, y = tiny_data(6, model.image_shape, 3)
    x = ops.convert_to_tensor(x)
    adversarial, g_adversarial, info, accuracy = expected_losses(model, ops.convert_to_numpy(x))
    assert info > 0
    for weight in (0.0, 2.5):
        model.info_weight = weight
        d_loss, d_logs = model.discriminator_loss(step_context(model), x, y)  # y is ignored
        np.testing.assert_allclose(scalar(d_loss), adversarial + weight * info, rtol=1e-5)
        np.testing.assert_allclose(scalar(d_logs["info_loss"]), info, rtol=1e-5)
        np.testing.assert_allclose(scalar(d_logs["q_cat_acc"]), accuracy)
        g_loss, g_logs = model.generator_loss(step_context(model), x, None)
        np.testing.assert_allclose(scalar(g_loss), g_adversarial + weight * info, rtol=1e-5)
        np.testing.assert_allclose(scalar(g_logs["g_loss"]), scalar(g_loss))


def test_fit_without_labels_logs_information_and_updates_q():
    model = tiny_model("infogan", r1_gamma=1.0, ema_decay=0.9)
    (x,) = fit_args(model)
    q_head = model.discriminator.to_categories.kernel
    before = np.array(q_head)
    logs = model.fit(x, batch_size=4, epochs=1, verbose=0).history
    assert {"d_loss", "g_loss", "info_loss", "q_cat_acc", "r1"} <= set(logs)
    for values in logs.values():
        assert np.all(np.isfinite(values))
    assert 0.0 <= logs["q_cat_acc"][0] <= 1.0 and logs["info_loss"][0] > 0
    assert not np.allclose(before, np.array(q_head))


def test_fit_with_labels_ignores_them_and_no_continuous_codes_work():
    model = tiny_model("infogan", continuous_codes=0)
    assert model.latent_dim == NOISE
    x, y = tiny_data(8, model.image_shape, 3)
    logs = model.fit(x, y, batch_size=4, epochs=1, verbose=0).history
    assert np.all(np.isfinite(logs["info_loss"]))
    assert model.predict_codes(x)[1].shape == (8, 0)


def test_lazy_r1_differentiates_only_the_source_logit():
    model = tiny_model("infogan", r1_gamma=1.0, r1_every=2)
    x = ops.convert_to_tensor(tiny_data(3, model.image_shape)[0])
    assert scalar(model.r1_term(step_context(model), x, None)) > 0
    head = model.discriminator.to_source.kernel
    head.assign(np.zeros(head.shape, "float32"))  # Q's heads still depend on x
    assert scalar(model.r1_term(step_context(model), x, None)) == 0.0


def test_generate_and_call_cycle_the_categories_without_labels():
    model = tiny_model("infogan")
    z = np.random.default_rng(3).standard_normal((5, model.latent_dim)).astype("float32")
    cycled = np.arange(5) % CATEGORIES
    images = model.generate(z)
    assert images.shape == (5, 8, 8, 1) and images.dtype == np.float32
    np.testing.assert_allclose(images, model.generate(z, labels=cycled), atol=1e-6)
    np.testing.assert_allclose(images, ops.convert_to_numpy(model(z)), atol=1e-5)
    assert not np.allclose(images, model.generate(z, labels=np.zeros(5, "int32")))


def test_noise_and_every_continuous_code_change_the_image():
    model = tiny_model("infogan")
    z = np.zeros((1, model.latent_dim), "float32")
    base = model.generate(z)
    for entry in (0, NOISE, NOISE + 1):  # a noise entry, then each continuous code
        moved = z.copy()
        moved[0, entry] = 1.0
        assert not np.allclose(base, model.generate(moved)), entry


def test_predict_codes_reads_q():
    model = tiny_model("infogan")
    x = tiny_data(7, model.image_shape)[0]
    categorical, continuous = model.predict_codes(x, batch_size=3)
    assert categorical.shape == (7,) and categorical.dtype == np.int32
    assert continuous.shape == (7, CODES) and continuous.dtype == np.float32
    _, logits, means = numpy_of(model.discriminator(x, training=False))
    np.testing.assert_array_equal(categorical, np.argmax(logits, axis=-1))
    np.testing.assert_allclose(continuous, means, rtol=1e-5, atol=1e-6)


def test_sample_grid_callback_cycles_the_categories(tmp_path):
    model = tiny_model("infogan")
    (x,) = fit_args(model, n=8)
    grid = SampleGrid(tmp_path, n=9, seed=1)
    model.fit(x, batch_size=4, epochs=1, verbose=0, callbacks=[grid])
    assert grid.labels is None and grid.z.shape == (9, model.latent_dim)
    assert load_png(tmp_path / "epoch_0001.png").shape[:2] == (3 * 10 + 2, 3 * 10 + 2)


def test_sample_latent_draws_normal_noise_then_uniform_codes():
    model = tiny_model("infogan")
    z = model.sample_latent(2000, seed=3)
    noise, codes = z[:, : model.noise_dim], z[:, model.noise_dim :]
    assert z.shape == (2000, model.latent_dim) and codes.shape[1] == model.continuous_codes
    assert codes.min() >= -1.0 and codes.max() <= 1.0
    assert abs(float(codes.std()) - (1 / 3) ** 0.5) < 0.03  # uniform on [-1, 1]
    assert float(np.abs(noise).max()) > 2.0  # normal noise goes beyond the codes' range
    np.testing.assert_array_equal(z, model.sample_latent(2000, seed=3))
