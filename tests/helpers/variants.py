"""The tiny configuration of every registered variant (`TINY`) and `run_variant_test`."""

import json

import keras
import numpy as np

from kerasgan.models.registry import constructor_arguments, variants
from tests.helpers.arrays import changed, numpy, trainable_of
from tests.helpers.networks import classes_of, random_inputs

SMALL = {"g_filters": 4, "d_filters": 4}
SR = {"source_shape": (2, 2, 1), "n_blocks": 1}
LABELS = {**SMALL, "num_classes": 3}
LAZY_R1 = {"r1_gamma": 1.0, "r1_every": 2}
STYLE = {"channel_base": 32, "channel_max": 4, "mapping_layers": 2}
DENSE = {"architecture": "dense", "g_units": (16,), "d_units": (16,)}

TINY = {
    "gan": ("gan", {"g_units": (16,), "d_units": (16,)}),
    "dcgan": ("dcgan", SMALL),
    # DiffAugment, generator EMA and lazy R1 together.
    "dcgan_options": ("dcgan", {**SMALL, "augment": "all", "ema_decay": 0.9, **LAZY_R1}),
    "cgan": ("cgan", LABELS),
    "cgan_dense": ("cgan", {**DENSE, "label_fusion": "multiply", "num_classes": 3}),
    "acgan": ("acgan", LABELS),
    "acgan_minibatch": ("acgan", {**LABELS, "minibatch": "discrimination"}),
    "infogan": ("infogan", {**SMALL, "noise_dim": 4, "categories": 3, "continuous_codes": 2}),
    # tiny_model gives SGAN 6 labelled images (set_labeled) before fit.
    "sgan": ("sgan", {**LABELS, "labeled": 6}),
    "sgan_non_saturating": ("sgan", {**LABELS, "labeled": 6, "generator_loss": "non_saturating"}),
    "aae": ("aae", {"units": (16,), "d_units": (16,)}),
    "aae_mixture": ("aae", {"units": (16,), "d_units": (16,), "prior": "mixture"}),
    "bigan": ("bigan", {"g_units": (16,), "e_units": (16,), "d_units": (16,)}),
    "bigan_conv": ("bigan", {"architecture": "conv", "filters": 4, "d_units": (16,)}),
    "cogan": ("cogan", SMALL),
    "cogan_edges": ("cogan", {**SMALL, "transform": "edges"}),
    "lsgan": ("lsgan", SMALL),
    "wgan": ("wgan", {**SMALL, "n_critic": 2}),
    "wgan_gp": ("wgan_gp", {**SMALL, "n_critic": 2}),
    "wgan_gp_mlp": ("wgan_gp_mlp", {"g_units": (16,), "d_units": (16,)}),
    "dragan": ("dragan", SMALL),
    "bgan": ("bgan", SMALL),
    "ragan": ("ragan", SMALL),
    "ebgan": ("ebgan", {**SMALL, "code_dim": 4}),
    "began": ("began", {**SMALL, "code_dim": 4}),
    "sngan": ("sngan", SMALL),
    "sngan_resnet": ("sngan", {**SMALL, "architecture": "resnet"}),
    # 16x16 so that G has a feature map (8x8) between its input grid and the image.
    "sagan": ("sagan", {**SMALL, "image_shape": (16, 16, 1)}),
    "sagan_resnet": ("sagan", {**SMALL, "architecture": "resnet", "image_shape": (16, 16, 1)}),
    # Progressive and style-based variants: 8x8 images, 4 channels, 2 mapping layers.
    "pggan": ("pggan", {"channel_base": 32, "channel_max": 4}),
    "stylegan": ("stylegan", {**STYLE}),
    "stylegan_progressive": ("stylegan", {**STYLE, "progressive": True}),
    "stylegan2": ("stylegan2", {**STYLE, "r1_every": 2, "pl_every": 2}),
    # Image-to-image variants: (source, target) batches instead of (images, labels).
    "pix2pix": ("pix2pix", {**SMALL, "source_shape": (8, 8, 3)}),
    "cyclegan": ("cyclegan", {**SMALL, "pool_size": 3}),
    "cyclegan_unet_channels": (
        "cyclegan",
        {**SMALL, "translator": "unet", "source_shape": (8, 8, 3), "identity_weight": 0.0},
    ),
    "discogan": ("discogan", SMALL),
    "dualgan": ("dualgan", SMALL),
    "srresnet": ("srresnet", {"g_filters": 4, **SR}),
    "srgan": ("srgan", {**SMALL, **SR, "content": "pixel"}),
    "srgan_pretrain": ("srgan", {**SMALL, **SR, "content": "pixel", "pretrain_steps": 2}),
}
"""Tiny configurations: key -> (registered variant name, arguments over its defaults).

Every registered variant has an entry keyed by its name (a test checks it); other
keys are further configurations of a variant that the shared test also runs.
"""


def tiny_arguments(key, image_shape=(8, 8, 1), latent_dim=6, seed=0, **overrides):
    """`(cls, arguments)`: a TINY entry's class and the arguments `tiny_model` passes it.

    `latent_dim` goes only to variants whose constructor takes it (InfoGAN's is
    `noise_dim` plus its codes). Image-to-image variants translate between images of
    `image_shape` unless their entry says otherwise.
    """
    variant, kwargs = TINY[key]
    cls = variants()[variant]
    arguments = {"image_shape": image_shape, "seed": seed}
    parameters = constructor_arguments(cls)
    if "latent_dim" in parameters:
        arguments["latent_dim"] = latent_dim
    if "source_shape" in parameters:
        arguments["source_shape"] = image_shape
    return cls, {**arguments, **kwargs, **overrides}


def tiny_model(key, image_shape=(8, 8, 1), latent_dim=6, seed=0, **overrides):
    """A variant with a few filters on 8x8 images, compiled with its default optimizers.

    SGAN gets `labeled` random labelled images. See `tiny_arguments`.
    """
    cls, arguments = tiny_arguments(key, image_shape, latent_dim, seed, **overrides)
    keras.utils.set_random_seed(seed)  # the initial weights, whatever ran before
    model = cls(**arguments)
    if getattr(model, "labeled", 0):  # SGAN's labelled set
        model.set_labeled(*tiny_data(model.labeled, model.image_shape, model.classes, seed))
    model.compile()
    return model


def tiny_data(n=16, image_shape=(8, 8, 1), num_classes=3, seed=0):
    """Random images in [-1, 1] and int labels."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, *image_shape)).astype("float32")
    y = rng.integers(0, num_classes, size=(n,)).astype("int32")
    return x, y


def fit_args(model, n=16):
    """`(x,)` or `(x, y)` for `fit`, depending on whether the model is conditional.

    Image-to-image variants get `(source, target)` random images.
    """
    if hasattr(model, "source_shape"):
        source, _ = tiny_data(n, model.source_shape, seed=1)
        return source, tiny_data(n, model.image_shape, seed=2)[0]
    x, y = tiny_data(n, model.image_shape, max(model.num_classes, 1))
    return (x, y) if model.num_classes else (x,)


def resolved_arguments(key):
    """`(cls, arguments)`: every constructor argument of a TINY entry, as `config.json`
    stores them (`kerasgan.training.build_model`): defaults, then the entry, through JSON."""
    cls, arguments = tiny_arguments(key)
    resolved = {**constructor_arguments(cls), **arguments}
    return cls, json.loads(json.dumps(resolved))


def trained_networks(model):
    """Names of the networks some phase of `model` updates."""
    return sorted({name for phase in model.phases() for name in phase.networks})


def structure(model):
    """Per network: its class, its config (without its name) and its weight shapes."""
    out = {}
    for name, net in model.networks.items():
        config = {k: v for k, v in net.get_config().items() if k != "name"}
        shapes = [tuple(w.shape) for w in net.weights]
        out[name] = (type(net).__name__, json.loads(json.dumps(config)), shapes)
    return out


def run_variant_test(key, tmp_path, steps=4):
    """Everything every variant does, for the TINY entry `key` on the running backend.

    1. `fit` for `steps` batches of 4: every loss its phases log is in the history
       and finite, and the trainable weights of every network a phase trains changed.
    2. Config round trip: the variant rebuilt from all its constructor arguments
       (defaults included, through JSON, as `kerasgan train --resume` does) has the
       same networks, configs, weight shapes and noise seed, and with the trained
       weights it samples what the trained model samples.
    3. The sampling generator (the EMA copy when kept) saved as `.keras` loads with
       `keras.saving.load_model` and gives the same outputs; different inputs give
       different images.
    """
    model = tiny_model(key)
    seed = numpy(model.seed_generator.state)
    trained = trained_networks(model)
    before = {name: trainable_of(model.networks[name]) for name in trained}
    history = model.fit(*fit_args(model, n=4 * steps), batch_size=4, verbose=0).history
    declared = {name for phase in model.phases() for name in phase.logs}
    assert declared <= set(history), declared - set(history)
    for name, values in history.items():
        assert np.all(np.isfinite(values)), name
    for name in trained:
        assert changed(before[name], trainable_of(model.networks[name])), name
    assert int(model.optimizer.iterations) == steps

    cls, arguments = resolved_arguments(key)
    rebuilt = cls(**arguments)
    assert type(rebuilt) is type(model)
    assert structure(rebuilt) == structure(model)
    np.testing.assert_array_equal(numpy(rebuilt.seed_generator.state), seed)
    rebuilt.set_weights(model.get_weights())
    generator = model.sampling_generator
    inputs = random_inputs(generator.example_inputs(batch_size=3), classes_of(generator))
    expected = numpy(generator(*inputs, training=False))
    again = numpy(rebuilt.sampling_generator(*inputs, training=False))
    np.testing.assert_allclose(again, expected, rtol=1e-5, atol=1e-6)

    path = tmp_path / f"{key}_generator.keras"
    generator.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is type(generator)
    np.testing.assert_allclose(numpy(loaded(*inputs, training=False)), expected, atol=1e-6)
    assert expected.shape[0] == 3 and not np.allclose(expected[0], expected[1])
