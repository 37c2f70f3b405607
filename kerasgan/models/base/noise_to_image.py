"""`GAN`: the noise-to-image adversarial recipe on the shared engine.

A generator maps noise (and labels, for conditional variants) to images; a
discriminator tells them from real ones. The training step itself is the
engine's (`kerasgan.engine.PhasedModel`); this class adds the adversarial losses,
penalties, DiffAugment and sampling. A variant supplies its networks, may
override the losses and its schedule (a list of `Phase`s), and never writes a
training loop.
"""

import numpy as np
from keras import ops

from kerasgan.augment import augment, parse_policy
from kerasgan.engine.model import PhasedModel
from kerasgan.engine.phase import Phase
from kerasgan.models.base.adversarial import Adversarial
from kerasgan.penalties import gradient_penalty, interpolate, r1_penalty


class GAN(Adversarial, PhasedModel):
    """A generator and a discriminator trained adversarially by the shared engine.

    Subclasses (the variants) set their networks and may override `phases()`,
    `discriminator_loss`, `generator_loss`, `network_names` and
    `default_optimizer`. Networks take `(inputs, labels=None)`; `num_classes=0`
    means unconditional.

    Args:
        generator: a `keras.Model` mapping `(z, labels)` to images in [-1, 1].
        discriminator: a `keras.Model` mapping `(images, labels)` to logits (batch, 1).
        latent_dim: length of the noise vector z.
        image_shape: (height, width, channels) of the images.
        num_classes: number of label classes for conditional variants, 0 otherwise.
        loss: name of an adversarial loss in `kerasgan.losses` (or an
            `AdversarialLoss`).
        gradient_penalty: weight of the WGAN-GP penalty on D (0 disables it).
        n_critic: discriminator updates per generator update.
        augment: DiffAugment policy applied to real and generated images before
            D, e.g. "color,translation,cutout" or "all" ("" disables it; Zhao et
            al. 2020, see `kerasgan.augment`).
        ema_decay: keep an exponential moving average of G's weights with this
            decay (e.g. 0.999) in `generator_ema`, used for sampling and
            evaluation (0 disables it; Karras et al. 2018, Yazici et al. 2019).
        r1_gamma: weight gamma of the R1 penalty gamma/2 E||grad D(x)||^2 on real
            data (0 disables it; Mescheder et al. 2018).
        r1_every: apply R1 lazily, every this many steps with its weight scaled by
            the interval (Karras et al. 2020); 1 adds it to every D loss.
        weight_clip: clip D's weights into [-c, c] after each of its updates
            (the original WGAN's Lipschitz constraint; 0 disables it).
        drift: weight epsilon of the drift term epsilon * E[D(x)^2] on real data,
            which keeps a Wasserstein critic's output near 0 (PGGAN's 0.001; 0
            disables it; Karras et al. 2018, appendix A.1).
        seed: seed of the noise drawn inside training steps (None: random).
        name: the model's name.

    Example:
        >>> gan = kerasgan.models.DCGAN(latent_dim=64, image_shape=(28, 28, 1))
        >>> gan.compile()
        >>> gan.fit(dataset.batches(64), epochs=5, callbacks=[...])
    """

    network_names = ("generator", "discriminator")
    # Whether the generator's labels are the data's classes (CGAN, ACGAN), so that a
    # classifier can check them; InfoGAN's categorical code is a label that is not.
    labels_are_classes = True
    # The networks whose weights `weight_clip` clips after each of their updates.
    clipped_networks = ("discriminator",)
    common_options = {"augment": "", "ema_decay": 0.0, "r1_gamma": 0.0, "r1_every": 1}
    recipe = "images"

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim,
        image_shape,
        num_classes=0,
        loss="non_saturating",
        gradient_penalty=0.0,
        n_critic=1,
        augment="",
        ema_decay=0.0,
        r1_gamma=0.0,
        r1_every=1,
        weight_clip=0.0,
        drift=0.0,
        seed=None,
        name="gan",
        **kwargs,
    ):
        super().__init__(
            ema_decay=ema_decay, weight_clip=weight_clip, seed=seed, name=name, **kwargs
        )
        if int(r1_every) < 1:
            raise ValueError("r1_every must be at least 1.")
        if float(r1_gamma) < 0:
            raise ValueError("penalty weights (gradient_penalty, r1_gamma) must be >= 0.")
        self.set_adversarial(loss, gradient_penalty, n_critic)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.num_classes = int(num_classes)
        self.augment_policy = parse_policy(augment)
        self.r1_gamma = float(r1_gamma)
        self.r1_every = int(r1_every)
        if float(drift) < 0:
            raise ValueError(f"drift must be >= 0, not {drift}.")
        self.drift = float(drift)
        self.finish_setup()

    # ----------------------------------------------------------------- structure
    def example_inputs(self, network, batch_size=2):
        """Arguments that build `network` (used once, at construction).

        Args:
            network: a name in `network_names`.
            batch_size: batch size of the example.
        """
        labels = np.zeros((batch_size,), "int32") if self.num_classes else None
        if network == "generator":
            return (np.zeros((batch_size, self.latent_dim), "float32"), labels)
        if network == "discriminator":
            return (np.zeros((batch_size, *self.image_shape), "float32"), labels)
        raise NotImplementedError(f"{type(self).__name__} must say how to build {network!r}.")

    @property
    def uses_batch_labels(self):
        """Whether `fit` needs `(images, labels)` batches: for conditional variants."""
        return bool(self.num_classes)

    def call(self, inputs, labels=None, training=False):
        """Generates images from noise `inputs` (and `labels` when conditional)."""
        return self.sampling_generator(inputs, labels, training=training)

    # ----------------------------------------------------------------- schedule
    def phases(self):
        """The variant's schedule: one discriminator and one generator update.

        The generator phase runs on one batch out of `n_critic`.
        """
        d_logs = ["d_loss"]
        if self.gradient_penalty_weight > 0:
            d_logs.append("gp")
        if self.r1_gamma > 0 and self.r1_every == 1:
            d_logs.append("r1")
        if self.drift > 0:
            d_logs.append("drift")
        if self.adversarial_loss.probabilistic:
            d_logs += ["d_acc_real", "d_acc_fake"]
        return [
            Phase("discriminator", ("discriminator",), self.discriminator_loss, tuple(d_logs)),
            *self.regularization_phases(),
            Phase(
                "generator", ("generator",), self.generator_loss, ("g_loss",), every=self.n_critic
            ),
        ]

    def regularization_phases(self):
        """Lazy regularisers of D: R1 every `r1_every` steps, on D's optimizer."""
        if self.r1_gamma > 0 and self.r1_every > 1:
            return [
                Phase(
                    "r1",
                    ("discriminator",),
                    self.r1_loss,
                    ("r1",),
                    every=self.r1_every,
                    optimizer="discriminator",
                )
            ]
        return []

    def conditioning(self, ctx, y):
        """Labels fed to both networks: the real batch's labels, or None."""
        del ctx
        if not self.num_classes:
            return None
        if y is None:
            raise ValueError(f"{type(self).__name__} is conditional and needs labels in fit().")
        return ops.cast(ops.reshape(y, (-1,)), "int32")

    def critic(self, ctx, images, labels):
        """D's output on `images`, after the DiffAugment policy when one is set."""
        if self.augment_policy:
            images = augment(images, self.augment_policy, ctx.uniform)
        return ctx("discriminator", images, labels)

    def penalty_points(self, ctx, x, fake):
        """Where the gradient penalty is taken: WGAN-GP's real-fake interpolations."""
        return interpolate(x, fake, ctx.uniform((ops.shape(x)[0],)))

    def source_gradient(self, ctx, points, labels):
        """Differentiable gradient of D's real/fake output (summed) at `points`.

        Variants whose D has other heads (ACGAN's classifier) differentiate only
        the real/fake one here.
        """
        return ctx.input_gradient("discriminator", points, labels)

    def r1_term(self, ctx, x, labels):
        """E||grad D(x)||^2 on the real batch."""
        return r1_penalty(self.source_gradient(ctx, x, labels))

    def penalty_terms(self, ctx, x, fake, labels):
        """D's weighted gradient penalty and eager R1, and their logs.

        Args:
            ctx: the step's `StepContext`.
            x: the real batch.
            fake: the generated batch (gradient stopped).
            labels: the labels fed to D, or None.

        Returns:
            `(total, logs)`: the weighted sum to add to D's loss, and the
            unweighted penalties by log name ("gp", "r1").
        """
        total, logs = 0.0, {}
        if self.gradient_penalty_weight > 0:
            points = self.penalty_points(ctx, x, fake)
            logs["gp"] = gradient_penalty(self.source_gradient(ctx, points, labels))
            total = total + self.gradient_penalty_weight * logs["gp"]
        if self.r1_gamma > 0 and self.r1_every == 1:
            logs["r1"] = self.r1_term(ctx, x, labels)
            total = total + 0.5 * self.r1_gamma * logs["r1"]
        return total, logs

    def r1_loss(self, ctx, x, y):
        """The lazy R1 phase's loss: gamma/2 * interval * E||grad D(x)||^2."""
        penalty = self.r1_term(ctx, x, self.conditioning(ctx, y))
        return 0.5 * self.r1_gamma * self.r1_every * penalty, {"r1": penalty}

    def discriminator_loss(self, ctx, x, y):
        """Adversarial loss of D on a real batch and a generated one, plus penalties."""
        batch = ops.shape(x)[0]
        labels = self.conditioning(ctx, y)
        fake = ops.stop_gradient(ctx("generator", ctx.normal((batch, self.latent_dim)), labels))
        real_logits = self.critic(ctx, x, labels)
        fake_logits = self.critic(ctx, fake, labels)
        penalty, logs = self.penalty_terms(ctx, x, fake, labels)
        if self.drift > 0:
            logs["drift"] = ops.mean(ops.square(real_logits))
            penalty = penalty + self.drift * logs["drift"]
        loss = self.adversarial_loss.discriminator(real_logits, fake_logits) + penalty
        return loss, {"d_loss": loss, **logs, **self.accuracy_logs(real_logits, fake_logits)}

    def generator_loss(self, ctx, x, y):
        """Adversarial loss of G on a generated batch the size of the real one."""
        batch = ops.shape(x)[0]
        labels = self.conditioning(ctx, y)
        fake = ctx("generator", ctx.normal((batch, self.latent_dim)), labels)
        real_logits = None
        if self.adversarial_loss.relativistic:
            real_logits = ops.stop_gradient(self.critic(ctx, x, labels))
        loss = self.adversarial_loss.generator(self.critic(ctx, fake, labels), real_logits)
        return loss, {"g_loss": loss}

    # ------------------------------------------------------------- sampling
    def generate(self, z, labels=None, batch_size=256, **options):
        """Images in [-1, 1] as a float32 NHWC numpy array.

        Args:
            z: noise of shape (n, latent_dim).
            labels: int labels of shape (n,) for conditional variants.
            batch_size: images generated per call.
            **options: passed to the generator's call (a style generator's
                `truncation` and `truncation_cutoff`).
        """
        z = np.asarray(z, "float32")
        if self.num_classes and labels is None:
            raise ValueError(f"{type(self).__name__} is conditional: pass labels.")
        out = []
        for start in range(0, len(z), batch_size):
            part = None if labels is None else np.asarray(labels[start : start + batch_size])
            part = None if part is None else part.astype("int32")
            images = self.sampling_generator(
                z[start : start + batch_size], part, training=False, **options
            )
            out.append(ops.convert_to_numpy(images))
        return np.concatenate(out, axis=0).astype("float32")

    def sample_latent(self, n, seed=0):
        """`n` latent vectors to sample G with: float32 numpy (n, latent_dim), N(0, I) here.

        Sample grids, `kerasgan sample` and evaluation draw their noise here; a variant
        that feeds G another distribution (the adversarial autoencoder's prior)
        overrides it.

        Args:
            n: number of vectors.
            seed: seed of `np.random.default_rng`.
        """
        return np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype("float32")

    def evaluation_images(self, images):
        """The part of G's output compared with the real images in evaluation: all of it here.

        A variant whose G outputs more than one data image per sample (CoGAN's
        side-by-side pairs) overrides it.

        Args:
            images: G's images in [-1, 1], NHWC.
        """
        return images
