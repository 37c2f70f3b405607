"""Keras' ImageNet InceptionV3 as the classifier of the Inception Score, from local weights only.

The Inception Score (Salimans et al. 2016) is conventionally computed with the TensorFlow graph
of 2015-12-05 and its 1008-way softmax (1000 ImageNet classes plus 8 unused outputs). This
module uses `keras.applications.InceptionV3` (Szegedy et al. 2016) instead: a different training
run of the same architecture with 1000 outputs, so its scores are comparable with each other
but not with published IS values. Its weights are read only from Keras' download cache
(`$KERAS_HOME/models/inception_v3_weights_tf_dim_ordering_tf_kernels.h5`, by default under
`~/.keras`) or a given path; nothing is downloaded.

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
from kerasgan.metrics.extractors.inception_weights import file_sha256

WEIGHTS_FILE = "inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
"""The name Keras gives the ImageNet InceptionV3 weights (with the classifier) it downloads."""

WEIGHTS_URL = (
    "https://storage.googleapis.com/tensorflow/keras-applications/inception_v3/" + WEIGHTS_FILE
)

FALLBACK_KERAS_HOME = "/tmp/.keras"
"""Where Keras downloads when its home folder is not writable."""

NAME = "keras_inception_v3_imagenet"


def keras_model_dirs():
    """Return the folders where Keras keeps downloaded model weights, most likely first."""
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return (Path(home).expanduser() / "models", Path(FALLBACK_KERAS_HOME) / "models")


def find_imagenet_weights(weights_path=None):
    """Return the ImageNet InceptionV3 weights file.

    Args:
        weights_path: the `.h5` file, or None to look in Keras' cache (`keras_model_dirs`).

    Raises:
        KerasGANError: when the file is not there, saying where to put it.
    """
    if weights_path is not None:
        path = Path(weights_path).expanduser()
        if path.is_file():
            return path
        candidates = [path]
    else:
        candidates = [folder / WEIGHTS_FILE for folder in keras_model_dirs()]
        for path in candidates:
            if path.is_file():
                return path
    raise KerasGANError(
        "the Inception Score needs Keras' ImageNet InceptionV3 weights, and "
        f"{' or '.join(str(p) for p in candidates)} does not exist: put {WEIGHTS_FILE} "
        f"({WEIGHTS_URL}) in {keras_model_dirs()[0]}, e.g. by running "
        "`keras.applications.InceptionV3()` once with network access, or pass its path."
    )


def load_imagenet_inception(weights_path=None, weights="imagenet", cache_dir=None):
    """Build Keras' InceptionV3 with its 1000-class softmax and load local ImageNet weights.

    Note: the usual Inception Score uses the 2015-12-05 TensorFlow graph with 1008 outputs;
    this Keras model has 1000 and other weights, so its scores differ from published ones.

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision",
    CVPR 2016; Salimans et al., "Improved Techniques for Training GANs", NeurIPS 2016.

    Args:
        weights_path: the weights `.h5`; None looks in Keras' cache (never downloads).
        weights: "imagenet" to load them, or None for random weights (tests of the plumbing).
        cache_dir: cache root for the weights' sha256 (default `$KERASGAN_CACHE` or
            `~/.cache/kerasgan`).

    Returns:
        `(model, info)`: a Keras model from (n, 299, 299, 3) images in [-1, 1] to (n, 1000)
        probabilities, and a dict with `name`, `classes`, `weights_sha256`, `source`, `input`.

    Raises:
        KerasGANError: when the weights file is not found.

    Example:
        >>> model, info = load_imagenet_inception()
        >>> info["classes"]
        1000
    """
    if weights not in ("imagenet", None):
        raise KerasGANError(f"weights must be 'imagenet' or None, not {weights!r}.")
    path = find_imagenet_weights(weights_path) if weights == "imagenet" else None
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
