"""Wasserstein GAN with gradient penalty (Gulrajani et al. 2017)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class WGANGP(GAN):
    """WGAN-GP: a critic without sigmoid, penalised towards unit gradient norm.

    The penalty is taken at one random point per sample on the line between a
    real and a generated image (one interpolation weight per sample, not per
    pixel); the critic uses layer normalisation, not batch normalisation, since
    the penalty is per sample. `n_critic` critic updates per generator update and
    Adam(1e-4, beta_1=0, beta_2=0.9), as in the paper's Algorithm 1.

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs",
    NeurIPS 2017 (arXiv:1704.00028).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters: channels of the generator's last hidden stage.
        d_filters: channels of the critic's first convolution.
        upsampling: "transpose" or "upsample".
        critic_normalization: "layer" (the paper's advice) or "none".
        gradient_penalty: the penalty's weight lambda.
        n_critic: critic updates per generator update.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = WGANGP(n_critic=5, gradient_penalty=10.0)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    optimizer_defaults = {"learning_rate": 1e-4, "beta_1": 0.0, "beta_2": 0.9}

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        upsampling="transpose",
        critic_normalization="layer",
        gradient_penalty=10.0,
        n_critic=5,
        seed=None,
        name="wgan_gp",
        **kwargs,
    ):
        if critic_normalization == "batch":
            raise ValueError("A WGAN-GP critic must not use batch normalisation; use 'layer'.")
        self.g_filters, self.d_filters, self.upsampling = int(g_filters), int(d_filters), upsampling
        self.critic_normalization = critic_normalization
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, upsampling, name="generator"),
            DCGANDiscriminator(image_shape, d_filters, critic_normalization, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss="wasserstein",
            gradient_penalty=gradient_penalty,
            n_critic=n_critic,
            seed=seed,
            name=name,
            **kwargs,
        )
