"""TensorBoard image summaries, through TensorFlow's `tf.summary` (installed with kerasgan
whatever the backend: Keras' own `TensorBoard` callback writes its scalars the same way)."""

import numpy as np
import tensorflow as tf


def write_images(log_dir, tag, images):
    """Writes images to a TensorBoard event file.

    Args:
        log_dir: the TensorBoard folder (e.g. `run/tensorboard/images`).
        tag: the images' name in TensorBoard.
        images: `(step, uint8 array (H, W, C))` pairs.
    """
    writer = tf.summary.create_file_writer(str(log_dir))
    try:
        with writer.as_default():
            for step, image in images:
                image = np.asarray(image, np.uint8)
                if image.ndim == 2:
                    image = image[..., None]
                tf.summary.image(tag, image[None], step=int(step))
        writer.flush()
    finally:
        writer.close()
