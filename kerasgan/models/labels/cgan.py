"""Conditional GAN (Mirza & Osindero 2014)."""

import keras

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.networks.mlp import MLPDiscriminator, MLPGenerator

ARCHITECTURES = ("conv", "dense")


@keras.saving.register_keras_serializable(package="kerasgan")
class CGAN(GAN):
    """CGAN: both networks see the class label; sample any class on demand.

    Reference: Mirza & Osindero, "Conditional Generative Adversarial Nets",
    arXiv:1411.1784, 2014.

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels) of the images.
        num_classes: number of classes in the labels.
        architecture: "conv" (DCGAN-style networks) or "dense" (MLPs, as in the paper).
        label_fusion: "concat" (one-hot code appended to the noise and to the image)
            or "multiply" (noise and image multiplied by learned label embeddings).
        g_filters, d_filters: widths of the convolutional networks.
        g_units, d_units: widths of the dense networks.
        loss: adversarial loss name (default "non_saturating").
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = CGAN(num_classes=10)
        >>> gan.compile()
        >>> gan.fit(images, labels, epochs=5, batch_size=64)
        >>> gan.generate(z, labels=np.arange(10))
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        num_classes=10,
        architecture="conv",
        label_fusion="concat",
        g_filters=64,
        d_filters=64,
        g_units=(256, 512, 1024),
        d_units=(512, 256),
        loss="non_saturating",
        seed=None,
        name="cgan",
        **kwargs,
    ):
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}.")
        if int(num_classes) < 2:
            raise ValueError(f"CGAN needs num_classes >= 2, not {num_classes}.")
        self.architecture, self.label_fusion = architecture, label_fusion
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        self.g_units, self.d_units = tuple(g_units), tuple(d_units)
        if architecture == "conv":
            generator = DCGANGenerator(
                latent_dim,
                image_shape,
                g_filters,
                "transpose",
                num_classes,
                label_fusion,
                name="generator",
            )
            discriminator = DCGANDiscriminator(
                image_shape, d_filters, "batch", num_classes, label_fusion, name="discriminator"
            )
        else:
            generator = MLPGenerator(
                latent_dim, image_shape, self.g_units, num_classes, label_fusion, name="generator"
            )
            discriminator = MLPDiscriminator(
                image_shape, self.d_units, num_classes, label_fusion, name="discriminator"
            )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            num_classes=num_classes,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )
