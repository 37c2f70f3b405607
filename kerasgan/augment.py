"""DiffAugment: differentiable augmentations for data-efficient GAN training.

Zhao, Liu, Lin, Zhu and Han, "Differentiable Augmentation for Data-Efficient GAN
Training", NeurIPS 2020. The same random augmentation is applied to real and
generated images before every discriminator call; it is differentiable with respect
to the images, so the generator is trained through it.

Everything here is pure `keras.ops` on float NHWC images in [-1, 1]. The functions
draw no random numbers themselves: the caller passes `uniform`, a callable
`uniform(shape) -> tensor` of values in [0, 1) (the training engine passes
`ctx.uniform`, so the draws come from the model's own seed generator). Each
augmentation makes exactly one call to `uniform`, documented below, so a stub that
returns fixed values gives a fixed augmentation; the value 0.5 everywhere is the
identity for `adjust_color` and `translate`.

Example:
    >>> policy = parse_policy("color,translation,cutout")
    >>> real_logits = ctx("discriminator", augment(real, policy, ctx.uniform))
    >>> fake_logits = ctx("discriminator", augment(fake, policy, ctx.uniform))
"""

from keras import ops

POLICIES = ("color", "translation", "cutout")


def parse_policy(text):
    """The augmentations named in a comma-separated policy, in the order they are applied.

    Args:
        text: names from `POLICIES` separated by commas ("color, cutout"), "all" for
            all of them, or "" / None for none. Spaces and case are ignored, and so
            are repeated names.

    Returns:
        A tuple of names from `POLICIES`, in the order of `POLICIES`.

    Raises:
        ValueError: a name is not in `POLICIES` (nor "all").
    """
    if text is None:
        return ()
    names = set()
    for token in str(text).split(","):
        token = token.strip().lower()
        if not token:
            continue
        if token == "all":
            names.update(POLICIES)
        elif token in POLICIES:
            names.add(token)
        else:
            raise ValueError(
                f"Unknown DiffAugment policy {token!r}; valid names are "
                f"{', '.join(POLICIES)} or 'all'."
            )
    return tuple(name for name in POLICIES if name in names)


def _draw(uniform, images, columns):
    """One uniform draw of shape (batch, columns), cast to the images' dtype."""
    u = uniform((ops.shape(images)[0], columns))
    return ops.cast(u, images.dtype)


def _randint(u, low, high):
    """Integers in [low, high] from uniforms u in [0, 1): floor(u (high - low + 1)) + low."""
    count = high - low + 1
    index = ops.cast(ops.floor(ops.cast(u, "float32") * count), "int32")
    return ops.clip(index, 0, count - 1) + low


def _per_sample(values):
    """Reshapes (batch,) values to (batch, 1, 1, 1) to broadcast over NHWC images."""
    return ops.reshape(values, (-1, 1, 1, 1))


def adjust_color(images, uniform):
    """Random brightness, saturation and contrast, one setting per sample.

    As in the official code, on images in [-1, 1]: brightness adds b ~ U(-0.5, 0.5);
    saturation scales the distance to the per-pixel channel mean by s ~ U(0, 2)
    (the identity on 1-channel images); contrast scales the distance to the
    per-image mean by c ~ U(0.5, 1.5). They are applied in that order.

    Args:
        images: float NHWC images in [-1, 1].
        uniform: `uniform(shape)`, called once with (batch, 3); the columns
            u_b, u_s, u_c give b = u_b - 0.5, s = 2 u_s, c = u_c + 0.5.

    Returns:
        Images of the same shape and dtype (no longer clipped to [-1, 1]).
    """
    u = _draw(uniform, images, 3)
    brightness = _per_sample(u[:, 0] - 0.5)
    saturation = _per_sample(u[:, 1] * 2.0)
    contrast = _per_sample(u[:, 2] + 0.5)
    x = images + brightness
    mean = ops.mean(x, axis=-1, keepdims=True)
    x = (x - mean) * saturation + mean
    mean = ops.mean(x, axis=(1, 2, 3), keepdims=True)
    return (x - mean) * contrast + mean


def _shift_matrix(shift, size, dtype):
    """One-hot (batch, size, size) matrices S[n, i, k] = (k == i + shift[n])."""
    i = ops.arange(size, dtype="int32")
    target = ops.expand_dims(i, 0) + ops.expand_dims(shift, 1)
    match = ops.equal(ops.expand_dims(target, 2), ops.reshape(i, (1, 1, size)))
    return ops.cast(match, dtype)


def translate(images, uniform, ratio=0.125):
    """Random integer translation per sample, padding with zeros.

    The output pixel (i, j) is the input pixel (i + ty, j + tx), or 0 when that is
    outside the image, with ty and tx integers in [-round(ratio H), round(ratio H)]
    and [-round(ratio W), round(ratio W)] (as in the official code). It is computed
    with one-hot shift matrices and `einsum` rather than a gather.

    Args:
        images: float NHWC images in [-1, 1].
        uniform: `uniform(shape)`, called once with (batch, 2); the columns u_y, u_x
            give ty = floor(u_y (2 sy + 1)) - sy with sy = round(ratio H), and tx
            likewise with the width (u = 0.5 gives no shift).
        ratio: the largest shift as a fraction of the image size.

    Returns:
        Images of the same shape and dtype.
    """
    height, width = images.shape[1], images.shape[2]
    max_y, max_x = int(height * ratio + 0.5), int(width * ratio + 0.5)
    u = uniform((ops.shape(images)[0], 2))
    shift_y = _randint(u[:, 0], -max_y, max_y)
    shift_x = _randint(u[:, 1], -max_x, max_x)
    rows = _shift_matrix(shift_y, height, images.dtype)
    cols = _shift_matrix(shift_x, width, images.dtype)
    x = ops.einsum("nik,nkwc->niwc", rows, images)
    return ops.einsum("njl,nilc->nijc", cols, x)


def _box(start, size, length):
    """(batch, length) floats: 0 inside [start, start + size), 1 outside."""
    i = ops.reshape(ops.arange(length, dtype="int32"), (1, length))
    start = ops.expand_dims(start, 1)
    inside = ops.logical_and(ops.greater_equal(i, start), ops.less(i, start + size))
    return ops.logical_not(inside)


def cutout(images, uniform, ratio=0.5):
    """Sets a random square of each image to 0.

    The square is round(ratio H) x round(ratio W) pixels; as in the official code its
    centre is a random pixel (offset_y, offset_x), it starts at offset - size // 2
    and it may extend past the border (the part inside the image is cut).

    Args:
        images: float NHWC images in [-1, 1].
        uniform: `uniform(shape)`, called once with (batch, 2); the columns u_y, u_x
            give offset_y = floor(u_y n_y), n_y = H + 1 - (size_y % 2), and offset_x
            likewise; u = (offset + 0.5) / n picks a given offset.
        ratio: the side of the square as a fraction of the image size.

    Returns:
        Images of the same shape and dtype.
    """
    height, width = images.shape[1], images.shape[2]
    size_y, size_x = int(height * ratio + 0.5), int(width * ratio + 0.5)
    u = uniform((ops.shape(images)[0], 2))
    offset_y = _randint(u[:, 0], 0, height - size_y % 2)
    offset_x = _randint(u[:, 1], 0, width - size_x % 2)
    keep_rows = _box(offset_y - size_y // 2, size_y, height)
    keep_cols = _box(offset_x - size_x // 2, size_x, width)
    keep = ops.logical_or(ops.expand_dims(keep_rows, 2), ops.expand_dims(keep_cols, 1))
    return images * ops.cast(ops.expand_dims(keep, -1), images.dtype)


_AUGMENTATIONS = {"color": adjust_color, "translation": translate, "cutout": cutout}


def augment(images, policy, uniform):
    """Applies a DiffAugment policy: color, then translation, then cutout.

    Args:
        images: float NHWC images in [-1, 1], real or generated.
        policy: a string for `parse_policy` ("color,translation,cutout", "all", "")
            or a sequence of names from `POLICIES`; the order given is ignored.
        uniform: `uniform(shape) -> tensor` of values in [0, 1), for example
            `ctx.uniform`; each augmentation calls it once.

    Returns:
        The augmented images (the images themselves when the policy is empty).
    """
    names = parse_policy(policy if policy is None or isinstance(policy, str) else ",".join(policy))
    for name in names:
        images = _AUGMENTATIONS[name](images, uniform)
    return images
