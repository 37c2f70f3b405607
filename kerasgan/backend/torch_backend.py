"""PyTorch implementations of the few operations the training step needs."""

import torch

name = "torch"


def _detach(value):
    return value.detach() if isinstance(value, torch.Tensor) else value


def value_and_grad(fn, values):
    """Returns `((loss, aux), grads)` of `fn(values) -> (loss, aux)`.

    Args:
        fn: a function of a list of tensors returning a scalar loss and an aux structure.
        values: the list of tensors to differentiate with respect to.
    """
    leaves = [v.detach().requires_grad_(True) for v in values]
    loss, aux = fn(leaves)
    grads = torch.autograd.grad(loss, leaves, allow_unused=True)
    grads = [torch.zeros_like(v) if g is None else g for v, g in zip(leaves, grads)]
    aux = torch.utils._pytree.tree_map(_detach, aux)
    return (loss.detach(), aux), grads


def input_gradient(fn, x):
    """The gradient of `sum(fn(x))` with respect to `x`, differentiable again.

    Args:
        fn: a function of one tensor.
        x: the input tensor.
    """
    x = x.detach().requires_grad_(True)
    out = fn(x).sum()
    (grad,) = torch.autograd.grad(out, x, create_graph=True)
    return grad


def apply_gradients(optimizer, optimizer_values, grads, values, variables):
    """One optimizer update through `stateless_apply`.

    Keras' PyTorch optimizers update the tensors passed in, in place; the values
    passed here are detached views of the variables, so the variables move too.

    Args:
        optimizer: a built `keras.optimizers.Optimizer`.
        optimizer_values: the values of `optimizer.variables`.
        grads: one gradient per value.
        values: the current values of the variables the optimizer updates.
        variables: the variables themselves (unused).

    Returns:
        `(new_values, new_optimizer_values)`.
    """
    del variables
    with torch.no_grad():
        return optimizer.stateless_apply(list(optimizer_values), list(grads), list(values))


def read_value(variable):
    """The current value of a Keras variable, detached from autograd."""
    return variable.value.detach()


def devices():
    """The devices PyTorch computes on: each CUDA device, else the CPU."""
    if torch.cuda.is_available():
        return [f"cuda:{index}" for index in range(torch.cuda.device_count())]
    return ["cpu:0"]
