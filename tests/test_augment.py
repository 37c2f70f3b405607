"""DiffAugment: exact values against numpy with fixed draws, and a gradient through it."""

import keras
import numpy as np
import pytest
from keras import ops

from kerasgan.augment import (
    POLICIES,
    adjust_color,
    augment,
    cutout,
    parse_policy,
    translate,
)


def fixed(values):
    """A `uniform` stub that returns `values` (batch, k) and checks the requested shape."""
    values = np.asarray(values, dtype="float32")

    def uniform(shape):
        assert tuple(int(d) for d in shape) == values.shape
        return ops.convert_to_tensor(values)

    return uniform


def constant(value):
    """A `uniform` stub returning `value` everywhere, for any (possibly dynamic) shape."""
    return lambda shape: ops.full(shape, value, dtype="float32")


def images(shape=(4, 8, 8, 3), seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, shape).astype("float32")


def shifted(x, ty, tx):
    """Numpy reference: out[i, j] = x[i + ty, j + tx], zero where that is outside x."""
    out = np.roll(x, (-ty, -tx), axis=(0, 1))
    height, width = x.shape[:2]
    if ty > 0:
        out[height - ty :] = 0
    elif ty < 0:
        out[:-ty] = 0
    if tx > 0:
        out[:, width - tx :] = 0
    elif tx < 0:
        out[:, :-tx] = 0
    return out


# With H = W = 8 and ratio 0.125 the shifts are in {-1, 0, 1}: u = (t + 1.5) / 3 picks t.
def shift_u(t, largest=1):
    return (t + largest + 0.5) / (2 * largest + 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ()),
        (None, ()),
        ("color,translation,cutout", POLICIES),
        ("all", POLICIES),
        (" cutout , color ", ("color", "cutout")),
        ("translation", ("translation",)),
        ("Color, color,", ("color",)),
    ],
)
def test_parse_policy_accepts(text, expected):
    assert parse_policy(text) == expected


@pytest.mark.parametrize("text", ["colour", "color,flip", "translation;cutout"])
def test_parse_policy_rejects_with_names(text):
    with pytest.raises(ValueError) as error:
        parse_policy(text)
    message = str(error.value)
    assert all(name in message for name in POLICIES)
    assert text.split(",")[-1].strip() in message


@pytest.mark.parametrize("channels", [1, 3])
def test_color_identity_settings(channels):
    x = images((4, 8, 8, channels))
    out = adjust_color(ops.convert_to_tensor(x), fixed(np.full((4, 3), 0.5)))
    np.testing.assert_allclose(ops.convert_to_numpy(out), x, atol=1e-6)


def test_color_brightness_only():
    x = images()
    u = np.full((4, 3), 0.5)
    u[:, 0] = 0.75
    out = adjust_color(ops.convert_to_tensor(x), fixed(u))
    np.testing.assert_allclose(ops.convert_to_numpy(out), x + 0.25, atol=1e-6)


def test_color_matches_official_formula():
    x = images(seed=1)
    u = np.random.default_rng(2).uniform(size=(4, 3)).astype("float32")
    b, s, c = (u[:, k, None, None, None] for k in range(3))
    ref = x + (b - 0.5)
    mean = ref.mean(axis=-1, keepdims=True)
    ref = (ref - mean) * (2 * s) + mean
    mean = ref.mean(axis=(1, 2, 3), keepdims=True)
    ref = (ref - mean) * (c + 0.5) + mean
    out = adjust_color(ops.convert_to_tensor(x), fixed(u))
    np.testing.assert_allclose(ops.convert_to_numpy(out), ref, atol=1e-5)


def test_color_saturation_is_identity_on_grey():
    x = images((4, 8, 8, 1))
    u = np.full((4, 3), 0.5)
    u[:, 1] = [0.0, 0.2, 0.9, 0.99]
    out = adjust_color(ops.convert_to_tensor(x), fixed(u))
    np.testing.assert_allclose(ops.convert_to_numpy(out), x, atol=1e-6)


@pytest.mark.parametrize("shape", [(4, 8, 8, 1), (4, 8, 8, 3)])
def test_translate_matches_numpy_shift(shape):
    x = images(shape)
    shifts = [(1, 0), (-1, 1), (0, -1), (0, 0)]
    u = [(shift_u(ty), shift_u(tx)) for ty, tx in shifts]
    out = ops.convert_to_numpy(translate(ops.convert_to_tensor(x), fixed(u)))
    assert out.shape == x.shape
    for n, (ty, tx) in enumerate(shifts):
        np.testing.assert_array_equal(out[n], shifted(x[n], ty, tx))


def test_translate_larger_ratio_non_square():
    # H = 8, W = 6, ratio 0.25: shifts up to 2 rows and up to int(1.5 + 0.5) = 2 columns.
    x = images((4, 8, 6, 2))
    shifts = [(2, -2), (-2, 2), (1, -1), (-1, 0)]
    u = [(shift_u(ty, 2), shift_u(tx, 2)) for ty, tx in shifts]
    out = ops.convert_to_numpy(translate(ops.convert_to_tensor(x), fixed(u), ratio=0.25))
    for n, (ty, tx) in enumerate(shifts):
        np.testing.assert_array_equal(out[n], shifted(x[n], ty, tx))


def test_translate_extreme_draws_stay_in_range():
    x = images((2, 8, 8, 1))
    u = [(0.0, 0.0), (0.99999994, 0.99999994)]
    out = ops.convert_to_numpy(translate(ops.convert_to_tensor(x), fixed(u)))
    np.testing.assert_array_equal(out[0], shifted(x[0], -1, -1))
    np.testing.assert_array_equal(out[1], shifted(x[1], 1, 1))


def test_cutout_zeroes_the_box():
    # 8x8 images, ratio 0.5: a 4x4 box from offset - 2; offsets are in 0..8 (9 values).
    x = images()
    offsets = [(0, 8), (4, 4), (8, 1), (2, 6)]
    u = [((oy + 0.5) / 9, (ox + 0.5) / 9) for oy, ox in offsets]
    out = ops.convert_to_numpy(cutout(ops.convert_to_tensor(x), fixed(u)))
    for n, (oy, ox) in enumerate(offsets):
        mask = np.ones((8, 8, 1), "float32")
        mask[max(oy - 2, 0) : oy + 2, max(ox - 2, 0) : ox + 2] = 0
        np.testing.assert_array_equal(out[n], x[n] * mask)
    assert (out[1] == 0).sum() == 16 * 3
    assert (out[0] == 0).sum() == 2 * 2 * 3


def test_cutout_odd_size():
    # 6x6 images, ratio 0.5: a 3x3 box from offset - 1; offsets are in 0..5 (6 values).
    x = images((2, 6, 6, 1))
    offsets = [(0, 5), (3, 2)]
    u = [((oy + 0.5) / 6, (ox + 0.5) / 6) for oy, ox in offsets]
    out = ops.convert_to_numpy(cutout(ops.convert_to_tensor(x), fixed(u)))
    for n, (oy, ox) in enumerate(offsets):
        mask = np.ones((6, 6, 1), "float32")
        mask[max(oy - 1, 0) : oy + 2, max(ox - 1, 0) : ox + 2] = 0
        np.testing.assert_array_equal(out[n], x[n] * mask)


def test_augment_empty_policy_is_identity():
    x = ops.convert_to_tensor(images())
    for policy in ("", None, ()):
        assert augment(x, policy, constant(0.3)) is x


def test_augment_applies_in_order_with_one_draw_each():
    x = images()
    calls = []

    def uniform(shape):
        calls.append(tuple(int(d) for d in shape))
        return ops.full(shape, 0.5, dtype="float32")

    out = augment(ops.convert_to_tensor(x), ("cutout", "translation", "color"), uniform)
    assert calls == [(4, 3), (4, 2), (4, 2)]
    mask = np.ones((8, 8, 1), "float32")
    mask[2:6, 2:6] = 0  # u = 0.5: offset 4, box rows and columns 2..5
    np.testing.assert_allclose(ops.convert_to_numpy(out), x * mask, atol=1e-6)


@pytest.mark.parametrize("shape", [(4, 8, 8, 1), (4, 8, 8, 3)])
def test_augment_with_random_draws(shape):
    seed = keras.random.SeedGenerator(3)
    x = ops.convert_to_tensor(images(shape))
    out = augment(x, "color,translation,cutout", lambda s: keras.random.uniform(s, seed=seed))
    assert tuple(out.shape) == shape
    assert out.dtype == x.dtype
    assert np.all(np.isfinite(ops.convert_to_numpy(out)))


def test_random_translations_are_shifts_in_range():
    seed = keras.random.SeedGenerator(4)
    x = images((16, 8, 8, 1))
    out = ops.convert_to_numpy(
        translate(ops.convert_to_tensor(x), lambda s: keras.random.uniform(s, seed=seed))
    )
    candidates = [(ty, tx) for ty in (-1, 0, 1) for tx in (-1, 0, 1)]
    for n in range(16):
        assert any(np.array_equal(out[n], shifted(x[n], *t)) for t in candidates)


class ScaledAugment(keras.Model):
    """A trainable scale on the images, then DiffAugment with fixed draws."""

    def __init__(self, policy, **kwargs):
        super().__init__(**kwargs)
        self.policy = policy
        self.scale = self.add_weight(shape=(), initializer="ones", name="scale")

    def call(self, x):
        return augment(x * self.scale, self.policy, constant(0.5))


@pytest.mark.parametrize("policy", ["color", "translation", "cutout", "all"])
def test_augment_is_differentiable(policy):
    x = images((4, 8, 8, 3))
    model = ScaledAugment(policy)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    model.fit(x, 2.0 * x, batch_size=4, epochs=1, verbose=0)
    assert float(ops.convert_to_numpy(model.scale)) > 1.0
