"""`Replication`: where data-parallel training runs, as each backend's own engine set it up.

Framework-free: each backend module's `data_parallel(count)` builds one (JAX with
`keras.distribution.DataParallel`, TensorFlow with a `tf.distribute` strategy, PyTorch
with a `torch.distributed` process group started by `torchrun`).
"""

import contextlib
from dataclasses import dataclass, field


@dataclass
class Replication:
    """The devices a run trains on and the process this is.

    Args:
        devices: names of the devices the global batch is split across.
        scope: a function returning the context manager inside which the model is
            built, compiled and fitted (the strategy's or distribution's scope).
        process_index: this process's index (0 writes the run folder).
        process_count: number of processes taking part.
        engine: what distributes ("keras.distribution", "tf.distribute...",
            "torch.distributed (gloo)"), or "" for one device.
        feeds_shard: each process passes only its own part of every batch to `fit`
            (several processes); else `fit` gets the whole global batch.
    """

    devices: list
    scope: object = contextlib.nullcontext
    process_index: int = 0
    process_count: int = 1
    engine: str = ""
    feeds_shard: bool = field(default=None)

    def __post_init__(self):
        if self.feeds_shard is None:
            self.feeds_shard = self.process_count > 1

    @classmethod
    def single(cls, devices):
        """One device, one process: no distribution at all."""
        return cls(list(devices)[:1])

    @property
    def is_chief(self):
        """Whether this process writes the run folder, checkpoints, grids and evaluation."""
        return self.process_index == 0

    @property
    def distributed(self):
        """Whether the global batch is split at all."""
        return len(self.devices) > 1 or self.process_count > 1

    def describe(self):
        """One line: "cpu:0", or "2 devices (cpu:0, cpu:1) via torch.distributed (gloo), process
        1 of 2"."""
        if not self.distributed:
            return self.devices[0]
        shown = ", ".join(self.devices[:4]) + (", ..." if len(self.devices) > 4 else "")
        line = f"{len(self.devices)} devices ({shown}) via {self.engine}"
        if self.process_count > 1:
            line += f", process {self.process_index} of {self.process_count}"
        return line


def check_count(count, available, what, hint):
    """The number of devices to use: `count`, or all `available` when None.

    Raises:
        ValueError: `count` is more than `available` (the message names `what` and `hint`).
    """
    if count is None:
        return available
    if count > available:
        raise ValueError(f"--devices {count}: only {available} {what} here ({hint}).")
    return count
