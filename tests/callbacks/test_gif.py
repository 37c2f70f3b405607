import os

import numpy as np
from PIL import Image

from kerasgan.callbacks import SampleGrid, TrainingGif, make_gif
from kerasgan.images import save_png
from tests.helpers import fake_gan, fit_fake_gan


def write_frames(folder, epochs, shape=(6, 8, 1)):
    for epoch in epochs:
        save_png(np.full(shape, epoch * 20, dtype=np.uint8), folder / f"epoch_{epoch:04d}.png")


def gif_frames(path):
    with Image.open(path) as image:
        frames = []
        for index in range(image.n_frames):
            image.seek(index)
            frames.append(np.asarray(image.convert("L"))[0, 0])
        return frames


def test_frames_in_epoch_order(tmp_path):
    write_frames(tmp_path, [10, 2, 1, 3])
    (tmp_path / "notes.png").write_bytes(b"")  # not a frame
    out = tmp_path / "training.gif"
    assert make_gif(tmp_path, out) == 4
    assert gif_frames(out) == [20, 40, 60, 200]
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["epoch_0001.png", "epoch_0002.png", "epoch_0003.png", "epoch_0010.png"]
        + ["notes.png", "training.gif"]
    )


def test_no_frame_writes_nothing(tmp_path):
    assert make_gif(tmp_path, tmp_path / "training.gif") == 0
    assert make_gif(tmp_path / "missing", tmp_path / "training.gif") == 0
    assert os.listdir(tmp_path) == []


def test_one_frame(tmp_path):
    write_frames(tmp_path, [1], shape=(6, 8, 3))
    assert make_gif(tmp_path, tmp_path / "out" / "training.gif") == 1
    assert gif_frames(tmp_path / "out" / "training.gif") == [20]


def test_callback_after_sample_grid(tmp_path):
    model = fake_gan()
    samples = tmp_path / "samples"
    gif = TrainingGif(samples, tmp_path / "training.gif", duration=0.1)
    fit_fake_gan(model, [SampleGrid(samples, n=4, every=2), gif], epochs=3)
    assert gif.frames == 2  # epochs 2 and 3 (written at train end)
    with Image.open(tmp_path / "training.gif") as image:
        assert image.format == "GIF"
