"""Spectrally normalised GAN (Miyato et al. 2018)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.spectral import spectral_networks


@keras.saving.register_keras_serializable(package="kerasgan")
class SNGAN(GAN):
    """SNGAN: spectral normalisation of every layer of D, hinge loss.

    Dividing each weight by its largest singular value (one power iteration per
    step) bounds D's Lipschitz constant without a penalty. Two architectures: the
    DCGAN-style networks (D without batch norm; the paper's "standard CNN" trained
    with Adam(2e-4, 0.5, 0.999) and n_critic = 1, the defaults here) and the
    ResNets of the paper's appendix B (the paper trains them with Adam(2e-4, 0,
    0.9) and n_critic = 5, which `architecture="resnet"` switches to unless the
    optimizer is overridden; pass `n_critic=5` for the full recipe).

    Reference: Miyato, Kataoka, Koyama & Yoshida, "Spectral Normalization for
    Generative Adversarial Networks", ICLR 2018 (arXiv:1802.05957).

    Args:
        latent_dim: length of the noise vector (128 in the paper).
        image_shape: (height, width, channels); square, even size.
        architecture: "dcgan" or "resnet".
        g_filters, d_filters: network widths (the paper's ResNets: 256 and 128).
        loss: adversarial loss name ("hinge" in the paper; any of
            `kerasgan.losses.LOSSES`).
        n_critic: D updates per G update.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = SNGAN(image_shape=(32, 32, 3), architecture="resnet", n_critic=5)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    def __init__(
        self,
        latent_dim=128,
        image_shape=(28, 28, 1),
        architecture="dcgan",
        g_filters=64,
        d_filters=64,
        loss="hinge",
        n_critic=1,
        seed=None,
        name="sngan",
        **kwargs,
    ):
        self.architecture = architecture
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        generator, discriminator = spectral_networks(
            architecture, latent_dim, image_shape, g_filters, d_filters
        )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            n_critic=n_critic,
            seed=seed,
            name=name,
            **kwargs,
        )

    @property
    def optimizer_defaults(self):
        if self.architecture == "resnet":
            return {"learning_rate": 2e-4, "beta_1": 0.0, "beta_2": 0.9}
        return {"learning_rate": 2e-4, "beta_1": 0.5, "beta_2": 0.999}
