"""Helpers shared by the command-line tests."""

import keras
import numpy as np

CLI_SMALL = ["--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"]
"""Tiny DCGAN-style networks on the command line."""

TILE, PAD = 8, 2  # the tiny runs make 8x8 images; make_grid pads with 2 px


def run_args(npz_data, tmp_path, variant, *extra):
    """`kerasgan train VARIANT` arguments for a one-epoch tiny run into tmp_path/runs."""
    return [
        "train", variant, "--data", str(npz_data), "--epochs", "1", "--batch-size", "8",
        "--out", str(tmp_path / "runs"), "--quiet", "--samples", "4", *extra,
    ]  # fmt: skip


def assert_clean_failure(code, capsys, *needles, runs_dir=None):
    """Exit 2 with one `kerasgan: error:` line holding every needle, and no run written."""
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("kerasgan: error:") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err
    if runs_dir is not None:
        assert not runs_dir.exists() or not any(runs_dir.iterdir())


def tiles(grid, rows, cols):
    """The (rows, cols, TILE, TILE, C) cells of a grid PNG, after checking its size."""
    step = TILE + PAD
    assert grid.shape[:2] == (rows * step + PAD, cols * step + PAD)
    cells = grid[PAD:, PAD:].reshape(rows, step, cols, step, -1)[:, :TILE, :, :TILE]
    return cells.transpose(0, 2, 1, 3, 4)


def generate(sampler, z, label=None):
    """The generator called directly on `z` (one `label` for all), as numpy."""
    labels = None if label is None else np.full((len(z),), label, dtype="int32")
    images = sampler.generator(np.asarray(z, "float32"), labels, training=False)
    return keras.ops.convert_to_numpy(images)
