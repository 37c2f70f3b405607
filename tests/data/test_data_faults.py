"""Bad data and full disks while loading: clear messages, nothing half-written, no blow-ups."""

import errno
import os
from collections import namedtuple

import numpy as np
import pytest

from kerasgan.data import ImageDataset, folder, load_dataset, memory
from kerasgan.errors import DataError
from kerasgan.runs import space
from tests.helpers import save_image

Usage = namedtuple("Usage", "total used free")


@pytest.fixture
def classes(tmp_path):
    """A folder with two class subfolders of three 8x6 grey images each."""
    root = tmp_path / "classes"
    for name in ("cats", "dogs"):
        for i in range(3):
            save_image(root / name / f"{i}.png", color=40 * i)
    return root


def cache_files(tmp_path):
    root = tmp_path / "kerasgan_cache"
    return [name for _, _, names in os.walk(root) for name in names] if root.exists() else []


def test_sparse_labels_are_remapped_and_say_so():
    images = np.zeros((4, 2, 2, 1), np.uint8)
    with pytest.warns(UserWarning, match="2 distinct values from 0 to 50000: remapped"):
        data = ImageDataset(images, np.array([0, 50000, 0, 50000]))
    assert data.num_classes == 2 and data.class_names == ["0", "50000"]
    np.testing.assert_array_equal(data.labels, [0, 1, 0, 1])
    assert ImageDataset(images, np.array([0, 9, 3, 9])).num_classes == 10  # dense: kept


def test_limit_is_applied_before_resizing(monkeypatch):
    images = np.random.default_rng(0).integers(0, 256, (50, 4, 4, 1), dtype=np.uint8)
    resized = []
    real = folder.pixels.fit_image
    monkeypatch.setattr(folder.pixels, "fit_image", lambda i, s: resized.append(1) or real(i, s))
    data = ImageDataset(images, name="arr").resized(6)
    assert data.image_shape == (6, 6, 1) and not resized
    part = data.subset(3, seed=1)
    assert len(resized) == 3 and part.images.shape == (3, 6, 6, 1)
    expected = ImageDataset(images).subset(3, seed=1).resized(6).images
    np.testing.assert_array_equal(part.images, expected)


def test_a_size_that_cannot_fit_in_memory_says_how_much(monkeypatch, tmp_path):
    monkeypatch.setattr(memory, "available_memory", lambda: 10**9)
    path = tmp_path / "x.npy"
    np.save(path, np.zeros((40, 4, 4, 1), np.uint8))
    data = load_dataset(path, image_size=100_000)
    with pytest.raises(DataError, match=r"40 images of 100000x100000x1 .* need 420\.0 GB"):
        data.images  # noqa: B018
    save_image(tmp_path / "pngs" / "a.png")
    with pytest.raises(DataError, match="decoded from .* need 60.0 GB"):
        load_dataset(tmp_path / "pngs", image_size=100_000)


def test_object_and_complex_arrays_are_refused(tmp_path):
    np.savez(tmp_path / "o.npz", x=np.array([np.zeros(2), np.zeros(3)], dtype=object))
    with pytest.raises(DataError, match="no object arrays"):
        load_dataset(tmp_path / "o.npz")
    np.save(tmp_path / "c.npy", np.ones((2, 4, 4), np.complex128))
    with pytest.raises(DataError, match=r"complex \(complex128\) values"):
        load_dataset(tmp_path / "c.npy")


def test_a_damaged_cache_entry_is_written_again(classes, tmp_path):
    first = load_dataset(classes)
    meta = [p for p in (tmp_path / "kerasgan_cache" / "images").iterdir() if p.suffix == ".json"]
    meta[0].write_text("{}")
    again = load_dataset(classes)
    np.testing.assert_array_equal(first.images, again.images)
    assert again.class_names == ["cats", "dogs"]


def test_files_unreadable_by_permission_say_so(classes, monkeypatch):
    def denied(path, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(folder.Image, "open", denied)
    with pytest.raises(DataError, match="permission denied .*chmod"):
        load_dataset(classes)


def test_an_unreadable_class_folder_is_named_in_a_warning(classes, monkeypatch):
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path).endswith("dogs"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.warns(UserWarning, match="could not read 1 folder.*Permission denied.*dogs"):
        data = load_dataset(classes)
    assert len(data) == 3


def test_a_full_cache_disk_is_found_before_writing(classes, tmp_path, monkeypatch):
    monkeypatch.setattr(space.shutil, "disk_usage", lambda path: Usage(10**9, 10**9 - 10, 10))
    with pytest.raises(DataError, match=r"decoded cache .* needs about 288 bytes .* 10 bytes free"):
        load_dataset(classes)
    assert not cache_files(tmp_path)


def test_enospc_while_writing_the_cache_leaves_no_temp_file(classes, tmp_path, monkeypatch):
    def full(path, nbytes):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(space, "reserve", full)
    with pytest.raises(DataError, match=r"could not be written in .*images \(No space left"):
        load_dataset(classes)
    assert not cache_files(tmp_path)


def test_reserve_allocates_the_file(tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"")
    space.reserve(path, 4096)
    assert os.path.getsize(path) == 4096
