"""What a command runs on: the backend, its framework's version and the devices it computes on.

`kerasgan sample`, `evaluate` and `devices` print `backend_line()` (`train` prints the same
facts in its start block), and each `metrics.json` result records `versions()` under
`"versions"`, with the keys `train` writes into `config.json`.

Example:
    >>> print(backend_line())  # doctest: +SKIP
    backend: tensorflow 2.21.0, devices: cpu:0
"""

import importlib.metadata
import platform

TENSORFLOW_DISTRIBUTIONS = ("tensorflow", "tensorflow-cpu")
"""Two wheels that both install the `tensorflow` package: only one may be installed."""
GPU_PREFIXES = ("gpu", "cuda", "tpu")
"""How the backends name accelerators: `gpu:0` (TensorFlow, JAX), `cuda:0` (PyTorch)."""


def versions():
    """The versions and devices an evaluation records (the keys of `config.json`'s).

    Returns:
        `{"kerasgan", "keras", "backend", "framework", "devices", "numpy", "python"}`, e.g.
        `"framework": "tensorflow 2.21.0"`, `"devices": ["cpu:0"]`.
    """
    import keras
    import numpy

    from kerasgan import __version__
    from kerasgan.backend import devices, framework_version

    return {
        "kerasgan": __version__,
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "framework": framework_version(),
        "devices": devices(),
        "numpy": numpy.__version__,
        "python": platform.python_version(),
    }


def backend_line(record=None):
    """`backend: tensorflow 2.21.0, devices: cpu:0`: the line a command prints first.

    Args:
        record: a `versions()` dict (None: the running backend's).
    """
    record = record or versions()
    return f"backend: {record['framework']}, devices: {', '.join(record['devices'])}"


def has_accelerator(devices):
    """Whether a device list (`versions()["devices"]`) names a GPU or TPU."""
    return any(str(device).lower().startswith(GPU_PREFIXES) for device in devices)


def tensorflow_conflict():
    """A one-line warning when both `tensorflow` and `tensorflow-cpu` are installed, else None.

    Both wheels own the files of the `tensorflow` package, so whichever was installed last
    decides whether TensorFlow sees GPUs, and uninstalling either breaks the other.
    """
    found = []
    for name in TENSORFLOW_DISTRIBUTIONS:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    if len(found) < 2:
        return None
    return (
        f"both {' and '.join(found)} are installed and share the tensorflow package's files: "
        "pip uninstall -y tensorflow tensorflow-cpu, then install one (README, Installing for "
        "GPUs)."
    )
