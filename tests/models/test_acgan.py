"""ACGAN: a label-blind two-headed discriminator and the auxiliary class losses."""

import numpy as np
import pytest
from keras import ops

from kerasgan.layers import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.models import ACGAN, ACGANDiscriminator
from tests.helpers import (
    cross_entropy,
    fit_args,
    numpy_of,
    scalar,
    step_context,
    tiny_data,
    tiny_model,
)


@pytest.mark.parametrize("minibatch", ["none", "discrimination", "stddev"])
def test_discriminator_has_a_source_and_a_class_head_and_ignores_labels(minibatch):
    d = ACGANDiscriminator((8, 8, 1), num_classes=5, filters=2, minibatch=minibatch)
    x = np.random.default_rng(0).uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    source, classes = numpy_of(d(x))
    assert source.shape == (4, 1) and classes.shape == (4, 5)
    for out, again in zip((source, classes), numpy_of(d(x, np.array([4, 3, 2, 1])))):
        np.testing.assert_array_equal(out, again)
    kinds = {"discrimination": MinibatchDiscrimination, "stddev": MinibatchStdDev}
    found = [type(layer) for layer in d._flatten_layers() if type(layer) in kinds.values()]
    assert found == ([kinds[minibatch]] if minibatch in kinds else [])


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="minibatch"):
        ACGANDiscriminator((8, 8, 1), num_classes=3, minibatch="batch")
    with pytest.raises(ValueError, match="num_classes"):
        ACGAN(image_shape=(8, 8, 1), num_classes=1)
    with pytest.raises(ValueError, match="class_weight"):
        ACGAN(image_shape=(8, 8, 1), num_classes=3, class_weight=-1.0)


def expected_losses(model, x, y):
    """ACGAN's D and G losses recomputed from the networks, in the model's draw order."""
    ctx = step_context(model)
    batch = x.shape[0]
    fake_labels = ctx.randint((batch,), 0, model.num_classes)
    fake = ctx("generator", ctx.normal((batch, model.latent_dim)), fake_labels)
    real_source, real_classes = ctx("discriminator", ops.convert_to_tensor(x))
    fake_source, fake_classes = ctx("discriminator", fake)
    adversarial = model.adversarial_loss.discriminator(real_source, fake_source)
    real_classes, fake_classes, fake_labels = numpy_of((real_classes, fake_classes, fake_labels))
    d_class = cross_entropy(y, real_classes) + cross_entropy(fake_labels, fake_classes)
    g_adversarial = model.adversarial_loss.generator(fake_source, None)
    g_class = cross_entropy(fake_labels, fake_classes)
    return scalar(adversarial), d_class, scalar(g_adversarial), g_class


def test_losses_are_adversarial_plus_weighted_cross_entropies():
    model = tiny_model("acgan", class_weight=0.0)
    x, y = tiny_data(6, model.image_shape, 3)
    adversarial, d_class, g_adversarial, g_class = expected_losses(model, x, y)
    assert d_class > 0 and g_class > 0
    for weight in (0.0, 2.5):
        model.class_weight = weight
        d_loss, d_logs = model.discriminator_loss(step_context(model), ops.convert_to_tensor(x), y)
        np.testing.assert_allclose(scalar(d_loss), adversarial + weight * d_class, rtol=1e-5)
        np.testing.assert_allclose(scalar(d_logs["d_class_loss"]), d_class, rtol=1e-5)
        g_loss, g_logs = model.generator_loss(step_context(model), ops.convert_to_tensor(x), y)
        np.testing.assert_allclose(scalar(g_loss), g_adversarial + weight * g_class, rtol=1e-5)
        np.testing.assert_allclose(scalar(g_logs["g_class_loss"]), g_class, rtol=1e-5)


def test_fit_logs_class_metrics_and_generate_follows_the_labels():
    model = tiny_model("acgan", r1_gamma=1.0, augment="translation")
    logs = model.fit(*fit_args(model), batch_size=4, epochs=1, verbose=0).history
    assert {"d_class_loss", "d_class_acc", "g_class_loss", "r1", "d_acc_real"} <= set(logs)
    assert 0.0 <= logs["d_class_acc"][0] <= 1.0 and logs["r1"][0] > 0
    for values in logs.values():
        assert np.all(np.isfinite(values))
    z = np.zeros((3, model.latent_dim))
    images = model.generate(z, labels=np.arange(3))
    assert images.shape == (3, 8, 8, 1) and images.dtype == np.float32
    assert not np.allclose(images[0], images[1])  # one z, two classes: two images
    with pytest.raises(ValueError, match="conditional"):
        model.generate(np.zeros((2, model.latent_dim)))


def test_lazy_r1_differentiates_only_the_source_logit():
    model = tiny_model("acgan", r1_gamma=1.0, r1_every=2)
    assert [p.name for p in model.phases()] == ["discriminator", "r1", "generator"]
    logs = model.fit(*fit_args(model, n=8), batch_size=4, epochs=1, verbose=0).history
    assert logs["r1"][0] > 0
    x = ops.convert_to_tensor(tiny_data(3, model.image_shape)[0])
    assert scalar(model.r1_term(step_context(model), x, None)) > 0
    head = model.discriminator.to_source.kernel
    head.assign(np.zeros(head.shape, "float32"))  # the class head still depends on x
    assert scalar(model.r1_term(step_context(model), x, None)) == 0.0


def test_fit_without_labels_fails_clearly():
    model = tiny_model("acgan")
    x, _ = fit_args(model)
    with pytest.raises(ValueError, match="needs labels"):
        model.fit(x, batch_size=4, epochs=1, verbose=0)
