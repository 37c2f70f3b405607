"""Shared test helpers: tiny variants and tiny data, built the same way by every test."""

import numpy as np

from kerasgan.models import (
    AAE,
    ACGAN,
    BEGAN,
    BGAN,
    CGAN,
    DCGAN,
    DRAGAN,
    EBGAN,
    LSGAN,
    SAGAN,
    SGAN,
    SNGAN,
    SRGAN,
    WGAN,
    WGANGP,
    BiGAN,
    CoGAN,
    CycleGAN,
    DiscoGAN,
    DualGAN,
    InfoGAN,
    Pix2Pix,
    RaGAN,
    VanillaGAN,
)
from kerasgan.models.registry import constructor_arguments

SMALL = {"g_filters": 4, "d_filters": 4}

TINY = {
    "gan": (VanillaGAN, {"g_units": (16,), "d_units": (16,)}),
    "dcgan": (DCGAN, {"g_filters": 4, "d_filters": 4}),
    "cgan": (CGAN, {"g_filters": 4, "d_filters": 4, "num_classes": 3}),
    "cgan_dense": (
        CGAN,
        {
            "architecture": "dense",
            "label_fusion": "multiply",
            "num_classes": 3,
            "g_units": (16,),
            "d_units": (16,),
        },
    ),
    "acgan": (ACGAN, {"g_filters": 4, "d_filters": 4, "num_classes": 3}),
    "acgan_minibatch": (
        ACGAN,
        {"g_filters": 4, "d_filters": 4, "num_classes": 3, "minibatch": "discrimination"},
    ),
    "infogan": (
        InfoGAN,
        {"g_filters": 4, "d_filters": 4, "noise_dim": 4, "categories": 3, "continuous_codes": 2},
    ),
    "aae": (AAE, {"units": (16,), "d_units": (16,)}),
    "aae_mixture": (AAE, {"units": (16,), "d_units": (16,), "prior": "mixture"}),
    "bigan": (BiGAN, {"g_units": (16,), "e_units": (16,), "d_units": (16,)}),
    "bigan_conv": (BiGAN, {"architecture": "conv", "filters": 4, "d_units": (16,)}),
    "cogan": (CoGAN, SMALL),
    "cogan_edges": (CoGAN, {**SMALL, "transform": "edges"}),
    # tiny_model gives SGAN 6 labelled images (set_labeled) before fit.
    "sgan": (SGAN, {**SMALL, "num_classes": 3, "labeled": 6}),
    "sgan_non_saturating": (
        SGAN,
        {**SMALL, "num_classes": 3, "labeled": 6, "generator_loss": "non_saturating"},
    ),
    "wgan_gp": (WGANGP, {"g_filters": 4, "d_filters": 4, "n_critic": 2}),
    "lsgan": (LSGAN, SMALL),
    "wgan": (WGAN, {**SMALL, "n_critic": 2}),
    "dragan": (DRAGAN, SMALL),
    "bgan": (BGAN, SMALL),
    "ragan": (RaGAN, SMALL),
    "ebgan": (EBGAN, {**SMALL, "code_dim": 4}),
    "began": (BEGAN, {**SMALL, "code_dim": 4}),
    "sngan": (SNGAN, SMALL),
    "sngan_resnet": (SNGAN, {**SMALL, "architecture": "resnet"}),
    # 16x16 so that G has a feature map (8x8) between its input grid and the image.
    "sagan": (SAGAN, {**SMALL, "image_shape": (16, 16, 1)}),
    "sagan_resnet": (SAGAN, {**SMALL, "architecture": "resnet", "image_shape": (16, 16, 1)}),
    # Image-to-image variants: (source, target) batches instead of (images, labels).
    "pix2pix": (Pix2Pix, {**SMALL, "source_shape": (8, 8, 3)}),
    "cyclegan": (CycleGAN, {**SMALL, "pool_size": 3}),
    "cyclegan_unet_channels": (
        CycleGAN,
        {**SMALL, "translator": "unet", "source_shape": (8, 8, 3), "identity_weight": 0.0},
    ),
    "discogan": (DiscoGAN, SMALL),
    "dualgan": (DualGAN, SMALL),
    "srgan": (SRGAN, {**SMALL, "source_shape": (2, 2, 1), "n_blocks": 1, "content": "pixel"}),
    "srgan_pretrain": (
        SRGAN,
        {
            **SMALL,
            "source_shape": (2, 2, 1),
            "n_blocks": 1,
            "content": "pixel",
            "pretrain_steps": 2,
        },
    ),
    "dcgan_options": (
        DCGAN,
        {**SMALL, "augment": "all", "ema_decay": 0.9, "r1_gamma": 1.0, "r1_every": 2},
    ),
}


def tiny_model(key, image_shape=(8, 8, 1), latent_dim=6, seed=0, **overrides):
    """A variant with a few filters on 8x8 images, compiled with its default optimizers.

    `latent_dim` goes only to variants whose constructor takes it (InfoGAN's is
    `noise_dim` plus its codes). SGAN gets `labeled` random labelled images.
    Image-to-image variants translate between images of `image_shape` unless
    their entry says otherwise.
    """
    cls, kwargs = TINY[key]
    arguments = {"image_shape": image_shape, "seed": seed}
    parameters = constructor_arguments(cls)
    if "latent_dim" in parameters:
        arguments["latent_dim"] = latent_dim
    if "source_shape" in parameters:
        arguments["source_shape"] = image_shape
    model = cls(**{**arguments, **kwargs, **overrides})
    if isinstance(model, SGAN) and model.labeled:
        model.set_labeled(*tiny_data(model.labeled, image_shape, model.classes, seed))
    model.compile()
    return model


def tiny_data(n=16, image_shape=(8, 8, 1), num_classes=3, seed=0):
    """Random images in [-1, 1] and labels."""
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


def weights_of(network):
    """Copies of a network's weight values."""
    return [np.array(w) for w in network.get_weights()]
