"""CoGAN: coupled generators and discriminators, the domain transforms and the losses."""

import numpy as np
import pytest

from kerasgan.models import CoGAN
from kerasgan.models.latent.cogan import domain_transform
from kerasgan.models.latent.cogan_networks import split_pair
from tests.helpers import numpy, step_context, tiny_data, tiny_model


def test_generator_gives_side_by_side_pairs():
    model = tiny_model("cogan")
    assert model.image_shape == (8, 8, 1)
    z = np.random.default_rng(0).standard_normal((5, 6)).astype("float32")
    pairs = model.generate(z)
    assert pairs.shape == (5, 8, 16, 1)
    a, b = split_pair(pairs)
    assert not np.allclose(a, b)  # the two domains' last stages differ
    assert not np.allclose(a[0], a[1]) and not np.allclose(b[0], b[1])


def test_the_two_generators_share_everything_but_their_last_stage():
    generator = tiny_model("cogan").generator
    head_a, head_b = generator.head_a, generator.head_b
    assert head_a is not head_b
    shared = {id(v) for layer in generator.shared for v in layer.weights}
    heads = {id(v) for v in head_a.weights} | {id(v) for v in head_b.weights}
    assert shared and not shared & heads
    assert {id(v) for v in generator.weights} == shared | heads
    # With B's last stage set to A's, the halves coincide: only the last stages differ.
    head_b.set_weights(head_a.get_weights())
    z = np.random.default_rng(1).standard_normal((3, 6)).astype("float32")
    a, b = split_pair(numpy(generator(z, training=False)))
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_discriminator_judges_each_half_with_its_own_column():
    discriminator = tiny_model("cogan").discriminator
    assert discriminator.example_inputs()[0].shape == (1, 8, 16, 1)
    rng = np.random.default_rng(2)
    pairs = rng.uniform(-1, 1, (4, 8, 16, 1)).astype("float32")
    logits = numpy(discriminator(pairs, training=False))
    assert logits.shape == (4, 2)
    changed = pairs.copy()
    changed[:, :, 8:] = rng.uniform(-1, 1, (4, 8, 8, 1))
    other = numpy(discriminator(changed, training=False))
    np.testing.assert_allclose(other[:, 0], logits[:, 0], rtol=1e-5, atol=1e-6)
    assert not np.allclose(other[:, 1], logits[:, 1])
    # The two early stacks are separate, the later layers are shared.
    assert discriminator.early_a[0] is not discriminator.early_b[0]
    assert any(layer.weights for layer in discriminator.shared)


def test_negative_transform_is_exact_and_edges_are_in_range():
    x, _ = tiny_data(6)
    np.testing.assert_array_equal(numpy(domain_transform(x, "negative")), -x)
    edges = numpy(domain_transform(x, "edges"))
    assert edges.shape == x.shape and np.all(edges >= -1.0) and np.all(edges <= 1.0)
    flat = numpy(domain_transform(np.full((1, 8, 8, 1), 0.3, "float32"), "edges"))
    np.testing.assert_allclose(flat, -1.0)
    step = np.full((1, 8, 8, 1), -1.0, "float32")
    step[:, :, 4:] = 1.0
    edge_map = numpy(domain_transform(step, "edges"))
    assert np.all(edge_map[0, :, 3] > 0.0) and np.all(edge_map[0, :, 5:] == -1.0)
    with pytest.raises(ValueError, match="transform"):
        CoGAN(latent_dim=6, image_shape=(8, 8, 1), transform="blur")


def test_real_pairs_are_unpaired_transforms_of_the_batch():
    model = tiny_model("cogan")
    x, _ = tiny_data(16)
    real = numpy(model.real_pairs(step_context(model), x))
    a, b = split_pair(real)
    np.testing.assert_array_equal(a, x)
    # Each B image is the negative of some image of the batch, each used once.
    matches = [int(np.argmin(np.abs(-x - image).sum(axis=(1, 2, 3)))) for image in b]
    assert sorted(matches) == list(range(16))
    np.testing.assert_array_equal(b, -x[matches])
    assert matches != list(range(16))


@pytest.mark.parametrize("key", ["cogan", "cogan_edges"])
def test_losses_are_finite_and_sum_both_domains(key):
    model = tiny_model(key)
    x, _ = tiny_data(8)
    d_loss, d_logs = model.discriminator_loss(step_context(model), x, None)
    g_loss, g_logs = model.generator_loss(step_context(model), x, None)
    for loss, logs, prefix in ((d_loss, d_logs, "d"), (g_loss, g_logs, "g")):
        a, b = float(numpy(logs[f"{prefix}_loss_a"])), float(numpy(logs[f"{prefix}_loss_b"]))
        assert np.isfinite([a, b]).all() and a > 0 and b > 0
        np.testing.assert_allclose(float(numpy(loss)), a + b, rtol=1e-5)


def test_evaluation_images_are_domain_a_and_other_variants_keep_theirs():
    from kerasgan.metrics.run_evaluation import generate_balanced

    model = tiny_model("cogan")
    pairs = model.generate(model.sample_latent(5, seed=1))
    np.testing.assert_array_equal(model.evaluation_images(pairs), pairs[:, :, :8])
    images, labels = generate_balanced(model, 5, seed=1)  # what evaluation measures
    assert images.shape == (5, 8, 8, 1) and labels is None
    np.testing.assert_allclose(images, pairs[:, :, :8], atol=1e-6)
    dcgan = tiny_model("dcgan")
    assert dcgan.evaluation_images(pairs) is pairs
