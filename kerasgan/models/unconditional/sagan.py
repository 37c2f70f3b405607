"""Self-attention GAN (Zhang et al. 2019)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.spectral import spectral_networks


@keras.saving.register_keras_serializable(package="kerasgan")
class SAGAN(GAN):
    """SAGAN: self-attention blocks and spectral norm in both G and D, hinge loss, TTUR.

    A self-attention block lets every position of a feature map draw on all
    others, so distant parts of an image stay consistent. Both networks are
    spectrally normalised, trained with the hinge loss and the two time-scale
    update rule: Adam(beta_1=0, beta_2=0.9) with learning rate 1e-4 for G and
    4e-4 for D (`--g-lr`, `--d-lr` change them), one D step per G step.

    Reference: Zhang, Goodfellow, Metaxas & Odena, "Self-Attention Generative
    Adversarial Networks", ICML 2019 (arXiv:1805.08318).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        architecture: "dcgan" (DCGAN-style networks) or "resnet" (SNGAN's ResNets).
        g_filters, d_filters: network widths.
        attention: feature-map size of the self-attention block in each network;
            -1 picks half the image size.
        loss: adversarial loss name ("hinge" in the paper).
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = SAGAN(image_shape=(32, 32, 3), attention=16)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    optimizer_defaults = {"learning_rate": 1e-4, "beta_1": 0.0, "beta_2": 0.9}
    learning_rates = {"generator": 1e-4, "discriminator": 4e-4}

    def __init__(
        self,
        latent_dim=128,
        image_shape=(28, 28, 1),
        architecture="dcgan",
        g_filters=64,
        d_filters=64,
        attention=-1,
        loss="hinge",
        seed=None,
        name="sagan",
        **kwargs,
    ):
        self.architecture = architecture
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        self.attention = int(image_shape[0]) // 2 if int(attention) < 0 else int(attention)
        generator, discriminator = spectral_networks(
            architecture,
            latent_dim,
            image_shape,
            g_filters,
            d_filters,
            g_spectral_norm=True,
            attention=self.attention,
        )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )

    def default_optimizer(self, phase, **overrides):
        """Adam(0, 0.9) with G's or D's own learning rate (the TTUR).

        Args:
            phase: the phase's name.
            **overrides: `learning_rate` (the CLI's `--g-lr` / `--d-lr`), `beta_1`,
                `beta_2`.
        """
        rate = self.learning_rates.get(phase, self.optimizer_defaults["learning_rate"])
        return super().default_optimizer(phase, **{"learning_rate": rate, **overrides})
