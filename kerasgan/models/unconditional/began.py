"""Boundary equilibrium GAN (Berthelot et al. 2017)."""

import keras
from keras import ops

from kerasgan.augment import augment
from kerasgan.engine import Phase
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.autoencoder import AutoencoderDiscriminator, per_sample_error
from kerasgan.networks.conv import DCGANGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class BEGAN(GAN):
    """BEGAN: an autoencoder D, and a controller k_t balancing D's two goals.

    With L(v) the mean absolute reconstruction error of v, D minimises
    L(x) - k_t L(G(z)) and G minimises L(G(z)). After each step
    k_t <- clip(k_t + lambda_k (gamma L(x) - L(G(z))), 0, 1) keeps
    E[L(G(z))] = gamma E[L(x)]: gamma (the diversity ratio) trades diversity for
    quality. The convergence measure M = L(x) + |gamma L(x) - L(G(z))| is logged
    (its epoch mean is in the history), with k.

    Reference: Berthelot, Schumm & Metz, "BEGAN: Boundary Equilibrium Generative
    Adversarial Networks", arXiv:1703.10717, 2017.

    Args:
        latent_dim: length of the noise vector (h = 64 in the paper).
        image_shape: (height, width, channels); square, even size.
        g_filters: width of the generator (DCGAN-style with nearest-neighbour
            upsampling).
        d_filters: width of the ELU autoencoder.
        code_dim: length of the autoencoder's code.
        gamma: the diversity ratio (0.5 in the paper's figures).
        lambda_k: the learning rate of k_t (0.001).
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = BEGAN(gamma=0.5)
        >>> gan.compile()
        >>> history = gan.fit(images, epochs=5, batch_size=64)
        >>> history.history["convergence"]
    """

    optimizer_defaults = {"learning_rate": 1e-4, "beta_1": 0.5, "beta_2": 0.999}

    def __init__(
        self,
        latent_dim=64,
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=32,
        code_dim=64,
        gamma=0.5,
        lambda_k=0.001,
        seed=None,
        name="began",
        **kwargs,
    ):
        if not 0 < float(gamma) <= 1:
            raise ValueError(f"gamma must be in (0, 1], not {gamma}.")
        self.g_filters, self.d_filters, self.code_dim = int(g_filters), int(d_filters), code_dim
        self.gamma, self.lambda_k = float(gamma), float(lambda_k)
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, "upsample", name="generator"),
            AutoencoderDiscriminator(image_shape, d_filters, code_dim, "elu", name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss="wasserstein",  # unused: BEGAN's losses are its own
            seed=seed,
            name=name,
            **kwargs,
        )
        self.k = self.add_weight(shape=(), initializer="zeros", trainable=False, name="k_t")

    def reconstruction_error(self, ctx, images):
        """Mean absolute reconstruction error L(v) of each image."""
        if self.augment_policy:
            images = augment(images, self.augment_policy, ctx.uniform)
        reconstruction, _ = ctx("discriminator", images)
        return per_sample_error(images, reconstruction, "absolute")

    def phases(self):
        return [
            Phase(
                "discriminator",
                ("discriminator",),
                self.discriminator_loss,
                ("d_loss", "k", "convergence"),
            ),
            Phase("generator", ("generator",), self.generator_loss, ("g_loss",)),
        ]

    def discriminator_loss(self, ctx, x, y):
        """L(x) - k_t L(G(z)); also moves k_t and reports the convergence measure."""
        del y
        z = ctx.normal((ops.shape(x)[0], self.latent_dim))
        real = ops.mean(self.reconstruction_error(ctx, x))
        fake = ops.mean(self.reconstruction_error(ctx, ops.stop_gradient(ctx("generator", z))))
        k = ctx.value(self.k)
        loss = real - k * fake
        balance = ops.stop_gradient(self.gamma * real - fake)
        ctx.assign(self.k, ops.clip(k + self.lambda_k * balance, 0.0, 1.0))
        convergence = ops.stop_gradient(real) + ops.abs(balance)
        return loss, {"d_loss": loss, "k": k, "convergence": convergence}

    def generator_loss(self, ctx, x, y):
        """L(G(z))."""
        del y
        z = ctx.normal((ops.shape(x)[0], self.latent_dim))
        loss = ops.mean(self.reconstruction_error(ctx, ctx("generator", z)))
        return loss, {"g_loss": loss}
