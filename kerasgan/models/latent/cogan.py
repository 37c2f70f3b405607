"""Coupled GAN (Liu & Tuzel 2016): a joint distribution of two domains without pairs."""

import math
from dataclasses import replace

import keras
from keras import ops

from kerasgan.augment import augment
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.latent.cogan_networks import (
    CoupledDiscriminator,
    CoupledGenerator,
    join_pair,
    split_pair,
)

TRANSFORMS = ("negative", "edges")


def domain_transform(images, kind):
    """Domain B's version of domain A's `images` (NHWC in [-1, 1]); also in [-1, 1].

    Args:
        images: a batch of domain A images in [-1, 1].
        kind: "negative" (`-x`) or "edges" (the per-channel gradient magnitude
            of forward differences, 0 at flat pixels and 2*sqrt(2) at most,
            scaled to [-1, 1]: flat regions are -1, strong edges towards 1).
    """
    if kind == "negative":
        return -images
    if kind == "edges":
        images = ops.convert_to_tensor(images, "float32")
        dx = ops.pad(images[:, :, 1:] - images[:, :, :-1], [[0, 0], [0, 0], [0, 1], [0, 0]])
        dy = ops.pad(images[:, 1:] - images[:, :-1], [[0, 0], [0, 1], [0, 0], [0, 0]])
        magnitude = ops.sqrt(dx * dx + dy * dy) / (2.0 * math.sqrt(2.0))
        return ops.clip(2.0 * magnitude - 1.0, -1.0, 1.0)
    raise ValueError(f"transform must be one of {TRANSFORMS}, not {kind!r}.")


@keras.saving.register_keras_serializable(package="kerasgan")
class CoGAN(GAN):
    """CoGAN: two weight-sharing GANs learn two domains' joint distribution from unpaired data.

    One noise vector gives a PAIR of images, one per domain: the two generators
    share their early layers (high-level semantics) and differ in their last
    stage; the two discriminators differ in their first convolution and share
    their later layers. The generator's output (and what the discriminator takes)
    is the pair side by side, shape (n, H, 2W, C): domain A on the left, domain B
    on the right, so sample grids and `generator.keras` show pairs. The model's
    `image_shape` is the data's (H, W, C).

    The demo builds both domains from one dataset: A is the images, B a fixed
    transform of them ("negative": -x; "edges": a gradient-magnitude edge map).
    As in the paper the domains are NOT paired: inside each step domain B's real
    batch is the transform of the same batch in a random order (a permutation
    drawn from the model's seed generator, the argsort of uniform noise), so D
    never sees an image next to its own transform and G must learn the
    correspondence through the shared weights alone.

    Losses: D's non-saturating loss on domain A (real A vs generated A) plus the
    same on domain B; G's non-saturating loss summed over both domains.

    Reference: Liu & Tuzel, "Coupled Generative Adversarial Networks", NeurIPS
    2016 (arXiv:1606.07536).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels) of one domain; square, even size.
        g_filters: channels of the generators' last shared stage.
        d_filters: channels of the discriminators' first convolutions.
        transform: how domain B is made from the data: "negative" or "edges".
        seed: seed of the noise (and permutations) drawn during training.
        name: the model's name.

    Example:
        >>> gan = CoGAN(image_shape=(28, 28, 1), transform="edges")
        >>> gan.compile()
        >>> gan.fit(images, epochs=5, batch_size=64)
        >>> pairs = gan.generate(z)            # (n, 28, 56, 1): digit | its edges
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        transform="negative",
        seed=None,
        name="cogan",
        **kwargs,
    ):
        if transform not in TRANSFORMS:
            raise ValueError(f"transform must be one of {TRANSFORMS}, not {transform!r}.")
        self.g_filters, self.d_filters, self.transform = int(g_filters), int(d_filters), transform
        super().__init__(
            CoupledGenerator(latent_dim, image_shape, g_filters, name="generator"),
            CoupledDiscriminator(image_shape, d_filters, name="discriminator"),
            latent_dim=latent_dim,
            image_shape=image_shape,
            loss="non_saturating",
            seed=seed,
            name=name,
            **kwargs,
        )

    def domain_b(self, images):
        """Domain B's images made from domain A's `images` by the model's transform."""
        return domain_transform(images, self.transform)

    def real_pairs(self, ctx, x):
        """The real batch side by side: `[x | transform(x in a random order)]` (unpaired)."""
        order = ops.argsort(ctx.uniform((ops.shape(x)[0],)))
        return join_pair(x, self.domain_b(ops.take(x, order, axis=0)))

    def fake_pairs(self, ctx, x):
        """A generated batch of pairs the size of the real batch."""
        return ctx("generator", ctx.normal((ops.shape(x)[0], self.latent_dim)))

    def critic(self, ctx, images, labels):
        """D's (n, 2) logits; DiffAugment, when set, acts on each domain's half separately."""
        if self.augment_policy:
            a, b = split_pair(images)
            images = join_pair(
                augment(a, self.augment_policy, ctx.uniform),
                augment(b, self.augment_policy, ctx.uniform),
            )
        return ctx("discriminator", images, labels)

    def discriminator_loss(self, ctx, x, y):
        """D's loss on domain A plus D's loss on domain B, plus penalties when set."""
        del y
        real = self.real_pairs(ctx, x)
        fake = ops.stop_gradient(self.fake_pairs(ctx, x))
        real_logits = self.critic(ctx, real, None)
        fake_logits = self.critic(ctx, fake, None)
        d_loss = self.adversarial_loss.discriminator
        loss_a = d_loss(real_logits[:, :1], fake_logits[:, :1])
        loss_b = d_loss(real_logits[:, 1:], fake_logits[:, 1:])
        penalty, logs = self.penalty_terms(ctx, real, fake, None)
        loss = loss_a + loss_b + penalty
        return loss, {
            "d_loss": loss,
            "d_loss_a": loss_a,
            "d_loss_b": loss_b,
            **logs,
            **self.accuracy_logs(real_logits, fake_logits),
        }

    def r1_loss(self, ctx, x, y):
        """The lazy R1 phase's loss, on the real pairs."""
        penalty = self.r1_term(ctx, self.real_pairs(ctx, x), None)
        return 0.5 * self.r1_gamma * self.r1_every * penalty, {"r1": penalty}

    def generator_loss(self, ctx, x, y):
        """G's non-saturating loss on domain A plus the same on domain B."""
        del y
        logits = self.critic(ctx, self.fake_pairs(ctx, x), None)
        loss_a = self.adversarial_loss.generator(logits[:, :1], None)
        loss_b = self.adversarial_loss.generator(logits[:, 1:], None)
        loss = loss_a + loss_b
        return loss, {"g_loss": loss, "g_loss_a": loss_a, "g_loss_b": loss_b}

    def evaluation_images(self, images):
        """Domain A's images (the pairs' left halves): those are the data's kind of image.

        Evaluation compares them with the real images; domain B (the transform) is
        not evaluated there.
        """
        return split_pair(images)[0]

    def phases(self):
        """The base schedule, also logging each domain's losses."""
        out = []
        for phase in super().phases():
            if phase.name == "discriminator":
                logs = list(phase.logs)
                phase = replace(phase, logs=(logs[0], "d_loss_a", "d_loss_b", *logs[1:]))
            elif phase.name == "generator":
                phase = replace(phase, logs=(*phase.logs, "g_loss_a", "g_loss_b"))
            out.append(phase)
        return out
