"""Stateless access to a GAN's networks and random noise inside one training step."""

import keras
from keras import ops

from kerasgan.backend import get_backend
from kerasgan.engine.precision import to_float32


class StepContext:
    """What a phase's loss function uses to run networks and draw noise.

    Networks run through `stateless_call` on the values held by the context, so the
    loss is a pure function of those values on every backend. Updated non-trainable
    values (BatchNorm statistics, the noise seed) are collected in `updates`.

    Args:
        model: the `kerasgan.engine.PhasedModel` being trained.
        values: a dict from `id(variable)` to the value used for it in this step.

    Example:
        >>> fake = ctx("generator", ctx.normal((n, ctx.model.latent_dim)), labels)
        >>> logits = ctx("discriminator", fake, labels)
    """

    def __init__(self, model, values):
        self.model = model
        self.values = values
        self.updates = {}

    def value(self, variable):
        """The current value of `variable` in this step."""
        key = id(variable)
        return self.updates[key] if key in self.updates else self.values[key]

    def __call__(self, network, *args, training=True, record=True, **options):
        """Runs the network called `network` on `args`.

        Args:
            network: a name in `model.networks`.
            *args: the call's inputs (for example `z, labels`).
            training: passed to the network (BatchNorm, dropout).
            record: keep its updated non-trainable values (set False inside a
                nested differentiation such as a gradient penalty).
            **options: other arguments of the network's call (a style generator's
                `mode`).

        Returns:
            The network's output, float16 and bfloat16 tensors cast to float32 (mixed
            precision: see `kerasgan.engine.precision`).
        """
        net = self.model.networks[network]
        trainable, non_trainable = self.model.network_variables(network)
        out, new_values = net.stateless_call(
            [self.value(v) for v in trainable],
            [self.value(v) for v in non_trainable],
            *args,
            training=training,
            **options,
        )
        if record:
            for variable, value in zip(non_trainable, new_values):
                self.updates[id(variable)] = value
        return to_float32(out)  # mixed precision: losses and penalties read float32

    def assign(self, variable, value):
        """Sets a non-trainable variable of the model (a BEGAN's k_t) for after the step."""
        self.updates[id(variable)] = value

    def _draw(self, sampler, shape):
        """`sampler(seed)` of `shape`; a data-parallel replica takes its rows of the global draw.

        Where each replica runs the step on its part of the batch (TensorFlow, PyTorch),
        every replica draws the noise of the whole global batch, `count` times the rows it
        asks for, and keeps its own rows: the noise is then that of one device training on
        the global batch, and no two replicas share it. Scalars are drawn as they are.
        """
        index, count = get_backend().replica()
        rows = count > 1 and len(shape) > 0
        if rows:
            shape = (shape[0] * count, *shape[1:])
        state = self.model.seed_generator.state
        with keras.StatelessScope(state_mapping=[(state, self.value(state))]) as scope:
            out = sampler(self.model.seed_generator, shape)
        self.updates[id(state)] = scope.get_current_value(state)
        if rows:
            local = shape[0] // count
            out = ops.slice(out, [index * local] + [0] * (len(shape) - 1), [local, *shape[1:]])
        return out

    def normal(self, shape, dtype="float32"):
        """Standard normal noise from the model's own seed generator."""
        return self._draw(
            lambda seed, shape: keras.random.normal(shape, dtype=dtype, seed=seed), shape
        )

    def uniform(self, shape, minval=0.0, maxval=1.0, dtype="float32"):
        """Uniform noise in [minval, maxval) from the model's own seed generator."""
        return self._draw(
            lambda seed, shape: keras.random.uniform(shape, minval, maxval, dtype=dtype, seed=seed),
            shape,
        )

    def randint(self, shape, minval, maxval):
        """Random integers in [minval, maxval) from the model's own seed generator."""
        return self._draw(
            lambda seed, shape: keras.random.randint(
                shape, minval, maxval, dtype="int32", seed=seed
            ),
            shape,
        )

    def input_gradient(self, network, x, *args, output=None):
        """Differentiable gradient of the sum of a network's output with respect to `x`.

        For gradient penalties (WGAN-GP, R1, DRAGAN): the result can be
        differentiated again with respect to the network's weights.

        Args:
            network: a name in `model.networks`, run on `(x, *args)` without recording
                its non-trainable updates, or any callable of `x` (a network on a pair,
                a composition of networks).
            x: the input the gradient is taken with respect to.
            *args: the network's other inputs (labels), for a named network.
            output: which output is differentiated: None for all of it, an int for one
                of several outputs (a real/fake head beside a class head), or a
                callable of the output (SGAN's logsumexp of its class logits).

        Example:
            >>> ctx.input_gradient("discriminator", points, output=0)
        """
        if callable(network):
            run = network
        else:

            def run(inputs):
                return self(network, inputs, *args, record=False)

        if output is None:
            pick = run
        elif callable(output):

            def pick(inputs):
                return output(run(inputs))

        else:

            def pick(inputs):
                return run(inputs)[output]

        return get_backend().input_gradient(pick, x)
