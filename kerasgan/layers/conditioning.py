"""Layers that feed class labels into a network (Mirza & Osindero 2014)."""

import keras
from keras import ops

FUSIONS = ("concat", "multiply")


def check_fusion(mode):
    """Raises ValueError unless `mode` is one of `FUSIONS`."""
    if mode not in FUSIONS:
        raise ValueError(f"label_fusion must be one of {FUSIONS}, not {mode!r}.")


@keras.saving.register_keras_serializable(package="kerasgan")
class LabelFusion(keras.layers.Layer):
    """Fuses integer labels with a feature vector.

    `concat` appends a one-hot code of the label; `multiply` multiplies the vector
    element-wise by a learned embedding of the label (as in the Keras-GAN CGAN).

    Args:
        num_classes: number of classes.
        mode: "concat" or "multiply".

    Example:
        >>> LabelFusion(10, "concat")(z, labels)  # (n, d) -> (n, d + 10)
    """

    def __init__(self, num_classes, mode="concat", **kwargs):
        super().__init__(**kwargs)
        check_fusion(mode)
        self.num_classes = int(num_classes)
        self.mode = mode

    def build(self, inputs_shape, labels_shape=None):
        if self.mode == "multiply":
            self.embedding = keras.layers.Embedding(self.num_classes, inputs_shape[-1])
            self.embedding.build((None,))

    def call(self, inputs, labels):
        labels = ops.cast(ops.reshape(labels, (-1,)), "int32")
        if self.mode == "concat":
            return ops.concatenate([inputs, ops.one_hot(labels, self.num_classes)], axis=-1)
        return inputs * self.embedding(labels)

    def compute_output_shape(self, inputs_shape, labels_shape=None):
        if self.mode == "concat":
            return (*inputs_shape[:-1], inputs_shape[-1] + self.num_classes)
        return tuple(inputs_shape)

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes, "mode": self.mode}


@keras.saving.register_keras_serializable(package="kerasgan")
class LabelPlanes(keras.layers.Layer):
    """Appends one constant plane per class (one-hot) to an image's channels.

    Args:
        num_classes: number of classes.

    Example:
        >>> LabelPlanes(10)(images, labels)  # (n, h, w, c) -> (n, h, w, c + 10)
    """

    def __init__(self, num_classes, **kwargs):
        super().__init__(**kwargs)
        self.num_classes = int(num_classes)

    def call(self, inputs, labels):
        labels = ops.cast(ops.reshape(labels, (-1,)), "int32")
        planes = ops.one_hot(labels, self.num_classes, dtype=inputs.dtype)[:, None, None, :]
        shape = ops.shape(inputs)
        planes = ops.broadcast_to(planes, (shape[0], shape[1], shape[2], self.num_classes))
        return ops.concatenate([inputs, planes], axis=-1)

    def compute_output_shape(self, inputs_shape, labels_shape=None):
        return (*inputs_shape[:-1], inputs_shape[-1] + self.num_classes)

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes}
