"""PyTorch implementations of the few operations the training step needs."""

import torch

name = "torch"

# How `FastConv2DTranspose` computes (kerasgan.layers.transposed): `conv_transpose` below,
# which avoids the layout copies of Keras' own op.
transposed_conv = "backend"
# How `FastConv2D` computes (kerasgan.layers.convolution): `conv` below, for the same reason.
plain_conv = "backend"
# How StyleGAN2's FIR resampling layers filter: a depthwise convolution.
separable_fir = False


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


def conv(inputs, kernel, strides, padding):
    """A channels-last 2-D convolution without Keras' layout copies, or None.

    Keras' own `ops.conv` on PyTorch copies the input to contiguous channels-first and then
    back to channels-last memory before calling `conv2d`. The NHWC input's permuted view is
    already channels-last memory, so this passes it straight to `conv2d`, with Keras'
    "same" padding given as `conv2d`'s when it is the same on both sides of each axis (e.g.
    kernel 3 stride 1, kernel 4 stride 2 on even sizes). Returns None when it is not (Keras
    then pads more at the end); the caller falls back to Keras.

    Args:
        inputs: (n, h, w, c_in) tensor.
        kernel: (k_h, k_w, c_in, c_out) tensor.
        strides: `(s_h, s_w)`.
        padding: "same" or "valid".
    """
    pads = []
    for length, k, s in zip(inputs.shape[1:3], kernel.shape[:2], strides):
        total = 0
        if padding == "same":
            total = max((-(-length // s) - 1) * s + k - length, 0)
        if total % 2:
            return None
        pads.append(total // 2)
    # contiguous: PyTorch's CPU float16 convolution differentiates no other weight layout
    weight = kernel.permute(3, 2, 0, 1).contiguous()  # (c_out, c_in, k_h, k_w)
    out = torch.nn.functional.conv2d(
        inputs.permute(0, 3, 1, 2), weight, stride=tuple(strides), padding=tuple(pads)
    )
    return out.permute(0, 2, 3, 1)


def _process_group():
    """Whether a `torch.distributed` process group of more than one process is running."""
    distributed = torch.distributed
    return distributed.is_available() and distributed.is_initialized()


def assign_during_fit(model, variable, value):
    """Sets a model's variable from a callback while `fit` runs (the step reads it)."""
    del model
    variable.assign(value)


def phases_in_cond(regularizer=False):
    """Whether the engine may skip an every-n-th phase with `ops.cond`: always on PyTorch,
    whose steps run eagerly (the condition is a Python branch). It must: the optimizers
    update the variables in place, so a phase run and masked would still count.

    Args:
        regularizer: the phase is a lazy regulariser (`Phase.regularizer`).
    """
    del regularizer
    return True


def step_logs(logs):
    """The step's logs as Keras' trainer takes them back: unchanged on this backend."""
    return logs


def replica():
    """`(rank, world size)` of this process in a training step; `(0, 1)` without a group."""
    if not _process_group():
        return 0, 1
    return torch.distributed.get_rank(), torch.distributed.get_world_size()


def all_mean(values):
    """The values averaged over the processes by the group's all-reduce (gloo or nccl).

    Args:
        values: a list of tensors (one step's gradients).

    Returns:
        A list of new tensors; the inputs unchanged without a process group.
    """
    if not _process_group():
        return list(values)
    world = torch.distributed.get_world_size()
    if not values:
        return []
    # One collective for all of them: flatten, all-reduce, split back.
    flat = torch.cat([value.reshape(-1) for value in values])
    torch.distributed.all_reduce(flat)
    flat /= world
    out, start = [], 0
    for value in values:
        out.append(flat[start : start + value.numel()].view_as(value))
        start += value.numel()
    return out


def data_parallel(count):
    """A `Replication` over the processes `torchrun` started (`torch.distributed`).

    Each process trains on its own shard of every global batch; gradients are averaged by
    the process group's all-reduce (gloo on CPU, nccl on CUDA GPUs, one GPU per process).
    The group reads torchrun's environment (`RANK`, `WORLD_SIZE`, `MASTER_ADDR`...).

    Args:
        count: number of processes asked for (None: torchrun's `WORLD_SIZE`).

    Raises:
        ValueError: more than one device asked for outside torchrun, or a count other
            than torchrun's.
    """
    import os

    from kerasgan.backend.replication import Replication

    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world == 1:
        if count not in (None, 1):
            raise ValueError(
                f"--devices {count} on PyTorch runs one process per device: launch with "
                f"`torchrun --nproc-per-node {count} -m kerasgan.cli.main train ...`."
            )
        return Replication.single(devices())
    if count not in (None, world):
        raise ValueError(
            f"--devices {count} but torchrun started {world} processes: pass --devices "
            f"{world} or all."
        )
    cuda = torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    if not _process_group():
        torch.distributed.init_process_group("nccl" if cuda else "gloo")
    rank = torch.distributed.get_rank()
    names = [f"{'cuda' if cuda else 'cpu'}:{r}" for r in range(world)]
    group = "nccl" if cuda else "gloo"
    return Replication(names, process_index=rank, process_count=world,
                       engine=f"torch.distributed ({group})")  # fmt: skip
