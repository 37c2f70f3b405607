"""StyleGAN2 (Karras et al. 2020): weight demodulation, skip G, residual D, lazy regularizers."""

import math

import keras
from keras import ops

from kerasgan.engine.phase import Phase
from kerasgan.models.base.growth import Progressive
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.style.generator_options import style_generator_options
from kerasgan.networks.residual import ResidualDiscriminator
from kerasgan.networks.style import Style2Generator


def path_lengths(gradient):
    """Per-sample path lengths ||J_w^T y||: the root of the squared gradient summed over
    w's features and averaged over the styles.

    Args:
        gradient: the gradient of `sum(G(ws) * y)` with respect to ws, (batch, num_ws, w_dim).
    """
    return ops.sqrt(ops.mean(ops.sum(ops.square(gradient), axis=2), axis=1) + 1e-8)


def path_length_penalty(lengths, mean, decay=0.01):
    """`(penalty, new_mean)`: E[(length - a)^2] with a the running mean of the lengths.

    Args:
        lengths: per-sample path lengths (batch,).
        mean: the running mean a before this step.
        decay: a moves toward the batch mean by this fraction (0.01).
    """
    lengths = ops.convert_to_tensor(lengths)
    new_mean = ops.stop_gradient(mean + (ops.mean(lengths) - mean) * decay)
    return ops.mean(ops.square(lengths - new_mean)), new_mean


@keras.saving.register_keras_serializable(package="kerasgan")
class StyleGAN2(Progressive, GAN):
    """StyleGAN2 (config F where it fits): modulated convolutions, skip G, residual D.

    G: StyleGAN's mapping network and style mixing (0.9), modulated and demodulated
    3x3 convolutions from a learned constant, noise inputs, to-RGB outputs summed
    across resolutions (skip architecture); no progressive growing. D: residual
    blocks with low-pass downsampling and PGGAN's minibatch-stddev head. Loss: the
    non-saturating one, with lazy R1 on reals (gamma, every `r1_every` = 16 steps) and
    lazy path length regularization (weight 2, every 4 steps, on half a batch, running
    mean decay 0.01). Adam(2e-3, 0, 0.99) with each network's rate and betas corrected
    for its lazy regularizer's interval, as the authors' code does; EMA of G. Channel
    counts halve as the resolution doubles, capped at `channel_max`, so a 32x32 model
    trains on a CPU. DiffAugment (`augment`) can be added.

    Reference: Karras, Laine, Aittala, Hellsten, Lehtinen & Aila, "Analyzing and
    Improving the Image Quality of StyleGAN", CVPR 2020 (arXiv:1912.04958).

    Args:
        latent_dim: length of z and w (512 in the paper).
        image_shape: (size, size, channels), size a power of two >= 4.
        mapping_layers: layers of the mapping network (8 in the paper).
        mapping_lr: their learning-rate multiplier (0.01).
        mixing_probability: style mixing regularization's probability (0.9).
        channel_base, channel_max: a resolution r has `min(channel_base // r,
            channel_max)` channels (config F: 32768 and 512).
        r1_gamma: R1's weight gamma.
        r1_every: apply R1 every this many steps.
        pl_weight: the path length penalty's weight (0 disables it).
        pl_every: apply it every this many steps.
        pl_decay: decay of the running mean path length.
        ema_decay: decay of G's weight average.
        loss: adversarial loss name.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = StyleGAN2(image_shape=(32, 32, 3), augment="color,translation")
        >>> gan.compile()
        >>> gan.fit(images, epochs=10, batch_size=32)
    """

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
        r1_gamma=10.0,
        r1_every=16,
        pl_weight=2.0,
        pl_every=4,
        pl_decay=0.01,
        ema_decay=0.999,
        loss="non_saturating",
        seed=None,
        name="stylegan2",
        **kwargs,
    ):
        if float(pl_weight) < 0 or int(pl_every) < 1 or not 0 < float(pl_decay) <= 1:
            raise ValueError(
                "pl_weight must be >= 0, pl_every >= 1 and pl_decay in (0, 1]; got "
                f"{pl_weight}, {pl_every}, {pl_decay}."
            )
        self.pl_weight, self.pl_every, self.pl_decay = float(pl_weight), int(pl_every), pl_decay
        shared = (mapping_layers, mapping_lr, mixing_probability, channel_base, channel_max)
        generator = Style2Generator(
            **style_generator_options(self, latent_dim, image_shape, *shared, seed)
        )
        discriminator = ResidualDiscriminator(
            image_shape, channel_base, channel_max, name="discriminator"
        )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            r1_gamma=r1_gamma,
            r1_every=r1_every,
            ema_decay=ema_decay,
            seed=seed,
            name=name,
            **kwargs,
        )
        self.set_growth(None)
        self.pl_mean = self.add_weight(
            shape=(), initializer="zeros", trainable=False, name="pl_mean"
        )

    # ------------------------------------------------------------- schedule
    def phases(self):
        """GAN's phases, plus lazy path length regularization of G every `pl_every` steps."""
        phases = super().phases()
        if self.pl_weight > 0:
            phases.append(
                Phase(
                    "path_length",
                    ("generator",),
                    self.path_length_loss,
                    ("pl", "pl_mean"),
                    every=self.pl_every,
                    optimizer="generator",
                )
            )
        return phases

    def lazy_interval(self, key):
        """Steps between a network's lazy regularizer updates (1: none)."""
        if key == "generator" and self.pl_weight > 0:
            return self.pl_every
        if key == "discriminator" and self.r1_gamma > 0 and self.r1_every > 1:
            return self.r1_every
        return 1

    def default_optimizer(self, phase, **overrides):
        """Adam(2e-3, 0, 0.99), corrected for lazy regularization: with an interval k the
        rate is multiplied by c = k / (k + 1) and the betas raised to the power c."""
        settings = {"learning_rate": 2e-3, "beta_1": 0.0, "beta_2": 0.99, **overrides}
        interval = self.lazy_interval(phase)
        c = interval / (interval + 1)
        return keras.optimizers.Adam(
            settings["learning_rate"] * c,
            beta_1=settings["beta_1"] ** c,
            beta_2=settings["beta_2"] ** c,
            epsilon=1e-8,
        )

    # ---------------------------------------------------------------- losses
    def path_length_loss(self, ctx, x, y):
        """pl_weight * pl_every * E[(||J_w^T y|| - a)^2] on half a batch, y ~ N(0, I)/sqrt(HW)."""
        del y
        # Half the batch (the authors' pl_batch_shrink = 2); the batch size is static
        # except in a TensorFlow trace without one.
        batch = max(x.shape[0] // 2, 1) if x.shape[0] is not None else ops.shape(x)[0] // 2
        ws = ctx("generator", ctx.normal((batch, self.latent_dim)), None, mode="mapping")
        height, width = self.image_shape[:2]
        direction = ctx.normal((batch, *self.image_shape)) / math.sqrt(height * width)

        def projected(points):
            images = ctx("generator", points, None, mode="synthesis", record=False)
            return images * direction

        lengths = path_lengths(ctx.input_gradient(projected, ws))
        penalty, new_mean = path_length_penalty(lengths, ctx.value(self.pl_mean), self.pl_decay)
        ctx.assign(self.pl_mean, new_mean)
        loss = self.pl_weight * self.pl_every * penalty
        return loss, {"pl": penalty, "pl_mean": new_mean}
