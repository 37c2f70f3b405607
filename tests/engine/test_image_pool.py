"""The history pool of generated images (CycleGAN's discriminator input)."""

import numpy as np
from keras import ops

from kerasgan.models.translation.image_pool import pool_query


def query(pool, count, fake, uniform, slots):
    shown, new_pool, new_count = pool_query(
        ops.convert_to_tensor(pool),
        ops.convert_to_tensor(np.int32(count)),
        ops.convert_to_tensor(fake),
        ops.convert_to_tensor(np.asarray(uniform, "float32")),
        ops.convert_to_tensor(np.asarray(slots, "int32")),
    )
    return (
        ops.convert_to_numpy(shown),
        ops.convert_to_numpy(new_pool),
        int(ops.convert_to_numpy(new_count)),
    )


def images(values):
    return np.asarray(values, "float32").reshape(-1, 1, 1, 1) * np.ones((1, 2, 2, 1), "float32")


def test_filling_stores_and_returns_the_new_images():
    pool = np.zeros((4, 2, 2, 1), "float32")
    shown, pool, count = query(pool, 0, images([1, 2]), [0.9, 0.9], [0, 0])
    np.testing.assert_array_equal(shown, images([1, 2]))
    np.testing.assert_array_equal(pool[:, 0, 0, 0], [1, 2, 0, 0])
    assert count == 2
    shown, pool, count = query(pool, count, images([3, 4, 5]), [0.9] * 3, [0] * 3)
    # Two slots were left: 3 and 4 fill them, 5 is returned without being stored.
    np.testing.assert_array_equal(shown, images([3, 4, 5]))
    np.testing.assert_array_equal(pool[:, 0, 0, 0], [1, 2, 3, 4])
    assert count == 4


def test_full_pool_swaps_where_the_draw_is_above_one_half():
    pool = images([1, 2, 3, 4])
    shown, new_pool, count = query(pool, 4, images([7, 8]), [0.9, 0.1], [2, 0])
    # The first image is swapped with slot 2; the second is returned as is.
    np.testing.assert_array_equal(shown, images([3, 8]))
    np.testing.assert_array_equal(new_pool[:, 0, 0, 0], [1, 2, 7, 4])
    assert count == 4
