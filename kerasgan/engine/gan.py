"""`GAN`, the `keras.Model` every kerasgan variant trains with.

The training step is written once, as a pure function of variable values
(`pure_step`). On JAX it is the trainer's `train_step(state, data)`; on TensorFlow
and PyTorch `train_step(data)` reads the variables, calls the same function and
assigns the new values back. A variant only supplies its networks, its losses and
its schedule (a list of `Phase`s); it never writes a training loop.
"""

import keras
import numpy as np
from keras import ops

from kerasgan.augment import augment, parse_policy
from kerasgan.backend import get_backend
from kerasgan.engine.context import StepContext
from kerasgan.engine.ema import ema_decay_at, make_ema_copy, updated_ema
from kerasgan.engine.phase import Phase
from kerasgan.losses import get_loss
from kerasgan.penalties import clip_weights, gradient_penalty, interpolate, r1_penalty

COMMON_OPTIONS = ("augment", "ema_decay", "r1_gamma", "r1_every")


class _VariableIndex:
    """Per-model lookup of each network's and each phase's variables (not tracked)."""

    def __init__(self):
        self.networks = {}
        self.phases = {}


class GAN(keras.Model):
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
        seed=None,
        name="gan",
        **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        if not 0.0 <= float(ema_decay) < 1.0:
            raise ValueError(f"ema_decay must be in [0, 1), not {ema_decay}.")
        if int(r1_every) < 1 or int(n_critic) < 1:
            raise ValueError("r1_every and n_critic must be at least 1.")
        if float(r1_gamma) < 0 or float(gradient_penalty) < 0:
            raise ValueError("penalty weights (gradient_penalty, r1_gamma) must be >= 0.")
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = int(latent_dim)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.num_classes = int(num_classes)
        self.loss_name = loss if isinstance(loss, str) else "custom"
        self.adversarial_loss = get_loss(loss)
        self.gradient_penalty_weight = float(gradient_penalty)
        self.n_critic = int(n_critic)
        self.augment_policy = parse_policy(augment)
        self.ema_decay = float(ema_decay)
        self.r1_gamma = float(r1_gamma)
        self.r1_every = int(r1_every)
        self.weight_clip = float(weight_clip)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self._index = _VariableIndex()
        self._trackers = {
            name: keras.metrics.Mean(name=name) for phase in self.phases() for name in phase.logs
        }
        self.build_networks()
        self.generator_ema = make_ema_copy(self.generator) if self.ema_decay else None

    @property
    def sampling_generator(self):
        """The generator used for samples and evaluation: the EMA copy when kept."""
        return self.generator_ema if self.generator_ema is not None else self.generator

    # ----------------------------------------------------------------- structure
    @property
    def networks(self):
        """Dict from network name to network, in `network_names` order."""
        return {name: getattr(self, name) for name in self.network_names}

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

    def build_networks(self):
        """Builds every network on example inputs so all variables exist."""
        for name, net in self.networks.items():
            if not net.built:
                own = getattr(net, "example_inputs", None)
                net(*(own() if callable(own) else self.example_inputs(name)))
        self.built = True

    def network_variables(self, network):
        """`(trainable, non_trainable)` variable lists of a network, cached."""
        if network not in self._index.networks:
            net = self.networks[network]
            self._index.networks[network] = (
                list(net.trainable_variables),
                list(net.non_trainable_variables),
            )
        return self._index.networks[network]

    def phase_variables(self, phase):
        """The trainable variables a phase updates, in the model's variable order."""
        if phase.name not in self._index.phases:
            ids = {id(v) for net in phase.networks for v in self.network_variables(net)[0]}
            self._index.phases[phase.name] = [v for v in self.trainable_variables if id(v) in ids]
        return self._index.phases[phase.name]

    @property
    def metrics(self):
        return list(self._trackers.values())

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

    def accuracy_logs(self, real_logits, fake_logits):
        """D's accuracy on the real and the generated batch, for probabilistic losses."""
        if not self.adversarial_loss.probabilistic:
            return {}
        return {
            "d_acc_real": ops.mean(ops.cast(real_logits > 0, "float32")),
            "d_acc_fake": ops.mean(ops.cast(fake_logits < 0, "float32")),
        }

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

    # --------------------------------------------------------------- optimizers
    optimizer_defaults = {"learning_rate": 2e-4, "beta_1": 0.5, "beta_2": 0.999}

    def default_optimizer(self, phase, **overrides):
        """The Adam optimizer a phase gets when `compile()` is not given one.

        Args:
            phase: the phase's name.
            **overrides: `learning_rate`, `beta_1`, `beta_2` replacing the
                variant's `optimizer_defaults` (DCGAN's: 2e-4, 0.5, 0.999).
        """
        del phase
        settings = {**self.optimizer_defaults, **overrides}
        return keras.optimizers.Adam(
            settings["learning_rate"], beta_1=settings["beta_1"], beta_2=settings["beta_2"]
        )

    def compile(self, g_optimizer=None, d_optimizer=None, optimizers=None, **kwargs):
        """Configures one optimizer per phase (or per shared optimizer key).

        Args:
            g_optimizer: optimizer of the "generator" phase.
            d_optimizer: optimizer of the "discriminator" phase.
            optimizers: dict from a phase's optimizer key (its name, unless it shares
                another phase's optimizer) to optimizer, for variants with other
                phases. Keys left out get `default_optimizer(key)`.
            **kwargs: passed to `keras.Model.compile` (e.g. `jit_compile`,
                `run_eagerly`, `steps_per_execution`).
        """
        chosen = dict(optimizers or {})
        if g_optimizer is not None:
            chosen["generator"] = g_optimizer
        if d_optimizer is not None:
            chosen["discriminator"] = d_optimizer
        phases = self.phases()
        keys = [p.optimizer_key for p in phases]
        unknown = set(chosen) - set(keys)
        if unknown:
            raise ValueError(
                f"No phase named {sorted(unknown)} in {type(self).__name__}; its phases are {keys}."
            )
        owner = {}
        for phase in phases:
            key = phase.optimizer_key
            optimizer = chosen.get(key) or self.default_optimizer(key)
            if isinstance(optimizer, str):
                optimizer = keras.optimizers.get(optimizer)
            chosen[key] = optimizer
            for variable in self.phase_variables(phase):
                if owner.setdefault(id(variable), optimizer) is not optimizer:
                    raise ValueError(
                        f"Phase {phase.name!r} updates variables that another phase updates "
                        "with another optimizer; give both phases the same `optimizer` key."
                    )
        self.phase_optimizers = chosen
        # Variables no phase updates (SRResNet's unused D) get an optimizer that is never
        # applied, so that each phase optimizer holds exactly its phases' variables.
        fallback = keras.optimizers.SGD(0.0)
        multi = keras.optimizers.MultiOptimizer(lambda v: owner.get(id(v), fallback))
        super().compile(optimizer=multi, **kwargs)
        self.optimizer.build(self.trainable_variables)

    # -------------------------------------------------------------- the step
    def state_variables(self):
        """The four variable lists of Keras' trainer state, in its order."""
        return (
            self.trainable_variables,
            self.non_trainable_variables,
            self.optimizer.variables,
            self.metrics_variables,
        )

    def pure_step(self, state, data):
        """One training step as a pure function of variable values.

        Args:
            state: `(trainable, non_trainable, optimizer, metrics)` lists of values,
                in the order of `state_variables()`.
            data: a batch `x` or `(x, y)`.

        Returns:
            `(logs, new_state)`.
        """
        refs = self.state_variables()
        values = {}
        for variables, vals in zip(refs, state):
            values.update((id(v), val) for v, val in zip(variables, vals))
        x, y, _ = keras.utils.unpack_x_y_sample_weight(data)
        step = values[id(self.optimizer.iterations)]
        for phase in self.phases():
            if phase.every == 1:
                values = self._run_phase(phase, values, x, y)
            else:
                values = ops.cond(
                    ops.equal((step + 1) % phase.every, 0),
                    lambda phase=phase, values=values: self._run_phase(phase, values, x, y),
                    lambda values=values: dict(values),
                )
        values[id(self.optimizer.iterations)] = step + 1
        logs = {
            name: tracker.stateless_result([values[id(v)] for v in tracker.variables])
            for name, tracker in self._trackers.items()
        }
        return logs, tuple([values[id(v)] for v in variables] for variables in refs)

    def _run_phase(self, phase, values, x, y):
        backend = get_backend()
        variables = self.phase_variables(phase)
        keys = [id(v) for v in variables]

        def loss_fn(trainable):
            local = dict(values)
            local.update(zip(keys, trainable))
            ctx = StepContext(self, local)
            loss, logs = phase.loss(ctx, x, y)
            return loss, (logs, ctx.updates)

        (_, (logs, updates)), grads = backend.value_and_grad(loss_fn, [values[k] for k in keys])
        values = dict(values)
        values.update(updates)
        optimizer = self.phase_optimizers[phase.optimizer_key]
        opt_keys = [id(v) for v in optimizer.variables]
        new_values, new_opt_values = backend.apply_gradients(
            optimizer, [values[k] for k in opt_keys], grads, [values[k] for k in keys], variables
        )
        values.update(zip(keys, new_values))
        values.update(zip(opt_keys, new_opt_values))
        values = self.after_phase(phase, values)
        for name, value in logs.items():
            tracker = self._trackers[name]
            tracker_keys = [id(v) for v in tracker.variables]
            new = tracker.stateless_update_state([values[k] for k in tracker_keys], value)
            values.update(zip(tracker_keys, new))
        return values

    def after_phase(self, phase, values):
        """Changes values after a phase's update; returns the new dict of values.

        The base class clips the weights of the networks in `clipped_networks` (D)
        after their updates when `weight_clip` is set, and moves the EMA copy of G
        towards G after each generator update.

        Args:
            phase: the `Phase` that just ran.
            values: dict from `id(variable)` to value, after the update.
        """
        for net in self.clipped_networks if self.weight_clip else ():
            if net in phase.networks:
                keys = [id(v) for v in self.network_variables(net)[0]]
                values = dict(values)
                values.update(zip(keys, clip_weights([values[k] for k in keys], self.weight_clip)))
        if self.generator_ema is None or "generator" not in phase.networks:
            return values
        step = values[id(self.optimizer.iterations)]
        decay = ema_decay_at(self.ema_decay, step // self.n_critic)
        pairs = list(zip(self.generator.weights, self.generator_ema.weights))
        new = updated_ema(
            [values[id(g)] for g, _ in pairs],
            [values[id(e)] for _, e in pairs],
            [g.trainable for g, _ in pairs],
            decay,
        )
        values = dict(values)
        values.update(zip([id(e) for _, e in pairs], new))
        return values

    def train_step(self, *args):
        """Keras' hook: `(state, data)` on JAX, `(data)` on TensorFlow and PyTorch."""
        if len(args) == 2:
            return self.pure_step(*args)
        (data,) = args
        backend = get_backend()
        refs = self.state_variables()
        state = tuple([backend.read_value(v) for v in variables] for variables in refs)
        logs, new_state = self.pure_step(state, data)
        for variables, vals in zip(refs, new_state):
            for variable, value in zip(variables, vals):
                variable.assign(value)
        return logs

    # ------------------------------------------------------------- sampling
    def generate(self, z, labels=None, batch_size=256):
        """Images in [-1, 1] as a float32 NHWC numpy array.

        Args:
            z: noise of shape (n, latent_dim).
            labels: int labels of shape (n,) for conditional variants.
            batch_size: images generated per call.
        """
        z = np.asarray(z, "float32")
        if self.num_classes and labels is None:
            raise ValueError(f"{type(self).__name__} is conditional: pass labels.")
        out = []
        for start in range(0, len(z), batch_size):
            part = None if labels is None else np.asarray(labels[start : start + batch_size])
            part = None if part is None else part.astype("int32")
            images = self.sampling_generator(z[start : start + batch_size], part, training=False)
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
