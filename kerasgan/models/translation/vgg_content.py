"""VGG19 features for SRGAN's content loss, from local weights only (Ledig et al. 2017).

Nothing is ever downloaded: the ImageNet weights are used when the user names the file
or when Keras has already cached it (`$KERAS_HOME/models/` or `~/.keras/models/`, the
folder `keras.applications.VGG19(weights="imagenet")` downloads into). Without them
`content_extractor` returns None and the caller falls back to a pixel loss, telling the
user `missing_weights_message()`.
"""

import os
from pathlib import Path

import keras
from keras import layers, ops

VGG19_NOTOP_FILE = "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"
"""The name of Keras' cached VGG19 ImageNet weights without the classifier."""

VGG19_NOTOP_URL = (
    "https://storage.googleapis.com/tensorflow/keras-applications/vgg19/" + VGG19_NOTOP_FILE
)

CAFFE_BGR_MEAN = (103.939, 116.779, 123.68)
"""The ImageNet mean pixel, in BGR order, that VGG's caffe preprocessing subtracts."""


def keras_cache_dirs():
    """The folders where Keras caches application weights, in the order they are searched.

    `$KERAS_HOME` when set (read now, not at import), else `~/.keras` and Keras' fallback
    `/tmp/.keras` for unwritable homes; each with its `models` subfolder.
    """
    home = os.environ.get("KERAS_HOME")
    roots = [Path(home)] if home else [Path.home() / ".keras", Path("/tmp/.keras")]
    return [root / "models" for root in roots]


def find_vgg19_weights(path=None):
    """The VGG19 (no top) weights file to use, or None when there is none on this machine.

    Args:
        path: a weights file the user names; it must exist. When None, Keras' cache
            folders (`keras_cache_dirs`) are searched for `VGG19_NOTOP_FILE`.

    Returns:
        The file's path as a string, or None.

    Raises:
        FileNotFoundError: `path` was given and does not exist (a typo should not
            silently turn the content loss into a pixel loss).

    Example:
        >>> find_vgg19_weights()  # "/home/me/.keras/models/vgg19_..._notop.h5" or None
    """
    if path is not None:
        path = Path(path).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"VGG19 weights file {path} does not exist.")
        return str(path)
    for folder in keras_cache_dirs():
        candidate = folder / VGG19_NOTOP_FILE
        if candidate.is_file():
            return str(candidate)
    return None


def missing_weights_message():
    """Why the VGG content loss is off, and how to turn it on (one paragraph)."""
    searched = ", ".join(str(folder / VGG19_NOTOP_FILE) for folder in keras_cache_dirs())
    return (
        f"No VGG19 weights found (looked for {searched}); kerasgan never downloads them, so "
        "the content loss falls back to a pixel-wise loss (the paper's SRResNet-MSE/SRGAN-MSE "
        f"rather than SRGAN-VGG54). To use VGG features, download {VGG19_NOTOP_URL} into "
        "one of those folders, or pass its path as the VGG weights."
    )


@keras.saving.register_keras_serializable(package="kerasgan")
class VGGPreprocessing(layers.Layer):
    """Images in [-1, 1] to VGG's caffe-style input: [0, 255], BGR, ImageNet mean removed.

    Grey images (one channel) are repeated to three channels first. The same as
    `keras.applications.vgg19.preprocess_input` on `(images + 1) * 127.5`.

    Example:
        >>> VGGPreprocessing()(images)  # (n, h, w, 1 or 3) in [-1, 1] -> (n, h, w, 3)
    """

    def build(self, input_shape):
        if len(input_shape) != 4 or input_shape[-1] not in (1, 3):
            raise ValueError(
                f"VGG features take NHWC images with 1 or 3 channels, not {tuple(input_shape)}."
            )

    def call(self, images):
        x = (ops.cast(images, "float32") + 1.0) * 127.5
        if x.shape[-1] == 1:
            x = ops.repeat(x, 3, axis=-1)
        bgr = ops.flip(x, axis=-1)
        return bgr - ops.convert_to_tensor(CAFFE_BGR_MEAN, "float32")

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], 3)


def content_extractor(weights=None, layer="block5_conv4", input_shape=None):
    """A frozen Keras model from images in [-1, 1] to VGG19 features, or None without weights.

    SRGAN's VGG54 loss compares `block5_conv4` features (the 4th convolution before the
    5th pooling, after its ReLU); VGG22 is `block2_conv2`. The paper also divides the
    features by 12.75 (its eq. 5 scale); that belongs to the caller's loss.

    Args:
        weights: a VGG19 no-top weights file; None: Keras' cached ImageNet file, if any
            (`find_vgg19_weights`). Never downloaded.
        layer: name of the `keras.applications.VGG19` layer whose output is returned.
        input_shape: (height, width, channels) with 1 or 3 channels; None: any size, 3
            channels.

    Returns:
        A non-trainable `keras.Model` (n, h, w, c) -> features, or None when no weights
        file exists (then fall back to a pixel loss and show `missing_weights_message()`).

    Example:
        >>> vgg = content_extractor(input_shape=(32, 32, 3))
        >>> loss = mse(vgg(real), vgg(fake)) if vgg is not None else mse(real, fake)

    Reference:
        Ledig et al., "Photo-Realistic Single Image Super-Resolution Using a Generative
        Adversarial Network", CVPR 2017, section 2.2.1. https://arxiv.org/abs/1609.04802;
        Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
        Recognition", ICLR 2015. https://arxiv.org/abs/1409.1556
    """
    path = find_vgg19_weights(weights)
    if path is None:
        return None
    shape = (None, None, 3) if input_shape is None else tuple(input_shape)
    inputs = keras.Input(shape)
    # Built for any size: keras.applications refuses fixed sides under 32 px (MNIST's 28).
    vgg = keras.applications.VGG19(include_top=False, weights=None, input_shape=(None, None, 3))
    vgg.load_weights(path)
    features = keras.Model(vgg.inputs, vgg.get_layer(layer).output, name=f"vgg19_{layer}")
    model = keras.Model(inputs, features(VGGPreprocessing()(inputs)), name="vgg19_content")
    model.trainable = False
    return model
