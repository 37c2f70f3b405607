"""DRAGAN: a gradient penalty around perturbed real data (Kodali et al. 2017)."""

import keras
from keras import ops

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.penalties import interpolate, perturb


@keras.saving.register_keras_serializable(package="kerasgan")
class DRAGAN(GAN):
    """DRAGAN: the usual GAN game, with D's gradient norm pulled to 1 near real data.

    The penalty lambda E[(||grad D(x_hat)|| - 1)^2] is taken at x_hat, a random
    point between a real image x and its perturbation x + 0.5 std(x) u with u
    uniform in [0, 1) (the authors' code), so D stays smooth around the data
    manifold, where mode collapse starts. The penalty is per sample, so D uses
    layer normalisation.

    Reference: Kodali, Abernethy, Hays & Kira, "On Convergence and Stability of
    GANs", arXiv:1705.07215, 2017.

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        g_filters, d_filters: widths of the DCGAN networks.
        upsampling: "transpose" or "upsample".
        loss: adversarial loss name (the paper's: "non_saturating").
        gradient_penalty: the penalty's weight lambda (10 in the paper).
        perturbation: size of the perturbation in units of the batch's std.
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = DRAGAN(gradient_penalty=10.0)
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
        loss="non_saturating",
        gradient_penalty=10.0,
        perturbation=0.5,
        seed=None,
        name="dragan",
        **kwargs,
    ):
        self.g_filters, self.d_filters, self.upsampling = int(g_filters), int(d_filters), upsampling
        self.perturbation = float(perturbation)
        super().__init__(
            DCGANGenerator(latent_dim, image_shape, g_filters, upsampling, name="generator"),
            DCGANDiscriminator(image_shape, d_filters, "layer", name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            gradient_penalty=gradient_penalty,
            seed=seed,
            name=name,
            **kwargs,
        )

    def penalty_points(self, ctx, x, fake):
        """Random points between each real image and its perturbation."""
        del fake
        perturbed = perturb(x, ctx.uniform(tuple(ops.shape(x))), self.perturbation)
        return interpolate(x, perturbed, ctx.uniform((ops.shape(x)[0],)))
