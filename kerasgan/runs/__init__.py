"""Run folders, checkpoints and the package's one atomic writer.

`kerasgan.runs.atomic.atomic_path` is the only place that writes a file under a
temporary name and renames it into place; everything that must never leave a
half-written file (configs, generators, caches, weights) goes through it.
"""

from kerasgan.runs.atomic import atomic_path, write_json, write_text
from kerasgan.runs.folder import (
    CONFIG,
    GENERATOR,
    check_out_folder,
    find_run,
    new_run_dir,
    read_config,
    read_json,
)

__all__ = [
    "CONFIG",
    "GENERATOR",
    "atomic_path",
    "check_out_folder",
    "find_run",
    "new_run_dir",
    "read_config",
    "read_json",
    "write_json",
    "write_text",
]
