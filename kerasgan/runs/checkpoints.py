"""Crash-safe checkpoints of the full training state: save, find, restore, prune.

Layout of `ckpt_dir`:

```
latest.json            {"dir": "epoch_0004", "epoch": 4}
epoch_0003/            model.weights.h5 (the model's variables), optimizer.npz (the
                       optimizer's, stored once), state.json (epoch, seed states)
epoch_0004/
```

A checkpoint folder is written under a hidden temporary name and renamed when
complete; only then is `latest.json` replaced (atomically, with
`kerasgan.runs.atomic.write_json`); only then are old folders pruned. A kill at
any moment leaves `latest.json` pointing at a complete checkpoint, and leftover
temporary folders are ignored (and removed by `remove_leftovers`).

The folder rename is the one atomic step here that does not go through
`kerasgan.runs.atomic.atomic_path`: that writer replaces single files, and a
folder cannot be swapped over an existing one with one `os.replace`, so
`_replace_folder` moves the old folder aside first. The files inside the
temporary folder need no atomic writes of their own: nobody reads them until the
folder is renamed into place.

`kerasgan.callbacks.RunCheckpoint` saves these during `fit`.
"""

import json
import os
import re
import shutil
import uuid
import warnings

import keras
import numpy as np

from kerasgan.errors import KerasGANError
from kerasgan.runs import space
from kerasgan.runs.atomic import write_json

__all__ = [
    "CHECKPOINT_FILES",
    "LATEST_FILE",
    "OPTIMIZER_FILE",
    "STATE_FILE",
    "TMP_PREFIX",
    "WEIGHTS_FILE",
    "checkpoint_bytes",
    "kept_checkpoint",
    "checkpoint_name",
    "is_complete",
    "latest_checkpoint",
    "list_checkpoints",
    "load_model_weights",
    "prune_checkpoints",
    "remove_leftovers",
    "restore_checkpoint",
    "restore_newest",
    "save_checkpoint",
    "save_model_weights",
]

WEIGHTS_FILE = "model.weights.h5"
OPTIMIZER_FILE = "optimizer.npz"
STATE_FILE = "state.json"
LATEST_FILE = "latest.json"
CHECKPOINT_FILES = (WEIGHTS_FILE, OPTIMIZER_FILE, STATE_FILE)
TMP_PREFIX = ".tmp_"
SEED_KEY = "seed_states"
"""Key of `state.json` holding the model's `SeedGenerator` states (absent in older checkpoints)."""


def checkpoint_name(epoch):
    """Returns the folder name of the checkpoint after `epoch` completed epochs.

    Args:
        epoch: int. Number of completed epochs.
    """
    return f"epoch_{epoch:04d}"


def save_checkpoint(model, ckpt_dir, epoch):
    """Saves weights, optimizer variables, epoch and seed states to `ckpt_dir/epoch_XXXX/`.

    The seed states are those of the model's `keras.random.SeedGenerator`s (the noise
    drawn inside the training step), kept in `state.json`. Then points
    `ckpt_dir/latest.json` at it. Does not prune old folders.

    Args:
        model: a built, compiled `keras.Model`.
        ckpt_dir: str or path-like.
        epoch: int. Number of completed epochs (the `initial_epoch` to resume with).

    Returns:
        The path of the checkpoint folder.
    """
    ckpt_dir = os.fspath(ckpt_dir)
    name = checkpoint_name(epoch)
    final = os.path.join(ckpt_dir, name)
    needed = checkpoint_bytes(model)
    then = kept_checkpoint(ckpt_dir)
    space.check_space(ckpt_dir, needed, f"checkpoint {name}", then)
    tmp = os.path.join(ckpt_dir, f"{TMP_PREFIX}{name}_{uuid.uuid4().hex[:8]}")
    try:
        _write_checkpoint(model, tmp, final, epoch)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        raise space.write_error(error, ckpt_dir, needed, f"checkpoint {name}", then) from None
    try:
        write_json(os.path.join(ckpt_dir, LATEST_FILE), {"dir": name, "epoch": int(epoch)})
    except OSError as error:
        raise space.write_error(error, ckpt_dir, None, LATEST_FILE, then) from None
    return final


def checkpoint_bytes(model):
    """About how many bytes a checkpoint of `model` takes: its variables and its optimizer's.

    Args:
        model: a built `keras.Model` (compiled, for the optimizer's share).
    """
    variables = list(model.variables)
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and optimizer.built:
        variables += list(optimizer.variables)
    total = sum(int(np.prod(v.shape)) * np.dtype(v.dtype).itemsize for v in variables)
    return int(total * 1.1) + 64 * 1024  # file headers and names


def kept_checkpoint(ckpt_dir):
    """Which complete checkpoint stays, and how to continue: a sentence for a failed write."""
    found = latest_checkpoint(ckpt_dir)
    run_dir = os.path.dirname(os.path.abspath(ckpt_dir))
    if found is None:
        return "no epoch was saved; free space and train again."
    return (
        f"the last complete checkpoint {found[0]} is kept: free space, then continue with "
        f"`kerasgan train --resume {run_dir}`."
    )


def _write_checkpoint(model, tmp, final, epoch):
    """Writes the checkpoint files into the new folder `tmp`, then renames it to `final`."""
    os.makedirs(tmp)
    try:
        optimizer = _built_optimizer(model, final)
        save_model_weights(model, os.path.join(tmp, WEIGHTS_FILE))
        values = [keras.ops.convert_to_numpy(v) for v in optimizer.variables]
        with open(os.path.join(tmp, OPTIMIZER_FILE), "wb") as stream:
            np.savez(stream, *values)
            stream.flush()
            os.fsync(stream.fileno())
        state = {"epoch": int(epoch)}
        if _seed_variables(model):
            state[SEED_KEY] = _seed_states(model)
        write_json(os.path.join(tmp, STATE_FILE), state)
        _replace_folder(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def save_model_weights(model, path):
    """`model.save_weights` without the optimizer's state, which `optimizer.npz` holds.

    Keras writes a compiled model's optimizer variables into the weights file, and a
    kerasgan model's composite optimizer twice (its own list and each phase optimizer's):
    with `optimizer.npz` that stored the Adam state three times (a 112 MB checkpoint for a
    7 MB DCGAN generator). The file is written in full, then copied without its top-level
    `optimizer` group.

    Args:
        model: a built `keras.Model`.
        path: the `.weights.h5` file to write.
    """
    import h5py

    full = f"{path}.full.weights.h5"
    try:
        model.save_weights(full)
        with h5py.File(full, "r") as source, h5py.File(path, "w") as target:
            for key, value in source.attrs.items():
                target.attrs[key] = value
            for key in source:
                if key != "optimizer":
                    source.copy(source[key], target, name=key)
    finally:
        if os.path.exists(full):
            os.remove(full)


# Group names that checkpoints of kerasgan 0.x wrote for layers now saved under Keras' names
# (`FastConv2DTranspose` carried its own class name for one release; see
# `kerasgan.layers.naming`).
_LEGACY_NAMES = re.compile(r"^fast_(conv2d_transpose(?:_\d+)?)$")


def load_model_weights(model, path):
    """`model.load_weights` of a checkpoint's weights file, whose optimizer state (absent
    from files written by `save_model_weights`) is restored from `optimizer.npz` instead.

    A file that names layers as an earlier release did (`fast_conv2d_transpose`) is read
    through a renamed copy.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipping variable loading for optimizer")
        try:
            model.load_weights(path)
        except ValueError:
            renamed = _renamed_copy(path)
            if renamed is None:
                raise
            try:
                model.load_weights(renamed)
            finally:
                shutil.rmtree(os.path.dirname(renamed), ignore_errors=True)


def _renamed_copy(path):
    """A temporary copy of the weights file `path` with `_LEGACY_NAMES` renamed, or None
    when it has none of them."""
    import tempfile

    import h5py

    found = []
    with h5py.File(path, "r") as source:
        source.visit(lambda name: found.append(name) if _has_legacy_name(name) else None)
        if not found:
            return None
        folder = tempfile.mkdtemp(prefix="kerasgan_weights_")
        target_path = os.path.join(folder, "model.weights.h5")
        with h5py.File(target_path, "w") as target:
            _copy_renamed(source, target)
    return target_path


def _has_legacy_name(name):
    return any(_LEGACY_NAMES.match(part) for part in name.split("/"))


def _copy_renamed(source, target):
    """Copies the h5 group `source` into `target`, renaming `_LEGACY_NAMES` at every depth."""
    import h5py

    for key, value in source.attrs.items():
        target.attrs[key] = value
    for key in source:
        match = _LEGACY_NAMES.match(key)
        name = match.group(1) if match else key
        if isinstance(source[key], h5py.Group):
            _copy_renamed(source[key], target.create_group(name))
        else:
            source.copy(source[key], target, name=name)


def _replace_folder(src, dst):
    """Renames the finished folder `src` to `dst`, moving an existing `dst` aside first.

    Not `atomic_path`: a folder cannot replace a non-empty folder in one rename. A kill
    between the two renames leaves `dst` missing and a hidden `.tmp_` folder; readers
    then fall back to the newest complete checkpoint (see `latest_checkpoint`).
    """
    if not os.path.exists(dst):
        os.rename(src, dst)
        return
    # Saving the same epoch again (a resumed run): move the old folder aside first.
    trash = os.path.join(os.path.dirname(dst), f"{TMP_PREFIX}old_{uuid.uuid4().hex[:8]}")
    os.rename(dst, trash)
    os.rename(src, dst)
    shutil.rmtree(trash, ignore_errors=True)


def is_complete(path):
    """Whether `path` is a finished checkpoint folder (all files, readable state).

    Args:
        path: str or path-like.
    """
    if not all(os.path.isfile(os.path.join(path, name)) for name in CHECKPOINT_FILES):
        return False
    return _read_epoch(path) is not None


def _read_epoch(path):
    """The epoch in a checkpoint's state.json; None when unreadable or negative (damaged)."""
    try:
        with open(os.path.join(path, STATE_FILE), encoding="utf-8") as stream:
            epoch = int(json.load(stream)["epoch"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return epoch if epoch >= 0 else None


def list_checkpoints(ckpt_dir):
    """Lists complete checkpoint folders, oldest first.

    Args:
        ckpt_dir: str or path-like.

    Returns:
        A list of `(path, epoch)`; temporary and incomplete folders are skipped.
    """
    ckpt_dir = os.fspath(ckpt_dir)
    if not os.path.isdir(ckpt_dir):
        return []
    found = []
    for name in os.listdir(ckpt_dir):
        path = os.path.join(ckpt_dir, name)
        if name.startswith("epoch_") and os.path.isdir(path) and is_complete(path):
            found.append((_read_epoch(path), path))
    return [(path, epoch) for epoch, path in sorted(found)]


def latest_checkpoint(ckpt_dir):
    """Finds the checkpoint to resume from.

    Follows `latest.json`; if it is missing or points at an incomplete folder,
    falls back to the complete folder with the highest epoch.

    Args:
        ckpt_dir: str or path-like.

    Returns:
        `(path, epoch)` with `epoch` the number of completed epochs, or None.
    """
    ckpt_dir = os.fspath(ckpt_dir)
    try:
        with open(os.path.join(ckpt_dir, LATEST_FILE), encoding="utf-8") as stream:
            path = os.path.join(ckpt_dir, json.load(stream)["dir"])
        if is_complete(path):
            return path, _read_epoch(path)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    found = list_checkpoints(ckpt_dir)
    return found[-1] if found else None


def restore_checkpoint(model, path):
    """Loads a checkpoint's weights, optimizer variables and seed states into `model`.

    The model must be built (its variables created) and compiled. The
    optimizer is built first if needed (so that `load_weights` finds the same
    variables as were saved), then every optimizer variable is assigned.

    Args:
        model: a built, compiled `keras.Model` of the same architecture.
        path: str or path-like. A checkpoint folder (see `latest_checkpoint`).

    Returns:
        The number of completed epochs stored in the checkpoint.

    Raises:
        KerasGANError: the folder is incomplete or does not match the model.
    """
    path = os.fspath(path)
    if not is_complete(path):
        raise KerasGANError(
            f"Checkpoint {path} is incomplete or missing; it needs {', '.join(CHECKPOINT_FILES)}."
        )
    optimizer = _built_optimizer(model, path)
    try:
        load_model_weights(model, os.path.join(path, WEIGHTS_FILE))
    except (ValueError, KeyError, OSError) as error:
        raise KerasGANError(
            f"Checkpoint {path} does not match this model's weights: {error}"
        ) from error
    with np.load(os.path.join(path, OPTIMIZER_FILE)) as archive:
        values = [archive[f"arr_{i}"] for i in range(len(archive.files))]
    variables = list(optimizer.variables)
    if len(values) != len(variables):
        raise KerasGANError(
            f"Checkpoint {path} holds {len(values)} optimizer variables but the model's "
            f"optimizer has {len(variables)}; was it saved with another optimizer?"
        )
    for index, (variable, value) in enumerate(zip(variables, values, strict=True)):
        if tuple(variable.shape) != tuple(value.shape):
            raise KerasGANError(
                f"Checkpoint {path}: optimizer variable {index} ({variable.path}) has shape "
                f"{tuple(value.shape)}, the model's has {tuple(variable.shape)}."
            )
    for variable, value in zip(variables, values, strict=True):
        variable.assign(value.astype(variable.dtype))
    _restore_seed_states(model, path)
    return _read_epoch(path)


def restore_newest(model, ckpt_dir):
    """Restores the newest checkpoint that loads, falling back past unreadable ones.

    A checkpoint can be complete (every file present) yet unreadable: a file cut
    short by a full disk or a copy that stopped. Each checkpoint is tried, newest
    first (`latest.json`'s first); every variable is assigned by the one that loads.

    Args:
        model: a built, compiled `keras.Model`.
        ckpt_dir: str or path-like.

    Returns:
        `(path, epoch, skipped)`, with `skipped` a list of `(path, reason)` of the newer
        checkpoints that did not load; None when `ckpt_dir` holds no complete checkpoint.

    Raises:
        KerasGANError: no checkpoint loads; names the newest and why.
    """
    latest = latest_checkpoint(ckpt_dir)
    if latest is None:
        return None
    older = [path for path, _ in reversed(list_checkpoints(ckpt_dir))]
    order = [latest[0]] + [p for p in older if os.path.abspath(p) != os.path.abspath(latest[0])]
    skipped = []
    for path in order:
        try:
            return path, restore_checkpoint(model, path), skipped
        except Exception as error:  # noqa: BLE001 - h5py, zipfile and numpy raise many kinds
            skipped.append((path, _reason(error)))
    raise KerasGANError(
        f"no checkpoint of {os.fspath(ckpt_dir)} loads: {skipped[0][0]} fails with "
        f"{skipped[0][1]}; pass --restart to train the run again from epoch 0."
    )


def _reason(error):
    """The first line of an error, for a one-line message."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def _seed_variables(model):
    """The state variables of the model's `keras.random.SeedGenerator`s, in a fixed order.

    `save_weights` leaves them out, yet they decide the noise drawn inside the training
    step (and dropout masks): a resumed run must continue from the same state.
    """
    return [v for v in model.variables if v.name == "seed_generator_state"]


def _seed_states(model):
    return [keras.ops.convert_to_numpy(v).tolist() for v in _seed_variables(model)]


def _restore_seed_states(model, path):
    """Assigns the seed-generator states of `state.json`; older checkpoints have none."""
    with open(os.path.join(path, STATE_FILE), encoding="utf-8") as stream:
        states = json.load(stream).get(SEED_KEY)
    if states is None:
        return
    variables = _seed_variables(model)
    if len(states) != len(variables):
        raise KerasGANError(
            f"Checkpoint {path} holds {len(states)} random-generator states but the model has "
            f"{len(variables)}; was it saved from another model?"
        )
    for variable, state in zip(variables, states, strict=True):
        variable.assign(np.asarray(state).astype(variable.dtype))


def _built_optimizer(model, path):
    """The model's optimizer, built (slots created) so that its variable list is complete."""
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise KerasGANError(f"Compile the model before saving or restoring checkpoint {path}.")
    if not optimizer.built:
        optimizer.build(model.trainable_variables)
    return optimizer


def prune_checkpoints(ckpt_dir, keep):
    """Deletes complete checkpoint folders older than the newest `keep`.

    The folder `latest.json` points at is never deleted.

    Args:
        ckpt_dir: str or path-like.
        keep: int. Number of folders kept.
    """
    latest = latest_checkpoint(ckpt_dir)
    protected = os.path.abspath(latest[0]) if latest else None
    found = list_checkpoints(ckpt_dir)
    for path, _ in found[: max(0, len(found) - keep)]:
        if os.path.abspath(path) != protected:
            shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(ckpt_dir):
    """Deletes temporary folders and files left in `ckpt_dir` by a killed save.

    Args:
        ckpt_dir: str or path-like.
    """
    for name in os.listdir(ckpt_dir):
        if name.startswith(TMP_PREFIX):
            path = os.path.join(ckpt_dir, name)
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.remove(path)
