"""Latent-space tools: interpolation paths, class grids and coordinate traversals.

Pure numpy functions that build batches of noise vectors (and labels); feeding
them to a generator is `kerasgan.inference.sampling.Sampler`'s job. Every grid is
row-major, so `make_grid(images, nrow=steps)` shows one path (or one class, or
one base vector) per row.

Example:

```python
z = interpolation_grid(0, latent_dim=100, rows=8, steps=10)   # (80, 100)
images = sampler.generate(z)                                 # 8 rows of 10
```
"""

import numpy as np

METHODS = ("slerp", "linear")


def _pair(z0, z1, steps):
    """`z0`, `z1` as float vectors of one shape, after checking `steps`."""
    if steps < 2:
        raise ValueError(f"steps must be at least 2 (a path includes both ends), got {steps}.")
    z0, z1 = np.asarray(z0), np.asarray(z1)
    if z0.ndim != 1 or z0.shape != z1.shape:
        raise ValueError(f"Expected two vectors of one shape, got {z0.shape} and {z1.shape}.")
    dtype = np.result_type(z0, z1, np.float32)
    return z0.astype(np.float64), z1.astype(np.float64), dtype


def lerp(z0, z1, steps):
    """Linear interpolation from `z0` to `z1`, both ends included.

    Args:
        z0: vector of shape (dim,), the first row.
        z1: vector of shape (dim,), the last row.
        steps: int >= 2. Number of points on the path.

    Returns:
        An array of shape (steps, dim): row i is `z0 + t_i (z1 - z0)`, `t_i = i / (steps - 1)`.

    Example:

    >>> lerp([0.0, 0.0], [1.0, 2.0], 3)[1]
    array([0.5, 1. ])
    """
    z0, z1, dtype = _pair(z0, z1, steps)
    t = np.linspace(0.0, 1.0, steps)[:, None]
    return ((1.0 - t) * z0 + t * z1).astype(dtype)


def slerp(z0, z1, steps, eps=1e-6):
    """Spherical interpolation from `z0` to `z1`, both ends included.

    The direction moves along the great circle between the two directions at
    constant angular speed (Shoemake's slerp); the norm moves linearly from
    `|z0|` to `|z1|`, so vectors of equal norm keep it all along the path. For
    Gaussian latents this avoids the low-norm, unlikely middle of a straight
    line (White, 2016). Falls back to `lerp` when the directions are (nearly)
    parallel or opposite, or a vector is zero: the great circle is then not
    defined.

    Args:
        z0: vector of shape (dim,), the first row.
        z1: vector of shape (dim,), the last row.
        steps: int >= 2. Number of points on the path.
        eps: the fallback threshold on the sine of the angle between the vectors.

    Returns:
        An array of shape (steps, dim) whose first and last rows are `z0` and `z1`.

    Example:

    >>> slerp([1.0, 0.0], [0.0, 1.0], 3)[1]   # 45 degrees, norm 1
    array([0.70710678, 0.70710678])

    References:
        Shoemake, "Animating rotation with quaternion curves", SIGGRAPH 1985.
        White, "Sampling Generative Networks", arXiv:1609.04468, 2016.
    """
    z0, z1, dtype = _pair(z0, z1, steps)
    n0, n1 = np.linalg.norm(z0), np.linalg.norm(z1)
    if min(n0, n1) <= eps:
        return lerp(z0, z1, steps).astype(dtype)
    u0, u1 = z0 / n0, z1 / n1
    omega = np.arccos(np.clip(np.dot(u0, u1), -1.0, 1.0))
    if np.sin(omega) <= eps:
        return lerp(z0, z1, steps).astype(dtype)
    t = np.linspace(0.0, 1.0, steps)[:, None]
    direction = (np.sin((1.0 - t) * omega) * u0 + np.sin(t * omega) * u1) / np.sin(omega)
    path = direction * ((1.0 - t) * n0 + t * n1)
    path[0], path[-1] = z0, z1  # exact ends, whatever the rounding
    return path.astype(dtype)


def interpolation_grid(seed, latent_dim, rows, steps, method="slerp"):
    """`rows` paths of `steps` points, each between two fresh standard normal vectors.

    Args:
        seed: an int seed or a `numpy.random.Generator`.
        latent_dim: int. Size of each vector.
        rows: int >= 1. Number of paths.
        steps: int >= 2. Points per path.
        method: "slerp" (spherical, the default) or "linear".

    Returns:
        A float32 array of shape (rows * steps, latent_dim), row-major: path r is
        rows `r * steps` to `(r + 1) * steps - 1`.

    Example:

    >>> interpolation_grid(0, latent_dim=4, rows=2, steps=5).shape
    (10, 4)
    """
    interpolate = {"slerp": slerp, "linear": lerp}.get(method)
    if interpolate is None:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}.")
    if rows < 1:
        raise ValueError(f"rows must be at least 1, got {rows}.")
    ends = np.random.default_rng(seed).standard_normal((rows, 2, latent_dim)).astype("float32")
    return np.concatenate([interpolate(z0, z1, steps) for z0, z1 in ends])


def class_grid(latent_dim, num_classes, per_class, seed=0):
    """Noise and labels for a grid with one row per class and one column per noise vector.

    The same `per_class` vectors are used in every row, so a column shows what
    the label alone changes.

    Args:
        latent_dim: int. Size of each vector.
        num_classes: int >= 1. Number of rows.
        per_class: int >= 1. Number of columns.
        seed: an int seed or a `numpy.random.Generator`.

    Returns:
        `(z, labels)`: float32 (num_classes * per_class, latent_dim) and int32
        (num_classes * per_class,), row-major: row c is class c `per_class` times.

    Example:

    >>> z, labels = class_grid(4, num_classes=3, per_class=2)
    >>> labels
    array([0, 0, 1, 1, 2, 2], dtype=int32)
    """
    if num_classes < 1 or per_class < 1:
        raise ValueError(
            f"num_classes and per_class must be at least 1, got {num_classes} and {per_class}."
        )
    z = np.random.default_rng(seed).standard_normal((per_class, latent_dim)).astype("float32")
    labels = np.repeat(np.arange(num_classes, dtype="int32"), per_class)
    return np.tile(z, (num_classes, 1)), labels


def traversal_grid(base_z, index, values):
    """Copies of each base vector with coordinate `index` set to each of `values`.

    Used to show what one latent code controls (InfoGAN's continuous codes).

    Args:
        base_z: array of shape (rows, dim) (or one vector of shape (dim,)).
        index: int in [0, dim). The coordinate to vary.
        values: sequence of the values it takes, one per column.

    Returns:
        An array of shape (rows * len(values), dim), row-major: row r holds
        `base_z[r]` with coordinate `index` set to `values[0]`, `values[1]`, ...

    Example:

    >>> traversal_grid([[0.0, 0.0]], 1, [-1.0, 1.0])
    array([[ 0., -1.],
           [ 0.,  1.]])

    References:
        Chen et al., "InfoGAN: Interpretable Representation Learning by Information
        Maximizing Generative Adversarial Nets", NeurIPS 2016.
    """
    base_z = np.atleast_2d(np.asarray(base_z))
    values = np.asarray(values, dtype=np.result_type(base_z, np.float32)).ravel()
    dim = base_z.shape[-1]
    if base_z.ndim != 2:
        raise ValueError(f"base_z must have shape (rows, dim), got {base_z.shape}.")
    if not 0 <= index < dim:
        raise ValueError(f"index {index} is outside the {dim} latent coordinates (0 to {dim - 1}).")
    if values.size == 0:
        raise ValueError("values must hold at least one value.")
    grid = np.repeat(base_z.astype(values.dtype), values.size, axis=0)
    grid[:, index] = np.tile(values, base_z.shape[0])
    return grid
