"""Running an extractor over many images in fixed-shape batches."""

import keras
import numpy as np


def predict_batches(model, images, batch_size, prepare):
    """Run `model` on `prepare(batch)` for consecutive batches; return float32 outputs.

    Every batch has the same shape (the last is padded, then cut), so the prediction function
    compiles once.

    Args:
        model: a Keras model.
        images: array-like (n, ...), read one batch at a time (memmaps stay on disk).
        batch_size: images per forward pass (at most n).
        prepare: `fn(batch) -> model input`.
    """
    count = len(images)
    batch_size = max(1, min(int(batch_size), count))
    outputs = []
    for start in range(0, count, batch_size):
        batch = prepare(images[start : start + batch_size])
        real = len(batch)
        if real < batch_size:
            pad = np.zeros((batch_size - real, *batch.shape[1:]), batch.dtype)
            batch = np.concatenate([batch, pad])
        result = keras.ops.convert_to_numpy(model.predict_on_batch(batch))
        outputs.append(np.asarray(result[:real], np.float32))
    if not outputs:
        return np.zeros((0, model.outputs[0].shape[-1]), np.float32)
    return np.concatenate(outputs)
