"""Relativistic average GAN (Jolicoeur-Martineau 2019)."""

import keras

from kerasgan.models.dcgan import DCGAN

RELATIVISTIC = (
    "relativistic_average",
    "relativistic_average_least_squares",
    "relativistic_average_hinge",
)


@keras.saving.register_keras_serializable(package="kerasgan")
class RaGAN(DCGAN):
    """RaGAN: DCGAN whose D judges whether real data is more real than the average fake.

    The relativistic average losses are also a `loss=` choice of every variant
    that takes one (`kerasgan train dcgan --loss relativistic_average`); this
    variant only makes them the default.

    Reference: Jolicoeur-Martineau, "The relativistic discriminator: a key element
    missing from standard GAN", ICLR 2019 (arXiv:1807.00734).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters, d_filters: widths of the DCGAN networks.
        upsampling: "transpose" or "upsample".
        loss: "relativistic_average" (RaSGAN),
            "relativistic_average_least_squares" (RaLSGAN) or
            "relativistic_average_hinge" (RaHingeGAN).
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = RaGAN(loss="relativistic_average_least_squares")
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
        loss="relativistic_average",
        seed=None,
        name="ragan",
        **kwargs,
    ):
        if loss not in RELATIVISTIC:
            raise ValueError(f"RaGAN's loss must be one of {RELATIVISTIC}, not {loss!r}.")
        super().__init__(
            latent_dim,
            image_shape,
            g_filters,
            d_filters,
            upsampling,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )
