"""The value range the feature extractors accept: images in [-1, 1], with a little slack."""

from kerasgan.errors import KerasGANError

# Generators without a final tanh (PGGAN, StyleGAN) overshoot [-1, 1] a little and are
# clipped; values past this bound mean the images are on another scale (0-255). Images in
# [0, 1] pass this check unnoticed: it catches gross scaling mistakes only.
SLACK_BOUND = 1.5


def check_value_range(images):
    """Raise a one-line error when float `images` are plainly not on the [-1, 1] scale.

    Args:
        images: a float numpy array of any shape.

    Raises:
        KerasGANError: a value lies beyond +-`SLACK_BOUND`; the message says how to rescale
            pixels and how to clip a generator's raw output.
    """
    if images.size and (images.min() < -SLACK_BOUND or images.max() > SLACK_BOUND):
        raise KerasGANError(
            f"images range over [{images.min():.3g}, {images.max():.3g}], not [-1, 1]: scale "
            "pixels to it (x / 127.5 - 1 for uint8), or clip a generator's raw output "
            "(np.clip(x, -1, 1)) as grids and `kerasgan evaluate` do."
        )
