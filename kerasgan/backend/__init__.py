"""The only place in kerasgan that imports jax, tensorflow or torch.

Everything above this package is written against `keras.ops`; the few operations
that Keras does not expose in a backend-neutral way live here, one small module per
backend with the same functions and flags:

- `value_and_grad(fn, values)`: `fn(values) -> (loss, aux)`; returns
  `((loss, aux), grads)` with one gradient per value (zeros where unused).
- `input_gradient(fn, x)`: the gradient of `sum(fn(x))` with respect to `x`,
  itself differentiable (for gradient penalties).
- `apply_gradients(optimizer, optimizer_values, grads, values, variables)`: one
  optimizer update; returns `(new_values, new_optimizer_values)`.
- `read_value(variable)`: the current value of a variable, detached from any
  autodiff graph, for a training step that runs outside JAX's functional trainer.
- `assign_during_fit(model, variable, value)`: a callback's assignment that the next
  training step sees (JAX's trainer holds the values in its own state during `fit`).
- `name`: the backend's name.
- `transposed_conv`: how `FastConv2DTranspose` computes: "matmul" (a matrix product and
  an overlap-add, for XLA CPU), "backend" (the module's own `conv_transpose`) or None
  (Keras' op).
- `plain_conv`: how `FastConv2D` computes: "backend" (the module's own `conv`) or None
  (Keras' op).
- `replica()`, `all_mean(values)`, `data_parallel(count)`: data-parallel training
  (`kerasgan.engine.replicas`): the replica running a step, the framework's all-reduce
  mean, and the `Replication` (`kerasgan.backend.replication`) of the framework's engine;
  `step_logs(logs)` shapes a step's logs for Keras' trainer (TensorFlow's
  multi-worker reduction takes no scalars).

- `phases_in_cond(regularizer)`: whether the engine may skip an every-n-th phase with
  `ops.cond` (not under TensorFlow replicas, whose all-reduce cannot run in a conditional,
  nor for lazy regularisers on XLA's CPU, where convolutions' kernel gradients in a
  conditional are slow); otherwise the phase runs on every step and its results are kept
  when due.

`framework_version()` and `devices()` describe the running backend for run records.

`get_backend()` picks the module of the backend Keras was started with.
"""

import importlib
import importlib.metadata

import keras

_MODULES = {
    "jax": "kerasgan.backend.jax_backend",
    "tensorflow": "kerasgan.backend.tensorflow_backend",
    "torch": "kerasgan.backend.torch_backend",
}


def get_backend(name=None):
    """Returns the backend module for `name` (default: the running Keras backend).

    Args:
        name: "jax", "tensorflow" or "torch"; `None` for `keras.backend.backend()`.

    Returns:
        A module with `value_and_grad`, `input_gradient`, `apply_gradients` and
        `read_value`.
    """
    name = name or keras.backend.backend()
    if name not in _MODULES:
        raise ValueError(f"kerasgan supports the backends {sorted(_MODULES)}, not {name!r}.")
    return importlib.import_module(_MODULES[name])


DISTRIBUTIONS = {
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tf-nightly"),
    "jax": ("jax",),
    "torch": ("torch",),
}
"""Package names that install each backend's framework."""


def framework_version(name=None):
    """`"tensorflow 2.21.0"`: the running backend's framework and its installed version.

    Read from the package metadata, so nothing more is imported.

    Args:
        name: a backend name; None for the running one.
    """
    name = name or keras.backend.backend()
    for distribution in DISTRIBUTIONS.get(name, (name,)):
        try:
            return f"{name} {importlib.metadata.version(distribution)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return f"{name} (version unknown)"


def devices():
    """The devices the running backend computes on, e.g. `["cpu:0"]`."""
    if keras.backend.backend() == "torch":  # keras.distribution does not list them there
        return get_backend().devices()
    return [str(device) for device in keras.distribution.list_devices()]
