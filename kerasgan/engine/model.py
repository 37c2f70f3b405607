"""`PhasedModel`: the `keras.Model` every kerasgan variant trains with.

The training step is written once, as a pure function of variable values
(`pure_step`). On JAX it is the trainer's `train_step(state, data)`; on TensorFlow
and PyTorch `train_step(data)` reads the variables, calls the same function and
assigns the new values back. A model supplies only its networks and its schedule
(a list of `Phase`s, each a loss over some networks with one optimizer); the
engine knows no variant, no data kind and no adversarial game. The noise-to-image
recipe (`kerasgan.models.base.noise_to_image.GAN`) and the image-to-image one
(`kerasgan.models.base.image_to_image`) build on it.
"""

import keras
from keras import ops

from kerasgan.backend import get_backend
from kerasgan.engine.context import StepContext
from kerasgan.engine.ema import ema_decay_at, make_ema_copy, updated_ema
from kerasgan.engine.precision import add_loss_scales, apply_scaled_gradients, needs_loss_scaling
from kerasgan.penalties import clip_weights


class _VariableIndex:
    """Per-model lookup of each network's and each phase's variables (not tracked)."""

    def __init__(self):
        self.networks = {}
        self.phases = {}
        self.loss_scales = {}  # optimizer key -> (scale, good steps): float16 only


class PhasedModel(keras.Model):
    """Networks trained by a schedule of phases, one pure step for every backend.

    A subclass calls `super().__init__(...)` first, then assigns its networks (as
    attributes named in `network_names`) and the options its `phases()` read, then
    calls `self.finish_setup()`, which creates the loss trackers, builds every
    network and makes the EMA copy.

    Args:
        ema_decay: keep an exponential moving average of the network named by
            `ema_network` with this decay (e.g. 0.999) in `<ema_network>_ema`, used
            for sampling and evaluation (0 disables it; Karras et al. 2018,
            Yazici et al. 2019).
        weight_clip: clip the weights of the networks in `clipped_networks` into
            [-c, c] after each of their updates (0 disables it).
        seed: seed of the noise drawn inside training steps (None: random).
        name: the model's name.
        **kwargs: passed to `keras.Model`.
    """

    network_names = ()
    # The network whose weights `ema_decay` averages (the one that is sampled).
    ema_network = "generator"
    # The networks whose weights `weight_clip` clips after each of their updates.
    clipped_networks = ()
    # Options every subclass passes on through `**kwargs`, with their defaults: the CLI
    # (`kerasgan.models.registry.constructor_arguments`) offers them as flags.
    common_options = {"ema_decay": 0.0}
    # Adam settings of `default_optimizer` (DCGAN's).
    optimizer_defaults = {"learning_rate": 2e-4, "beta_1": 0.5, "beta_2": 0.999}
    # Optimizer keys that the `g_lr` training option sets (the others take `d_lr`).
    g_lr_optimizers = ("generator",)
    # The training recipe (`kerasgan.recipes`) that loads this model's data.
    recipe = ""

    def __init__(self, ema_decay=0.0, weight_clip=0.0, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        if not 0.0 <= float(ema_decay) < 1.0:
            raise ValueError(f"ema_decay must be in [0, 1), not {ema_decay}.")
        if float(weight_clip) < 0:
            raise ValueError(f"weight_clip must be >= 0, not {weight_clip}.")
        self.ema_decay = float(ema_decay)
        self.weight_clip = float(weight_clip)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self._index = _VariableIndex()

    @classmethod
    def from_preset(cls, preset, **overrides):
        """The variant built as its preset was trained, with the preset's sampled network.

        In the style of keras-hub presets. A preset holds the network that is sampled (the
        generator, its EMA copy when one was kept; a translator's): that network, and its
        EMA copy, get its weights; the other networks (the discriminator) start fresh.

        Args:
            preset: a shipped preset's name (`kerasgan pretrained` lists them, e.g.
                "dcgan_fashion_mnist"), or a preset folder or `.json` card.
            **overrides: constructor arguments to change (e.g. `seed`).

        Returns:
            The model, not compiled.

        Example:
            >>> gan = DCGAN.from_preset("dcgan_fashion_mnist")
            >>> images = gan.generate(keras.random.normal((16, gan.latent_dim)))
        """
        from kerasgan.inference.pretrained import load_network
        from kerasgan.variant_table import VARIANTS

        network, card = load_network(preset)
        variant = next(row for row in VARIANTS if row.name == card["variant"]).load()
        if not issubclass(variant, cls):
            raise ValueError(
                f"preset {card['name']} is a {card['variant']}, not a {cls.__name__}: use "
                f"{variant.__name__}.from_preset."
            )
        model = variant(**{**card["arguments"], **overrides})
        target = getattr(model, card.get("network_attribute", cls.ema_network))
        target.set_weights(network.get_weights())
        if model.ema_copy is not None:
            model.ema_copy.set_weights(network.get_weights())
        return model

    def finish_setup(self):
        """Creates the loss trackers, builds every network and makes the EMA copy.

        Called once by the subclass's constructor, after its networks and the
        options its `phases()` read are set.
        """
        self._trackers = {
            name: keras.metrics.Mean(name=name) for phase in self.phases() for name in phase.logs
        }
        self.build_networks()
        ema = None
        if self.ema_decay:
            ema = make_ema_copy(self.networks[self.ema_network], f"{self.ema_network}_ema")
        setattr(self, f"{self.ema_network}_ema", ema)

    @property
    def sampling_generator(self):
        """The network used for samples and evaluation: the EMA copy when kept."""
        return self.ema_copy if self.ema_copy is not None else self.networks[self.ema_network]

    @property
    def ema_copy(self):
        """The EMA copy of `ema_network`, or None when `ema_decay` is 0."""
        return getattr(self, f"{self.ema_network}_ema", None)

    # ----------------------------------------------------------------- structure
    @property
    def networks(self):
        """Dict from network name to network, in `network_names` order."""
        return {name: getattr(self, name) for name in self.network_names}

    def example_inputs(self, network, batch_size=2):
        """Arguments that build `network` when it cannot say itself (used once).

        Args:
            network: a name in `network_names`.
            batch_size: batch size of the example.
        """
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

    def prepare_training(self, data, seed):
        """Readies the model for training on `data`; returns records for the run folder.

        Called by `kerasgan.training.train` after the model is built and before it
        is compiled. Nothing to do here; SGAN picks its labelled subset.

        Args:
            data: the training data the recipe loaded.
            seed: the run's seed.

        Returns:
            dict from a file name in the run folder to a JSON-serialisable record.
        """
        del data, seed
        return {}

    # ----------------------------------------------------------------- schedule
    def phases(self):
        """The model's schedule: a list of `Phase`s run in order on every batch."""
        raise NotImplementedError(f"{type(self).__name__} must define its phases().")

    # --------------------------------------------------------------- optimizers
    def default_optimizer(self, phase, **overrides):
        """The Adam optimizer a phase gets when `compile()` is not given one.

        Args:
            phase: the phase's optimizer key.
            **overrides: `learning_rate`, `beta_1`, `beta_2` replacing the
                model's `optimizer_defaults`.
        """
        del phase
        settings = {**self.optimizer_defaults, **overrides}
        return keras.optimizers.Adam(
            settings["learning_rate"], beta_1=settings["beta_1"], beta_2=settings["beta_2"]
        )

    def compile(self, g_optimizer=None, d_optimizer=None, optimizers=None, **kwargs):
        """Configures one optimizer per phase (or per shared optimizer key).

        When the networks compute in float16 (built under the `mixed_float16` dtype
        policy), each optimizer also gets a dynamic loss scale
        (`kerasgan.engine.precision`).

        Args:
            g_optimizer: optimizer of the "generator" phase.
            d_optimizer: optimizer of the "discriminator" phase.
            optimizers: dict from a phase's optimizer key (its name, unless it shares
                another phase's optimizer) to optimizer, for models with other
                phases. Keys left out get `default_optimizer(key)`.
            **kwargs: passed to `keras.Model.compile` (e.g. `jit_compile`,
                `run_eagerly`, `steps_per_execution`).

        Raises:
            ValueError: an optimizer for no phase, two optimizers for one variable,
                or a trainable variable that no phase updates.
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
        orphans = [v.path for v in self.trainable_variables if id(v) not in owner]
        if orphans:
            raise ValueError(
                f"{type(self).__name__} has trainable variables that no phase updates "
                f"({', '.join(orphans[:3])}...): freeze them or add a phase."
            )
        self.phase_optimizers = chosen
        multi = keras.optimizers.MultiOptimizer(lambda v: owner[id(v)])
        super().compile(optimizer=multi, **kwargs)
        self.optimizer.build(self.trainable_variables)
        # Networks computing in float16 get a dynamic loss scale per optimizer (see
        # kerasgan.engine.precision), kept with the optimizer's variables.
        self._index.loss_scales = {}
        if needs_loss_scaling(self.networks.values()):
            self._index.loss_scales = add_loss_scales(self.optimizer, list(dict.fromkeys(keys)))

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
        values = self.before_phases(values, x)
        step = values[id(self.optimizer.iterations)]
        backend = get_backend()
        for phase in self.phases():
            if phase.every == 1:
                values = self._run_phase(phase, values, x, y)
                continue
            due = ops.equal((step + 1) % phase.every, 0)
            # Where a phase cannot run inside a conditional, or runs slowly there (TensorFlow's
            # replicas; lazy regularisers on XLA's CPU), it runs on every step and its results
            # are kept on its steps only.
            if not backend.phases_in_cond(regularizer=phase.regularizer):
                ran = self._run_phase(phase, values, x, y)
                values = {k: ops.where(due, ran[k], v) for k, v in values.items()}
            else:
                values = ops.cond(
                    due,
                    lambda phase=phase, values=values: self._run_phase(phase, values, x, y),
                    lambda values=values: dict(values),
                )
        values[id(self.optimizer.iterations)] = step + 1
        values = self._replicas_agree(values)
        logs = {
            name: tracker.stateless_result([values[id(v)] for v in tracker.variables])
            for name, tracker in self._trackers.items()
        }
        logs.update(self.progress_logs(values))
        return logs, tuple([values[id(v)] for v in variables] for variables in refs)

    def _replicas_agree(self, values):
        """Averages the networks' float non-trainable values over data-parallel replicas.

        Replicas that each run the step on their part of the batch (TensorFlow, PyTorch)
        update BatchNorm's moving statistics, and values computed from their own losses (a
        BEGAN's k_t), on their own data: the mean keeps every replica's copy the same. A
        no-op on one device and on JAX, whose step is global.
        """
        if get_backend().replica()[1] == 1:
            return values
        keys = [
            id(v)
            for v in self.non_trainable_variables
            if "float" in str(v.dtype) and id(v) != id(self.seed_generator.state)
        ]
        values = dict(values)
        values.update(zip(keys, get_backend().all_mean([values[k] for k in keys])))
        return values

    def before_phases(self, values, x):
        """Values changed before the phases of a step run; returns the new dict.

        Nothing here; a progressive GAN counts the images seen and sets its fade-in.

        Args:
            values: dict from `id(variable)` to value at the start of the step.
            x: the step's real batch.
        """
        del x
        return values

    def progress_logs(self, values):
        """Scalars logged as they stand after the step, not averaged (a resolution).

        Args:
            values: dict from `id(variable)` to value at the end of the step.
        """
        del values
        return {}

    def training_callbacks(self):
        """Callbacks `fit` always adds: the model's own schedule (progressive growing)."""
        return []

    def fit(self, *args, callbacks=None, **kwargs):
        """`keras.Model.fit`, with the model's `training_callbacks()` added first."""
        callbacks = [*self.training_callbacks(), *(callbacks or [])]
        return super().fit(*args, callbacks=callbacks, **kwargs)

    def _maybe_symbolic_build(self, *args, **kwargs):
        """Keras' TensorFlow trainer builds a model from a first batch, which it reduces
        across replicas; under `MultiWorkerMirroredStrategy` that reduction fails. `compile`
        has built every network and optimizer already, so there is nothing to build."""
        if self.built and self.optimizer is not None and self.optimizer.built:
            return None
        return super()._maybe_symbolic_build(*args, **kwargs)

    def _run_phase(self, phase, values, x, y):
        backend = get_backend()
        variables = self.phase_variables(phase)
        keys = [id(v) for v in variables]
        scaler = self._index.loss_scales.get(phase.optimizer_key)  # float16: (scale, good)
        scale_keys = [id(v) for v in scaler] if scaler else []

        def loss_fn(trainable):
            local = dict(values)
            local.update(zip(keys, trainable))
            ctx = StepContext(self, local)
            loss, logs = phase.loss(ctx, x, y)
            if scaler:  # scaled before differentiation; the logs keep the loss itself
                loss = ops.multiply(ops.cast(loss, "float32"), values[scale_keys[0]])
            return loss, (logs, ctx.updates)

        (_, (logs, updates)), grads = backend.value_and_grad(loss_fn, [values[k] for k in keys])
        # Data-parallel replicas: the global batch's gradients and losses (see engine.replicas).
        grads = backend.all_mean(grads)
        logs = dict(zip(logs, backend.all_mean([ops.cast(v, "float32") for v in logs.values()])))
        values = dict(values)
        values.update(updates)
        optimizer = self.phase_optimizers[phase.optimizer_key]
        opt_keys = [id(v) for v in optimizer.variables]
        if scaler:
            new_values, new_opt_values, new_scale = apply_scaled_gradients(
                backend, optimizer, [values[k] for k in opt_keys], grads,
                [values[k] for k in keys], variables, [values[k] for k in scale_keys],
            )  # fmt: skip
            values.update(zip(scale_keys, new_scale))
        else:
            new_values, new_opt_values = backend.apply_gradients(
                optimizer, [values[k] for k in opt_keys], grads, [values[k] for k in keys],
                variables,
            )  # fmt: skip
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

        Clips the weights of the networks in `clipped_networks` after their
        updates when `weight_clip` is set, and moves the EMA copy towards
        `ema_network` after each of its updates. Subclasses may add more.

        Args:
            phase: the `Phase` that just ran.
            values: dict from `id(variable)` to value, after the update.
        """
        for net in self.clipped_networks if self.weight_clip else ():
            if net in phase.networks:
                keys = [id(v) for v in self.network_variables(net)[0]]
                values = dict(values)
                values.update(zip(keys, clip_weights([values[k] for k in keys], self.weight_clip)))
        if self.ema_copy is None or self.ema_network not in phase.networks:
            return values
        step = values[id(self.optimizer.iterations)]
        decay = ema_decay_at(self.ema_decay, step // phase.every)
        source = self.networks[self.ema_network]
        pairs = list(zip(source.weights, self.ema_copy.weights))
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
        return backend.step_logs(logs)
