"""Progressive growing of GANs (Karras et al. 2018)."""

import keras

from kerasgan.models.base.growth import GrowthSchedule, Progressive
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.progressive import ProgressiveDiscriminator, ProgressiveGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class PGGAN(Progressive, GAN):
    """PGGAN: networks grown from 4x4 to the image size, each resolution faded in.

    The recipe of the paper: equalized learning rate in every layer, pixelwise
    feature normalization in G, minibatch standard deviation in D, the WGAN-GP loss
    (lambda 10) with the drift term (epsilon 0.001), Adam(1e-3, beta_1 0, beta_2 0.99),
    one D update per G update and an EMA of G's weights (decay 0.999) for sampling.
    Growth follows `GrowthSchedule`: 4x4 for `stable_images`, then each resolution
    fades in over `fade_images` and trains stable for `stable_images`; under a time
    budget (`pace_growth`) the clock paces it instead (`growth_share` of the budget).
    Real images are averaged down to the current resolution and faded like G's output.
    A step at a low resolution runs only that stage's layers; the step is compiled once
    per stage.

    The paper fades and stabilises over 600k images each, with 512 channels; the
    defaults here are sized for a CPU (10k images; 128 channels up to 16x16, 64 at 32x32).

    Reference: Karras, Aila, Laine & Lehtinen, "Progressive Growing of GANs for
    Improved Quality, Stability, and Variation", ICLR 2018 (arXiv:1710.10196).

    Args:
        latent_dim: length of z (512 in the paper).
        image_shape: (size, size, channels), size a power of two >= 4.
        channel_base: a resolution r has `channel_base // r` channels...
        channel_max: ...at most `channel_max` (512 in the paper).
        fade_images: images over which each new resolution fades in.
        stable_images: images each resolution trains after its fade-in (and 4x4 alone).
        growth_share: with a time budget (`--time-budget`), the share of it that growing
            to the image size takes (the final resolution trains for the rest); the
            budget then paces the growth instead of `fade_images` and `stable_images`.
        gradient_penalty: the WGAN-GP weight lambda.
        drift: the drift term's weight epsilon.
        ema_decay: decay of G's weight average (0 disables it).
        group_size: the minibatch standard deviation's group size.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = PGGAN(image_shape=(32, 32, 1), fade_images=5000, stable_images=5000)
        >>> gan.compile()
        >>> gan.fit(images, epochs=10, batch_size=32)  # grows 4 -> 8 -> 16 -> 32
    """

    optimizer_defaults = {"learning_rate": 1e-3, "beta_1": 0.0, "beta_2": 0.99}
    default_image_size = 32

    def __init__(
        self,
        latent_dim=128,
        image_shape=(32, 32, 1),
        channel_base=2048,
        channel_max=128,
        fade_images=10000,
        stable_images=10000,
        growth_share=0.5,
        gradient_penalty=10.0,
        drift=0.001,
        ema_decay=0.999,
        group_size=4,
        seed=None,
        name="pggan",
        **kwargs,
    ):
        schedule = GrowthSchedule(int(image_shape[0]), int(fade_images), int(stable_images))
        self.channel_base, self.channel_max = int(channel_base), int(channel_max)
        self.fade_images, self.stable_images = int(fade_images), int(stable_images)
        self.group_size = int(group_size)
        shared = {"channel_base": channel_base, "channel_max": channel_max, "stage": 0}
        super().__init__(
            ProgressiveGenerator(latent_dim, image_shape, **shared, name="generator"),
            ProgressiveDiscriminator(
                image_shape, **shared, group_size=group_size, name="discriminator"
            ),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss="wasserstein",
            gradient_penalty=gradient_penalty,
            drift=drift,
            ema_decay=ema_decay,
            seed=seed,
            name=name,
            **kwargs,
        )
        self.set_growth(schedule, growth_share)
        self.set_stage(0)

    def discriminator_loss(self, ctx, x, y):
        """WGAN-GP with drift, on the real batch faded to the current resolution."""
        x = self.faded_reals(x, ctx.value(self.generator.alpha))
        return super().discriminator_loss(ctx, x, y)
