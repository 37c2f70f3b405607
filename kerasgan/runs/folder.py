"""Run folders: `runs/<variant>-<n>/`, never overwritten, with their JSON files."""

import json
import re
from pathlib import Path

from kerasgan.errors import ConfigError
from kerasgan.runs.atomic import write_json

__all__ = ["find_run", "new_run_dir", "read_json", "write_json"]

CONFIG = "config.json"
GENERATOR = "generator.keras"


def read_json(path):
    """Reads a JSON file, with a one-line error naming it when it is unreadable."""
    path = Path(path)
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path} does not exist.") from None
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path} is not readable JSON ({err}).") from None


def new_run_dir(root, variant):
    """Creates and returns a new, empty `root/<variant>-<n>` folder.

    The number is one more than the highest existing one, so earlier runs are never
    touched; creation is atomic (`mkdir`), so two runs started together get
    different folders.

    Args:
        root: the folder holding runs (created if missing).
        variant: the variant's name.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(rf"^{re.escape(variant)}-(\d+)$")
    taken = [int(m.group(1)) for p in root.iterdir() if (m := pattern.match(p.name))]
    number = max(taken, default=0) + 1
    while True:
        path = root / f"{variant}-{number}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            number += 1


def find_run(path):
    """Checks that `path` is a run folder (it holds config.json) and returns it."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"run folder {path} does not exist; `kerasgan train` makes one.")
    if not (path / CONFIG).is_file():
        raise ConfigError(f"{path} is not a kerasgan run folder (no {CONFIG} in it).")
    return path
