"""DCGAN with another adversarial loss: LSGAN, BGAN and RaGAN, stated as data."""

import keras

from kerasgan.losses import least_squares
from kerasgan.models.base.preset import Preset
from kerasgan.models.unconditional.dcgan import DCGAN

RELATIVISTIC = (
    "relativistic_average",
    "relativistic_average_least_squares",
    "relativistic_average_hinge",
)


@keras.saving.register_keras_serializable(package="kerasgan")
class LSGAN(Preset, DCGAN):
    """LSGAN: DCGAN's networks with least-squares losses in the a-b-c coding.

    D pulls its output on real images to `b` and on generated ones to `a`; G
    pulls D's output on its images to `c`. The defaults (0, 1, 1) are the coding
    of the paper's experiments; (-1, 1, 0) minimises the Pearson chi-squared
    divergence (its section 3.2).

    Reference: Mao et al., "Least Squares Generative Adversarial Networks",
    ICCV 2017 (arXiv:1611.04076).

    Args:
        a, b, c: the targets of the least-squares losses.
        **kwargs: `DCGAN`'s arguments (latent_dim, image_shape, g_filters,
            d_filters, upsampling, seed, name...), but not `loss`.

    Example:
        >>> gan = LSGAN(a=-1.0, b=1.0, c=0.0)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "lsgan"
    default_arguments = {"a": 0.0, "b": 1.0, "c": 1.0}
    hidden_arguments = ("loss",)

    def resolve(self, arguments):
        """Makes the least-squares loss from `a`, `b` and `c`."""
        arguments = dict(arguments)
        self.a, self.b, self.c = (float(arguments.pop(key)) for key in ("a", "b", "c"))
        arguments["loss"] = least_squares(self.a, self.b, self.c)
        return arguments


@keras.saving.register_keras_serializable(package="kerasgan")
class BGAN(Preset, DCGAN):
    """BGAN: G moves its samples to D's decision boundary (the boundary-seeking loss).

    D is the usual binary classifier; G minimises 0.5 E[(log D(G(z)) -
    log(1 - D(G(z))))^2], which is zero where D(G(z)) = 1/2. An optimal D then
    gives the density ratio p_data / p_g = D / (1 - D) = 1 (this is the paper's
    continuous-data form; its discrete form with importance weights is not
    implemented).

    Reference: Hjelm et al., "Boundary-Seeking Generative Adversarial Networks",
    ICLR 2018 (arXiv:1702.08431).

    Args:
        **kwargs: `DCGAN`'s arguments, but not `loss`.

    Example:
        >>> gan = BGAN()
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "bgan"
    default_arguments = {"loss": "boundary_seeking"}
    hidden_arguments = ("loss",)


@keras.saving.register_keras_serializable(package="kerasgan")
class RaGAN(Preset, DCGAN):
    """RaGAN: DCGAN whose D judges whether real data is more real than the average fake.

    The relativistic average losses are also a `loss=` choice of every variant
    that takes one (`kerasgan train dcgan --loss relativistic_average`); this
    variant only makes them the default.

    Reference: Jolicoeur-Martineau, "The relativistic discriminator: a key element
    missing from standard GAN", ICLR 2019 (arXiv:1807.00734).

    Args:
        loss: "relativistic_average" (RaSGAN),
            "relativistic_average_least_squares" (RaLSGAN) or
            "relativistic_average_hinge" (RaHingeGAN).
        **kwargs: `DCGAN`'s other arguments.

    Example:
        >>> gan = RaGAN(loss="relativistic_average_least_squares")
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "ragan"
    default_arguments = {"loss": "relativistic_average"}

    def resolve(self, arguments):
        """Refuses a loss that is not relativistic."""
        if arguments["loss"] not in RELATIVISTIC:
            raise ValueError(
                f"RaGAN's loss must be one of {RELATIVISTIC}, not {arguments['loss']!r}."
            )
        return arguments
