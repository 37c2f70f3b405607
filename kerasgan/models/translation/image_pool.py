"""A history of generated images shown to the discriminator (Shrivastava et al. 2017).

CycleGAN (Zhu et al. 2017, section 4) updates its discriminators on a buffer of the
50 images generated most recently rather than on the latest batch only, which
damps oscillation. The buffer is a non-trainable variable of the model, so it is
part of the training state on every backend and is saved with checkpoints.
"""

from keras import ops


def pool_query(pool, count, fake, uniform, slots):
    """Mixes a generated batch with the pool and returns the new pool.

    While the pool fills up, each generated image is stored and returned. Once it
    is full, each image is, with probability one half, swapped with a random
    stored image (the stored one is returned, the new one takes its place), and
    otherwise returned as is. All of it is `keras.ops`, vectorised over the batch.

    Args:
        pool: the stored images, shape (size, H, W, C).
        count: how many slots are filled (int32 scalar).
        fake: the generated batch, shape (n, H, W, C) (gradient stopped).
        uniform: uniform draws in [0, 1) of shape (n,), from the step's seed.
        slots: random slot indices in [0, size) of shape (n,), int32.

    Returns:
        `(returned, new_pool, new_count)`.

    Example:
        >>> shown, pool, count = pool_query(pool, count, fake, ctx.uniform((n,)), slots)
    """
    size = ops.shape(pool)[0]
    n = ops.shape(fake)[0]
    count = ops.cast(count, "int32")
    fill_slot = count + ops.arange(n, dtype="int32")
    filling = fill_slot < size
    swap = ops.logical_and(ops.logical_not(filling), uniform > 0.5)
    swap = ops.logical_and(swap, count >= size)
    stored = ops.take(pool, slots, axis=0)
    returned = ops.where(ops.reshape(swap, (-1, 1, 1, 1)), stored, fake)
    # Row `size` of the padded pool is a scratch slot for images that are not stored.
    target = ops.where(filling, fill_slot, ops.where(swap, slots, size))
    padded = ops.concatenate([pool, ops.zeros_like(pool[:1])], axis=0)
    padded = ops.scatter_update(padded, ops.reshape(target, (-1, 1)), fake)
    new_count = ops.minimum(count + n, size)
    return returned, padded[:size], new_count
