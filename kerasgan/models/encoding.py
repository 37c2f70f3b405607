"""Variants with an encoder beside G and D (AAE, BiGAN): its creation and inference."""

import numpy as np
from keras import ops

from kerasgan.models.networks_aae import AAEEncoder


class EncoderMixin:
    """Adds an `encoder` network and `encode` / `reconstruct` to a `GAN` subclass.

    The subclass lists "encoder" in `network_names` and sets `architecture`,
    `filters` and `encoder_units` (or overrides `make_encoder()`).
    The encoder is created in `build_networks`, inside the engine's constructor,
    because PyTorch modules cannot be assigned before `keras.Model.__init__`.
    """

    def make_encoder(self):
        """The encoder: an `AAEEncoder` with the variant's architecture and widths."""
        return AAEEncoder(
            self.latent_dim,
            self.image_shape,
            self.architecture,
            self.encoder_units,
            self.filters,
            name="encoder",
        )

    def build_networks(self):
        """Creates the encoder, then builds every network."""
        if getattr(self, "encoder", None) is None:
            self.encoder = self.make_encoder()
        super().build_networks()

    def encode(self, images, batch_size=256):
        """Codes E(x) of images in [-1, 1]: a float32 numpy array (n, latent_dim)."""
        images = np.asarray(images, "float32")
        out = [np.zeros((0, self.latent_dim), "float32")]
        for start in range(0, len(images), batch_size):
            codes = self.encoder(images[start : start + batch_size], training=False)
            out.append(ops.convert_to_numpy(codes))
        return np.concatenate(out).astype("float32")

    def reconstruct(self, images, batch_size=256):
        """G(E(x)) for images in [-1, 1], through the trained (not the EMA) generator."""
        codes = self.encode(images, batch_size)
        out = [np.zeros((0, *self.image_shape), "float32")]
        for start in range(0, len(codes), batch_size):
            rebuilt = self.generator(codes[start : start + batch_size], training=False)
            out.append(ops.convert_to_numpy(rebuilt))
        return np.concatenate(out).astype("float32")

    def reconstruction_error(self, images, batch_size=256):
        """Mean squared error between images and their reconstructions, in [-1, 1] units."""
        images = np.asarray(images, "float32")
        return float(np.mean(np.square(images - self.reconstruct(images, batch_size))))
