"""Style-based generators: mapping, mixing, the average w, truncation, path length
regularization, style levels and the style-mixing figure."""

import math

import keras
import numpy as np
import pytest

from kerasgan.inference.style import (
    is_style_generator,
    level_resolutions,
    map_to_w,
    style_levels,
    style_mix_grid,
    synthesize,
    w_paths,
)
from kerasgan.models import StyleGAN2
from kerasgan.models.style.stylegan2 import path_length_penalty, path_lengths
from kerasgan.networks.residual import ResidualDiscriminator
from kerasgan.networks.style import Style2Generator, StyleGenerator
from tests.helpers import numpy, random

SMALL = {"channel_base": 32, "channel_max": 4, "mapping_layers": 2}


@pytest.fixture(params=[StyleGenerator, Style2Generator], ids=["stylegan", "stylegan2"])
def generator(request):
    net = request.param(latent_dim=6, image_shape=(16, 16, 1), seed=0, **SMALL)
    net(*net.example_inputs())
    net.w_avg.assign(random(6, seed=9))
    return net


def test_mapping_gives_one_style_per_layer_and_synthesis_takes_them(generator):
    z = random(3, 6, seed=1)
    ws = numpy(generator(z, mode="mapping"))
    assert generator.num_ws == 6 and ws.shape == (3, 6, 6)
    np.testing.assert_allclose(ws, np.repeat(ws[:, :1], 6, axis=1))  # no mixing at inference
    images = numpy(generator(z))
    assert images.shape == (3, 16, 16, 1)
    np.testing.assert_allclose(numpy(generator(ws, mode="synthesis")), images, atol=1e-5)
    np.testing.assert_allclose(numpy(generator(ws[:, 0], mode="synthesis")), images, atol=1e-5)
    np.testing.assert_allclose(numpy(generator(z)), images)  # fixed noise at inference
    assert is_style_generator(generator)
    with pytest.raises(ValueError, match="mode"):
        generator(z, mode="w")


def test_truncation_one_is_the_identity_and_zero_the_average_w(generator):
    ws = random(4, 6, 6, seed=2)
    w_avg = numpy(generator.w_avg)
    np.testing.assert_array_equal(numpy(generator.truncate(ws, 1.0)), ws)
    np.testing.assert_allclose(numpy(generator.truncate(ws, 0.0)), np.broadcast_to(w_avg, ws.shape))
    half = numpy(generator.truncate(ws, 0.5, cutoff=2))
    np.testing.assert_allclose(half[:, :2], w_avg + 0.5 * (ws[:, :2] - w_avg), rtol=1e-6)
    np.testing.assert_array_equal(half[:, 2:], ws[:, 2:])
    average = numpy(generator(random(3, 6), truncation=0.0))
    alone = numpy(generator(np.tile(w_avg, (3, 1)), mode="synthesis"))
    np.testing.assert_allclose(average, alone, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(average[0], average[2], atol=1e-5)  # every z gives one image


def test_training_calls_mix_styles_and_track_the_average_w():
    net = StyleGenerator(
        latent_dim=6, image_shape=(8, 8, 1), mixing_probability=1.0, w_avg_beta=0.5, **SMALL
    )
    z = random(64, 6, seed=3)
    net(z)
    trainable = [v.value for v in net.trainable_variables]
    state = [v.value for v in net.non_trainable_variables]
    ws, _ = net.stateless_call(trainable, state, z, training=True, mode="mapping")
    ws = numpy(ws)
    assert not np.allclose(ws[:, 0], ws[:, -1])  # every sample mixed
    np.testing.assert_allclose(ws[:, 0], numpy(net.mapping(z)), rtol=1e-5, atol=1e-6)
    _, new_state = net.stateless_call(trainable, state, z, training=True)
    names = [v.name for v in net.non_trainable_variables]
    w_avg = numpy(new_state[names.index("w_avg")])
    expected = 0.5 * numpy(net.mapping(z)).mean(axis=0)  # from zeros, beta 0.5
    np.testing.assert_allclose(w_avg, expected, rtol=1e-4, atol=1e-6)
    never = StyleGenerator(latent_dim=6, image_shape=(8, 8, 1), mixing_probability=0.0, **SMALL)
    never(z)
    out, _ = never.stateless_call(
        [v.value for v in never.trainable_variables],
        [v.value for v in never.non_trainable_variables],
        z,
        training=True,
        mode="mapping",
    )
    np.testing.assert_allclose(numpy(out)[:, 0], numpy(out)[:, -1])


def test_path_lengths_and_penalty_against_numpy():
    gradient = random(5, 4, 3, seed=4).astype("float64")
    expected = np.sqrt((gradient**2).sum(axis=2).mean(axis=1))
    lengths = numpy(path_lengths(gradient.astype("float32")))
    np.testing.assert_allclose(lengths, expected, rtol=1e-5)
    penalty, mean = path_length_penalty(lengths, 0.3, decay=0.01)
    new_mean = 0.3 + 0.01 * (expected.mean() - 0.3)
    np.testing.assert_allclose(numpy(mean), new_mean, rtol=1e-5)
    np.testing.assert_allclose(numpy(penalty), ((expected - new_mean) ** 2).mean(), rtol=1e-4)


def test_path_length_of_a_linear_synthesis_is_its_jacobian_norm():
    """For images = ws @ A the gradient of sum(images * y) is y A^T: checked end to end."""
    model = StyleGAN2(latent_dim=6, image_shape=(8, 8, 1), seed=0, pl_every=1, **SMALL)
    model.compile()
    from kerasgan.engine.context import StepContext

    values = {id(v): v.value for v in model.variables}
    ctx = StepContext(model, values)
    ws = keras.ops.convert_to_tensor(random(2, model.generator.num_ws, 6, seed=5))
    matrix = random(6, 4, seed=6)
    direction = random(2, model.generator.num_ws, 4, seed=7)
    as_tensors = keras.ops.convert_to_tensor(matrix), keras.ops.convert_to_tensor(direction)

    def linear(points):
        return keras.ops.matmul(points, as_tensors[0]) * as_tensors[1]

    gradient = numpy(ctx.input_gradient(linear, ws))
    np.testing.assert_allclose(gradient, direction @ matrix.T, rtol=1e-5, atol=1e-6)
    loss, logs = model.path_length_loss(ctx, random(4, 8, 8, 1), None)
    assert np.isfinite(numpy(loss)) and float(numpy(logs["pl"])) >= 0
    new_mean = numpy(ctx.updates[id(model.pl_mean)])
    assert new_mean > 0  # moved from 0 toward the batch's mean length
    np.testing.assert_allclose(numpy(logs["pl_mean"]), new_mean)


def test_lazy_regularization_corrects_the_optimizers():
    model = StyleGAN2(latent_dim=6, image_shape=(8, 8, 1), r1_every=16, pl_every=4, **SMALL)
    g, d = model.default_optimizer("generator"), model.default_optimizer("discriminator")
    assert math.isclose(float(g.learning_rate), 2e-3 * 4 / 5, rel_tol=1e-6)
    assert math.isclose(float(d.learning_rate), 2e-3 * 16 / 17, rel_tol=1e-6)
    assert math.isclose(float(d.beta_2), 0.99 ** (16 / 17), rel_tol=1e-6)
    names = [p.name for p in model.phases()]
    assert names == ["discriminator", "r1", "generator", "path_length"]
    with pytest.raises(ValueError, match="pl_every"):
        StyleGAN2(latent_dim=6, image_shape=(8, 8, 1), pl_every=0, **SMALL)


def test_residual_discriminator_halves_to_4x4():
    net = ResidualDiscriminator((16, 16, 3), channel_base=32, channel_max=4)
    out = numpy(net(random(3, 16, 16, 3)))
    assert out.shape == (3, 1) and np.isfinite(out).all()
    assert len(net.blocks) == 2


@pytest.mark.parametrize(
    "num_ws, expected",
    [
        (8, {"coarse": (0, 4), "middle": (4, 6), "fine": (6, 8)}),  # 32x32
        (18, {"coarse": (0, 4), "middle": (4, 8), "fine": (8, 18)}),  # 1024x1024, the paper's
        (6, {"coarse": (0, 2), "middle": (2, 4), "fine": (4, 6)}),  # 16x16
    ],
)
def test_style_levels(num_ws, expected):
    assert style_levels(num_ws) == expected
    assert level_resolutions(18, "middle") == "16x16-32x32"


def test_style_mix_grid_shape_and_cells(generator):
    z_a, z_b = random(4, 6, seed=1), random(2, 6, seed=2)
    images, nrow, levels = style_mix_grid(generator, z_a, z_b)
    assert levels == ["coarse", "middle", "fine"] and nrow == 5
    assert images.shape == ((1 + 3 * 2) * 5, 16, 16, 1)
    grid = images.reshape(7, 5, 16, 16, 1)
    np.testing.assert_array_equal(grid[0, 0], np.ones((16, 16, 1)))
    a, b = numpy(generator(z_a)), numpy(generator(z_b))
    np.testing.assert_allclose(grid[0, 1:], a, atol=1e-5)
    for level in range(3):
        np.testing.assert_allclose(grid[1 + 2 * level : 3 + 2 * level, 0], b, atol=1e-5)
    # Mixed cells are neither source (levels change the image).
    assert not np.allclose(grid[1, 1], a[0], atol=1e-4)


def test_paths_in_w_are_straight_and_end_at_the_mapped_latents(generator):
    z0, z1 = random(2, 6, seed=1), random(2, 6, seed=2)
    ws = w_paths(generator, z0, z1, steps=5)
    assert ws.shape == (10, 6, 6)
    np.testing.assert_allclose(ws[0], map_to_w(generator, z0)[0], atol=1e-6)
    np.testing.assert_allclose(ws[4], map_to_w(generator, z1)[0], atol=1e-6)
    np.testing.assert_allclose(ws[2], (ws[0] + ws[4]) / 2, atol=1e-5)
    assert synthesize(generator, ws, batch_size=3).shape == (10, 16, 16, 1)
