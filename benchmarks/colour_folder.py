"""A colour run end to end: a folder of generated RGB PNGs, trained on, sampled from.

Writes `--count` 32x32 RGB images of one coloured shape (disc, square or triangle, random
colour, size and place) on a plain background of another colour into a folder of PNG
files, trains a variant on that folder (`kerasgan train VARIANT --data FOLDER`) for a
wall-clock budget, and copies its last grid to `benchmarks/grids/colour_<variant>.png`.

Usage:
    python benchmarks/colour_folder.py --variant stylegan2 --minutes 10
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import common  # noqa: E402


def shape_image(rng, size=32):
    """One uint8 RGB image: a shape of one random colour on a background of another."""
    background, colour = rng.integers(0, 256, 3), rng.integers(0, 256, 3)
    while np.abs(background - colour).sum() < 150:  # keep the shape visible
        colour = rng.integers(0, 256, 3)
    image = np.empty((size, size, 3), np.uint8)
    image[:] = background
    yy, xx = np.mgrid[:size, :size]
    r = rng.uniform(size * 0.15, size * 0.35)
    cy, cx = rng.uniform(r, size - r, 2)
    kind = rng.integers(3)
    if kind == 0:
        mask = (yy - cy) ** 2 + (xx - cx) ** 2 <= r**2
    elif kind == 1:
        mask = (np.abs(yy - cy) <= r * 0.8) & (np.abs(xx - cx) <= r * 0.8)
    else:
        mask = (yy >= cy - r) & (yy <= cy + r) & (np.abs(xx - cx) <= (yy - (cy - r)) / 2)
    image[mask] = colour
    return image


def make_folder(folder, count, seed=0):
    """Writes `count` shape images as PNG files into `folder`."""
    from kerasgan.images import save_png

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(count):
        save_png(shape_image(rng), folder / f"shape_{i:05d}.png")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", default="stylegan2")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--folder", default=str(HERE / "runs" / "colour_shapes"))
    parser.add_argument("--out", default=str(HERE / "runs"))
    args = parser.parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    from kerasgan.training import TrainSettings, train

    folder = Path(args.folder)
    if not folder.is_dir():
        make_folder(folder, args.count)
    seconds = args.minutes * 60

    print(f"command: python benchmarks/colour_folder.py --variant {args.variant} "
          f"--minutes {args.minutes:g}; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    settings = TrainSettings(data=str(folder), epochs=10_000, batch_size=64, sample_every=1)
    run = train(
        args.variant,
        {},
        settings,
        out=args.out,
        callbacks=[common.wall_clock_budget(seconds)],
        verbose=0,
    )
    grid = sorted((run / "samples").glob("epoch_*.png"))[-1]
    (HERE / "grids").mkdir(exist_ok=True)
    target = HERE / "grids" / f"colour_{args.variant}.png"
    shutil.copyfile(grid, target)
    print(f"run {run}; grid {target}; image shape {settings.image_size}, channels from the data")


if __name__ == "__main__":
    main()
