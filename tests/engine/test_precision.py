"""Mixed precision: dtype policies reach the networks, losses stay float32, float16 loss scaling."""

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.engine import Phase, PhasedModel
from kerasgan.engine.precision import dtype_policy_scope, layers_of, next_scale
from kerasgan.runs.checkpoints import restore_checkpoint, save_checkpoint
from tests.helpers import changed, numpy, step_context, tiny_data, tiny_model, trainable_of
from tests.helpers.variants import fit_args

MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
GAIN = 4.0
"""The probe's loss is GAIN * sum(outputs): its float16 output gradient is scale * GAIN."""


class ScaleProbe(PhasedModel):
    """One bias-free Dense unit whose loss gradient at its float16 output is scale * GAIN.

    At the starting scale 2**15 that is 131072, past float16's largest value 65504: the
    gradient overflows; at 2**14 it is 65536, still past it; at 2**13 it fits.
    """

    network_names = ("net",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.net = keras.Sequential(
            [keras.Input((2,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")]
        )
        self.finish_setup()

    def phases(self):
        def loss(ctx, x, y):
            del y
            value = GAIN * ops.sum(ctx("net", x))
            return value, {"loss": value}

        return [Phase("net", ("net",), loss, logs=("loss",))]


def probe(precision="mixed_float16"):
    with dtype_policy_scope(precision):
        model = ScaleProbe(seed=0)
    model.compile(optimizers={"net": keras.optimizers.SGD(1e-3)})
    return model


def one_step(model):
    """One `fit` step on a batch of one input (0.5, 0.5); returns the logged loss."""
    x = np.full((1, 2), 0.5, "float32")
    history = model.fit(x, batch_size=1, epochs=1, shuffle=False, verbose=0)
    return history.history["loss"][-1]


def scale_and_count(model):
    (scale, good) = model._index.loss_scales["net"]
    return float(numpy(scale)), int(numpy(good))


@pytest.mark.parametrize("precision", sorted(MIXED))
def test_policy_reaches_every_layer_and_losses_read_float32(precision):
    with dtype_policy_scope(precision):
        model = tiny_model("dcgan")
    assert keras.config.dtype_policy().name == "float32"  # restored after the build
    for name, net in model.networks.items():
        computing = {layer.dtype_policy.compute_dtype for layer in layers_of(net)}
        assert MIXED[precision] in computing, name
        assert {v.dtype for v in net.weights} == {"float32"}, name
    ctx = step_context(model)
    fake = ctx("generator", ctx.normal((2, model.latent_dim)))
    raw = model.generator(ctx.normal((2, model.latent_dim)))
    assert keras.backend.standardize_dtype(raw.dtype) == MIXED[precision]  # 16 bits inside
    assert keras.backend.standardize_dtype(fake.dtype) == "float32"  # float32 at the loss
    logits = ctx("discriminator", fake)
    assert keras.backend.standardize_dtype(logits.dtype) == "float32"
    penalty_input = ctx.input_gradient("discriminator", fake)
    assert keras.backend.standardize_dtype(penalty_input.dtype) == "float32"


def test_a_policy_scope_restores_the_policy_after_an_error():
    with pytest.raises(RuntimeError), dtype_policy_scope("mixed_bfloat16"):
        assert keras.config.dtype_policy().name == "mixed_bfloat16"
        raise RuntimeError("inside")
    assert keras.config.dtype_policy().name == "float32"
    with pytest.raises(ValueError, match="float32, mixed_float16, mixed_bfloat16"):
        with dtype_policy_scope("float64"):
            pass


@pytest.mark.parametrize("precision", ["float32", "mixed_float16", "mixed_bfloat16"])
def test_one_training_step_in_each_precision_gives_finite_losses(precision):
    with dtype_policy_scope(precision):
        model = tiny_model("wgan_gp")  # a gradient penalty, too
    x, _ = tiny_data(8)
    before = trainable_of(model.discriminator)
    history = model.fit(x, batch_size=8, epochs=1, shuffle=False, verbose=0)
    for name, values in history.history.items():
        assert np.isfinite(values).all(), name
    assert bool(model._index.loss_scales) == (precision == "mixed_float16")
    # float16: the critic's first step (its penalty) overflows at 2**15 and is skipped
    model.fit(x, batch_size=8, epochs=1, shuffle=False, verbose=0)
    assert changed(before, trainable_of(model.discriminator))


def test_unet_networks_train_in_float16():
    """PyTorch's CPU float16 convolution once refused their layers' weight gradients (and
    those of the residual and auto-encoder networks)."""
    with dtype_policy_scope("mixed_float16"):
        model = tiny_model("pix2pix")
        history = model.fit(*fit_args(model, n=4), batch_size=4, verbose=0, shuffle=False)
    for name, values in history.history.items():
        assert np.isfinite(values).all(), name


def test_float16_overflow_skips_the_step_lowers_the_scale_then_trains():
    model = probe()
    kernel = model.net.trainable_variables[0]
    assert scale_and_count(model) == (2.0**15, 0)

    loss = one_step(model)  # gradient 2**15 * GAIN overflows float16
    assert np.isfinite(loss)  # the loss logged is the loss itself, not scaled
    np.testing.assert_array_equal(numpy(kernel), np.ones((2, 1)))  # skipped
    assert scale_and_count(model) == (2.0**14, 0)
    assert int(numpy(model.phase_optimizers["net"].iterations)) == 0

    one_step(model)  # 2**14 * GAIN = 65536 still overflows
    np.testing.assert_array_equal(numpy(kernel), np.ones((2, 1)))
    assert scale_and_count(model) == (2.0**13, 0)

    one_step(model)  # fits: an SGD step with the unscaled gradient GAIN * 0.5
    np.testing.assert_allclose(numpy(kernel), np.full((2, 1), 1 - 1e-3 * GAIN * 0.5), rtol=1e-3)
    assert scale_and_count(model) == (2.0**13, 1)
    assert int(numpy(model.phase_optimizers["net"].iterations)) == 1


def test_bfloat16_and_float32_need_no_loss_scale():
    for precision in ("float32", "mixed_bfloat16"):
        model = probe(precision)
        assert model._index.loss_scales == {}
        one_step(model)
        assert changed([np.ones((2, 1))], trainable_of(model.net))


def test_the_scale_grows_after_a_run_of_good_steps():
    scale, good = next_scale(ops.convert_to_tensor(8.0), ops.convert_to_tensor(2), True, 4)
    assert (float(numpy(scale)), int(numpy(good))) == (8.0, 3)
    scale, good = next_scale(scale, good, True, 4)
    assert (float(numpy(scale)), int(numpy(good))) == (16.0, 0)
    scale, good = next_scale(scale, ops.convert_to_tensor(3), False, 4)
    assert (float(numpy(scale)), int(numpy(good))) == (8.0, 0)


def test_the_loss_scale_is_saved_in_checkpoints_and_restored(tmp_path):
    model = probe()
    for _ in range(3):
        one_step(model)
    assert scale_and_count(model) == (2.0**13, 1)
    path = save_checkpoint(model, tmp_path / "checkpoints", 3)

    again = probe()
    assert scale_and_count(again) == (2.0**15, 0)
    restore_checkpoint(again, path)
    assert scale_and_count(again) == (2.0**13, 1)
    np.testing.assert_allclose(numpy(again.net.weights[0]), numpy(model.net.weights[0]))
    one_step(again)  # continues from the restored scale: no skipped step
    assert scale_and_count(again) == (2.0**13, 2)


@pytest.mark.parametrize("key", ["pggan", "stylegan", "stylegan2"])
@pytest.mark.parametrize("precision", sorted(MIXED))
def test_style_based_variants_train_in_mixed_precision(key, precision):
    # Their normalizations (pixel norm, AdaIN's instance norm) divide by sqrt(var + 1e-8):
    # in float16 the epsilon is 0 and a constant map gives NaN unless computed in float32.
    with dtype_policy_scope(precision):
        model = tiny_model(key)
    x, _ = tiny_data(8)
    history = model.fit(x, batch_size=4, epochs=1, shuffle=False, verbose=0)
    for name, values in history.history.items():
        assert np.isfinite(values).all(), name
