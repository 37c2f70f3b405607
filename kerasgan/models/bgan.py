"""Boundary-seeking GAN (Hjelm et al. 2018)."""

import keras

from kerasgan.models.dcgan import DCGAN


@keras.saving.register_keras_serializable(package="kerasgan")
class BGAN(DCGAN):
    """BGAN: G moves its samples to D's decision boundary (the boundary-seeking loss).

    D is the usual binary classifier; G minimises 0.5 E[(log D(G(z)) -
    log(1 - D(G(z))))^2], which is zero where D(G(z)) = 1/2. An optimal D then
    gives the density ratio p_data / p_g = D / (1 - D) = 1 (this is the paper's
    continuous-data form; its discrete form with importance weights is not
    implemented).

    Reference: Hjelm et al., "Boundary-Seeking Generative Adversarial Networks",
    ICLR 2018 (arXiv:1702.08431).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters, d_filters: widths of the DCGAN networks.
        upsampling: "transpose" or "upsample".
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = BGAN()
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
        seed=None,
        name="bgan",
        **kwargs,
    ):
        super().__init__(
            latent_dim,
            image_shape,
            g_filters,
            d_filters,
            upsampling,
            loss="boundary_seeking",
            seed=seed,
            name=name,
            **kwargs,
        )
