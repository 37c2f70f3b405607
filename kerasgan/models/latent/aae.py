"""Adversarial autoencoder, unsupervised (Makhzani et al. 2015)."""

import math
from dataclasses import replace

import keras
import numpy as np
from keras import ops

from kerasgan.engine import Phase
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.latent.aae_networks import CodeDiscriminator
from kerasgan.models.latent.encoding import EncoderMixin
from kerasgan.networks.autoencoder import per_sample_error
from kerasgan.networks.conv import DCGANGenerator
from kerasgan.networks.encoder import ARCHITECTURES
from kerasgan.networks.mlp import MLPGenerator

PRIORS = ("gaussian", "mixture")
RECONSTRUCTIONS = ("squared", "absolute")
TANGENTIAL_RATIO = 0.2
"""A mixture component's standard deviation across its radius, relative to along it."""


def check_prior(prior, latent_dim):
    """Raises ValueError for an unknown prior, or a mixture on fewer than 2 dimensions."""
    if prior not in PRIORS:
        raise ValueError(f"prior must be one of {PRIORS}, not {prior!r}.")
    if prior == "mixture" and int(latent_dim) < 2:
        raise ValueError(f"the mixture prior needs latent_dim >= 2, not {latent_dim}.")


def mixture_means(latent_dim, components=10, radius=2.0):
    """Means of the mixture prior's components: a circle in the first two dimensions.

    Args:
        latent_dim: length of a code (at least 2).
        components: number of components; component k sits at angle 2 pi k / components.
        radius: distance of each mean from the origin.

    Returns:
        A float32 numpy array (components, latent_dim), zero beyond the first two columns.
    """
    angles = 2.0 * math.pi * np.arange(components) / components
    means = np.zeros((components, latent_dim), "float32")
    means[:, 0], means[:, 1] = radius * np.cos(angles), radius * np.sin(angles)
    return means


def sample_prior(
    random,
    batch,
    latent_dim,
    prior="gaussian",
    prior_std=1.0,
    components=10,
    radius=2.0,
    component_std=0.5,
):
    """A batch of codes drawn from the AAE's prior p(z).

    "gaussian" is N(0, prior_std^2 I). "mixture" is the paper's mixture of 2-D
    Gaussians on a circle (its Figure 4), generalised to `latent_dim` > 2: in the
    first two dimensions a component k drawn uniformly, centred at angle
    2 pi k / components on a circle of `radius` and elongated along the radius (std
    `component_std` along it, `TANGENTIAL_RATIO * component_std` across it, the
    "petals" of the figure); the other dimensions are N(0, prior_std^2), independent.

    Args:
        random: what draws the noise: a `StepContext` inside a training step (the
            model's seed), or anything with `normal(shape)` and
            `randint(shape, minval, maxval)` (`NumpyDraws` outside one).
        batch: number of codes.
        latent_dim: length of a code.
        prior: "gaussian" or "mixture".
        prior_std: standard deviation of the Gaussian prior (of the dimensions
            beyond the first two for the mixture).
        components: number of mixture components (10 in the paper).
        radius: distance of the components' means from the origin.
        component_std: a component's standard deviation along its radius.

    Returns:
        A float32 tensor (batch, latent_dim). The normal noise is drawn before the
        components.

    Example:
        >>> z = sample_prior(ctx, 64, 2, prior="mixture")
        >>> z = ops.convert_to_numpy(sample_prior(NumpyDraws(0), 64, 8))
    """
    check_prior(prior, latent_dim)
    noise = ops.convert_to_tensor(random.normal((batch, latent_dim)), "float32")
    if prior == "gaussian":
        return prior_std * noise
    component = ops.cast(random.randint((batch,), 0, components), "float32")
    angle = component * (2.0 * math.pi / components)
    along = radius + component_std * noise[:, 0]
    across = TANGENTIAL_RATIO * component_std * noise[:, 1]
    cos, sin = ops.cos(angle), ops.sin(angle)
    plane = ops.stack([along * cos - across * sin, along * sin + across * cos], axis=-1)
    return ops.concatenate([plane, prior_std * noise[:, 2:]], axis=-1)


class NumpyDraws:
    """`normal` and `randint` from a numpy Generator, for `sample_prior` outside a step.

    Args:
        seed: seed of the `numpy.random.default_rng`.
    """

    def __init__(self, seed=0):
        self.rng = np.random.default_rng(seed)

    def normal(self, shape, dtype="float32"):
        return self.rng.standard_normal(shape).astype(dtype)

    def randint(self, shape, minval, maxval):
        return self.rng.integers(minval, maxval, size=shape).astype("int32")


@keras.saving.register_keras_serializable(package="kerasgan")
class AAE(EncoderMixin, GAN):
    """Adversarial autoencoder: an autoencoder whose codes a discriminator matches to a prior.

    The encoder maps an image x to a code E(x) and the decoder (the `generator`)
    maps it back. Each step follows the paper's order: the reconstruction phase
    lowers the reconstruction error between x and G(E(x)) (mean squared, or
    absolute); then D, an MLP on codes, learns to tell samples of the prior p(z)
    (real) from codes E(x) (fake); then the encoder, the GAN's generator here,
    learns to fool D. Once trained, decoding prior samples generates images. Logs
    `recon_loss`, `d_loss` and `g_loss` (the encoder's adversarial loss). Training
    needs no labels.

    Optimizers: the engine gives each variable one optimizer, and an optimizer
    shared by two phases must update the same variables in both. So the
    reconstruction phase is run as two engine phases, "reconstruction" (the
    decoder, optimizer "generator") then "encoder_reconstruction" (the encoder),
    and the encoder's reconstruction and adversarial updates share the optimizer
    "encoder"; D's is "discriminator". `--g-lr` sets the decoder's and the
    encoder's learning rate, `--d-lr` D's. R1 and the gradient penalty, when set,
    act on D at prior samples; DiffAugment does not apply.

    The decoder is an ordinary kerasgan generator, saved as `generator.keras`.
    The training grids, `kerasgan sample RUN` and `kerasgan evaluate RUN` decode
    codes of the prior (`sample_latent`; from a run folder the prior's settings
    come from its config.json); a bare `.keras` decoder file has no record of its
    prior and is sampled with N(0, I) codes, the prior only for prior="gaussian"
    with prior_std=1.

    Reference: Makhzani, Shlens, Jaitly, Goodfellow & Frey, "Adversarial
    Autoencoders", arXiv:1511.05644, 2015 (ICLR 2016 workshop). Its MNIST networks
    are MLPs of 1000-1000 ReLU units; the defaults here are smaller for CPUs.

    Args:
        latent_dim: length of the code (2 to plot the codes).
        image_shape: (height, width, channels) of the images.
        architecture: "dense" (MLP encoder and `MLPGenerator` decoder without
            BatchNorm, as in the paper: with it, the decoder's moving statistics
            lagged behind the drifting codes and inference decoded much worse than
            training) or "conv" (strided-convolution encoder and `DCGANGenerator`).
        units: widths of the dense encoder's hidden layers; the decoder uses them
            in reverse order.
        d_units: widths of the code discriminator's hidden layers.
        filters: width of the convolutional encoder and decoder.
        prior: "gaussian" (N(0, prior_std^2 I)) or "mixture" (see `sample_prior`).
        prior_std: standard deviation of the Gaussian prior (and of the mixture's
            dimensions beyond the first two).
        components: number of mixture components (10).
        mixture_radius: distance of the mixture's means from the origin.
        mixture_std: a mixture component's standard deviation along its radius
            (`TANGENTIAL_RATIO` times that across it).
        reconstruction: "squared" (mean squared error) or "absolute" (L1).
        loss: adversarial loss of D and the encoder (default "non_saturating").
        seed: seed of the prior samples drawn during training.
        name: the model's name.
        **kwargs: the common options of `kerasgan.models.GAN` (ema_decay of the
            decoder, r1_gamma, r1_every); `augment` must stay empty.

    Example:
        >>> aae = AAE(latent_dim=2, prior="mixture")
        >>> aae.compile()
        >>> aae.fit(images, epochs=5, batch_size=64)       # no labels
        >>> codes = aae.encode(images[:100])                # (100, 2)
        >>> samples = aae.generate(aae.prior_samples(64))   # decoded prior samples
    """

    network_names = ("generator", "discriminator", "encoder")
    g_lr_optimizers = ("encoder",)
    # An autoencoder learns faster than DCGAN's 2e-4 allows (and the decoder's BatchNorm
    # statistics then catch up sooner): 1e-3 for every optimizer, as D keeps up with it.
    optimizer_defaults = {"learning_rate": 1e-3, "beta_1": 0.5, "beta_2": 0.999}

    def __init__(
        self,
        latent_dim=8,
        image_shape=(28, 28, 1),
        architecture="dense",
        units=(512, 512),
        d_units=(512, 512),
        filters=32,
        prior="gaussian",
        prior_std=1.0,
        components=10,
        mixture_radius=2.0,
        mixture_std=0.5,
        reconstruction="squared",
        loss="non_saturating",
        seed=None,
        name="aae",
        **kwargs,
    ):
        if int(latent_dim) < 1:
            raise ValueError(f"latent_dim must be at least 1, not {latent_dim}.")
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}.")
        check_prior(prior, latent_dim)
        if reconstruction not in RECONSTRUCTIONS:
            raise ValueError(
                f"reconstruction must be one of {RECONSTRUCTIONS}, not {reconstruction!r}."
            )
        if float(prior_std) <= 0 or float(mixture_std) < 0 or int(components) < 1:
            raise ValueError("prior_std must be > 0, mixture_std >= 0 and components >= 1.")
        if kwargs.get("augment"):
            raise ValueError("augment does not apply to AAE: its discriminator reads codes.")
        self.architecture, self.prior, self.reconstruction = architecture, prior, reconstruction
        self.units, self.d_units, self.filters = tuple(units), tuple(d_units), int(filters)
        self.prior_std, self.components = float(prior_std), int(components)
        self.mixture_radius, self.mixture_std = float(mixture_radius), float(mixture_std)
        if architecture == "dense":
            decoder = MLPGenerator(
                latent_dim, image_shape, self.units[::-1], normalization="none", name="generator"
            )
        else:
            decoder = DCGANGenerator(latent_dim, image_shape, self.filters, name="generator")
        super().__init__(
            decoder,
            CodeDiscriminator(latent_dim, self.d_units, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )

    # ----------------------------------------------------------------- structure
    @property
    def encoder_units(self):
        """Widths of the encoder's dense layers (`EncoderMixin.make_encoder`)."""
        return self.units

    def example_inputs(self, network, batch_size=2):
        """Images for the encoder, codes for the discriminator, codes for the decoder."""
        if network == "encoder":
            return (np.zeros((batch_size, *self.image_shape), "float32"), None)
        if network in ("discriminator", "generator"):
            return (np.zeros((batch_size, self.latent_dim), "float32"), None)
        return super().example_inputs(network, batch_size)

    def phases(self):
        """The reconstruction phase (decoder, then encoder), D's phase, the encoder's against D.

        The encoder's two phases share its optimizer ("encoder"); the decoder's is
        "generator" and D's "discriminator".
        """
        discriminator, *regularizers, adversarial = super().phases()
        return [
            Phase(
                "reconstruction",
                ("generator",),
                self.reconstruction_loss,
                ("recon_loss",),
                optimizer="generator",
            ),
            Phase(
                "encoder_reconstruction",
                ("encoder",),
                self.encoder_reconstruction_loss,
                optimizer="encoder",
            ),
            discriminator,
            *regularizers,
            replace(adversarial, name="encoder", networks=("encoder",)),
        ]

    # ------------------------------------------------------------------ losses
    def prior_batch(self, random, batch):
        """`batch` codes from the model's prior (see `sample_prior`)."""
        return sample_prior(
            random,
            batch,
            self.latent_dim,
            self.prior,
            self.prior_std,
            self.components,
            self.mixture_radius,
            self.mixture_std,
        )

    def reconstruction_loss(self, ctx, x, y):
        """Mean reconstruction error between x and G(E(x)) (squared or absolute)."""
        del y
        rebuilt = ctx("generator", ctx("encoder", x))
        loss = ops.mean(per_sample_error(x, rebuilt, self.reconstruction))
        return loss, {"recon_loss": loss}

    def encoder_reconstruction_loss(self, ctx, x, y):
        """The reconstruction error again, for the encoder (the decoder's phase logs it)."""
        return self.reconstruction_loss(ctx, x, y)[0], {}

    def discriminator_loss(self, ctx, x, y):
        """D's adversarial loss with prior samples as real and codes E(x) as fake."""
        del y
        prior = self.prior_batch(ctx, ops.shape(x)[0])
        codes = ops.stop_gradient(ctx("encoder", x))
        real_logits = self.critic(ctx, prior, None)
        fake_logits = self.critic(ctx, codes, None)
        penalty, logs = self.penalty_terms(ctx, prior, codes, None)
        loss = self.adversarial_loss.discriminator(real_logits, fake_logits) + penalty
        return loss, {"d_loss": loss, **logs, **self.accuracy_logs(real_logits, fake_logits)}

    def generator_loss(self, ctx, x, y):
        """The encoder's adversarial loss: its codes E(x) should look like prior samples."""
        del y
        fake_logits = self.critic(ctx, ctx("encoder", x), None)
        real_logits = None
        if self.adversarial_loss.relativistic:
            prior = self.prior_batch(ctx, ops.shape(x)[0])
            real_logits = ops.stop_gradient(self.critic(ctx, prior, None))
        loss = self.adversarial_loss.generator(fake_logits, real_logits)
        return loss, {"g_loss": loss}

    def r1_loss(self, ctx, x, y):
        """The lazy R1 phase, on prior samples (D's real data) instead of images."""
        del y
        return super().r1_loss(ctx, self.prior_batch(ctx, ops.shape(x)[0]), None)

    # -------------------------------------------------------------- inference
    def prior_samples(self, n, seed=0):
        """`n` codes from the prior as a float32 numpy array, from a numpy `seed`."""
        codes = self.prior_batch(NumpyDraws(seed), int(n))
        return np.asarray(ops.convert_to_numpy(codes), "float32")

    def sample_latent(self, n, seed=0):
        """Codes for sample grids, `kerasgan sample` and evaluation: the prior's (`prior_samples`).

        The decoder generates images from codes of the prior it was trained to
        match, not from N(0, I) (which the Gaussian prior with `prior_std` 1 is:
        the same numbers as the engine's default for the same seed).
        """
        return self.prior_samples(n, seed)
