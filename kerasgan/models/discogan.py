"""DiscoGAN and DualGAN: CycleGAN's two-way scheme with their papers' own choices."""

import keras

from kerasgan.models.cyclegan import CycleGAN
from kerasgan.models.wgan import rmsprop


class _Defaults:
    """Mixin: the variant is its parent with other constructor defaults.

    `default_arguments` lists them; `kerasgan.models.registry.constructor_arguments`
    (the CLI's options) reads them, so they are written once.
    """

    default_arguments = {}

    def __init__(self, source_shape=(28, 28, 1), image_shape=(28, 28, 1), *, name=None, **kwargs):
        super().__init__(
            source_shape,
            image_shape,
            name=name or self.default_name,
            **{**self.default_arguments, **kwargs},
        )


@keras.saving.register_keras_serializable(package="kerasgan")
class DiscoGAN(_Defaults, CycleGAN):
    """DiscoGAN: CycleGAN's two translators and discriminators with DiscoGAN's choices.

    What differs from `CycleGAN` is data, not code (`default_arguments`):
    encoder-decoder translators without skip connections, batch normalisation,
    the non-saturating GAN loss, a squared-error reconstruction loss of weight 1,
    no identity loss, no image history and no learning-rate decay (Adam 2e-4,
    betas 0.5 and 0.999). The discriminators are CycleGAN's PatchGANs, where the
    paper's end in one logit per image.

    Reference: Kim, Cha, Kim, Lee & Kim, "Learning to Discover Cross-Domain
    Relations with Generative Adversarial Networks", ICML 2017 (arXiv:1703.05192).

    Args:
        source_shape: (height, width, channels) of domain A's images.
        image_shape: (height, width, channels) of domain B's images.
        name: the model's name ("discogan").
        **kwargs: `CycleGAN`'s arguments; those not given take the values of
            `default_arguments`.
    """

    default_name = "discogan"
    default_arguments = {
        "translator": "encoder_decoder",
        "norm": "batch",
        "cycle_weight": 1.0,
        "identity_weight": 0.0,
        "reconstruction": "l2",
        "pool_size": 0,
        "decay_start": 1.0,
        "loss": "non_saturating",
    }


@keras.saving.register_keras_serializable(package="kerasgan")
class DualGAN(_Defaults, CycleGAN):
    """DualGAN: CycleGAN's two-way scheme as a pair of Wasserstein GANs with clipping.

    What differs from `CycleGAN` (`default_arguments`): U-Net translators, batch
    normalisation, the Wasserstein loss with both critics' weights clipped to
    [-0.01, 0.01], two critic updates per generator update, RMSprop at 5e-5, an
    L1 reconstruction weight of 100 (the paper uses 100 to 1000 depending on the
    task), no identity loss, no image history and no learning-rate decay.

    Reference: Yi, Zhang, Tan & Gong, "DualGAN: Unsupervised Dual Learning for
    Image-to-Image Translation", ICCV 2017 (arXiv:1704.02510).

    Args:
        source_shape: (height, width, channels) of domain A's images.
        image_shape: (height, width, channels) of domain B's images.
        name: the model's name ("dualgan").
        **kwargs: `CycleGAN`'s arguments; those not given take the values of
            `default_arguments`.
    """

    default_name = "dualgan"
    default_arguments = {
        "translator": "unet",
        "norm": "batch",
        "cycle_weight": 100.0,
        "identity_weight": 0.0,
        "reconstruction": "l1",
        "pool_size": 0,
        "decay_start": 1.0,
        "loss": "wasserstein",
        "n_critic": 2,
        "weight_clip": 0.01,
    }

    def default_optimizer(self, phase, **overrides):
        """RMSprop at 5e-5, as the paper and WGAN use; `learning_rate` may be overridden."""
        del phase
        return rmsprop("DualGAN", 5e-5, overrides)
