"""Deep convolutional GAN (Radford et al. 2015)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class DCGAN(GAN):
    """DCGAN: strided convolutions, batch normalisation, ReLU/LeakyReLU, Adam(2e-4, 0.5).

    Reference: Radford, Metz & Chintala, "Unsupervised Representation Learning
    with Deep Convolutional Generative Adversarial Networks", ICLR 2016
    (arXiv:1511.06434).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size (28, 32, 64...).
        g_filters: channels of the generator's last hidden stage.
        d_filters: channels of the discriminator's first convolution.
        upsampling: "transpose" (Conv2DTranspose) or "upsample" (UpSampling2D +
            Conv2D).
        d_normalization: D's normalization, "batch" (the paper's), "layer" or "none".
        loss: adversarial loss name (default "non_saturating").
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = DCGAN(image_shape=(32, 32, 3), upsampling="upsample")
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
        d_normalization="batch",
        loss="non_saturating",
        seed=None,
        name="dcgan",
        **kwargs,
    ):
        self.g_filters, self.d_filters, self.upsampling = int(g_filters), int(d_filters), upsampling
        self.d_normalization = d_normalization
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, upsampling, name="generator"),
            DCGANDiscriminator(image_shape, d_filters, d_normalization, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )
