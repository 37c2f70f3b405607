"""SGAN: K class logits that also say real or fake, a labelled set, feature matching."""

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.callbacks import SampleGrid
from kerasgan.models import SGAN, SGANDiscriminator
from kerasgan.models.labels.sgan import (
    balanced_indices,
    feature_matching_loss,
    real_probability,
    source_logit,
    supervised_baseline,
    supervised_loss,
    unsupervised_fake_loss,
    unsupervised_real_loss,
)
from tests.helpers import scalar, step_context, tiny_data, tiny_model

LOGITS = np.array([[2.0, -1.0, 0.5], [0.0, 0.0, 0.0], [-3.0, 1.0, 4.0], [30.0, -30.0, 0.0]])
LABELS = np.array([0, 2, 2, 1])


def numpy_lse(logits):
    top = logits.max(axis=-1)
    return top + np.log(np.exp(logits - top[:, None]).sum(axis=-1))


def numpy_cross_entropy(labels, logits):
    log_probs = logits - numpy_lse(logits)[:, None]
    return -np.mean(log_probs[np.arange(len(labels)), labels])


def test_real_fake_logit_is_logsumexp_and_d_real_is_z_over_z_plus_one():
    z = np.exp(LOGITS).sum(axis=-1)
    np.testing.assert_allclose(ops.convert_to_numpy(source_logit(LOGITS)), np.log(z), rtol=1e-6)
    np.testing.assert_allclose(
        ops.convert_to_numpy(real_probability(LOGITS)), z / (z + 1), rtol=1e-6
    )
    np.testing.assert_allclose(ops.convert_to_numpy(real_probability(LOGITS))[1], 3 / 4)


def test_losses_match_numpy_on_fixed_logits():
    lse = numpy_lse(LOGITS)
    softplus = lambda v: np.log1p(np.exp(-np.abs(v))) + np.maximum(v, 0)  # noqa: E731
    z = np.exp(LOGITS).sum(axis=-1)
    np.testing.assert_allclose(
        scalar(supervised_loss(LABELS, LOGITS)), numpy_cross_entropy(LABELS, LOGITS), rtol=1e-5
    )
    real, fake = scalar(unsupervised_real_loss(LOGITS)), scalar(unsupervised_fake_loss(LOGITS))
    np.testing.assert_allclose(real, np.mean(softplus(-lse)), rtol=1e-5)
    np.testing.assert_allclose(fake, np.mean(softplus(lse)), rtol=1e-5)
    # -log D(x) and -log(1 - D(x)) with D(x) = Z / (Z + 1), on the rows where it is exact
    rows = slice(0, 3)
    np.testing.assert_allclose(
        np.mean(softplus(-lse[rows])), np.mean(-np.log(z[rows] / (z[rows] + 1))), rtol=1e-6
    )
    np.testing.assert_allclose(
        np.mean(softplus(lse[rows])), np.mean(-np.log(1 / (z[rows] + 1))), rtol=1e-6
    )


def test_feature_matching_is_zero_for_matching_means_and_squared_mean_gap_otherwise():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(6, 5)).astype("float32")
    assert scalar(feature_matching_loss(real, real)) == 0.0
    assert scalar(feature_matching_loss(real, real[::-1])) == pytest.approx(0.0, abs=1e-12)
    fake = rng.normal(size=(4, 5)).astype("float32")
    expected = np.mean((real.mean(axis=0) - fake.mean(axis=0)) ** 2)
    np.testing.assert_allclose(scalar(feature_matching_loss(real, fake)), expected, rtol=1e-5)


def test_balanced_indices_are_balanced_seeded_and_checked():
    labels = np.repeat(np.arange(3), [5, 4, 6])
    index = balanced_indices(labels, 7, 3, seed=1)
    assert np.all(np.diff(index) > 0)
    assert np.bincount(labels[index], minlength=3).tolist() == [3, 2, 2]
    np.testing.assert_array_equal(index, balanced_indices(labels, 7, 3, seed=1))
    others = [balanced_indices(labels, 7, 3, seed=s) for s in range(2, 6)]
    assert any(not np.array_equal(index, other) for other in others)
    with pytest.raises(ValueError, match="fewer than the 3 classes"):
        balanced_indices(labels, 2, 3)
    with pytest.raises(ValueError, match="class 1"):
        balanced_indices(labels, 15, 3)


def test_discriminator_gives_class_logits_and_features_and_ignores_labels():
    d = SGANDiscriminator((8, 8, 1), num_classes=5, filters=2)
    x = np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    logits, features = (ops.convert_to_numpy(t) for t in d(x))
    assert logits.shape == (4, 5) and features.shape == (4, 4 * 4 * 2)
    np.testing.assert_array_equal(logits, ops.convert_to_numpy(d(x, np.arange(4))[0]))


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="num_classes"):
        SGAN(image_shape=(8, 8, 1), num_classes=1)
    with pytest.raises(ValueError, match="fewer than the 3 classes"):
        SGAN(image_shape=(8, 8, 1), num_classes=3, labeled=2)
    with pytest.raises(ValueError, match="generator_loss"):
        SGAN(image_shape=(8, 8, 1), num_classes=3, generator_loss="minimax")
    model = tiny_model("sgan")
    with pytest.raises(ValueError, match="6 images"):
        model.set_labeled(*tiny_data(5, model.image_shape, 3))
    with pytest.raises(ValueError, match="labels must be in"):
        model.set_labeled(tiny_data(6, model.image_shape)[0], np.arange(6))
    with pytest.raises(ValueError, match="labeled=0"):
        tiny_model("sgan", labeled=0).set_labeled(*tiny_data(6, model.image_shape))


def coded_labeled_set(model):
    """Labelled images whose every pixel is its own index / 10, with labels index % 3."""
    n = model.labeled
    images = np.broadcast_to(
        (np.arange(n, dtype="float32") / 10)[:, None, None, None], (n, *model.image_shape)
    )
    model.set_labeled(images, np.arange(n) % 3)
    return images


def test_labelled_draws_come_only_from_the_labelled_set():
    model = tiny_model("sgan")
    coded_labeled_set(model)
    x = ops.convert_to_tensor(tiny_data(32, model.image_shape)[0])
    ctx = step_context(model)
    seen = set()
    for _ in range(4):
        images, labels = (ops.convert_to_numpy(t) for t in model.labeled_batch(ctx, x, None))
        assert images.shape == (32, *model.image_shape) and labels.shape == (32,)
        codes = np.round(images[:, 0, 0, 0] * 10).astype(int)
        np.testing.assert_allclose(
            images, np.broadcast_to(codes[:, None, None, None] / 10, images.shape), atol=1e-6
        )
        assert set(codes) <= set(range(model.labeled))
        np.testing.assert_array_equal(labels, codes % 3)
        seen |= set(codes)
    assert len(seen) == model.labeled  # 128 draws with replacement reach all 6


def test_discriminator_loss_is_supervised_plus_half_the_unsupervised_terms():
    model = tiny_model("sgan")
    coded_labeled_set(model)
    x = ops.convert_to_tensor(tiny_data(6, model.image_shape)[0])
    # the model's draw order: labelled index, noise; then D on x, on G(z), on the labelled batch
    ctx = step_context(model)
    labeled_x, labeled_y = model.labeled_batch(ctx, x, None)
    fake = ctx("generator", ctx.normal((6, model.latent_dim)))
    real_logits = ops.convert_to_numpy(ctx("discriminator", x)[0])
    fake_logits = ops.convert_to_numpy(ctx("discriminator", fake)[0])
    class_logits = ops.convert_to_numpy(ctx("discriminator", labeled_x)[0])
    supervised = numpy_cross_entropy(ops.convert_to_numpy(labeled_y), class_logits)
    softplus = lambda v: np.logaddexp(0.0, v)  # noqa: E731
    unsup = 0.5 * (
        np.mean(softplus(-numpy_lse(real_logits))) + np.mean(softplus(numpy_lse(fake_logits)))
    )
    loss, logs = model.discriminator_loss(step_context(model), x, None)
    np.testing.assert_allclose(scalar(logs["d_class_loss"]), supervised, rtol=1e-5)
    np.testing.assert_allclose(scalar(logs["d_unsup_loss"]), unsup, rtol=1e-5)
    np.testing.assert_allclose(scalar(loss), supervised + unsup, rtol=1e-5)
    assert 0.0 <= scalar(logs["d_class_acc"]) <= 1.0


def test_generator_losses():
    model = tiny_model("sgan")
    x = ops.convert_to_tensor(tiny_data(6, model.image_shape)[0])
    ctx = step_context(model)
    fake_logits, fake_features = ctx("discriminator", ctx("generator", ctx.normal((6, 6))))
    real_features = ctx("discriminator", x)[1]
    expected = scalar(feature_matching_loss(real_features, fake_features))
    loss, _ = model.generator_loss(step_context(model), x, None)
    np.testing.assert_allclose(scalar(loss), expected, rtol=1e-5)
    model.generator_objective = "non_saturating"
    loss, _ = model.generator_loss(step_context(model), x, None)
    np.testing.assert_allclose(scalar(loss), scalar(unsupervised_real_loss(fake_logits)), rtol=1e-5)


def test_fit_needs_the_labelled_set_or_batch_labels():
    x, y = tiny_data(8, (8, 8, 1))
    model = SGAN(
        latent_dim=6, image_shape=(8, 8, 1), num_classes=3, labeled=6, g_filters=4, d_filters=4
    )
    model.compile()
    with pytest.raises(ValueError, match="set_labeled"):
        model.fit(x, batch_size=4, epochs=1, verbose=0)
    model.set_labeled(*tiny_data(6, (8, 8, 1)))  # the failed fit left the model usable
    assert np.isfinite(model.fit(x, batch_size=4, epochs=1, verbose=0).history["d_loss"][0])
    with pytest.raises(ValueError, match="needs labels"):
        tiny_model("sgan", labeled=0).fit(x, batch_size=4, epochs=1, verbose=0)
    every = tiny_model("sgan", labeled=0)  # a failed JAX trace leaves a model unusable
    assert every.uses_batch_labels and not model.uses_batch_labels
    logs = every.fit(x, y, batch_size=4, epochs=1, verbose=0).history
    assert {"d_class_loss", "d_class_acc", "d_unsup_loss", "g_loss"} <= set(logs)


def test_fit_with_r1_and_augment_then_classify_generate_and_sample_grid(tmp_path):
    model = tiny_model("sgan", r1_gamma=1.0, augment="translation")
    x, y = tiny_data(8, model.image_shape)
    logs = model.fit(x, batch_size=4, epochs=1, verbose=0).history  # no labels needed
    assert logs["r1"][0] > 0 and 0.0 <= logs["d_acc_real"][0] <= 1.0
    for values in logs.values():
        assert np.all(np.isfinite(values))
    predicted = model.classify(x)
    assert predicted.shape == (8,) and predicted.dtype == np.int64
    assert set(predicted) <= {0, 1, 2}
    uint8 = np.round((x + 1) * 127.5).astype(np.uint8)
    assert model.classify(uint8).shape == (8,)
    accuracy = model.classifier_accuracy(x, y)
    assert accuracy == pytest.approx(np.mean(predicted == y))
    assert model.num_classes == 0 and model.classes == 3  # G is unconditional
    z = np.random.default_rng(0).standard_normal((2, model.latent_dim))
    images = model.generate(z)
    assert images.shape == (2, 8, 8, 1) and not np.allclose(images[0], images[1])
    grid = SampleGrid(tmp_path, n=4)
    grid.set_model(model)
    assert grid.write(1).endswith("epoch_0001.png") and grid.labels is None


def test_supervised_baseline_trains_the_same_network_as_a_classifier():
    x, y = tiny_data(6, (8, 8, 1))
    classifier = supervised_baseline(x, y, 3, steps=3, batch_size=4, d_filters=2)
    logits = keras.ops.convert_to_numpy(classifier(x))
    assert logits.shape == (6, 3) and np.all(np.isfinite(logits))
    assert any(isinstance(layer, SGANDiscriminator) for layer in classifier.layers)
    assert int(classifier.optimizer.iterations) == 3
