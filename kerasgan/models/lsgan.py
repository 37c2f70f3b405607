"""Least-squares GAN (Mao et al. 2017)."""

import keras

from kerasgan.losses import least_squares
from kerasgan.models.dcgan import DCGAN


@keras.saving.register_keras_serializable(package="kerasgan")
class LSGAN(DCGAN):
    """LSGAN: DCGAN's networks with least-squares losses in the a-b-c coding.

    D pulls its output on real images to `b` and on generated ones to `a`; G
    pulls D's output on its images to `c`. The defaults (0, 1, 1) are the coding
    of the paper's experiments; (-1, 1, 0) minimises the Pearson chi-squared
    divergence (its section 3.2).

    Reference: Mao et al., "Least Squares Generative Adversarial Networks",
    ICCV 2017 (arXiv:1611.04076).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters, d_filters: widths of the DCGAN networks.
        upsampling: "transpose" or "upsample".
        a, b, c: the targets of the least-squares losses.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = LSGAN(a=-1.0, b=1.0, c=0.0)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        upsampling="transpose",
        a=0.0,
        b=1.0,
        c=1.0,
        seed=None,
        name="lsgan",
        **kwargs,
    ):
        self.a, self.b, self.c = float(a), float(b), float(c)
        super().__init__(
            latent_dim,
            image_shape,
            g_filters,
            d_filters,
            upsampling,
            loss=least_squares(a, b, c),
            seed=seed,
            name=name,
            **kwargs,
        )
