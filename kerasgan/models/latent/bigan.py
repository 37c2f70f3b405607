"""BiGAN / ALI: a generator and an encoder against a discriminator on (image, code) pairs."""

from dataclasses import replace

import keras
import numpy as np
from keras import ops

from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.latent.bigan_networks import BiGANEncoder, JointDiscriminator
from kerasgan.models.latent.encoding import EncoderMixin
from kerasgan.networks.conv import DCGANGenerator
from kerasgan.networks.encoder import ARCHITECTURES
from kerasgan.networks.mlp import MLPGenerator
from kerasgan.penalties import r1_penalty

PRIORS = ("normal", "uniform")


@keras.saving.register_keras_serializable(package="kerasgan")
class BiGAN(EncoderMixin, GAN):
    """BiGAN / ALI: G(z) and an encoder E(x) learn to fool D on (image, code) pairs.

    The generator maps noise z to an image and the (deterministic) encoder maps an
    image x to a code. The discriminator D(x, z) reads pairs: it learns to tell
    real pairs (x, E(x)) from fake pairs (G(z), z) with the adversarial loss. G and
    E are trained together, in one phase with one optimizer ("generator"), to fool
    D with the labels swapped: they minimise D's loss with the real and fake pairs
    exchanged (for "non_saturating", -log D(G(z), z) - log(1 - D(x, E(x))), the
    papers' inverted-label objective). At the game's optimum E inverts G, but
    reconstructions G(E(x)) are never trained directly: they only emerge from the
    adversarial game, and are usually semantic rather than pixel-exact. Logs
    `d_loss`, `g_loss` (G's and E's loss) and, for probabilistic losses, D's
    accuracies. Training needs no labels.

    The encoder's codes are batch-normalized by default (`code_norm`; no learned
    scale or offset, see `BiGANEncoder`). Without it, on mnist5k, the linear
    encoder's codes barely vary from image to image (a batch standard deviation
    near 0.1 against the prior's 1) and sit away from the origin: D then tells
    real pairs from fake ones by the code alone (it calls (G(z), E(x)) real and
    (x, z) fake), E cannot catch the prior, G gets no useful signal, and every
    reconstruction G(E(x)) is the same image, then G(z) collapses too. With the
    codes standardized per batch, the first two moments of E's codes match the
    N(0, I) prior by construction, and D must judge images and their agreement
    with codes.

    `--g-lr` sets the Adam of G and E, `--d-lr` D's. R1 (`r1_gamma`) acts on the
    images of real pairs, their codes held fixed; DiffAugment and the gradient
    penalty do not apply. The generator is an ordinary kerasgan generator, saved
    as `generator.keras` and sampled with codes of the prior (`sample_latent`).

    References: Donahue, Krähenbühl & Darrell, "Adversarial Feature Learning",
    ICLR 2017 (arXiv:1605.09782); Dumoulin, Belghazi, Poole, Mastropietro, Lamb,
    Arjovsky & Courville, "Adversarially Learned Inference", ICLR 2017
    (arXiv:1606.00704). Their encoders are deterministic in BiGAN and stochastic
    in ALI; this one is deterministic. BiGAN draws z from U(-1, 1) (`prior`
    "uniform"); ALI's discriminators use dropout 0.2 in every layer (`dropout`).

    Args:
        latent_dim: length of the code z (50 in BiGAN's MNIST experiments).
        image_shape: (height, width, channels) of the images.
        architecture: "dense" (`MLPGenerator`, MLP encoder, dense image branch in
            D) or "conv" (`DCGANGenerator`, strided-convolution encoder and image
            branch).
        g_units: widths of the dense generator's hidden layers.
        e_units: widths of the dense encoder's hidden layers.
        d_units: widths of D's joint hidden layers (the first is also the width
            of its image and code branches).
        filters: width of the convolutional generator, encoder and image branch.
        dropout: rate of the (seeded) dropout after every hidden layer of D's
            image branch, code branch and joint MLP (0 disables it; ALI's is 0.2).
        prior: distribution of z: "normal" (N(0, I)) or "uniform" (U(-1, 1), as
            in BiGAN, with the encoder's codes squashed into (-1, 1) by tanh).
        code_norm: batch-normalize the encoder's codes (default True).
        loss: adversarial loss (default "non_saturating").
        seed: seed of the noise drawn during training and of D's dropout masks.
        name: the model's name.
        **kwargs: the common options of `kerasgan.models.GAN` (ema_decay of the
            generator, r1_gamma, r1_every); `augment` must stay empty.

    Example:
        >>> bigan = BiGAN(latent_dim=50, image_shape=(28, 28, 1))
        >>> bigan.compile()
        >>> bigan.fit(images, epochs=5, batch_size=64)       # no labels
        >>> codes = bigan.encode(images[:100])               # (100, 50) features
        >>> rebuilt = bigan.reconstruct(images[:16])         # G(E(x))
    """

    network_names = ("generator", "discriminator", "encoder")

    def __init__(
        self,
        latent_dim=50,
        image_shape=(28, 28, 1),
        architecture="dense",
        g_units=(256, 512),
        e_units=(512, 256),
        d_units=(512, 256),
        filters=32,
        dropout=0.0,
        prior="normal",
        code_norm=True,
        loss="non_saturating",
        seed=None,
        name="bigan",
        **kwargs,
    ):
        if int(latent_dim) < 1:
            raise ValueError(f"latent_dim must be at least 1, not {latent_dim}.")
        if architecture not in ARCHITECTURES:
            raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}.")
        if kwargs.get("augment"):
            raise ValueError("augment does not apply to BiGAN: its discriminator reads pairs.")
        if kwargs.get("gradient_penalty"):
            raise ValueError("the gradient penalty does not apply to BiGAN; use r1_gamma.")
        if prior not in PRIORS:
            raise ValueError(f"prior must be one of {PRIORS}, not {prior!r}.")
        self.architecture = architecture
        self.prior = prior
        self.code_norm = bool(code_norm)
        self.g_units, self.e_units = tuple(g_units), tuple(e_units)
        self.d_units, self.filters = tuple(d_units), int(filters)
        if architecture == "dense":
            generator = MLPGenerator(latent_dim, image_shape, self.g_units, name="generator")
        else:
            generator = DCGANGenerator(latent_dim, image_shape, self.filters, name="generator")
        discriminator = JointDiscriminator(
            image_shape,
            latent_dim,
            architecture,
            self.d_units,
            self.filters,
            dropout=dropout,
            seed=seed,
            name="discriminator",
        )
        super().__init__(
            generator,
            discriminator,
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
        return self.e_units

    def make_encoder(self):
        """`BiGANEncoder`: codes batch-normalized (`code_norm`), bounded for the uniform prior."""
        return BiGANEncoder(
            self.latent_dim,
            self.image_shape,
            self.architecture,
            self.encoder_units,
            self.filters,
            code_norm=self.code_norm,
            bounded=self.prior == "uniform",
            name="encoder",
        )

    def draw_codes(self, ctx, n):
        """`n` codes of the prior, drawn from the step's noise: N(0, I) or U(-1, 1)."""
        if self.prior == "uniform":
            return ctx.uniform((n, self.latent_dim), -1.0, 1.0)
        return ctx.normal((n, self.latent_dim))

    def sample_latent(self, n, seed=0):
        """Codes for sample grids, `kerasgan sample` and evaluation, from the training prior."""
        rng = np.random.default_rng(seed)
        if self.prior == "uniform":
            return rng.uniform(-1.0, 1.0, (n, self.latent_dim)).astype("float32")
        return rng.standard_normal((n, self.latent_dim)).astype("float32")

    def example_inputs(self, network, batch_size=2):
        """Images for the encoder, `(images, codes)` pairs for D, codes for G."""
        images = np.zeros((batch_size, *self.image_shape), "float32")
        if network == "encoder":
            return (images, None)
        if network == "discriminator":
            return ((images, np.zeros((batch_size, self.latent_dim), "float32")), None)
        return super().example_inputs(network, batch_size)

    def phases(self):
        """D's phase, then one phase updating G and E together with the "generator" optimizer."""
        *others, adversarial = super().phases()
        return [*others, replace(adversarial, networks=("generator", "encoder"))]

    # ------------------------------------------------------------------ losses
    def pair_logits(self, ctx, x, z):
        """D's logits on real pairs (x, E(x)) and fake pairs (G(z), z).

        Args:
            ctx: the step's `StepContext`.
            x: the real batch.
            z: the noise batch.

        Returns:
            `(real_logits, fake_logits)`, differentiable with respect to every network.
        """
        real_logits = ctx("discriminator", (x, ctx("encoder", x)))
        fake_logits = ctx("discriminator", (ctx("generator", z), z))
        return real_logits, fake_logits

    def discriminator_loss(self, ctx, x, y):
        """D's adversarial loss with (x, E(x)) as real pairs and (G(z), z) as fake ones."""
        del y
        z = self.draw_codes(ctx, ops.shape(x)[0])
        codes = ops.stop_gradient(ctx("encoder", x))
        fake = ops.stop_gradient(ctx("generator", z))
        real_logits = ctx("discriminator", (x, codes))
        fake_logits = ctx("discriminator", (fake, z))
        penalty, logs = self.penalty_terms(ctx, x, fake, None)
        loss = self.adversarial_loss.discriminator(real_logits, fake_logits) + penalty
        return loss, {"d_loss": loss, **logs, **self.accuracy_logs(real_logits, fake_logits)}

    def generator_loss(self, ctx, x, y):
        """G's and E's loss: D's loss with real and fake pairs swapped (inverted labels)."""
        del y
        z = self.draw_codes(ctx, ops.shape(x)[0])
        real_logits, fake_logits = self.pair_logits(ctx, x, z)
        loss = self.adversarial_loss.discriminator(fake_logits, real_logits)
        return loss, {"g_loss": loss}

    def r1_term(self, ctx, x, labels):
        """E||grad_x D(x, E(x))||^2 on real pairs, the codes E(x) held fixed."""
        del labels
        codes = ops.stop_gradient(ctx("encoder", x, record=False))
        grads = ctx.input_gradient(
            lambda images: ctx("discriminator", (images, codes), record=False), x
        )
        return r1_penalty(grads)
