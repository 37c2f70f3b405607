"""Image folders: layouts, formats, resizing, channels, bad files, and the decode cache."""

import os
import re
import warnings

import numpy as np
import pytest
from PIL import Image

from kerasgan.data import folder as folder_module
from kerasgan.data import load_dataset
from kerasgan.errors import DataError
from tests.helpers import save_image, save_stripes


@pytest.fixture
def classes(tmp_path):
    """cats: 2 dark grey PNGs (one nested deeper); dogs: 1 light JPG; plus ignored files."""
    root = tmp_path / "classes"
    save_image(root / "cats" / "a.png", (8, 6), 20)
    save_image(root / "cats" / "more" / "b.png", (5, 9), 20)
    save_image(root / "dogs" / "c.jpg", (12, 12), 230)
    (root / "notes.txt").write_text("not an image")
    save_image(root / ".hidden" / "d.png", (8, 8), 99)
    return root


def test_class_subfolders_become_sorted_labels(classes):
    data = load_dataset(classes, image_size=4)
    assert data.class_names == ["cats", "dogs"] and data.num_classes == 2
    assert data.labels.tolist() == [0, 0, 1]
    assert data.image_shape == (4, 4, 1) and isinstance(data.images, np.memmap)
    assert np.abs(data.images[:2].astype(int) - 20).max() <= 2
    assert np.abs(data.images[2].astype(int) - 230).max() <= 3
    assert data.name == str(classes)


def test_top_level_images_mean_unlabelled(tmp_path):
    save_image(tmp_path / "faces" / "a.png", (6, 6), 10)
    save_image(tmp_path / "faces" / "sub" / "b.png", (6, 6), 30)
    data = load_dataset(tmp_path / "faces")
    assert data.labels is None and data.class_names is None and data.num_classes == 0
    assert data.image_shape == (6, 6, 1) and len(data) == 2


def test_formats_and_default_channels(tmp_path):
    root = tmp_path / "formats"
    for ext in ("png", "jpg", "JPEG", "bmp", "webp", "gif"):
        save_image(root / f"grey.{ext}", (10, 7), 128)
    grey = load_dataset(root, image_size=(5, 6), cache_dir=tmp_path / "c")
    assert grey.image_shape == (5, 6, 1) and len(grey) == 6
    save_image(root / "colour.png", (7, 10), (255, 0, 0), mode="RGB")
    colour = load_dataset(root, image_size=(5, 6), cache_dir=tmp_path / "c")
    assert colour.image_shape == (5, 6, 3) and len(colour) == 7
    assert colour.images[0, 0, 0].tolist() == [255, 0, 0]
    np.testing.assert_array_equal(colour.images[1], colour.images[1][..., [0, 0, 0]])


def test_explicit_channels(tmp_path):
    save_image(tmp_path / "rgb" / "a.png", (4, 4), (255, 0, 0), mode="RGB")
    assert load_dataset(tmp_path / "rgb", channels=1).images[0, 0, 0, 0] == 76
    save_image(tmp_path / "grey" / "a.png", (4, 4), 50)
    assert load_dataset(tmp_path / "grey", channels=3).images[0, 0, 0].tolist() == [50] * 3


def test_resize_keeps_aspect_and_centre_crops(tmp_path):
    save_stripes(tmp_path / "wide" / "a.png", [(255, 0, 0), (0, 255, 0), (0, 0, 255)])
    image = load_dataset(tmp_path / "wide", image_size=10).images[0]
    assert image.shape == (10, 10, 3)
    np.testing.assert_array_equal(image[5, 5], [0, 255, 0])
    assert image[:, 2:8, 1].min() >= 250


def test_transparency_is_composited_on_white(tmp_path):
    Image.new("RGBA", (4, 4), (0, 0, 0, 0)).save(tmp_path / "a.png")
    assert load_dataset(tmp_path, channels=3).images.min() == 255


def test_unreadable_files_are_skipped_with_one_warning(classes):
    (classes / "cats" / "broken.png").write_bytes(b"not a png")
    truncated = (classes / "dogs" / "c.jpg").read_bytes()[:200]
    (classes / "dogs" / "truncated.jpg").write_bytes(truncated)
    with pytest.warns(UserWarning) as record:
        data = load_dataset(classes, image_size=4)
    assert len(record) == 1
    assert re.match(
        rf"skipped 2 unreadable files in {re.escape(str(classes))}, e\.g\. ", str(record[0].message)
    )
    assert len(data) == 3 and data.labels.tolist() == [0, 0, 1]


def test_cache_is_reused_without_decoding(classes, tmp_path, monkeypatch):
    first = load_dataset(classes, image_size=4)
    cached = sorted((tmp_path / "kerasgan_cache").rglob("*.npy"))
    assert [p.name.split(".", 1)[1] for p in cached] == ["images.npy", "labels.npy"]
    mtimes = [p.stat().st_mtime_ns for p in cached]

    def fail(*args):
        raise AssertionError("decoded again")

    monkeypatch.setattr(folder_module, "decode_image", fail)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = load_dataset(classes, image_size=4)
    np.testing.assert_array_equal(first.images, second.images)
    assert second.class_names == ["cats", "dogs"] and second.labels.tolist() == [0, 0, 1]
    assert [p.stat().st_mtime_ns for p in cached] == mtimes
    with pytest.raises(AssertionError, match="decoded again"):
        load_dataset(classes, image_size=5)


def test_changed_file_invalidates_the_cache(classes):
    before = load_dataset(classes, image_size=4)
    path = classes / "dogs" / "c.jpg"
    save_image(path, (12, 12), 0)
    os.utime(path, ns=(1, 1))
    after = load_dataset(classes, image_size=4)
    assert before.images[2].mean() > 200 and after.images[2].mean() < 5


def test_cache_dir_argument(classes, tmp_path):
    load_dataset(classes, image_size=4, cache_dir=tmp_path / "elsewhere")
    assert len(list((tmp_path / "elsewhere" / "images").glob("*.json"))) == 1
    assert not (tmp_path / "kerasgan_cache").exists()


def test_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match=f"{re.escape(str(tmp_path / 'empty'))} contains no image"):
        load_dataset(tmp_path / "empty")


def test_folder_without_readable_images(tmp_path):
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "a.png").write_bytes(b"garbage")
    with pytest.raises(DataError, match=r"none of the 1 image files in .*bad could be read"):
        load_dataset(tmp_path / "bad")
    assert not list((tmp_path / "kerasgan_cache").rglob("*.npy*"))


def test_mixed_sizes_need_image_size(tmp_path):
    save_image(tmp_path / "mixed" / "a.png", (4, 4))
    save_image(tmp_path / "mixed" / "b.png", (5, 4))
    with pytest.raises(DataError, match=r"mixed have 2 different sizes: pass --image-size"):
        load_dataset(tmp_path / "mixed")


def test_labels_path_with_a_folder(classes, tmp_path):
    with pytest.raises(DataError, match="does not apply to the folder"):
        load_dataset(classes, labels_path=tmp_path / "y.npy")


def test_unwritable_cache_dir(classes, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DataError, match="decoded cache of .* could not be written in .*file"):
        load_dataset(classes, image_size=4, cache_dir=blocker)


def test_killed_decode_leaves_no_cache_files(classes, tmp_path, monkeypatch):
    decode = folder_module.decode_image
    calls = []

    def killed_on_second(*args):
        calls.append(args)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return decode(*args)

    monkeypatch.setattr(folder_module, "decode_image", killed_on_second)
    with pytest.raises(KeyboardInterrupt):
        load_dataset(classes, image_size=4)
    assert os.listdir(tmp_path / "kerasgan_cache" / "images") == []
    monkeypatch.setattr(folder_module, "decode_image", decode)
    assert load_dataset(classes, image_size=4).labels.tolist() == [0, 0, 1]
