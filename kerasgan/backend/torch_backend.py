"""PyTorch implementations of the few operations the training step needs."""

import torch

name = "torch"

# How `FastConv2DTranspose` computes (kerasgan.layers.transposed): `conv_transpose` below,
# which avoids the layout copies of Keras' own op.
transposed_conv = "backend"


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


def conv_transpose(inputs, kernel, strides, padding):
    """A channels-last 2-D transposed convolution without Keras' layout copies, or None.

    Keras' own `ops.conv_transpose` on PyTorch makes the input contiguous channels-first,
    computes the unpadded output and crops it. When the padding Keras asks for is the same
    on both sides of each axis (e.g. kernel 4, stride 2, "same"), this passes the permuted
    view straight to `conv_transpose2d` with that padding: the NHWC input is already in
    PyTorch's channels-last memory format, so no copy is made and none of the output is
    thrown away. Returns None otherwise, and where the kernel is shorter than the stride (Keras
    then pads the output with zeros); the caller falls back to Keras.

    Args:
        inputs: (n, h, w, c_in) tensor.
        kernel: (k_h, k_w, c_out, c_in) tensor.
        strides: `(s_h, s_w)`.
        padding: "same" or "valid".
    """
    pads = []
    for length, k, s in zip(inputs.shape[1:3], kernel.shape[:2], strides):
        total = max(k - s, 0) if padding == "same" else 0
        wanted = length * s if padding == "same" else length * s + max(k - s, 0)
        if total % 2 or (length - 1) * s + k - total != wanted:
            return None  # asymmetric padding, or a kernel shorter than the stride
        pads.append(total // 2)
    weight = kernel.permute(3, 2, 0, 1)  # (c_in, c_out, k_h, k_w)
    out = torch.nn.functional.conv_transpose2d(
        inputs.permute(0, 3, 1, 2), weight, stride=tuple(strides), padding=tuple(pads)
    )
    return out.permute(0, 2, 3, 1)
