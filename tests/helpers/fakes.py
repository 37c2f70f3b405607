"""A stand-in GAN for the callback tests."""

import math

import keras
import numpy as np

from tests.helpers.arrays import numpy


class FakeGAN(keras.Model):
    """A Dense "generator" exposing `latent_dim`, `num_classes` and `generate`.

    `call(z)` returns flat images so that plain `fit(z, targets)` with an MSE
    loss trains it on every backend. `generate` adds the label to the noise,
    so that classes give different images, and records the labels it got.

    Args:
        latent_dim: int. Size of the noise.
        num_classes: int. 0 for unconditional.
        image_shape: tuple (H, W, C).
    """

    def __init__(self, latent_dim=4, num_classes=0, image_shape=(6, 5, 1), **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = latent_dim
        self.num_classes = num_classes
        self.image_shape = tuple(image_shape)
        self.generator = keras.layers.Dense(math.prod(self.image_shape), activation="tanh")
        self.last_labels = None

    def call(self, z):
        return self.generator(z)

    def generate(self, z, labels=None):
        self.last_labels = None if labels is None else np.array(labels)
        z = np.asarray(z, dtype=np.float32)
        if labels is not None:
            z = z + np.asarray(labels, dtype=np.float32)[:, None]
        flat = numpy(self.generator(z))
        return flat.reshape((len(z),) + self.image_shape).astype(np.float32)


def fake_gan(latent_dim=4, num_classes=0, image_shape=(6, 5, 1), optimizer=None):
    """Builds and compiles a `FakeGAN` (Adam by default, MSE loss)."""
    model = FakeGAN(latent_dim, num_classes, image_shape)
    model(np.zeros((1, latent_dim), dtype=np.float32))
    optimizer = optimizer or keras.optimizers.Adam(learning_rate=0.01)
    model.compile(optimizer=optimizer, loss="mse")
    return model


def fake_train_data(model, n=32, seed=1, nan_from=None):
    """Noise and targets for a `FakeGAN`'s `fit`; rows from `nan_from` on are NaN."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, model.latent_dim)).astype(np.float32)
    targets = rng.uniform(-0.9, 0.9, (n, math.prod(model.image_shape))).astype(np.float32)
    if nan_from is not None:
        z[nan_from:] = np.nan
    return z, targets


def fit_fake_gan(model, callbacks, epochs, initial_epoch=0, nan_from=None):
    """Runs a short `fit` of a `FakeGAN` (batch 8, no shuffling, silent)."""
    z, targets = fake_train_data(model, nan_from=nan_from)
    return model.fit(
        z,
        targets,
        batch_size=8,
        epochs=epochs,
        initial_epoch=initial_epoch,
        shuffle=False,
        verbose=0,
        callbacks=callbacks,
    )
