"""Keras' ImageNet InceptionV3 as the classifier of the Inception Score, downloaded as Keras does.

The Inception Score (Salimans et al. 2016) is conventionally computed with the TensorFlow graph
of 2015-12-05 and its 1008-way softmax (1000 ImageNet classes plus 8 unused outputs). This
module uses `keras.applications.InceptionV3` (Szegedy et al. 2016) instead: a different training
run of the same architecture with 1000 outputs, so its scores are comparable with each other
but not with published IS values. Its weights are read from a given path or Keras' download
cache (`$KERAS_HOME/models/inception_v3_weights_tf_dim_ordering_tf_kernels.h5`, by default under
`~/.keras`); when they are not there, they are downloaded into that cache with Keras' own
`keras.utils.get_file` call and md5, unless `$KERASGAN_OFFLINE=1` or `download=False`.

Example:
    >>> model, info = load_imagenet_inception()
    >>> imagenet_probabilities(model, images).shape   # images: (n, h, w, 1 or 3) in [-1, 1]
    (n, 1000)
"""

import os
from pathlib import Path

import keras

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors.batching import predict_batches
from kerasgan.metrics.extractors.fid_inception import prepare_fid_images
from kerasgan.metrics.extractors.inception_weights import (
    file_sha256,
    offline_reason,
    short_reason,
)

WEIGHTS_FILE = "inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
"""The name Keras gives the ImageNet InceptionV3 weights (with the classifier) it downloads."""

WEIGHTS_URL = (
    "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/" + WEIGHTS_FILE
)
WEIGHTS_HASH = "9a0d58056eeedaa3f26cb7ebd46da564"
"""The md5 Keras checks that download against (`keras/src/applications/inception_v3.py`)."""

FALLBACK_KERAS_HOME = "/tmp/.keras"
"""Where Keras downloads when its home folder is not writable."""

NAME = "keras_inception_v3_imagenet"


def keras_home():
    """Return Keras' home folder: `$KERAS_HOME` (read now, not at import) or `~/.keras`."""
    return Path(os.environ.get("KERAS_HOME") or os.path.join("~", ".keras")).expanduser()


def keras_model_dirs():
    """Return the folders where Keras keeps downloaded model weights, most likely first."""
    return (keras_home() / "models", Path(FALLBACK_KERAS_HOME) / "models")


def weights_fix():
    """Where to put the weights file to work offline, as one clause."""
    return (
        f"put {WEIGHTS_FILE} ({WEIGHTS_URL}) in {keras_model_dirs()[0]}, e.g. by running "
        "`keras.applications.InceptionV3()` once with network access, or pass its path."
    )


def download_imagenet_weights(url=None, file_hash=None):
    """Download the ImageNet InceptionV3 weights into Keras' cache; return the file.

    Makes the call `keras.applications.InceptionV3(weights="imagenet")` makes
    (`get_file(WEIGHTS_FILE, url, cache_subdir="models", file_hash=...)`), with Keras' home
    read now (`keras_home`) rather than when Keras was imported. A file already cached there
    with the right hash is returned as it is; a download whose hash does not match is deleted.

    Args:
        url: where to download from (default `WEIGHTS_URL`, read at call time).
        file_hash: the expected md5 (default `WEIGHTS_HASH`) or sha256 (64 hex digits).

    Returns:
        The `Path` of the file, in `keras_model_dirs()[0]` (or Keras' fallback
        `/tmp/.keras/models` when its home is not writable).

    Raises:
        KerasGANError: in one line, when `$KERASGAN_OFFLINE` turns downloads off or the
            download fails, saying where to put the file.

    Example:
        >>> download_imagenet_weights().name
        'inception_v3_weights_tf_dim_ordering_tf_kernels.h5'
    """
    offline = offline_reason()
    if offline:
        raise KerasGANError(
            "the Inception Score needs Keras' ImageNet InceptionV3 weights, and downloads are "
            f"off ({offline}): " + weights_fix()
        )
    url = url or WEIGHTS_URL
    home = keras_home()
    try:
        home.mkdir(parents=True, exist_ok=True)  # as Keras does at import
    except OSError:
        pass  # get_file then falls back to /tmp/.keras
    try:
        return Path(
            keras.utils.get_file(
                WEIGHTS_FILE,
                url,
                cache_subdir="models",
                file_hash=file_hash or WEIGHTS_HASH,
                cache_dir=str(home),
            )
        )
    except Exception as error:  # get_file raises Exception, ValueError (hash), OSError...
        reason = short_reason(error)
        base = home if os.access(home, os.W_OK) else Path(FALLBACK_KERAS_HOME)  # as get_file
        downloaded = base / "models" / WEIGHTS_FILE
        if isinstance(error, ValueError) and downloaded.is_file():
            downloaded.unlink()  # Keras keeps a file whose hash does not match
            reason = f"the file's hash is not {file_hash or WEIGHTS_HASH}"
        raise KerasGANError(
            "the Inception Score needs Keras' ImageNet InceptionV3 weights, and downloading "
            f"them from {url} failed ({reason}): to work offline, " + weights_fix()
        ) from error


def find_imagenet_weights(weights_path=None, download=True):
    """Return the ImageNet InceptionV3 weights file, downloading it when it is not cached.

    Args:
        weights_path: the `.h5` file (never downloaded), or None to look in Keras' cache
            (`keras_model_dirs`), then download it there (`download_imagenet_weights`).
        download: False never downloads (as `$KERASGAN_OFFLINE=1` does).

    Raises:
        KerasGANError: when the file is not there and cannot be downloaded, saying where to
            put it.
    """
    if weights_path is not None:
        path = Path(weights_path).expanduser()
        if path.is_file():
            return path
        candidates, offline = [path], None
    else:
        candidates = [folder / WEIGHTS_FILE for folder in keras_model_dirs()]
        for path in candidates:
            if path.is_file():
                return path
        offline = offline_reason(download)
        if not offline:
            return download_imagenet_weights()
    off = f" and downloads are off ({offline})" if offline else ""
    raise KerasGANError(
        "the Inception Score needs Keras' ImageNet InceptionV3 weights, and "
        f"{' or '.join(str(p) for p in candidates)} does not exist{off}: " + weights_fix()
    )


def load_imagenet_inception(weights_path=None, weights="imagenet", cache_dir=None, download=True):
    """Build Keras' InceptionV3 with its 1000-class softmax and load its ImageNet weights.

    Note: the usual Inception Score uses the 2015-12-05 TensorFlow graph with 1008 outputs;
    this Keras model has 1000 and other weights, so its scores differ from published ones.

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision",
    CVPR 2016; Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016.

    Args:
        weights_path: the weights `.h5`; None looks in Keras' cache and downloads them there
            when they are missing (`find_imagenet_weights`).
        weights: "imagenet" to load them, or None for random weights (tests of the plumbing).
        cache_dir: cache root for the weights' sha256 (default `$KERASGAN_CACHE` or
            `~/.cache/kerasgan`).
        download: False never downloads (as `$KERASGAN_OFFLINE=1` does).

    Returns:
        `(model, info)`: a Keras model from (n, 299, 299, 3) images in [-1, 1] to (n, 1000)
        probabilities, and a dict with `name`, `classes`, `weights_sha256`, `source`, `input`.

    Raises:
        KerasGANError: when the weights file is not found and cannot be downloaded.

    Example:
        >>> model, info = load_imagenet_inception()
        >>> info["classes"]
        1000
    """
    if weights not in ("imagenet", None):
        raise KerasGANError(f"weights must be 'imagenet' or None, not {weights!r}.")
    path = find_imagenet_weights(weights_path, download) if weights == "imagenet" else None
    model = keras.applications.InceptionV3(
        include_top=True, weights=None, input_shape=(299, 299, 3), classes=1000
    )
    if path is not None:
        try:
            model.load_weights(str(path))
        except (OSError, ValueError) as error:
            raise KerasGANError(
                f"{path} could not be loaded as InceptionV3 ImageNet weights ({error}): delete "
                f"it and put {WEIGHTS_FILE} ({WEIGHTS_URL}) there again."
            ) from error
    info = {
        "name": NAME if path is not None else f"{NAME}_random",
        "classes": 1000,
        "weights_sha256": file_sha256(path, cache_dir) if path is not None else None,
        "source": str(path) if path is not None else None,
        "input": "resized to 299x299 bilinearly (half-pixel centres, no antialiasing) from "
        "[-1, 1], Keras' InceptionV3 range; grey repeated to 3 channels",
    }
    return model, info


def imagenet_probabilities(model, images, batch_size=50):
    """Return the 1000 ImageNet class probabilities of images: float32 (n, 1000).

    Images are prepared as for FID with pytorch-fid's conventions (`prepare_fid_images`):
    bilinear resize to 299x299, grey repeated to 3 channels; [-1, 1] is already the input range
    of Keras' InceptionV3 (`keras.applications.inception_v3.preprocess_input`).

    Args:
        model: the model of `load_imagenet_inception`.
        images: float images (n, h, w, 1 or 3) in [-1, 1], any size.
        batch_size: images per forward pass.

    Example:
        >>> imagenet_probabilities(model, np.zeros((2, 32, 32, 3), "float32")).shape
        (2, 1000)
    """
    return predict_batches(model, images, batch_size, prepare_fid_images)
