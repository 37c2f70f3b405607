"""Atomic file writes: a temporary file in the same folder, then `os.replace`.

A process killed at any moment leaves either the old file or the new one,
never a truncated one (at worst a hidden `.tmp_*` file that readers ignore).
"""

import contextlib
import json
import os
import tempfile


@contextlib.contextmanager
def atomic_path(path, suffix=""):
    """Yields a temporary path that replaces `path` when the block succeeds.

    The temporary file lives in the destination folder (so the final rename is
    atomic) and is removed if the block raises.

    Args:
        path: str or path-like. The final destination.
        suffix: str. Suffix of the temporary name, for writers that infer the
            format from it (e.g. ".gif").

    Example:

    ```python
    with atomic_path("out/training.gif", suffix=".gif") as tmp:
        imageio.v3.imwrite(tmp, frames)
    ```
    """
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    handle, tmp_path = tempfile.mkstemp(dir=folder, prefix=".tmp_", suffix=suffix)
    os.close(handle)
    os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; give files the usual mode
    try:
        yield tmp_path
        _fsync_file(tmp_path)
        os.replace(tmp_path, path)
    except BaseException:
        if os.path.exists(tmp_path):
            os.remove(tmp_path)
        raise


def write_text(path, text):
    """Writes `text` (UTF-8) to `path` atomically.

    Args:
        path: str or path-like.
        text: str.
    """
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)


def write_json(path, obj):
    """Writes `obj` as indented JSON to `path` atomically.

    Args:
        path: str or path-like.
        obj: a JSON-serializable object.
    """
    write_text(path, json.dumps(obj, indent=2) + "\n")


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_file(path):
    with open(path, "rb") as stream:
        os.fsync(stream.fileno())
