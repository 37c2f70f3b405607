"""Wasserstein GAN with weight clipping (Arjovsky et al. 2017)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.optimizers import rmsprop


@keras.saving.register_keras_serializable(package="kerasgan")
class WGAN(GAN):
    """WGAN: a critic without sigmoid, clipped weights, RMSprop and n_critic = 5.

    The critic maximises E[D(x)] - E[D(G(z))] (the Wasserstein loss, not a
    squared error) and after each of its updates every critic weight is clipped
    into [-clip_value, clip_value] to keep it Lipschitz (Algorithm 1 of the paper:
    c = 0.01, RMSprop with learning rate 5e-5, n_critic = 5).

    Reference: Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017
    (arXiv:1701.07875).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters, d_filters: widths of the DCGAN networks.
        upsampling: "transpose" or "upsample".
        critic_normalization: "batch" (the paper's DCGAN critic), "layer" or "none".
        clip_value: the clipping bound c.
        n_critic: critic updates per generator update.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = WGAN(clip_value=0.01, n_critic=5)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    learning_rate = 5e-5

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        upsampling="transpose",
        critic_normalization="batch",
        clip_value=0.01,
        n_critic=5,
        seed=None,
        name="wgan",
        **kwargs,
    ):
        if float(clip_value) <= 0:
            raise ValueError(f"clip_value must be positive, not {clip_value}.")
        self.g_filters, self.d_filters, self.upsampling = int(g_filters), int(d_filters), upsampling
        self.critic_normalization = critic_normalization
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, upsampling, name="generator"),
            DCGANDiscriminator(image_shape, d_filters, critic_normalization, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss="wasserstein",
            n_critic=n_critic,
            weight_clip=clip_value,
            seed=seed,
            name=name,
            **kwargs,
        )

    def default_optimizer(self, phase, **overrides):
        """RMSprop(5e-5), as in the paper; `learning_rate` may be overridden.

        Args:
            phase: the phase's name.
            **overrides: `learning_rate` only (RMSprop has no beta_1 / beta_2).
        """
        del phase
        return rmsprop(type(self).__name__, self.learning_rate, overrides)
