"""Latent-space tools of style-based generators: truncation, paths in W, style mixing.

A style generator (`kerasgan.networks.style`) maps z to one style per layer ("ws",
`(n, num_ws, w_dim)`), and its call takes `mode="mapping"` (z to ws) or
`mode="synthesis"` (ws to images) and the truncation trick's `truncation` (psi) and
`truncation_cutoff`. These functions build on that; `kerasgan.inference.sampling.Sampler`
uses them for `kerasgan sample --truncation`, `--interpolate` and `--style-mix`.
"""

import keras
import numpy as np

LEVELS = ("coarse", "middle", "fine")


def is_style_generator(generator):
    """Whether `generator` is a style-based generator (it has a mapping network to W)."""
    return hasattr(generator, "mapping") and hasattr(generator, "truncate")


def style_levels(num_ws):
    """The style indices that the coarse, middle and fine levels hold.

    Two styles per resolution from 4x4 up. Coarse: 4x4 and 8x8 (pose, shape); middle:
    16x16 and 32x32 (smaller features); fine: the rest (colour, texture), as in the
    StyleGAN paper's figure 3. Small images have fewer levels: each keeps at least its
    top resolution as "fine" and one resolution as "coarse".

    Args:
        num_ws: the generator's number of styles (twice its resolutions).

    Returns:
        dict from level name to `(start, stop)` style indices; a level may be empty.
    """
    resolutions = num_ws // 2
    coarse = max(1, min(2, resolutions - 2))
    middle = max(coarse, min(4, resolutions - 1))
    bounds = {"coarse": (0, coarse), "middle": (coarse, middle), "fine": (middle, resolutions)}
    return {name: (2 * start, 2 * stop) for name, (start, stop) in bounds.items()}


def level_resolutions(num_ws, level):
    """`"4x4-8x8"`: the resolutions whose styles `level` holds, for messages."""
    start, stop = style_levels(num_ws)[level]
    if start == stop:
        return "none"
    low, high = 4 * 2 ** (start // 2), 4 * 2 ** (stop // 2 - 1)
    return f"{low}x{low}" if low == high else f"{low}x{low}-{high}x{high}"


def _numpy(x):
    return np.asarray(keras.ops.convert_to_numpy(x), dtype="float32")


def map_to_w(generator, z, batch_size=256):
    """Styles ws `(n, num_ws, w_dim)` of latents `z`, without mixing or truncation."""
    out = [
        _numpy(generator(z[i : i + batch_size], None, training=False, mode="mapping"))
        for i in range(0, len(z), batch_size)
    ]
    return np.concatenate(out)


def synthesize(generator, ws, batch_size=256, truncation=1.0, truncation_cutoff=None):
    """Images in [-1, 1] (NHWC float32) from styles `ws`, truncated toward the average w."""
    out = [
        _numpy(
            generator(
                ws[i : i + batch_size],
                None,
                training=False,
                mode="synthesis",
                truncation=truncation,
                truncation_cutoff=truncation_cutoff,
            )
        )
        for i in range(0, len(ws), batch_size)
    ]
    return np.concatenate(out)


def w_paths(generator, z0, z1, steps):
    """`len(z0)` straight paths in W of `steps` points, row-major `(rows * steps, num_ws, w_dim)`.

    The ends are the mapped latents; W is interpolated linearly, as the StyleGAN paper
    does (its perceptual path length in W uses lerp).
    """
    w0, w1 = map_to_w(generator, z0), map_to_w(generator, z1)
    t = np.linspace(0.0, 1.0, steps, dtype="float32")[None, :, None, None]
    paths = w0[:, None] + t * (w1 - w0)[:, None]
    return paths.reshape(-1, *w0.shape[1:])


def style_mix_grid(generator, z_a, z_b, truncation=1.0, truncation_cutoff=None):
    """The StyleGAN paper's style-mixing figure, as images and a row length.

    Row 0: a blank cell, then the source A images. Then, for each level (coarse,
    middle, fine) that has styles, one row per source B: the B image, then each A
    image with that level's styles taken from B.

    Args:
        generator: a style generator.
        z_a: latents of the A sources (the columns).
        z_b: latents of the B sources (the rows of each level).
        truncation, truncation_cutoff: the truncation trick, for every image.

    Returns:
        `(images, nrow, levels)`: `(1 + rows) * (1 + len(z_a))` images in [-1, 1], the
        row length `1 + len(z_a)`, and the names of the levels shown, in order.
    """
    ws_a, ws_b = map_to_w(generator, z_a), map_to_w(generator, z_b)
    options = {"truncation": truncation, "truncation_cutoff": truncation_cutoff}
    images_a = synthesize(generator, ws_a, **options)
    images_b = synthesize(generator, ws_b, **options)
    blank = np.ones_like(images_a[:1])
    rows = [np.concatenate([blank, images_a])]
    shown = []
    for level, (start, stop) in style_levels(ws_a.shape[1]).items():
        if start == stop:
            continue
        shown.append(level)
        for b in range(len(ws_b)):
            mixed = ws_a.copy()
            mixed[:, start:stop] = ws_b[b, start:stop]
            rows.append(
                np.concatenate([images_b[b : b + 1], synthesize(generator, mixed, **options)])
            )
    return np.concatenate(rows), 1 + len(z_a), shown
