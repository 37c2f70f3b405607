"""Data-parallel training through each backend's own engine.

`replication(count)` asks the running backend for its `Replication`:

- JAX: `keras.distribution.DataParallel` over a device mesh. The training step runs once
  over the global batch, sharded by XLA, so BatchNorm's batch statistics are global
  (synchronized). Several hosts join through `keras.distribution.initialize`.
- TensorFlow: a `tf.distribute.MirroredStrategy` (one host) or
  `MultiWorkerMirroredStrategy` (`TF_CONFIG` set), with the model and its optimizers
  created in the strategy's scope. Each replica runs the step on its part of the batch.
- PyTorch: a `torch.distributed` process group (gloo on CPU, nccl on GPU) of the
  processes `torchrun` started; each reads its own shard of every batch.

On TensorFlow and PyTorch each replica computes its gradients on its part of the batch and
the engine averages them (`all_mean` of the backend) before the optimizer step, so all
replicas take the same step; noise is drawn for the global batch and sliced, so one step on
N devices equals one step on one device with the same global batch, up to rounding, for
networks without BatchNorm (whose batch statistics are per replica there).
"""

from kerasgan.backend import get_backend
from kerasgan.errors import ConfigError


def replication(count):
    """The running backend's `Replication` over `count` devices (None: all).

    Args:
        count: number of devices (1: a single device, no distribution).

    Raises:
        ConfigError: the backend cannot give that many (the message says how to).
    """
    try:
        return get_backend().data_parallel(count)
    except ValueError as error:
        raise ConfigError(str(error)) from None


def check_batch(batch_size, replicas):
    """Raises ConfigError unless the global batch splits evenly across the devices.

    Args:
        batch_size: the global batch size.
        replicas: a `Replication`.
    """
    count = len(replicas.devices)
    if count > 1 and batch_size % count:
        raise ConfigError(
            f"--batch-size {batch_size} does not split evenly across {count} devices: "
            f"pass a multiple of {count}."
        )
