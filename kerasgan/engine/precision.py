"""Mixed precision: dtype policies for a model's networks, and dynamic loss scaling.

`--precision mixed_float16` or `mixed_bfloat16` builds the networks under that Keras dtype
policy (`dtype_policy_scope`): their layers compute in float16 or bfloat16 and keep float32
variables. `kerasgan.engine.StepContext` casts every network output back to float32 before a
loss or a penalty reads it, so losses, penalties and the optimizers' updates stay float32.

With float16 the engine scales each phase's loss dynamically (Micikevicius et al. 2018,
"Mixed Precision Training"), as `keras.optimizers.LossScaleOptimizer` does, which cannot sit
inside the `MultiOptimizer` a `PhasedModel` compiles: the loss is multiplied by the phase
optimizer's scale before differentiation, the gradients are divided by it, a step whose
gradients are not all finite is skipped and halves the scale, and `GROWTH_STEPS` good steps
in a row double it. Each scale and its count of good steps are variables of the compiled
`MultiOptimizer` (`add_loss_scales`), so they travel through the pure training step with the
optimizer's state and are saved in, and restored from, every checkpoint.
"""

import contextlib

import keras
from keras import ops

from kerasgan.runs.settings import PRECISIONS

INITIAL_SCALE = 2.0**15
"""The loss scale a float16 run starts with (Keras' `LossScaleOptimizer` default)."""

GROWTH_STEPS = 2000
"""Good steps in a row after which the loss scale doubles."""


@contextlib.contextmanager
def dtype_policy_scope(precision):
    """Makes `precision` Keras' global dtype policy inside the block, and restores it after.

    Layers take the global policy when they are created, so a model built inside the block
    computes in `precision`; nothing outside the block changes.

    Args:
        precision: one of `PRECISIONS` (None: leave the policy as it is).

    Example:
        >>> with dtype_policy_scope("mixed_bfloat16"):
        ...     gan = DCGAN(latent_dim=64)
    """
    if precision is None:
        yield
        return
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}.")
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(precision)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


def layers_of(layer):
    """`layer` and every layer nested in it, depth first, each once."""
    seen, stack, found = set(), [layer], []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        found.append(current)
        stack.extend(reversed(getattr(current, "layers", None) or []))
    return found


def compute_dtypes(network):
    """The set of compute dtypes of a network's layers (e.g. `{"float16", "float32"}`)."""
    return {layer.dtype_policy.compute_dtype for layer in layers_of(network)}


def needs_loss_scaling(networks):
    """Whether any layer of `networks` computes in float16 (bfloat16 needs no scaling).

    Args:
        networks: an iterable of `keras.Model`s.
    """
    return any("float16" in compute_dtypes(net) for net in networks)


def to_float32(outputs):
    """`outputs` (a tensor or a nest of them) with every float16/bfloat16 tensor cast to float32.

    Args:
        outputs: what a network returned.
    """

    def cast(x):
        dtype = getattr(x, "dtype", None)
        if dtype is None or keras.backend.standardize_dtype(dtype) not in ("float16", "bfloat16"):
            return x
        return ops.cast(x, "float32")

    return keras.tree.map_structure(cast, outputs)


def add_loss_scales(optimizer, keys, initial_scale=INITIAL_SCALE):
    """Adds a loss scale and a count of good steps per optimizer key to a built optimizer.

    Args:
        optimizer: the model's built `MultiOptimizer` (its variables are the trainer's
            optimizer state, saved in checkpoints).
        keys: the phase optimizer keys that get a scale, in a fixed order.
        initial_scale: the starting scale.

    Returns:
        dict from key to `(scale, good_steps)` variables.
    """
    scales = {}
    for key in keys:
        scale = optimizer.add_variable(
            (), initializer=keras.initializers.Constant(initial_scale), dtype="float32",
            name=f"loss_scale_{key}",
        )  # fmt: skip
        good = optimizer.add_variable((), initializer="zeros", dtype="int32", name=f"good_{key}")
        scales[key] = (scale, good)
    return scales


def all_finite(grads):
    """A boolean scalar: whether every gradient is finite."""
    return ops.all(ops.stack([ops.all(ops.isfinite(g)) for g in grads]))


def next_scale(scale, good_steps, finite, growth_steps=GROWTH_STEPS):
    """The loss scale and good-step count after a step.

    Halves the scale (and restarts the count) after non-finite gradients; doubles it after
    `growth_steps` finite steps in a row.

    Args:
        scale: the float32 scale used in this step.
        good_steps: int32 count of finite steps in a row before this one.
        finite: whether this step's gradients were all finite.
        growth_steps: finite steps in a row that double the scale.

    Returns:
        `(new_scale, new_good_steps)`.
    """
    good_after = ops.where(finite, good_steps + 1, ops.zeros_like(good_steps))
    grow = ops.greater_equal(good_after, growth_steps)
    new_scale = ops.where(finite, ops.where(grow, scale * 2.0, scale), scale * 0.5)
    new_good = ops.where(grow, ops.zeros_like(good_after), good_after)
    return ops.cast(new_scale, "float32"), ops.cast(new_good, "int32")


def apply_scaled_gradients(backend, optimizer, optimizer_values, grads, values, variables, scaler):
    """One optimizer update from gradients of a scaled loss, skipped when they are not finite.

    Args:
        backend: the `kerasgan.backend` module of the running backend.
        optimizer: the phase's built optimizer.
        optimizer_values: the values of `optimizer.variables`.
        grads: gradients of the loss multiplied by `scaler[0]`'s value.
        values: the values of `variables`.
        variables: the variables the optimizer updates.
        scaler: `(scale, good_steps)`: the values of the phase's loss scale and its count of
            good steps (see `add_loss_scales`).

    Returns:
        `(new_values, new_optimizer_values, (new_scale, new_good_steps))`; on non-finite
        gradients `values` and `optimizer_values` come back unchanged.
    """
    scale, good = scaler
    grads = [ops.divide(g, ops.cast(scale, g.dtype)) for g in grads]
    finite = all_finite(grads)

    def update():
        new_values, new_opt = backend.apply_gradients(
            optimizer, optimizer_values, grads, values, variables
        )
        return list(new_values), list(new_opt)

    def skip():
        return list(values), list(optimizer_values)

    new_values, new_opt = ops.cond(finite, update, skip)
    return new_values, new_opt, next_scale(scale, good, finite)
