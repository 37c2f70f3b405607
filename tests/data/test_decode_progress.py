"""A first decode of a large folder, and writing many samples, show progress on stderr."""

import numpy as np
from PIL import Image

from kerasgan.data import load_dataset


def test_a_large_folder_shows_its_decoding(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("kerasgan.data.folder.PROGRESS_FROM", 5)
    folder = tmp_path / "images"
    folder.mkdir()
    for i in range(6):
        Image.fromarray(np.full((4, 4), i * 40, np.uint8)).save(folder / f"{i}.png")
    load_dataset(folder, cache_dir=tmp_path / "cache")
    err = capsys.readouterr().err
    assert "decoding 6 images of" in err and "done, 6 in" in err
    load_dataset(folder, cache_dir=tmp_path / "cache")  # cached: nothing to decode
    assert "decoding" not in capsys.readouterr().err


def test_small_folders_stay_quiet(tmp_path, capsys):
    folder = tmp_path / "few"
    folder.mkdir()
    Image.fromarray(np.zeros((4, 4), np.uint8)).save(folder / "a.png")
    load_dataset(folder, cache_dir=tmp_path / "cache")
    assert capsys.readouterr().err == ""
