"""The fully connected GAN with other losses and schedules, stated as data.

`WGANGPMLP` is the recipe that gives the best images per CPU-minute that was found
(`benchmarks/time_to_quality.py`, benchmarks/RESULTS.md "Time to quality"): the MLP
networks of `VanillaGAN` trained as a WGAN-GP critic and generator, with an EMA of G.
"""

import keras

from kerasgan.models.base.preset import Preset
from kerasgan.models.unconditional.gan import VanillaGAN


@keras.saving.register_keras_serializable(package="kerasgan")
class WGANGPMLP(Preset, VanillaGAN):
    """WGAN-GP with fully connected networks: the most quality per CPU-minute found.

    `VanillaGAN`'s multilayer perceptrons (G: 256-512-1024 with batch
    normalisation; D: 512-256, no normalisation, as the penalty is per sample)
    trained with the Wasserstein loss and the gradient penalty (lambda 10) at one
    interpolated point per sample, `n_critic` critic updates per generator update,
    and an exponential moving average of G's weights (decay 0.999) for sampling. The
    WGAN-GP paper trains an MLP generator among the architectures its single
    setting trains (a 4-layer 512-unit ReLU MLP). A fully connected pair pushes
    several thousand images per second through a 2-core CPU, against a few hundred
    for DCGAN, which buys more in ten minutes than the convolutions do.
    Adam(2e-4, 0.5, 0.999) as for `gan`; `n_critic` 2 rather than the paper's 5:
    on this CPU it gave the better Frechet distance at equal time
    (benchmarks/RESULTS.md).

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs", NeurIPS
    2017 (arXiv:1704.00028); EMA of G: Yazici et al., "The Unusual Effectiveness of
    Averaging in GAN Training", ICLR 2019.

    Args:
        gradient_penalty: the penalty's weight lambda.
        n_critic: critic updates per generator update.
        ema_decay: decay of the EMA of G's weights that is sampled (0 disables it).
        **kwargs: `VanillaGAN`'s other arguments (latent_dim, image_shape, g_units,
            d_units, seed, name...), but not `loss`.

    Example:
        >>> gan = WGANGPMLP()
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "wgan_gp_mlp"
    default_arguments = {
        "loss": "wasserstein",
        "gradient_penalty": 10.0,
        "n_critic": 2,
        "ema_decay": 0.999,
    }
    hidden_arguments = ("loss",)
