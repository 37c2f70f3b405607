"""DCGAN with other losses, penalties and schedules, stated as data.

LSGAN, BGAN and RaGAN change the loss; WGAN and WGAN-GP make D a Wasserstein
critic (clipped, or gradient-penalised); DRAGAN penalises D's gradient around the
data. Each is a `Preset` of `DCGAN`: its defaults, and where it has options of
its own, a `resolve` that turns them into DCGAN's.
"""

import keras
from keras import ops

from kerasgan.losses import least_squares
from kerasgan.models.base.preset import Preset
from kerasgan.models.unconditional.dcgan import DCGAN
from kerasgan.optimizers import rmsprop
from kerasgan.penalties import interpolate, perturb

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


def critic_arguments(arguments):
    """DCGAN's arguments for a Wasserstein critic: `critic_normalization` is D's."""
    arguments = dict(arguments)
    arguments["d_normalization"] = arguments.pop("critic_normalization")
    arguments["loss"] = "wasserstein"
    return arguments


@keras.saving.register_keras_serializable(package="kerasgan")
class WGAN(Preset, DCGAN):
    """WGAN: a critic with clipped weights, trained with the Wasserstein loss.

    The critic maximises E[D(x)] - E[D(G(z))] (the Wasserstein loss, not a
    squared error) and after each of its updates every critic weight is clipped
    into [-clip_value, clip_value] to keep it Lipschitz (Algorithm 1 of the paper:
    c = 0.01, RMSprop with learning rate 5e-5, n_critic = 5).

    Reference: Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017
    (arXiv:1701.07875).

    Args:
        critic_normalization: "batch" (the paper's DCGAN critic), "layer" or "none".
        clip_value: the clipping bound c.
        n_critic: critic updates per generator update.
        **kwargs: `DCGAN`'s other arguments (latent_dim, image_shape, g_filters,
            d_filters, upsampling, seed, name...), but not `loss`.

    Example:
        >>> gan = WGAN(clip_value=0.01, n_critic=5)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "wgan"
    default_arguments = {"critic_normalization": "batch", "clip_value": 0.01, "n_critic": 5}
    hidden_arguments = ("loss", "d_normalization")
    learning_rate = 5e-5

    def resolve(self, arguments):
        """Clipping at `clip_value`, D's normalization, the Wasserstein loss."""
        arguments = critic_arguments(arguments)
        self.clip_value = float(arguments.pop("clip_value"))
        if self.clip_value <= 0:
            raise ValueError(f"clip_value must be positive, not {self.clip_value}.")
        self.critic_normalization = arguments["d_normalization"]
        return {**arguments, "weight_clip": self.clip_value}

    def default_optimizer(self, phase, **overrides):
        """RMSprop(5e-5), as in the paper; `learning_rate` may be overridden.

        Args:
            phase: the phase's name.
            **overrides: `learning_rate` only (RMSprop has no beta_1 / beta_2).
        """
        del phase
        return rmsprop(type(self).__name__, self.learning_rate, overrides)


@keras.saving.register_keras_serializable(package="kerasgan")
class WGANGP(Preset, DCGAN):
    """WGAN-GP: a critic without sigmoid, penalised towards unit gradient norm.

    The penalty is taken at one random point per sample on the line between a
    real and a generated image (one interpolation weight per sample, not per
    pixel); the critic uses layer normalisation, not batch normalisation, since
    the penalty is per sample. `n_critic` critic updates per generator update and
    Adam(1e-4, beta_1=0, beta_2=0.9), as in the paper's Algorithm 1.

    Reference: Gulrajani et al., "Improved Training of Wasserstein GANs",
    NeurIPS 2017 (arXiv:1704.00028).

    Args:
        critic_normalization: "layer" (the paper's advice) or "none".
        gradient_penalty: the penalty's weight lambda.
        n_critic: critic updates per generator update.
        **kwargs: `DCGAN`'s other arguments, but not `loss`.

    Example:
        >>> gan = WGANGP(n_critic=5, gradient_penalty=10.0)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "wgan_gp"
    default_arguments = {"critic_normalization": "layer", "gradient_penalty": 10.0, "n_critic": 5}
    hidden_arguments = ("loss", "d_normalization")
    optimizer_defaults = {"learning_rate": 1e-4, "beta_1": 0.0, "beta_2": 0.9}

    def resolve(self, arguments):
        """D's normalization (never batch) and the Wasserstein loss."""
        arguments = critic_arguments(arguments)
        if arguments["d_normalization"] == "batch":
            raise ValueError("A WGAN-GP critic must not use batch normalisation; use 'layer'.")
        self.critic_normalization = arguments["d_normalization"]
        return arguments


@keras.saving.register_keras_serializable(package="kerasgan")
class DRAGAN(Preset, DCGAN):
    """DRAGAN: the usual GAN game, with D's gradient norm pulled to 1 near real data.

    The penalty lambda E[(||grad D(x_hat)|| - 1)^2] is taken at x_hat, a random
    point between a real image x and its perturbation x + 0.5 std(x) u with u
    uniform in [0, 1) (the authors' code), so D stays smooth around the data
    manifold, where mode collapse starts. The penalty is per sample, so D uses
    layer normalisation.

    Reference: Kodali, Abernethy, Hays & Kira, "On Convergence and Stability of
    GANs", arXiv:1705.07215, 2017.

    Args:
        gradient_penalty: the penalty's weight lambda (10 in the paper).
        perturbation: size of the perturbation in units of the batch's std.
        **kwargs: `DCGAN`'s other arguments (its `loss`: "non_saturating", the paper's).

    Example:
        >>> gan = DRAGAN(gradient_penalty=10.0)
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
    """

    default_name = "dragan"
    default_arguments = {"gradient_penalty": 10.0, "perturbation": 0.5}
    hidden_arguments = ("d_normalization",)

    def resolve(self, arguments):
        """Layer normalisation in D; keeps `perturbation`."""
        arguments = dict(arguments)
        self.perturbation = float(arguments.pop("perturbation"))
        return {**arguments, "d_normalization": "layer"}

    def penalty_points(self, ctx, x, fake):
        """Random points between each real image and its perturbation."""
        del fake
        perturbed = perturb(x, ctx.uniform(tuple(ops.shape(x))), self.perturbation)
        return interpolate(x, perturbed, ctx.uniform((ops.shape(x)[0],)))
