"""Base classes of kerasgan's networks (they know their own example inputs) and the
small helpers the image-to-image networks share.

A `.keras` file stores a network's config and weights; to load the weights Keras
must first create the variables, which a subclassed model can only do by running
once. `build_from_config` does that on zeros shaped like the network's inputs.
"""

import keras
import numpy as np

from kerasgan.layers.normalization import check_norm


class _Network(keras.Model):
    def example_inputs(self, batch_size=1):
        """Zeros shaped like the network's inputs: `(inputs, labels)`."""
        labels = np.zeros((batch_size,), "int32") if self.num_classes else None
        return (np.zeros((batch_size, *self.input_dims()), "float32"), labels)

    def input_dims(self):
        raise NotImplementedError

    def build_from_config(self, config):
        if not self.built:
            self(*self.example_inputs())


class GeneratorNetwork(_Network):
    """A generator: `(z, labels=None) -> images`; needs `latent_dim` and `num_classes`."""

    def input_dims(self):
        return (self.latent_dim,)


class DiscriminatorNetwork(_Network):
    """A discriminator: `(images, labels=None) -> logits`; needs `image_shape`, `num_classes`."""

    def input_dims(self):
        return tuple(self.image_shape)


def conv_init():
    """The N(0, 0.02) kernel initialiser of DCGAN, pix2pix, CycleGAN and DiscoGAN."""
    return keras.initializers.RandomNormal(stddev=0.02)


def halvings(size):
    """How many times `size` can be halved exactly (its number of factors 2)."""
    size, count = int(size), 0
    while size > 0 and size % 2 == 0:
        size //= 2
        count += 1
    return count


def check_divisible(name, shape, depth):
    """Raises ValueError unless height and width of `shape` are multiples of `2**depth`."""
    step = 2**depth
    if shape[0] % step or shape[1] % step:
        raise ValueError(
            f"{name} with {depth} downsamplings needs height and width divisible by {step}; "
            f"{shape[0]}x{shape[1]} is not. Sizes that work: multiples of {step} "
            f"({step}, {2 * step}, {3 * step}, ...), or pass a smaller depth."
        )


def image_shape(shape, name):
    """`shape` as a tuple of three ints, or ValueError."""
    shape = tuple(int(s) for s in shape)
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(f"{name} must be (height, width, channels), not {shape}.")
    return shape


class TranslatorNetwork(keras.Model):
    """An image-to-image network: `(images, training=None) -> images`; needs `source_shape`.

    Inputs are NHWC batches in [-1, 1]; outputs are tanh images in [-1, 1]. Like
    `_Network`, it builds itself from zeros when a `.keras` file is loaded.
    """

    def set_shapes(self, source_shape, out_channels, filters, norm):
        """Checks and keeps the arguments every translator takes.

        Args:
            source_shape: (height, width, channels) of the input images.
            out_channels: channels of the output images.
            filters: channels of the first convolution.
            norm: "batch", "instance" or "none".
        """
        check_norm(norm)
        self.source_shape = image_shape(source_shape, "source_shape")
        self.out_channels, self.filters, self.norm = int(out_channels), int(filters), norm

    def example_inputs(self, batch_size=1):
        """`(images,)`: zeros shaped like a batch of source images."""
        return (np.zeros((batch_size, *self.source_shape), "float32"),)

    def build_from_config(self, config):
        if not self.built:
            self(*self.example_inputs())


def apply_layers(blocks, h, training):
    """`h` through each layer of `blocks` in turn, passing `training` on."""
    for layer in blocks:
        h = layer(h, training=training)
    return h
