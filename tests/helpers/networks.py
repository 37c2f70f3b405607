"""The tiny configuration of every network (`NETWORKS`) and `run_network_test`."""

import importlib
import inspect
import json
import pkgutil

import keras
import numpy as np

from kerasgan.engine.model import PhasedModel
from tests.helpers.arrays import numpy

IMAGE = {"image_shape": (8, 8, 1)}
GROWING = {"channel_base": 16, "channel_max": 4}
PATCH = {"target_shape": (16, 16, 3), "filters": 4}
SRRES = {"scale": 2, "filters": 4, "n_blocks": 1, "out_channels": 1, "input_skip": "bicubic"}

NETWORKS = {
    "dcgan_generator": (
        "DCGANGenerator",
        [(2, 8, 8, 1)],
        {**IMAGE, "latent_dim": 4, "filters": 4, "upsampling": "upsample", "num_classes": 3},
    ),
    "dcgan_discriminator": (
        "DCGANDiscriminator",
        [(2, 1)],
        {**IMAGE, "filters": 2, "normalization": "layer", "num_classes": 3, "minibatch": "stddev"},
    ),
    "mlp_generator": (
        "MLPGenerator",
        [(2, 4, 4, 3)],
        {"latent_dim": 4, "image_shape": (4, 4, 3), "hidden_units": (8, 4), "num_classes": 2},
    ),
    "mlp_discriminator": (
        "MLPDiscriminator",
        [(2, 1)],
        {
            **IMAGE,
            "hidden_units": (8,),
            "num_classes": 2,
            "label_fusion": "multiply",
            "dropout": 0.3,
        },
    ),
    "resnet_generator": (
        "ResNetGenerator",
        [(2, 8, 8, 1)],
        {**IMAGE, "latent_dim": 4, "filters": 4},
    ),
    "resnet_discriminator": ("ResNetDiscriminator", [(2, 1)], {**IMAGE, "filters": 4, "blocks": 2}),
    "autoencoder_discriminator": (
        "AutoencoderDiscriminator",
        [(2, 8, 8, 1), (2, 4)],
        {**IMAGE, "filters": 4, "code_dim": 4},
    ),
    "aae_encoder_conv": (
        "AAEEncoder",
        [(2, 3)],
        {**IMAGE, "latent_dim": 3, "architecture": "conv", "filters": 2},
    ),
    "aae_encoder_dense": ("AAEEncoder", [(2, 3)], {**IMAGE, "latent_dim": 3, "hidden_units": (5,)}),
    "code_discriminator": ("CodeDiscriminator", [(2, 1)], {"latent_dim": 3, "hidden_units": (4,)}),
    "bigan_encoder": (
        "BiGANEncoder",
        [(2, 3)],
        {**IMAGE, "latent_dim": 3, "hidden_units": (8,), "bounded": True, "norm_momentum": 0.5},
    ),
    "joint_discriminator": (
        "JointDiscriminator",
        [(2, 1)],
        {**IMAGE, "latent_dim": 3, "architecture": "conv", "filters": 2, "dropout": 0.2, "seed": 1},
    ),
    "coupled_generator": (
        "CoupledGenerator",
        [(2, 8, 16, 1)],
        {**IMAGE, "latent_dim": 4, "filters": 4},
    ),
    "coupled_discriminator": ("CoupledDiscriminator", [(2, 2)], {**IMAGE, "filters": 4}),
    "acgan_discriminator": (
        "ACGANDiscriminator",
        [(2, 1), (2, 3)],
        {**IMAGE, "num_classes": 3, "filters": 2, "minibatch": "stddev"},
    ),
    "sgan_discriminator": (
        "SGANDiscriminator",
        [(2, 3), (2, 32)],
        {**IMAGE, "num_classes": 3, "filters": 2},
    ),
    "infogan_discriminator": (
        "InfoGANDiscriminator",
        [(2, 1), (2, 3), (2, 2)],
        {**IMAGE, "categories": 3, "continuous_codes": 2, "filters": 2, "q_units": 4},
    ),
    "unet": (
        "UNetGenerator",
        [(2, 16, 16, 3)],
        {"source_shape": (16, 16, 1), "out_channels": 3, "filters": 4, "norm": "instance"},
    ),
    "resnet_translator": (
        "ResNetTranslator",
        [(2, 16, 16, 1)],
        {
            "source_shape": (16, 16, 3),
            "out_channels": 1,
            "filters": 4,
            "n_blocks": 1,
            "norm": "batch",
        },
    ),
    "encoder_decoder": (
        "EncoderDecoderTranslator",
        [(2, 16, 16, 1)],
        {"source_shape": (16, 16, 1), "out_channels": 1, "filters": 4, "norm": "none"},
    ),
    "patch_conditional": (
        "PatchDiscriminator",
        [(2, 6, 6, 1)],
        {**PATCH, "source_shape": (16, 16, 1), "norm": "batch"},
    ),
    "patch_unconditional": (
        "PatchDiscriminator",
        [(2, 6, 6, 1)],
        {**PATCH, "source_shape": None, "norm": "instance", "conditional": False},
    ),
    "srresnet_generator": (
        "SRResNetGenerator",
        [(2, 12, 12, 1)],
        {**SRRES, "source_shape": (6, 6, 1)},
    ),
    "progressive_generator": (
        "ProgressiveGenerator",
        [(2, 8, 8, 1)],
        {**IMAGE, "latent_dim": 4, **GROWING, "stage": 0},
    ),
    "progressive_discriminator": (
        "ProgressiveDiscriminator",
        [(2, 1)],
        {**IMAGE, **GROWING, "stage": 1, "group_size": 2},
    ),
    "style_generator": (
        "StyleGenerator",
        [(2, 8, 8, 1)],
        {**IMAGE, "latent_dim": 4, **GROWING, "mapping_layers": 2, "grows": True, "stage": 1},
    ),
    "style2_generator": (
        "Style2Generator",
        [(2, 8, 8, 3)],
        {"image_shape": (8, 8, 3), "latent_dim": 4, **GROWING, "mapping_layers": 1, "w_dim": 5},
    ),
    "residual_discriminator": (
        "ResidualDiscriminator",
        [(2, 1)],
        {"image_shape": (8, 8, 3), **GROWING},
    ),
    "sr_discriminator": (
        "SRDiscriminator",
        [(2, 1)],
        {"image_shape": (16, 16, 1), "filters": 2, "dense": 4},
    ),
}
"""Tiny networks: case -> (class name, output shapes for a batch of 2, constructor arguments).

Every class of `network_classes()` has at least one case (a test checks it).
"""

ABSTRACT_NETWORKS = (
    "_Network",
    "GeneratorNetwork",
    "DiscriminatorNetwork",
    "TranslatorNetwork",
    "StyleNetwork",
)
"""Base classes of the networks: they are not built on their own."""


def network_classes():
    """`{name: class}` of every network defined in `kerasgan.networks` and `kerasgan.models`.

    A network is a `keras.Model` subclass that is not a variant (`PhasedModel`); the
    modules of both packages are walked, so a network left out of their exports
    is still found.
    """
    found = {}
    for package_name in ("kerasgan.networks", "kerasgan.models"):
        package = importlib.import_module(package_name)
        names = [package_name] + [
            info.name for info in pkgutil.walk_packages(package.__path__, package_name + ".")
        ]
        for module_name in names:
            module = importlib.import_module(module_name)
            for name, cls in vars(module).items():
                if (
                    inspect.isclass(cls)
                    and cls.__module__ == module_name
                    and issubclass(cls, keras.Model)
                    and not issubclass(cls, PhasedModel)
                    and name not in ABSTRACT_NETWORKS
                ):
                    found[name] = cls
    return dict(sorted(found.items()))


def classes_of(network):
    """The number of label classes a network takes (0 when unconditional)."""
    return int(getattr(network, "num_classes", 0) or 0)


def random_inputs(example, num_classes=0, seed=0):
    """`example` (a network's `example_inputs()`) with random values in place of zeros.

    Float arrays become uniform in [-1, 1]; int arrays (labels) cycle through the
    classes; None and the nesting (tuples, lists) stay.
    """
    rng = np.random.default_rng(seed)

    def fill(x):
        if x is None:
            return None
        if isinstance(x, (tuple, list)):
            return type(x)(fill(item) for item in x)
        x = np.asarray(x)
        if np.issubdtype(x.dtype, np.integer):
            return (np.arange(len(x)) % max(num_classes, 1)).astype(x.dtype)
        return rng.uniform(-1, 1, x.shape).astype(x.dtype)

    return fill(tuple(example))


def constructor_parameters(cls):
    """Names of the keyword arguments of `cls` and its kerasgan bases (its config)."""
    names = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("kerasgan") or "__init__" not in vars(klass):
            continue
        for name, p in inspect.signature(klass.__init__).parameters.items():
            if name != "self" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
                names.add(name)
    return names


def outputs(network, inputs):
    """A network's inference outputs on `inputs`, as a list of numpy arrays."""
    return [numpy(t) for t in keras.tree.flatten(network(*inputs, training=False))]


def run_network_test(case, tmp_path):
    """Everything every network does, for the NETWORKS case `case` on the running backend.

    Built with small arguments, it is called on random inputs (`random_inputs` of its
    own `example_inputs`) with the table's output shapes; its config names every
    constructor argument and is JSON; `from_config` gives a network with the same
    config that, given the same weights, gives the same outputs; and a `.keras` save
    loads (building itself) with the same outputs.
    """
    name, shapes, kwargs = NETWORKS[case]
    cls = network_classes()[name]
    network = cls(**kwargs)
    inputs = random_inputs(network.example_inputs(batch_size=2), classes_of(network), seed=1)
    expected = outputs(network, inputs)
    assert [tuple(x.shape) for x in expected] == [tuple(s) for s in shapes]
    assert all(np.isfinite(x).all() for x in expected)

    config = network.get_config()
    missing = constructor_parameters(cls) - set(config)
    assert not missing, f"{cls.__name__}.get_config() lacks {sorted(missing)}"
    json.dumps(config)
    clone = cls.from_config(config)
    clone(*inputs, training=False)
    clone.set_weights(network.get_weights())
    assert {**clone.get_config(), "name": None} == {**config, "name": None}
    for ours, theirs in zip(outputs(clone, inputs), expected):
        np.testing.assert_allclose(ours, theirs, atol=1e-6)

    path = tmp_path / f"{case}.keras"
    network.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is cls
    for ours, theirs in zip(outputs(loaded, inputs), expected):
        np.testing.assert_allclose(ours, theirs, atol=1e-6)
