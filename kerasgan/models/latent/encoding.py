"""Variants with an encoder beside G and D (AAE, BiGAN): its creation and inference."""

import numpy as np
from keras import ops

from kerasgan.images import make_grid
from kerasgan.networks.encoder import AAEEncoder


def paired_rows(originals, copies, per_row):
    """Images laid out row by row: `per_row` originals, then their copies below them, and so on.

    Args:
        originals: array (n, ...) of images.
        copies: array (n, ...) of the images' reconstructions (or any counterparts).
        per_row: images per grid row; the last incomplete row of originals is dropped
            (all of them are kept when there are fewer than `per_row`).

    Returns:
        An array (2 * m, ...) to tile with `make_grid(..., nrow=per_row)`.
    """
    originals, copies = np.asarray(originals), np.asarray(copies)
    if originals.shape != copies.shape:
        raise ValueError(f"originals {originals.shape} and copies {copies.shape} differ in shape.")
    per_row = max(1, min(int(per_row), len(originals)))
    rows = len(originals) // per_row
    shape = (rows, per_row, *originals.shape[1:])
    pairs = np.stack(
        [originals[: rows * per_row].reshape(shape), copies[: rows * per_row].reshape(shape)],
        axis=1,
    )
    return pairs.reshape(2 * rows * per_row, *originals.shape[1:])


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

    def reconstruction_grid(self, images, per_row=10, batch_size=256):
        """A uint8 grid of images in [-1, 1], each row of them followed by their G(E(x)).

        Args:
            images: images in [-1, 1], NHWC (a multiple of `per_row` of them).
            per_row: images per row.
            batch_size: images per network call.
        """
        images = np.asarray(images, "float32")
        rows = paired_rows(images, self.reconstruct(images, batch_size), per_row)
        return make_grid(rows, nrow=max(1, min(int(per_row), len(images))))

    def reconstruction_error(self, images, batch_size=256):
        """Mean squared error between images and their reconstructions, in [-1, 1] units."""
        images = np.asarray(images, "float32")
        return float(np.mean(np.square(images - self.reconstruct(images, batch_size))))
