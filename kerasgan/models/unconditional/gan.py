"""The original GAN with fully connected networks (Goodfellow et al. 2014)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.mlp import MLPDiscriminator, MLPGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class VanillaGAN(GAN):
    """GAN: a multilayer-perceptron generator against a perceptron discriminator.

    Reference: Goodfellow et al., "Generative Adversarial Nets", NeurIPS 2014.
    The generator maximises log D(G(z)) (the paper's non-saturating heuristic).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels) of the images.
        g_units: widths of the generator's hidden layers.
        d_units: widths of the discriminator's hidden layers.
        loss: adversarial loss name ("non_saturating" or "minimax" for the paper's
            saturating game; any name in `kerasgan.losses.LOSSES`, e.g.
            "wasserstein" for an MLP WGAN-GP with `gradient_penalty`).
        gradient_penalty: weight of the WGAN-GP gradient penalty on D (0 disables it;
            Gulrajani et al. 2017).
        n_critic: discriminator updates per generator update.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = VanillaGAN(latent_dim=100, image_shape=(28, 28, 1))
        >>> gan.compile()
        >>> gan.fit(images, epochs=1, batch_size=64)
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        g_units=(256, 512, 1024),
        d_units=(512, 256),
        loss="non_saturating",
        gradient_penalty=0.0,
        n_critic=1,
        seed=None,
        name="gan",
        **kwargs,
    ):
        self.g_units = tuple(g_units)
        self.d_units = tuple(d_units)
        super().__init__(
            MLPGenerator(latent_dim, image_shape, self.g_units, name="generator"),
            MLPDiscriminator(image_shape, self.d_units, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            gradient_penalty=gradient_penalty,
            n_critic=n_critic,
            seed=seed,
            name=name,
            **kwargs,
        )
