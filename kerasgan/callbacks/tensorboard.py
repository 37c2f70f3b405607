"""`GridSummaries`: the run's sample grids as TensorBoard images, and the TensorBoard set-up."""

import os

import keras

from kerasgan.callbacks.gif import numbered_frames
from kerasgan.images import load_png


class GridSummaries(keras.callbacks.Callback):
    """Sends each new `epoch_XXXX.png` sample grid to TensorBoard as an image.

    Put it after the callback that writes the grids.

    Args:
        samples_dir: the folder of the grids (`run/samples`).
        log_dir: the TensorBoard folder for the images.
        tag: the images' name in TensorBoard.
    """

    def __init__(self, samples_dir, log_dir, tag="samples"):
        super().__init__()
        self.samples_dir = os.fspath(samples_dir)
        self.log_dir = os.fspath(log_dir)
        self.tag = tag
        self.sent = set()

    def on_epoch_end(self, epoch, logs=None):
        self.send_new()

    def on_train_end(self, logs=None):
        self.send_new()

    def send_new(self):
        """Writes the grids not sent yet; returns their epochs."""
        from kerasgan.backend.summaries import write_images

        new = [
            (epoch, path)
            for epoch, path in numbered_frames(self.samples_dir)
            if epoch not in self.sent
        ]
        if new:
            images = [(epoch, load_png(path)) for epoch, path in new]
            write_images(self.log_dir, self.tag, images)
            self.sent.update(epoch for epoch, _ in new)
        return [epoch for epoch, _ in new]


def tensorboard_callbacks(run_dir, every_steps=None):
    """Keras' `TensorBoard` (every logged scalar per epoch, and every `every_steps` steps)
    and `GridSummaries`, writing into `run_dir/tensorboard`.

    Args:
        run_dir: the run folder.
        every_steps: also write the scalars every this many steps (None: per epoch only).
    """
    log_dir = os.path.join(os.fspath(run_dir), "tensorboard")
    board = keras.callbacks.TensorBoard(
        log_dir=log_dir, update_freq=every_steps or "epoch", write_graph=False
    )
    grids = GridSummaries(
        os.path.join(os.fspath(run_dir), "samples"), os.path.join(log_dir, "images")
    )
    return [board, grids]
