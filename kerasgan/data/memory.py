"""How much memory an array needs and whether it fits, before it is allocated.

NumPy allocates lazily on Linux: `np.empty` of 100 GB succeeds and the process is
killed later, while the array is filled. Code that makes an array whose size the
user chooses (`--image-size`, `--n`) asks `check_memory` first and refuses with one
line saying how much it needs.
"""

import os

from kerasgan.errors import DataError
from kerasgan.runs.space import human_size

__all__ = ["MARGIN", "available_memory", "check_memory"]

MARGIN = 0.8
"""The share of the available memory one array may take (the process needs the rest)."""


def available_memory():
    """Bytes of memory available to new allocations (`MemAvailable`), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def check_memory(needed, what, advice):
    """Raises DataError when `needed` bytes exceed `MARGIN` of the memory available.

    Args:
        needed: the bytes the array (or arrays) will take.
        what: what needs them, for the message ("40 images of 100000x100000x1").
        advice: what to do instead, for the message ("pass a smaller --image-size").

    Example:
        >>> check_memory(n * h * w * c, f"{n} images of {h}x{w}x{c}", "pass --limit N")
    """
    free = available_memory()
    if free is not None and needed > MARGIN * free:
        raise DataError(
            f"{what} need {human_size(needed)} of memory, and {human_size(free)} is "
            f"available: {advice}."
        )
