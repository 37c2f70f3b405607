"""TensorFlow implementations of the few operations the training step needs."""

import tensorflow as tf

name = "tensorflow"

# How `FastConv2DTranspose` computes (kerasgan.layers.transposed): Keras' own op is fast here.
transposed_conv = None
# How `FastConv2D` computes: Keras' own op.
plain_conv = None
# How StyleGAN2's FIR resampling layers filter: a depthwise convolution (TensorFlow's is
# faster than separable passes of strided slices).
separable_fir = False


def value_and_grad(fn, values):
    """Returns `((loss, aux), grads)` of `fn(values) -> (loss, aux)`.

    Args:
        fn: a function of a list of tensors returning a scalar loss and an aux structure.
        values: the list of tensors to differentiate with respect to.
    """
    values = list(values)
    with tf.GradientTape() as tape:
        for value in values:
            tape.watch(value)
        loss, aux = fn(values)
    grads = tape.gradient(loss, values, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    aux = tf.nest.map_structure(tf.stop_gradient, aux)
    return (tf.stop_gradient(loss), aux), grads


def input_gradient(fn, x):
    """The gradient of `sum(fn(x))` with respect to `x`, differentiable again.

    Args:
        fn: a function of one tensor.
        x: the input tensor.
    """
    with tf.GradientTape() as tape:
        tape.watch(x)
        out = tf.reduce_sum(fn(x))
    return tape.gradient(out, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)


def apply_gradients(optimizer, optimizer_values, grads, values, variables):
    """One optimizer update of `values`, like the other backends' `stateless_apply`.

    TensorFlow optimizers refuse `stateless_apply`, so the update is stateful: the
    variables are first set to `values` and `optimizer_values` (within a step they
    can differ from what the variables hold, e.g. after weight clipping changed the
    values between two phases that update one network), then updated in place, and
    the new values are read back.

    Args:
        optimizer: a built `keras.optimizers.Optimizer`.
        optimizer_values: the values of `optimizer.variables` to start from.
        grads: one gradient per variable.
        values: the values of `variables` to start from.
        variables: the `keras.Variable`s to update.

    Returns:
        `(new_values, new_optimizer_values)`.
    """
    for variable, value in zip(
        list(variables) + list(optimizer.variables), list(values) + list(optimizer_values)
    ):
        variable.assign(value)
    context = tf.distribute.get_replica_context()
    if context is not None and context.num_replicas_in_sync > 1:
        _apply_on_each_replica(optimizer, grads, variables)
    else:
        optimizer.apply(list(grads), list(variables))
    return [read_value(v) for v in variables], [read_value(v) for v in optimizer.variables]


def _apply_on_each_replica(optimizer, grads, variables):
    """One optimizer update on this replica's copies, with gradients already averaged.

    Keras' TensorFlow optimizer would sum the replicas' gradients and update the mirrored
    variables in a cross-replica `merge_call`, which TensorFlow refuses inside a `tf.cond`
    (the phases that run every n-th step). The engine's gradients are the same on every
    replica, so each replica runs the optimizer's own steps on its own copies instead (its
    loss-scale factor, clipping, weight decay and `update_step`, then `iterations`), and all
    copies stay equal. Gradient accumulation and the optimizer's own EMA are not supported
    here (kerasgan keeps its own EMA of the generator).
    """
    if optimizer.gradient_accumulation_steps or optimizer.use_ema:
        raise ValueError(
            "data-parallel training on TensorFlow does not take optimizers with "
            "gradient_accumulation_steps or use_ema (use the model's ema_decay)."
        )
    grads = [tf.convert_to_tensor(g) for g in grads]  # an Embedding's IndexedSlices too
    if optimizer.loss_scale_factor is not None:
        grads = [g / optimizer.loss_scale_factor for g in grads]
    grads = optimizer._clip_gradients(grads)
    learning_rate = optimizer.learning_rate
    if optimizer.weight_decay is not None:
        decay = tf.cast(optimizer.weight_decay, learning_rate.dtype) * learning_rate
        for variable in variables:
            if optimizer._use_weight_decay(variable):
                variable.assign_sub(variable * tf.cast(decay, variable.dtype))
    for grad, variable in zip(grads, variables):
        optimizer.update_step(grad, variable, learning_rate)
    optimizer.iterations.assign_add(1)


def read_value(variable):
    """A snapshot of a Keras variable's current value as a tensor."""
    return tf.identity(variable.value)


def replica():
    """`(index, count)` of the replica running this step under a `tf.distribute` strategy.

    `(0, 1)` outside a strategy; the index is a tensor inside one.
    """
    context = tf.distribute.get_replica_context()
    if context is None or context.num_replicas_in_sync == 1:
        return 0, 1
    return context.replica_id_in_sync_group, context.num_replicas_in_sync


def step_logs(logs):
    """The step's logs as Keras' trainer takes them back from the replicas.

    Under `MultiWorkerMirroredStrategy` over several workers Keras reduces each log with
    `strategy.reduce("MEAN", log, axis=0)`, which a scalar cannot take: each log gets a
    length-1 axis there (the reduction then averages the replicas, whose logs `all_mean`
    has already made equal). Unchanged otherwise.

    Args:
        logs: dict of scalar tensors.
    """
    strategy = tf.distribute.get_strategy()
    if not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return logs
    spec = strategy.cluster_resolver.cluster_spec().as_dict()
    if len(spec.get("worker", [])) + len(spec.get("chief", [])) < 2:
        return logs
    return {key: tf.reshape(value, (1,)) for key, value in logs.items()}


def assign_during_fit(model, variable, value):
    """Sets a model's variable from a callback while `fit` runs (the step reads it)."""
    del model
    variable.assign(value)


def phases_in_cond(regularizer=False):
    """Whether the engine may skip an every-n-th phase with `ops.cond` on this step.

    Not under a `tf.distribute` strategy of several replicas: a replica's all-reduce
    cannot run inside `tf.cond` there, so the engine runs the phase on every step and
    keeps its results when due.

    Args:
        regularizer: the phase is a lazy regulariser (`Phase.regularizer`).
    """
    del regularizer
    return replica()[1] == 1


def all_mean(values):
    """The values averaged over the strategy's replicas (unchanged outside a strategy).

    Args:
        values: a list of tensors (one step's gradients).
    """
    context = tf.distribute.get_replica_context()
    if not values or context is None or context.num_replicas_in_sync == 1:
        return list(values)
    return context.all_reduce(tf.distribute.ReduceOp.MEAN, list(values))


def data_parallel(count):
    """A `Replication` over `count` devices (None: all) with a `tf.distribute` strategy.

    One host: `MirroredStrategy` over the GPUs (else the logical CPU devices). Several
    hosts: `MultiWorkerMirroredStrategy` when `TF_CONFIG` describes the cluster. The model
    and its optimizers must be created in the strategy's scope (`Replication.scope`).

    Args:
        count: number of devices, or None for all of them.

    Raises:
        ValueError: more devices asked for than exist.
    """
    import os

    from kerasgan.backend.replication import Replication, check_count

    if os.environ.get("TF_CONFIG"):
        strategy = tf.distribute.MultiWorkerMirroredStrategy()
        resolver = strategy.cluster_resolver
        names = [f"replica:{i}" for i in range(strategy.num_replicas_in_sync)]
        workers = len(resolver.cluster_spec().as_dict().get("worker", [])) or 1
        engine = "tf.distribute.MultiWorkerMirroredStrategy"
        return Replication(
            names, strategy.scope, resolver.task_id, workers, engine, feeds_shard=False
        )
    if count and 1 < count <= (os.cpu_count() or 1) and not tf.config.list_physical_devices("GPU"):
        _split_cpu(count)
    devices = tf.config.list_logical_devices("GPU") or tf.config.list_logical_devices("CPU")
    hint = (
        "TensorFlow sees each GPU; without GPUs it splits the CPU into at most one logical "
        "device per core, before it starts (tf.config.set_logical_device_configuration)"
    )
    count = check_count(count, len(devices), "TensorFlow devices", hint)
    names = [d.name.split("device:")[-1].lower() for d in devices]
    if count == 1:
        return Replication.single(names)
    strategy = tf.distribute.MirroredStrategy([d.name for d in devices[:count]])
    return Replication(names[:count], strategy.scope, engine="tf.distribute.MirroredStrategy")


def _split_cpu(count):
    """Splits the CPU into `count` logical devices, if TensorFlow has not started yet.

    For data-parallel runs on a machine without GPUs (tests, `benchmarks/scaling.py`):
    the replicas then share the CPU's cores. Does nothing once TensorFlow has started
    (its devices are fixed then) or when the CPU is already split.
    """
    cpu = tf.config.list_physical_devices("CPU")[0]
    if len(tf.config.get_logical_device_configuration(cpu) or []) >= count:
        return
    try:
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * count
        )
    except RuntimeError:
        pass
