"""Base classes of kerasgan's networks: they know their own example inputs.

A `.keras` file stores a network's config and weights; to load the weights Keras
must first create the variables, which a subclassed model can only do by running
once. `build_from_config` does that on zeros shaped like the network's inputs.
"""

import keras
import numpy as np


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
