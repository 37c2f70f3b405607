"""Free space and failed writes: one line naming the folder, the space needed and what to do.

A full disk (`ENOSPC`), a quota (`EDQUOT`), a read-only folder (`EROFS`, `EACCES`) or an
I/O error while a file is written becomes a `kerasgan.errors.WriteError` whose message
names the folder and, where known, the space the write needs. Writers that know their
size check it first (`check_space`): a memory-mapped file written on a full disk ends in
a SIGBUS, not an `OSError`, so it must not be started.
"""

import errno
import os
import shutil

from kerasgan.errors import WriteError

__all__ = ["advice_for", "check_space", "free_bytes", "human_size", "reserve", "write_error"]

_ADVICE = {
    errno.ENOSPC: "free some space there or write elsewhere",
    errno.EDQUOT: "free some space there (the disk quota is full) or write elsewhere",
    errno.EROFS: "the file system is read-only: write elsewhere",
    errno.EACCES: "permission denied: write to a folder you may write to",
    errno.EPERM: "permission denied: write to a folder you may write to",
    errno.EFBIG: "the file is too large for that file system: write elsewhere",
}


def advice_for(number):
    """What to do about the `OSError` whose `errno` is `number`, as a short phrase."""
    return _ADVICE.get(number, "check the path and the disk")


def human_size(nbytes):
    """`nbytes` as a short text such as "1.5 GB" (powers of 1000).

    Example:
        >>> human_size(1_500_000_000)
        '1.5 GB'
    """
    value = float(nbytes)
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


def free_bytes(folder):
    """The free bytes of the file system holding `folder` (or its nearest existing parent).

    Returns None when it cannot be told.
    """
    path = os.path.abspath(os.fspath(folder))
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def check_space(folder, needed, what, then="nothing was written."):
    """Raises WriteError when `folder` has less than `needed` bytes free.

    Args:
        folder: where the file(s) will be written.
        needed: the bytes the write needs.
        what: what is written, for the message ("the checkpoint").
        then: the sentence that ends the message (what was kept, how to continue).
    """
    free = free_bytes(folder)
    if free is not None and free < needed:
        raise WriteError(
            f"{what} needs about {human_size(needed)} in {os.fspath(folder)}, which has "
            f"{human_size(free)} free: {_ADVICE[errno.ENOSPC]}; {then}"
        )


def reserve(path, nbytes):
    """Allocates `nbytes` for the file `path` now, so that a full disk fails here (OSError).

    Writing a memory-mapped file into space that is not there kills the process with a
    SIGBUS; reserving the blocks first turns that into an `OSError(ENOSPC)`. File systems
    without `posix_fallocate` are left as they are.
    """
    if not hasattr(os, "posix_fallocate") or nbytes <= 0:
        return
    with open(path, "r+b") as stream:
        try:
            os.posix_fallocate(stream.fileno(), 0, int(nbytes))
        except OSError as error:
            if error.errno in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
                return
            raise


def write_error(error, folder, needed=None, what=None, then=""):
    """A one-line `WriteError` for the `OSError` `error` raised while writing into `folder`.

    Args:
        error: the `OSError`.
        folder: the folder being written.
        needed: the bytes the write needed, when known.
        what: what was written, for the message (None: "writing").
        then: a sentence added at the end (which checkpoint was kept, how to resume).

    Example:
        >>> raise write_error(err, "runs/dcgan-1/checkpoints", 4_000_000, "the checkpoint")
    """
    reason = error.strerror or str(error) or type(error).__name__
    need = f", about {human_size(needed)} needed" if needed else ""
    advice = advice_for(error.errno)
    head = f"{what} could not be written" if what else "writing failed"
    text = f"{head} in {os.fspath(folder)} ({reason}{need}): {advice}"
    return WriteError(text + (f"; {then}" if then else "; nothing was written."))
