"""The generated images an evaluation measures: fixed noise, classes in turn, in chunks."""

import numpy as np

from kerasgan.images import to_uint8
from kerasgan.progress import in_chunks


def generate_balanced(sampler_or_model, n, seed=0, batch_size=256, progress=None, uint8=False):
    """`n` images to evaluate, from fixed noise; conditional models get the classes in turn.

    The noise comes from the model's `sample_latent` and the images are what its
    `evaluation_images` keeps of G's output (CoGAN: domain A's half of each pair).

    Args:
        sampler_or_model: a `kerasgan.inference.sampling.Sampler` or a `kerasgan.models.GAN`.
        n: number of images.
        seed: seed of the noise.
        batch_size: images per generator call.
        progress: a factory from `kerasgan.progress.progress_bars`, or None.
        uint8: quantise each chunk to uint8 as it is made (50,000 images stay small).

    Returns:
        `(images, labels or None)`: floats in [-1, 1], or uint8 images.
    """
    classes = sampler_or_model.num_classes
    z = sampler_or_model.sample_latent(n, seed)
    labels = (np.arange(n) % classes).astype("int32") if classes else None

    def make(index):
        part = labels[index] if labels is not None else None
        images = sampler_or_model.evaluation_images(
            sampler_or_model.generate(z[index], part, batch_size=batch_size)
        )
        # Generators without a final tanh (PGGAN, the style models) overshoot [-1, 1]; the
        # extractors would refuse values past +-1.5, so float images are clipped as uint8 are.
        return to_uint8(images) if uint8 else np.clip(images, -1.0, 1.0)

    parts = in_chunks(make, np.arange(n), 8 * batch_size, progress, f"generating {n} images")
    return np.concatenate(parts), labels
