"""A full disk while training or sampling: one line naming the folder, temp files removed,
the last complete checkpoint kept and named; samples of any --n written in batches."""

import errno
import os
from collections import namedtuple

import numpy as np
import pytest

from kerasgan import training
from kerasgan.cli.main import main
from kerasgan.inference import sample_files
from kerasgan.inference.sampling import Sampler, load_sampler
from kerasgan.runs import checkpoints, space
from tests.helpers import CLI_SMALL, assert_clean_failure, run_args

Usage = namedtuple("Usage", "total used free")


def enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "full/file")


def leftovers(folder):
    return [name for _, _, names in os.walk(folder) for name in names if name.startswith(".tmp_")]


@pytest.fixture
def tiny_data(tmp_path):
    rng = np.random.default_rng(0)
    path = tmp_path / "tiny.npz"
    np.savez(path, x=rng.integers(0, 256, (16, 8, 8, 1), dtype=np.uint8))
    return path


def test_a_full_disk_at_the_second_checkpoint_keeps_the_first(
    tiny_data, tmp_path, monkeypatch, capsys
):
    saved = []
    real_save = checkpoints._write_checkpoint

    def full_after_one(model, tmp, final, epoch):
        if saved:
            os.makedirs(tmp)
            open(os.path.join(tmp, "model.weights.h5"), "wb").close()  # half written
            enospc()
        saved.append(epoch)
        return real_save(model, tmp, final, epoch)

    monkeypatch.setattr(checkpoints, "_write_checkpoint", full_after_one)
    code = main(run_args(tiny_data, tmp_path, "dcgan", "--epochs", "2", *CLI_SMALL))
    run_dir = tmp_path / "runs" / "dcgan-1"
    assert_clean_failure(
        code, capsys, "checkpoint epoch_0002", "No space left", "epoch_0001 is kept", "--resume"
    )
    ckpt = run_dir / "checkpoints"
    assert sorted(os.listdir(ckpt)) == ["epoch_0001", "latest.json"]
    assert checkpoints.latest_checkpoint(ckpt)[1] == 1
    assert not leftovers(run_dir) and not (run_dir / "generator.keras").exists()


def test_too_little_free_space_is_found_before_writing(tiny_data, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(space.shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 100, 100))
    code = main(run_args(tiny_data, tmp_path, "dcgan", *CLI_SMALL))
    ckpt = tmp_path / "runs" / "dcgan-1" / "checkpoints"
    assert_clean_failure(
        code, capsys, "checkpoint epoch_0001 needs about", str(ckpt), "100 bytes free"
    )
    assert not [name for name in os.listdir(ckpt) if name.startswith("epoch_")]


def test_a_full_disk_while_writing_the_generator(tiny_data, tmp_path, monkeypatch, capsys):
    def failing_save(network, path):
        with training.runs.atomic_path(path, suffix=".keras") as tmp:
            open(tmp, "wb").close()
            enospc()

    monkeypatch.setattr(training, "save_network", failing_save)
    code = main(run_args(tiny_data, tmp_path, "dcgan", *CLI_SMALL))
    run_dir = tmp_path / "runs" / "dcgan-1"
    assert_clean_failure(code, capsys, "No space left", "epoch_0001 is kept")
    assert not leftovers(run_dir) and not (run_dir / "generator.keras").exists()


@pytest.fixture
def finished(tiny_data, tmp_path):
    assert main(run_args(tiny_data, tmp_path, "dcgan", *CLI_SMALL)) == 0
    return tmp_path / "runs" / "dcgan-1"


def test_a_full_disk_while_sampling_is_one_line(finished, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sample_files, "save_png", enospc)
    code = main(["sample", str(finished), "--n", "3", "--out", str(tmp_path / "pngs")])
    assert_clean_failure(code, capsys, "full/file", "No space left", "free some space")


def test_folder_samples_are_made_in_batches(finished, tmp_path, monkeypatch):
    sizes = []
    real_generate = Sampler.generate

    def counted(self, z, labels=None, batch_size=256):
        sizes.append(len(z))
        return real_generate(self, z, labels, batch_size)

    monkeypatch.setattr(Sampler, "generate", counted)
    out = tmp_path / "many"
    first, count = sample_files.write_sample_folder(
        load_sampler(finished), 23, out, seed=4, batch_size=5
    )
    assert count == 23 and max(sizes) == 5 and len(os.listdir(out)) == 23
    from PIL import Image

    whole, _ = load_sampler(finished).sample(23, seed=4)
    last = np.asarray(Image.open(out / "sample_00022.png"))
    expected = np.rint((whole[22, ..., 0] + 1) * 127.5).clip(0, 255)
    assert np.abs(last.astype(int) - expected.astype(int)).max() <= 1


def test_a_grid_that_cannot_fit_in_memory_is_refused(finished, tmp_path, monkeypatch, capsys):
    from kerasgan.data import memory

    monkeypatch.setattr(memory, "available_memory", lambda: 10_000)
    out = tmp_path / "grid.png"
    code = main(["sample", str(finished), "--n", "1000", "--out", str(out)])
    assert_clean_failure(code, capsys, "a grid of 1000 images", "--out DIR/")
    assert not out.exists()
