"""TensorFlow implementations of the few operations the training step needs."""

import tensorflow as tf

name = "tensorflow"

# How `FastConv2DTranspose` computes (kerasgan.layers.transposed): Keras' own op is fast here.
transposed_conv = None


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
    optimizer.apply(list(grads), list(variables))
    return [read_value(v) for v in variables], [read_value(v) for v in optimizer.variables]


def read_value(variable):
    """A snapshot of a Keras variable's current value as a tensor."""
    return tf.identity(variable.value)
