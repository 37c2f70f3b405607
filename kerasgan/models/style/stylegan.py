"""A style-based generator (Karras et al. 2019)."""

import keras

from kerasgan.models.base.growth import GrowthSchedule, Progressive
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.style.generator_options import style_generator_options
from kerasgan.networks.progressive import ProgressiveDiscriminator
from kerasgan.networks.style import StyleGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class StyleGAN(Progressive, GAN):
    """StyleGAN: a mapping network to W, AdaIN styles on a learned constant, noise inputs.

    G maps z through 8 fully connected layers (learning rate x0.01) to w, and draws
    from a learned 4x4 constant with AdaIN from w after every convolution and
    per-pixel noise with learned strengths. Training mixes the styles of two latents
    at a random layer with probability 0.9 and tracks the average w for the
    truncation trick. D is PGGAN's. The loss is the non-saturating one with R1
    (gamma 10) on reals; Adam(1e-3, 0, 0.99); EMA of G (0.999). Progressive growing
    through PGGAN's machinery with `progressive=True` (the paper's way), or one
    fixed resolution (the default here: quicker to compile, and the paper's
    follow-up drops growing too).

    Reference: Karras, Laine & Aila, "A Style-Based Generator Architecture for
    Generative Adversarial Networks", CVPR 2019 (arXiv:1812.04948).

    Args:
        latent_dim: length of z and w (512 in the paper).
        image_shape: (size, size, channels), size a power of two >= 4.
        mapping_layers: layers of the mapping network (8).
        mapping_lr: their learning-rate multiplier (0.01).
        mixing_probability: style mixing regularization's probability (0.9).
        channel_base, channel_max: a resolution r has `min(channel_base // r,
            channel_max)` channels (the paper: 8192 and 512).
        progressive: grow from 4x4 as PGGAN (`fade_images`, `stable_images`).
        fade_images, stable_images: the growth schedule, with `progressive`.
        growth_share: with `progressive` and a time budget, the share of it that growing
            to the image size takes (PGGAN's `growth_share`).
        r1_gamma: R1's weight gamma.
        ema_decay: decay of G's weight average.
        loss: adversarial loss name.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = StyleGAN(image_shape=(32, 32, 1))
        >>> gan.compile()
        >>> gan.fit(images, epochs=10, batch_size=32)
        >>> gan.generate(z, truncation=0.7)
    """

    optimizer_defaults = {"learning_rate": 1e-3, "beta_1": 0.0, "beta_2": 0.99}
    default_image_size = 32

    def __init__(
        self,
        latent_dim=128,
        image_shape=(32, 32, 1),
        mapping_layers=8,
        mapping_lr=0.01,
        mixing_probability=0.9,
        channel_base=2048,
        channel_max=128,
        progressive=False,
        fade_images=10000,
        stable_images=10000,
        growth_share=0.5,
        r1_gamma=10.0,
        ema_decay=0.999,
        loss="non_saturating",
        seed=None,
        name="stylegan",
        **kwargs,
    ):
        self.progressive = bool(progressive)
        schedule = None
        if self.progressive:
            schedule = GrowthSchedule(int(image_shape[0]), int(fade_images), int(stable_images))
        self.fade_images, self.stable_images = int(fade_images), int(stable_images)
        stage = 0 if self.progressive else None
        shared = (mapping_layers, mapping_lr, mixing_probability, channel_base, channel_max)
        generator = StyleGenerator(
            **style_generator_options(self, latent_dim, image_shape, *shared, seed),
            stage=stage,
            grows=self.progressive,
        )
        discriminator = ProgressiveDiscriminator(
            image_shape,
            channel_base,
            channel_max,
            stage=stage,
            grows=self.progressive,
            name="discriminator",
        )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            r1_gamma=r1_gamma,
            ema_decay=ema_decay,
            seed=seed,
            name=name,
            **kwargs,
        )
        self.set_growth(schedule, growth_share)
        if self.progressive:
            self.set_stage(0)

    def discriminator_loss(self, ctx, x, y):
        """The adversarial loss and R1, on reals faded to the current resolution."""
        x = self.faded_reals(x, ctx.value(self.generator.alpha))
        return super().discriminator_loss(ctx, x, y)

    def r1_loss(self, ctx, x, y):
        """Lazy R1 on reals faded to the current resolution."""
        return super().r1_loss(ctx, self.faded_reals(x, ctx.value(self.generator.alpha)), y)
