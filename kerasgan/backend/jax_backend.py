"""JAX implementations of the few operations the training step needs."""

import jax
import jax.numpy as jnp
import keras

name = "jax"

# How `FastConv2DTranspose` computes (kerasgan.layers.transposed): XLA CPU differentiates
# `lax.conv_transpose` slowly, so as one matrix product and an overlap-add.
transposed_conv = "matmul"
# How `FastConv2D` computes: Keras' own op.
plain_conv = None
# How StyleGAN2's FIR resampling layers filter: separable 1-D passes, which XLA's CPU
# differentiates much faster than a depthwise convolution.
separable_fir = True


def value_and_grad(fn, values):
    """Returns `((loss, aux), grads)` of `fn(values) -> (loss, aux)`.

    Args:
        fn: a function of a list of arrays returning a scalar loss and an aux pytree.
        values: the list of arrays to differentiate with respect to.
    """
    return jax.value_and_grad(fn, has_aux=True)(list(values))


def input_gradient(fn, x):
    """The gradient of `sum(fn(x))` with respect to `x`, differentiable again.

    Args:
        fn: a function of one array.
        x: the input array.
    """
    return jax.grad(lambda inputs: jnp.sum(fn(inputs)))(x)


def apply_gradients(optimizer, optimizer_values, grads, values, variables):
    """One stateless optimizer update.

    Args:
        optimizer: a built `keras.optimizers.Optimizer`.
        optimizer_values: the values of `optimizer.variables`.
        grads: one gradient per value.
        values: the current values of the variables the optimizer updates.
        variables: the variables themselves (unused on JAX).

    Returns:
        `(new_values, new_optimizer_values)`.
    """
    del variables
    return optimizer.stateless_apply(list(optimizer_values), list(grads), list(values))


def read_value(variable):
    """The current value of a Keras variable."""
    return variable.value


def assign_during_fit(model, variable, value):
    """Sets a model's variable from a callback while `fit` runs.

    Keras' JAX trainer keeps the variables' values in its own state during `fit` (the
    variables are emptied): the state is first written back into them, and the trainer
    reads it again from them before its next step.
    """
    model.jax_state_sync()
    variable.assign(value)


def phases_in_cond(regularizer=False):
    """Whether the engine may skip an every-n-th phase with `ops.cond` (`lax.cond`).

    XLA's CPU backend computes the kernel gradients of convolutions inside a conditional
    through a slow path (60-75 times slower here for 1x1 to 4x4 kernels; forward
    convolutions are unaffected; jax-ml/jax#12868). A lazy regulariser (StyleGAN2's R1
    and path length: second-order, through every convolution) then costs more than
    running it on every step, so on the CPU the engine runs it on every step and keeps
    its results when due. Other phases (WGAN's generator every `n_critic` steps) keep
    the conditional, which measured faster; so does everything on GPUs and TPUs.

    Args:
        regularizer: the phase is a lazy regulariser (`Phase.regularizer`).
    """
    return not (regularizer and jax.default_backend() == "cpu")


def step_logs(logs):
    """The step's logs as Keras' trainer takes them back: unchanged on this backend."""
    return logs


def replica():
    """`(index, count)` of the replica running a training step: always `(0, 1)` on JAX.

    Under `keras.distribution.DataParallel` JAX computes the step once over the global
    batch, sharded by XLA, so no step sees a part of the batch.
    """
    return 0, 1


def all_mean(values):
    """The values averaged over replicas: unchanged on JAX (the step is global)."""
    return list(values)


def data_parallel(count):
    """A `Replication` over `count` devices (None: all) with `keras.distribution.DataParallel`.

    Several hosts: call `keras.distribution.initialize(...)` first (the CLI's
    `--coordinator`, `--num-processes`, `--process-id`); the devices are then those of
    every process, and each process feeds its own part of every batch.

    Args:
        count: number of devices, or None for all of them.

    Raises:
        ValueError: more devices asked for than exist.
    """
    from kerasgan.backend.replication import Replication, check_count

    devices = jax.devices()
    count = check_count(count, len(devices), "JAX devices", _jax_hint())
    if count == 1 and jax.process_count() == 1:
        return Replication.single([f"{devices[0].platform}:{devices[0].id}"])
    names = [f"{d.platform}:{d.id}" for d in devices[:count]]
    distribution = keras.distribution.DataParallel(devices=names)
    # Several processes: each passes its own shard of every batch (kerasgan.data.shards).
    distribution.auto_shard_dataset = False
    return Replication(
        names, distribution.scope, jax.process_index(), jax.process_count(), "keras.distribution"
    )


def _jax_hint():
    return (
        "on one CPU, XLA_FLAGS=--xla_force_host_platform_device_count=N makes N host "
        "devices; several hosts need --coordinator, --num-processes and --process-id"
    )


def initialize(coordinator, num_processes, process_id):
    """Joins a multi-process JAX job through `keras.distribution.initialize`.

    Args:
        coordinator: "host:port" of process 0.
        num_processes: number of processes in the job.
        process_id: this process's index.
    """
    keras.distribution.initialize(
        job_addresses=coordinator, num_processes=num_processes, process_id=process_id
    )
