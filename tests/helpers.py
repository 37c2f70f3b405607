"""Shared test helpers: tiny variants and tiny data, built the same way by every test."""

import numpy as np

from kerasgan.models import CGAN, DCGAN, WGANGP, VanillaGAN

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
    "wgan_gp": (WGANGP, {"g_filters": 4, "d_filters": 4, "n_critic": 2}),
}


def tiny_model(key, image_shape=(8, 8, 1), latent_dim=6, seed=0, **overrides):
    """A variant with a few filters on 8x8 images, compiled with its default optimizers."""
    cls, kwargs = TINY[key]
    model = cls(
        latent_dim=latent_dim, image_shape=image_shape, seed=seed, **{**kwargs, **overrides}
    )
    model.compile()
    return model


def tiny_data(n=16, image_shape=(8, 8, 1), num_classes=3, seed=0):
    """Random images in [-1, 1] and labels."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, *image_shape)).astype("float32")
    y = rng.integers(0, num_classes, size=(n,)).astype("int32")
    return x, y


def fit_args(model, n=16, image_shape=(8, 8, 1)):
    """`(x,)` or `(x, y)` for `fit`, depending on whether the model is conditional."""
    x, y = tiny_data(n, image_shape, max(model.num_classes, 1))
    return (x, y) if model.num_classes else (x,)


def weights_of(network):
    """Copies of a network's weight values."""
    return [np.array(w) for w in network.get_weights()]
