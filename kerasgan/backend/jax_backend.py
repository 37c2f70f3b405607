"""JAX implementations of the few operations the training step needs."""

import jax
import jax.numpy as jnp

name = "jax"

# How `FastConv2DTranspose` computes (kerasgan.layers.transposed): XLA CPU differentiates
# `lax.conv_transpose` slowly, so as one matrix product and an overlap-add.
transposed_conv = "matmul"


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
