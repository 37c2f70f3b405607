"""Energy-based GAN (Zhao et al. 2017)."""

from dataclasses import replace

import keras
from keras import ops

from kerasgan.augment import augment
from kerasgan.losses import energy
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.autoencoder import AutoencoderDiscriminator, per_sample_error
from kerasgan.networks.conv import DCGANGenerator
from kerasgan.penalties import pull_away_term


@keras.saving.register_keras_serializable(package="kerasgan")
class EBGAN(GAN):
    """EBGAN: D is an autoencoder whose reconstruction error is an energy.

    D lowers the energy (mean squared reconstruction error) of real images and
    raises that of generated ones up to a margin m; G lowers the energy of its
    images, plus the pull-away term on D's codes of the generated batch, which
    keeps them apart and discourages mode collapse (EBGAN-PT).

    Reference: Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial
    Network", ICLR 2017 (arXiv:1609.03126).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters: width of the DCGAN generator.
        d_filters: width of the autoencoder.
        code_dim: length of the autoencoder's code.
        margin: the margin m of the energy loss.
        pull_away: weight of the pull-away term (0.1 in the paper; 0 disables it).
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = EBGAN(margin=1.0, pull_away=0.1)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    error_kind = "squared"

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=32,
        code_dim=64,
        margin=1.0,
        pull_away=0.1,
        seed=None,
        name="ebgan",
        **kwargs,
    ):
        if float(margin) <= 0:
            raise ValueError(f"margin must be positive, not {margin}.")
        self.g_filters, self.d_filters, self.code_dim = int(g_filters), int(d_filters), code_dim
        self.margin, self.pull_away = float(margin), float(pull_away)
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, "upsample", name="generator"),
            self.make_discriminator(image_shape, d_filters, code_dim),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=energy(margin),
            seed=seed,
            name=name,
            **kwargs,
        )

    @staticmethod
    def make_discriminator(image_shape, filters, code_dim):
        """EBGAN's autoencoder (leaky ReLU)."""
        return AutoencoderDiscriminator(image_shape, filters, code_dim, name="discriminator")

    def energy(self, ctx, images):
        """Per-image reconstruction error and code, after DiffAugment when set."""
        if self.augment_policy:
            images = augment(images, self.augment_policy, ctx.uniform)
        reconstruction, code = ctx("discriminator", images)
        return per_sample_error(images, reconstruction, self.error_kind), code

    def fake_batch(self, ctx, x):
        """A generated batch the size of the real one."""
        return ctx("generator", ctx.normal((ops.shape(x)[0], self.latent_dim)))

    def discriminator_loss(self, ctx, x, y):
        """E(x) + max(0, m - E(G(z))), averaged over the batch."""
        del y
        real_energy, _ = self.energy(ctx, x)
        fake_energy, _ = self.energy(ctx, ops.stop_gradient(self.fake_batch(ctx, x)))
        loss = self.adversarial_loss.discriminator(real_energy, fake_energy)
        return loss, {
            "d_loss": loss,
            "energy_real": ops.mean(real_energy),
            "energy_fake": ops.mean(fake_energy),
        }

    def generator_loss(self, ctx, x, y):
        """E(G(z)) plus the weighted pull-away term of the generated codes."""
        del y
        fake_energy, code = self.energy(ctx, self.fake_batch(ctx, x))
        loss = self.adversarial_loss.generator(fake_energy, None)
        pt = pull_away_term(code)
        return loss + self.pull_away * pt, {"g_loss": loss, "pull_away": pt}

    def phases(self):
        """The base schedule, logging energies and the pull-away term."""
        phases = super().phases()
        logs = {"discriminator": ("d_loss", "energy_real", "energy_fake")}
        logs["generator"] = ("g_loss", "pull_away")
        return [replace(p, logs=logs.get(p.name, p.logs)) for p in phases]
