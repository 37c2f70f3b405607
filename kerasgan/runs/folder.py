"""Run folders: `runs/<variant>-<n>/`, never overwritten, with their JSON files."""

import json
import os
import re
from pathlib import Path

from kerasgan.errors import ConfigError
from kerasgan.runs.atomic import write_json

__all__ = ["find_run", "new_run_dir", "read_config", "read_json", "write_json"]

CONFIG = "config.json"
GENERATOR = "generator.keras"
CONFIG_KEYS = ("variant", "arguments", "settings", "dataset", "versions", "resumed")
"""The keys `kerasgan.training.train` writes into config.json."""


def read_json(path):
    """Reads a JSON file, with a one-line error naming it when it is unreadable."""
    path = Path(path)
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path} does not exist.") from None
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path} is not readable JSON ({err}).") from None


def read_config(run_dir):
    """A run's config.json, checked: a known layout with a `variant` name.

    Args:
        run_dir: the run folder.

    Raises:
        ConfigError: one line naming the file and what is wrong (no `variant`, keys
            this version does not write, `arguments` or `settings` that are not dicts).
    """
    path = Path(run_dir) / CONFIG
    config = read_json(path)
    damaged = "the run folder is damaged or was edited: restore the file or start a new run"
    if not isinstance(config, dict):
        raise ConfigError(f"{path} does not hold a JSON object: {damaged}.")
    if not isinstance(config.get("variant"), str) or not config["variant"]:
        raise ConfigError(f'{path} names no variant (no "variant" string): {damaged}.')
    unknown = sorted(set(config) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(
            f"{path} has keys this kerasgan does not write ({', '.join(unknown)}): {damaged}."
        )
    for key in ("arguments", "settings"):
        if not isinstance(config.get(key), dict):
            raise ConfigError(f'{path} has no "{key}" object: {damaged}.')
    return config


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
    check_out_folder(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"--out {root} cannot be created ({error.strerror}).") from None
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


def check_out_folder(root, flag="--out"):
    """Raises ConfigError when `root` cannot hold new folders: a file, under a file, read-only.

    Checks without writing anything, so that a command can refuse before loading data.

    Args:
        root: the folder (it may not exist yet; its nearest existing parent is checked).
        flag: the option named in the message.
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise ConfigError(f"{flag} {root} is a file, not a folder: give a folder.")
    existing = root
    while not existing.exists():
        if existing.is_symlink():
            raise ConfigError(f"{flag} {root}: {existing} is a broken link; give another folder.")
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(
            f"{flag} {root} is under {existing}, which is a file, not a folder: give a folder."
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(
            f"{flag} {root}: {existing} is read-only (permission denied): give a folder you "
            "may write to."
        )


def find_run(path):
    """Checks that `path` is a run folder (it holds config.json) and returns it."""
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"run folder {path} does not exist; `kerasgan train` makes one.")
    if not (path / CONFIG).is_file():
        raise ConfigError(f"{path} is not a kerasgan run folder (no {CONFIG} in it).")
    return path
