"""`TrainingGif`: an animated GIF of the sample grids written during training."""

import os
import re

import imageio.v3 as iio
import keras
import numpy as np

from kerasgan.images import load_png
from kerasgan.runs.atomic import atomic_path

_FRAME_NAME = re.compile(r"^epoch_(\d+)\.png$")


def numbered_frames(samples_dir):
    """`(epoch, path)` of the `epoch_*.png` files of `samples_dir`, sorted by epoch number.

    Args:
        samples_dir: str or path-like. A missing folder has no frames.
    """
    if not os.path.isdir(samples_dir):
        return []
    numbered = []
    for name in os.listdir(samples_dir):
        match = _FRAME_NAME.match(name)
        if match:
            numbered.append((int(match.group(1)), os.path.join(samples_dir, name)))
    return sorted(numbered)


def frame_paths(samples_dir):
    """Lists `epoch_*.png` files of `samples_dir`, sorted by epoch number.

    Args:
        samples_dir: str or path-like. A missing folder has no frames.

    Returns:
        A list of paths.
    """
    return [path for _, path in numbered_frames(samples_dir)]


def make_gif(samples_dir, out_path, duration=0.3):
    """Writes an animated GIF of all sample grids in `samples_dir`, in epoch order.

    The GIF loops forever and is written atomically. With no frame nothing is
    written; one frame gives a still GIF. Grey frames are stored as RGB; frames
    whose size differs from the last one (a grid made with another `n`) are left
    out. Note that GIF writers merge identical consecutive frames.

    Args:
        samples_dir: str or path-like. Folder holding `epoch_XXXX.png` files.
        out_path: str or path-like. The GIF to write.
        duration: float. Seconds each frame is shown.

    Returns:
        The number of frames used (0 when nothing was written).

    Example:

    ```python
    make_gif("run/samples", "run/training.gif")
    ```
    """
    frames = [_as_rgb(load_png(path)) for path in frame_paths(samples_dir)]
    if not frames:
        return 0
    frames = [frame for frame in frames if frame.shape == frames[-1].shape]
    with atomic_path(out_path, suffix=".gif") as tmp:
        iio.imwrite(
            tmp,
            np.stack(frames),
            extension=".gif",
            duration=int(round(duration * 1000)),
            loop=0,
        )
    return len(frames)


def _as_rgb(image):
    if image.shape[-1] == 1:
        return np.repeat(image, 3, axis=-1)
    return image[..., :3]


class TrainingGif(keras.callbacks.Callback):
    """Builds a GIF from the sample grids at train end.

    Put it after `SampleGrid` in the callback list, so that the grid of the
    last epoch (written by `SampleGrid.on_train_end`) is included.

    Args:
        samples_dir: str or path-like. Folder of `epoch_XXXX.png` grids.
        out_path: str or path-like. The GIF to write, e.g. `run/training.gif`.
        duration: float. Seconds each frame is shown.

    Example:

    ```python
    callbacks = [SampleGrid("run/samples"), TrainingGif("run/samples", "run/training.gif")]
    ```
    """

    def __init__(self, samples_dir, out_path, duration=0.3):
        super().__init__()
        self.samples_dir = os.fspath(samples_dir)
        self.out_path = os.fspath(out_path)
        self.duration = duration
        self.frames = 0

    def on_train_end(self, logs=None):
        self.frames = make_gif(self.samples_dir, self.out_path, self.duration)
