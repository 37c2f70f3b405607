"""A run folder's lock: one training process per run folder at a time.

The lock is a file, `train.lock`, holding the owner's process id. It is created
with `O_CREAT | O_EXCL`, so of two processes that try at once exactly one gets it.
A lock whose process is no longer alive (a kill, a power cut) is stale: the next
run takes it over, with a warning.
"""

import contextlib
import logging
import os

from kerasgan.errors import ConfigError

__all__ = ["LOCK_FILE", "run_lock"]

LOCK_FILE = "train.lock"
_LOG = logging.getLogger(__name__)


@contextlib.contextmanager
def run_lock(run_dir):
    """Holds `run_dir/train.lock` for the block; removes it however the block ends.

    Args:
        run_dir: path-like. The run folder.

    Raises:
        ConfigError: another live process holds the lock.

    Example:

    ```python
    with run_lock("runs/dcgan-1"):
        model.fit(...)
    ```
    """
    path = os.path.join(os.fspath(run_dir), LOCK_FILE)
    if not _create(path):
        owner = _owner(path)
        if owner is None or _alive(owner):
            who = f"process {owner}" if owner else "another process"
            raise ConfigError(
                f"{run_dir} is being trained by {who} (lock file {path}); wait until it ends, "
                "or delete the lock file if no training of this run is running."
            )
        _LOG.warning("kerasgan: taking over %s: its process %d is no longer running.", path, owner)
        os.remove(path)
        if not _create(path):
            raise ConfigError(f"{run_dir} was locked by another process just now ({path}).")
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _create(path):
    """Creates the lock file with this process's id; False when it already exists."""
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(handle, "w") as stream:
        stream.write(f"{os.getpid()}\n")
    return True


def _owner(path):
    """The process id in a lock file, or None when it is unreadable (still being written)."""
    try:
        with open(path, encoding="utf-8") as stream:
            return int(stream.read().strip())
    except (OSError, ValueError):
        return None


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True
