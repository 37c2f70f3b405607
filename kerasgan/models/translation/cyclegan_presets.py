"""DiscoGAN and DualGAN: CycleGAN's two-way scheme with their papers' own choices."""

import keras

from kerasgan.models.base.preset import Preset
from kerasgan.models.translation.cyclegan import CycleGAN
from kerasgan.optimizers import rmsprop


@keras.saving.register_keras_serializable(package="kerasgan")
class DiscoGAN(Preset, CycleGAN):
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
class DualGAN(Preset, CycleGAN):
    """DualGAN: CycleGAN's two-way scheme with U-Net translators and RMSprop.

    What differs from `CycleGAN` (`default_arguments`) follows the authors' released
    code (github.com/duxingren14/DualGAN): U-Net translators and batch normalisation,
    the sigmoid cross-entropy GAN loss on PatchGAN discriminators, an L1
    reconstruction weight of 20 for each direction, RMSprop at 5e-5, no identity
    loss, no image history and no learning-rate decay.

    The paper describes the discriminators as Wasserstein critics with clipped
    weights (c = 0.01, 2 critic updates per generator update, reconstruction weights
    of 100 to 1000): `DualGAN(loss="wasserstein", weight_clip=0.01, n_critic=2,
    cycle_weight=100)`, or on the command line `--loss wasserstein --weight-clip 0.01
    --n-critic 2 --cycle-weight 100`. That recipe is not the default because it did
    not translate in our runs (benchmarks/RESULTS.md): clipping also clips batch
    normalisation's scales, the critics' gradients at the generators' outputs came
    out about a thousand times smaller than the reconstruction term's, and the
    translators learnt to reconstruct without turning sneakers into boots. The
    authors' code does not clip either (its clipping function is never called).

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
        "cycle_weight": 20.0,
        "identity_weight": 0.0,
        "reconstruction": "l1",
        "pool_size": 0,
        "decay_start": 1.0,
        "loss": "non_saturating",
        "n_critic": 1,
        "weight_clip": 0.0,
    }

    def default_optimizer(self, phase, **overrides):
        """RMSprop at 5e-5 (the paper's and its code's); `learning_rate` may be overridden."""
        del phase
        return rmsprop("DualGAN", 5e-5, overrides)
