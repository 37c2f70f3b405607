"""DiscoGAN and DualGAN: CycleGAN's two-way scheme with their papers' own choices."""

import keras

from kerasgan.models.cyclegan import CycleGAN
from kerasgan.models.wgan import rmsprop


@keras.saving.register_keras_serializable(package="kerasgan")
class DiscoGAN(CycleGAN):
    """DiscoGAN: CycleGAN's two translators and discriminators with DiscoGAN's choices.

    What differs from `CycleGAN` is data, not code: encoder-decoder translators
    without skip connections, batch normalisation, the non-saturating GAN loss,
    a squared-error reconstruction loss of weight 1, no identity loss, no image
    history and no learning-rate decay (Adam 2e-4, betas 0.5 and 0.999). The
    discriminators are CycleGAN's PatchGANs, where the paper's end in one logit
    per image.

    Reference: Kim, Cha, Kim, Lee & Kim, "Learning to Discover Cross-Domain
    Relations with Generative Adversarial Networks", ICML 2017 (arXiv:1703.05192).

    Args:
        source_shape: (height, width, channels) of domain A's images.
        image_shape: (height, width, channels) of domain B's images.
        g_filters: channels of each translator's first convolution.
        d_filters: channels of each discriminator's first convolution.
        translator: "encoder_decoder" (the paper), "resnet" or "unet".
        d_layers: strided layers of the discriminators (None: scaled to the size).
        norm: "batch" (the paper), "instance" or "none".
        cycle_weight: weight of the reconstruction loss (1).
        identity_weight: identity loss weight relative to `cycle_weight` (0).
        reconstruction: "l2" (the paper) or "l1".
        pool_size: generated images kept for the discriminators (0: none).
        decay_start: fraction of the epochs before the linear decay (1: none).
        loss: adversarial loss name ("non_saturating").
        n_critic: discriminator updates per generator update.
        weight_clip: clip the discriminators' weights to [-c, c] (0: no clipping).
        seed: seed of the noise drawn during training.
        name: the model's name.
    """

    def __init__(
        self,
        source_shape=(28, 28, 1),
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        translator="encoder_decoder",
        d_layers=0,
        norm="batch",
        cycle_weight=1.0,
        identity_weight=0.0,
        reconstruction="l2",
        pool_size=0,
        decay_start=1.0,
        loss="non_saturating",
        n_critic=1,
        weight_clip=0.0,
        seed=None,
        name="discogan",
        **kwargs,
    ):
        super().__init__(
            source_shape,
            image_shape,
            g_filters,
            d_filters,
            translator,
            d_layers,
            norm,
            cycle_weight,
            identity_weight,
            reconstruction,
            pool_size,
            decay_start,
            loss,
            n_critic,
            weight_clip,
            seed,
            name,
            **kwargs,
        )


@keras.saving.register_keras_serializable(package="kerasgan")
class DualGAN(CycleGAN):
    """DualGAN: CycleGAN's two-way scheme as a pair of Wasserstein GANs with clipping.

    What differs from `CycleGAN`: U-Net translators, batch normalisation, the
    Wasserstein loss with both critics' weights clipped to [-0.01, 0.01], two
    critic updates per generator update, RMSprop at 5e-5, an L1 reconstruction
    weight of 100 (the paper uses 100 to 1000 depending on the task), no identity
    loss, no image history and no learning-rate decay.

    Reference: Yi, Zhang, Tan & Gong, "DualGAN: Unsupervised Dual Learning for
    Image-to-Image Translation", ICCV 2017 (arXiv:1704.02510).

    Args:
        source_shape: (height, width, channels) of domain A's images.
        image_shape: (height, width, channels) of domain B's images.
        g_filters: channels of each translator's first convolution.
        d_filters: channels of each critic's first convolution.
        translator: "unet" (the paper), "resnet" or "encoder_decoder".
        d_layers: strided layers of the PatchGAN critics (None: scaled to the size).
        norm: "batch" (the paper), "instance" or "none".
        cycle_weight: weight lambda of the L1 reconstruction loss (100).
        identity_weight: identity loss weight relative to `cycle_weight` (0).
        reconstruction: "l1" (the paper) or "l2".
        pool_size: generated images kept for the critics (0: none).
        decay_start: fraction of the epochs before the linear decay (1: none).
        loss: adversarial loss name ("wasserstein").
        n_critic: critic updates per generator update (2).
        weight_clip: clip both critics' weights to [-c, c] (0.01).
        seed: seed of the noise drawn during training.
        name: the model's name.
    """

    def __init__(
        self,
        source_shape=(28, 28, 1),
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        translator="unet",
        d_layers=0,
        norm="batch",
        cycle_weight=100.0,
        identity_weight=0.0,
        reconstruction="l1",
        pool_size=0,
        decay_start=1.0,
        loss="wasserstein",
        n_critic=2,
        weight_clip=0.01,
        seed=None,
        name="dualgan",
        **kwargs,
    ):
        super().__init__(
            source_shape,
            image_shape,
            g_filters,
            d_filters,
            translator,
            d_layers,
            norm,
            cycle_weight,
            identity_weight,
            reconstruction,
            pool_size,
            decay_start,
            loss,
            n_critic,
            weight_clip,
            seed,
            name,
            **kwargs,
        )

    def default_optimizer(self, phase, **overrides):
        """RMSprop at 5e-5, as the paper and WGAN use; `learning_rate` may be overridden."""
        del phase
        return rmsprop("DualGAN", 5e-5, overrides)
