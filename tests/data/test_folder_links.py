"""Image folders with link loops and special files: the walk ends, each folder is read once."""

import os
import threading
import warnings

import pytest

from kerasgan.data import load_dataset
from tests.helpers import save_image

pytestmark = pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs")


def load_in_thread(*args, timeout=60, **kwargs):
    """`load_dataset` in a daemon thread: a hang fails the test instead of blocking it."""
    result = {}

    def target():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result["data"] = load_dataset(*args, **kwargs)
        result["warnings"] = [str(w.message) for w in caught]

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "loading the folder hung"
    return result["data"], result["warnings"]


def test_self_links_neither_hang_nor_repeat_images(tmp_path):
    root = tmp_path / "flat"
    for i in range(3):
        save_image(root / f"img{i}.png", (4, 4), 50 * i)
    os.symlink(".", root / "a")
    os.symlink(".", root / "b")
    data, caught = load_in_thread(root, cache_dir=tmp_path / "cache")
    assert len(data) == 3 and data.labels is None
    linked = [w for w in caught if "folder link" in w]
    assert len(linked) == 1 and "a, b" in linked[0]


def test_a_link_back_up_does_not_multiply_a_class(tmp_path):
    root = tmp_path / "classes"
    save_image(root / "cats" / "a.png", (4, 4), 20)
    save_image(root / "dogs" / "b.png", (4, 4), 200)
    save_image(root / "dogs" / "c.png", (4, 4), 210)
    os.symlink("..", root / "cats" / "up")
    data, caught = load_in_thread(root, cache_dir=tmp_path / "cache")
    assert data.class_names == ["cats", "dogs"] and data.labels.tolist() == [0, 1, 1]
    assert any("cats/up" in w for w in caught)


def test_a_link_to_a_folder_outside_is_still_followed(tmp_path):
    outside = tmp_path / "elsewhere"
    save_image(outside / "x.png", (4, 4), 20)
    root = tmp_path / "classes"
    save_image(root / "dogs" / "b.png", (4, 4), 200)
    os.symlink(outside, root / "cats")
    data, caught = load_in_thread(root, cache_dir=tmp_path / "cache")
    assert data.class_names == ["cats", "dogs"] and len(data) == 2
    assert not any("folder link" in w for w in caught)


def test_a_fifo_named_like_an_image_is_skipped_not_opened(tmp_path):
    root = tmp_path / "flat"
    save_image(root / "a.png", (4, 4), 20)
    save_image(root / "b.png", (4, 4), 60)
    os.mkfifo(root / "zz.png")
    data, caught = load_in_thread(root, cache_dir=tmp_path / "cache", timeout=30)
    assert len(data) == 2
    assert any("skipped 1 unreadable files" in w and "zz.png" in w for w in caught)
