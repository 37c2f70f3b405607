"""Named translation and super-resolution tasks that work offline.

- `edges2fashion` (paired): edge maps of the bundled Fashion-MNIST test images -> the images.
- `sneaker2boot` (unpaired): Fashion-MNIST test sneakers (class 7) <-> ankle boots (class 9).
- `fashion:SRC-DST` (unpaired): any two Fashion-MNIST test classes, e.g. `fashion:1-3`.
- `photos` (superres): natural photos bundled with scikit-image and scikit-learn, split by
  photo: `photos:train` (coffee, chelsea, rocket, motorcycle, china), `photos:test` (astronaut,
  flower); `photos` alone gives all seven.

Example:
    >>> [(t.name, t.kind) for t in list_tasks()]
    [('edges2fashion', 'paired'), ('sneaker2boot', 'unpaired'), ('fashion', 'unpaired'),
     ('photos', 'superres')]
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from kerasgan.data import idx
from kerasgan.data.load import load_dataset
from kerasgan.data.pair_datasets import PairedDataset, UnpairedDataset
from kerasgan.data.superres_dataset import SuperResolutionDataset
from kerasgan.errors import DataError

KINDS = ("paired", "unpaired", "superres")
"""What a task gives: a `PairedDataset`, an `UnpairedDataset` or a `SuperResolutionDataset`."""

FASHION = "fashion_mnist_test"
"""The bundled dataset the Fashion-MNIST tasks are cut from."""

PHOTOS = {
    "train": ("coffee", "chelsea", "rocket", "motorcycle", "china"),
    "test": ("astronaut", "flower"),
}
"""The photos of each split of the `photos` task (held out by photo, not by crop)."""

_SOBEL = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=np.float32)[None]


@dataclass(frozen=True)
class TaskInfo:
    """What `list_tasks` reports for one task: its name, kind (see `KINDS`) and description."""

    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class Task:
    """One entry of the registry: `load(suffix, image_size) -> dataset`, suffix after ':'."""

    name: str
    kind: str
    description: str
    load: Callable


def edge_map(images, sigma=0.7, threshold=0.2):
    """Return binary edge maps of grey images: white (255) lines on black (0).

    Canny-like, without hysteresis: a Gaussian blur of `sigma`, Sobel gradients, non-maximum
    suppression along the gradient direction (1-pixel lines), then a threshold at `threshold`
    times each image's largest gradient.

    Args:
        images: uint8 array (N, H, W) or (N, H, W, 1).
        sigma: standard deviation of the blur, in pixels.
        threshold: fraction of each image's strongest edge below which edges are dropped.

    Returns:
        A uint8 array (N, H, W, 1) of 0 and 255.

    Example:
        >>> edges = edge_map(load_dataset("fashion_mnist_test").images[:8])
    """
    x = np.asarray(images, dtype=np.float32).reshape(len(images), *np.shape(images)[1:3]) / 255
    x = ndimage.gaussian_filter(x, (0, sigma, sigma))
    gx = ndimage.correlate(x, _SOBEL, mode="nearest")
    gy = ndimage.correlate(x, _SOBEL.transpose(0, 2, 1), mode="nearest")
    magnitude = np.hypot(gx, gy)
    direction = np.rint(np.arctan2(gy, gx) / (np.pi / 4)).astype(np.int64) % 4
    padded = np.pad(magnitude, ((0, 0), (1, 1), (1, 1)))
    height, width = magnitude.shape[1:]
    ridge = np.zeros(magnitude.shape, dtype=bool)
    for k, (dy, dx) in enumerate(((0, 1), (1, 1), (1, 0), (1, -1))):
        ahead = padded[:, 1 + dy : 1 + dy + height, 1 + dx : 1 + dx + width]
        behind = padded[:, 1 - dy : 1 - dy + height, 1 - dx : 1 - dx + width]
        ridge |= (direction == k) & (magnitude >= ahead) & (magnitude >= behind)
    strongest = magnitude.reshape(len(x), -1).max(axis=1, initial=0)[:, None, None]
    edges = ridge & (magnitude > threshold * strongest) & (strongest > 0)
    return (edges * np.uint8(255))[..., None]


def _no_suffix(name, suffix):
    if suffix:
        raise DataError(f"task {name} takes no ':{suffix}' suffix: use {name}.")


def _edges2fashion(suffix, image_size):
    _no_suffix("edges2fashion", suffix)
    items = load_dataset(FASHION, image_size=image_size).images
    return PairedDataset(edge_map(items), items, name="edges2fashion")


def fashion_classes(source, target, image_size=None, name=None):
    """Return an `UnpairedDataset` of two Fashion-MNIST test classes (label numbers 0-9)."""
    data = load_dataset(FASHION, image_size=image_size)
    return UnpairedDataset(
        data.images[data.labels == source],
        data.images[data.labels == target],
        name=name or f"fashion:{source}-{target}",
    )


def _fashion(suffix, image_size):
    try:
        source, target = (int(c) for c in suffix.split("-"))
    except ValueError:
        source = target = -1
    if not (0 <= source <= 9 and 0 <= target <= 9 and source != target):
        classes = ", ".join(f"{i} {n}" for i, n in enumerate(idx.FASHION_MNIST_CLASSES))
        raise DataError(
            f"fashion:{suffix} does not name two classes: write fashion:SRC-DST with two "
            f"different class numbers, e.g. fashion:7-9 ({classes})."
        )
    return fashion_classes(source, target, image_size)


def _sneaker2boot(suffix, image_size):
    _no_suffix("sneaker2boot", suffix)
    return fashion_classes(7, 9, image_size, name="sneaker2boot")


def read_sample_photo(name):
    """Return one bundled photo as uint8 (H, W, 3): a scikit-learn sample or a scikit-image one."""
    try:
        if name in ("china", "flower"):
            from sklearn.datasets import load_sample_image

            return load_sample_image(f"{name}.jpg")
        import skimage.data
    except ImportError as error:
        raise DataError(
            "the photos task needs scikit-image and scikit-learn, which bundle its photos: pip "
            "install scikit-image scikit-learn."
        ) from error
    if name == "motorcycle":
        return skimage.data.stereo_motorcycle()[0]
    return getattr(skimage.data, name)()


def _photos(suffix, image_size):
    if image_size is not None:
        raise DataError(
            "the photos task keeps every photo at its own size: drop image_size and choose the "
            "crop size instead."
        )
    if suffix not in ("", "all", *PHOTOS):
        raise DataError(f"split {suffix!r} of photos is unknown: use photos:train or photos:test.")
    names = PHOTOS.get(suffix, PHOTOS["train"] + PHOTOS["test"])
    name = f"photos:{suffix}" if suffix else "photos"
    return SuperResolutionDataset([read_sample_photo(n) for n in names], name=name)


def registry():
    """Return the named tasks as a new dict `{name: Task}`."""
    entries = (
        Task(
            "edges2fashion",
            "paired",
            "edge maps (white lines on black) -> Fashion-MNIST test images, 10,000 28x28 grey",
            _edges2fashion,
        ),
        Task(
            "sneaker2boot",
            "unpaired",
            "Fashion-MNIST test sneakers <-> ankle boots, 1,000 + 1,000 28x28 grey",
            _sneaker2boot,
        ),
        Task(
            "fashion",
            "unpaired",
            "fashion:SRC-DST, two Fashion-MNIST test classes by number, e.g. fashion:1-3",
            _fashion,
        ),
        Task(
            "photos",
            "superres",
            "7 photos from scikit-image and scikit-learn; photos:train (5), photos:test (2)",
            _photos,
        ),
    )
    return {entry.name: entry for entry in entries}


def list_tasks(kind=None):
    """Return a `TaskInfo` (name, kind, description) per task, of one kind or all.

    Args:
        kind: "paired", "unpaired", "superres", or None for every task.

    Example:
        >>> [t.name for t in list_tasks("unpaired")]
        ['sneaker2boot', 'fashion']
    """
    return [
        TaskInfo(t.name, t.kind, t.description)
        for t in registry().values()
        if kind is None or t.kind == kind
    ]


def split_spec(spec):
    """Split `"name:suffix"` into `(name, suffix)`; the suffix is "" when absent."""
    name, _, suffix = spec.partition(":")
    return name, suffix


def is_task(spec):
    """Whether the string `spec` names a registered task."""
    return split_spec(spec)[0] in registry()


def unknown_task_error(spec, kind=None):
    """The DataError for a spec that is neither a task (of `kind`, if given) nor a folder."""
    known = ", ".join(t.name for t in list_tasks(kind))
    layouts = {
        "paired": "a folder with A/ and B/ subfolders or of side-by-side A|B images",
        "unpaired": "a folder with A/ and B/ (or trainA/ and trainB/) subfolders",
        "superres": "a folder of photos",
    }
    what = f"a {kind} task" if kind else "a known task"
    return DataError(
        f"{spec!r} is neither {what} nor an existing folder: use one of {known}, or "
        f"{layouts.get(kind, 'a folder')}."
    )


def load_task(spec, image_size=None, channels=None, kind=None):
    """Load a named task, offline.

    Args:
        spec: a task name with its optional suffix, e.g. "edges2fashion", "fashion:7-9",
            "photos:test".
        image_size: int or `(height, width)` for the Fashion-MNIST tasks (edge maps are drawn
            at this size, so they stay binary); must be None for `photos`.
        channels: 1, 3, a pair `(a_channels, b_channels)`, or None; not for `photos`.
        kind: the kind the caller expects (see `KINDS`), or None for any.

    Returns:
        A `PairedDataset`, `UnpairedDataset` or `SuperResolutionDataset`.

    Example:
        >>> load_task("edges2fashion", image_size=32).source_shape
        (32, 32, 1)
    """
    name, suffix = split_spec(spec)
    entries = registry()
    if name not in entries:
        raise unknown_task_error(spec, kind)
    task = entries[name]
    if kind is not None and task.kind != kind:
        loader = {"paired": "load_paired", "unpaired": "load_unpaired", "superres": "load_superres"}
        known = ", ".join(t.name for t in list_tasks(kind)) or "none"
        raise DataError(
            f"{name} is a {task.kind} task, not a {kind} one: load it with {loader[task.kind]} "
            f"(or --data one of {known})."
        )
    data = task.load(suffix, image_size)
    if channels is not None and channels != (None, None):
        if task.kind == "superres":
            raise DataError(f"{name} photos are RGB: drop channels.")
        data = data.resized(channels=channels)
    return data
