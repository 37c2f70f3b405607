"""`kerasgan train` for the image-to-image variants, then `translate` and `upscale`."""

import csv
import json

import numpy as np
import pytest
from PIL import Image

from kerasgan.cli.main import main
from kerasgan.errors import ConfigError
from kerasgan.images import load_png
from kerasgan.inference.translating import load_translator

TINY = ["--g-filters", "4", "--d-filters", "4"]


def write_pngs(folder, images, names=None):
    folder.mkdir(parents=True, exist_ok=True)
    for i, image in enumerate(images):
        name = names[i] if names else f"img{i:02d}.png"
        Image.fromarray(image.squeeze(-1) if image.shape[-1] == 1 else image).save(folder / name)
    return folder


@pytest.fixture
def pairs_dir(tmp_path):
    """12 aligned 16x16 pairs: A is grey, B an RGB image made from it."""
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, (12, 16, 16, 1), dtype=np.uint8)
    b = np.concatenate([255 - a, a, np.full_like(a, 128)], axis=-1)
    write_pngs(tmp_path / "pairs" / "A", a)
    write_pngs(tmp_path / "pairs" / "B", b)
    return tmp_path / "pairs"


def train(variant, data, out, *extra):
    return main(
        ["train", variant, "--data", str(data), "--epochs", "1", "--batch-size", "4",
         "--out", str(out), "--quiet", *extra]
    )  # fmt: skip


def test_pix2pix_trains_on_folders_then_translates_a_folder(pairs_dir, tmp_path, capsys):
    assert train("pix2pix", pairs_dir, tmp_path / "runs", *TINY) == 0
    run = tmp_path / "runs" / "pix2pix-1"
    config = json.loads((run / "config.json").read_text())
    assert config["arguments"]["source_shape"] == [16, 16, 1]
    assert config["arguments"]["image_shape"] == [16, 16, 3]
    header = next(csv.reader(open(run / "history.csv")))
    assert {"d_loss", "g_loss", "l1"} <= set(header)
    grid = load_png(run / "samples" / "epoch_0001.png")
    # Three rows (input, output, target) of the 8 grid examples, grey shown as RGB.
    assert grid.shape == (3 * 16 + 4 * 2, 8 * 16 + 9 * 2, 3)
    assert (run / "training.gif").is_file() and (run / "generator.keras").is_file()
    assert not (run / "generator_b2a.keras").exists()

    out = tmp_path / "translated"
    assert main(["translate", str(run), str(pairs_dir / "A"), str(out)]) == 0
    written = sorted(out.iterdir())
    assert [p.name for p in written] == [f"img{i:02d}.png" for i in range(12)]
    assert load_png(written[0]).shape == (16, 16, 3)
    before = written[0].read_bytes()
    capsys.readouterr()
    assert main(["translate", str(run), str(pairs_dir / "A"), str(out)]) == 2
    assert "already exist" in capsys.readouterr().err
    assert written[0].read_bytes() == before
    assert main(["translate", str(run), str(pairs_dir / "A"), str(out), "--direction", "b2a"]) == 2
    assert "one way" in capsys.readouterr().err
    assert main(["sample", str(run)]) == 2
    assert "kerasgan translate" in capsys.readouterr().err
    assert main(["evaluate", str(run), "--n", "6"]) == 2
    assert "kerasgan translate" in capsys.readouterr().err


def test_cyclegan_translates_both_ways_and_decays_its_learning_rate(tmp_path):
    data = "sneaker2boot"
    extra = [*TINY, "--limit", "8", "--image-size", "16", "--epochs", "2"]
    assert train("cyclegan", data, tmp_path / "runs", *extra) == 0
    run = tmp_path / "runs" / "cyclegan-1"
    assert (run / "generator.keras").is_file() and (run / "generator_b2a.keras").is_file()
    rows = list(csv.DictReader(open(run / "history.csv")))
    # decay_start 0.5 of 2 epochs: epoch 1 at 2e-4, epoch 2 at 2e-4 * (1 - 1/2).
    np.testing.assert_allclose([float(r["lr"]) for r in rows], [2e-4, 1e-4], rtol=1e-5)
    grid = load_png(run / "samples" / "epoch_0002.png")
    assert grid.shape[0] == 6 * 16 + 7 * 2  # A, G(A), F(G(A)), B, F(B), G(F(B))
    source = write_pngs(tmp_path / "boots", np.full((2, 20, 24, 1), 200, np.uint8))
    out = tmp_path / "sneakers"
    assert main(["translate", str(run), str(source), str(out), "--direction", "b2a"]) == 0
    assert load_png(out / "img00.png").shape == (16, 16, 1)  # resized to the training size
    assert main(["train", "--resume", str(run), "--epochs", "3", "--quiet"]) == 0
    rows = list(csv.DictReader(open(run / "history.csv")))
    # Extended to 3 epochs, the decay starts at epoch round(1.5) = 2 and halves the rate.
    assert len(rows) == 3 and float(rows[-1]["lr"]) == pytest.approx(1e-4)


def test_srresnet_upscales_an_image_four_times(tmp_path, capsys):
    rng = np.random.default_rng(0)
    photos = write_pngs(tmp_path / "photos", rng.integers(0, 256, (2, 40, 48, 3), dtype=np.uint8))
    extra = ["--g-filters", "4", "--n-blocks", "1", "--crop", "16", "--steps-per-epoch", "2"]
    assert train("srresnet", photos, tmp_path / "runs", *extra) == 0
    run = tmp_path / "runs" / "srresnet-1"
    config = json.loads((run / "config.json").read_text())
    assert config["arguments"]["source_shape"] == [4, 4, 3]
    assert config["arguments"]["image_shape"] == [16, 16, 3]
    out = tmp_path / "big.png"
    assert main(["upscale", str(run), str(photos / "img00.png"), str(out)]) == 0
    assert load_png(out).shape == (160, 192, 3)  # any size: the generator is convolutional
    assert main(["upscale", str(run), str(photos / "img00.png"), str(out)]) == 2
    assert "already exist" in capsys.readouterr().err


def test_srgan_without_vgg_weights_falls_back_to_the_pixel_loss(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "empty_keras_home"))
    rng = np.random.default_rng(1)
    photos = write_pngs(tmp_path / "photos", rng.integers(0, 256, (1, 32, 32, 3), dtype=np.uint8))
    extra = [*TINY, "--n-blocks", "1", "--crop", "16", "--steps-per-epoch", "2"]
    with pytest.warns(UserWarning, match="VGG19 weights not found"):
        assert train("srgan", photos, tmp_path / "runs", *extra) == 0
    header = next(csv.reader(open(tmp_path / "runs" / "srgan-1" / "history.csv")))
    assert {"content", "mse", "g_adv", "d_loss"} <= set(header)


def test_bad_translation_input_gives_a_clear_error_and_no_run(pairs_dir, tmp_path, capsys):
    (pairs_dir / "B" / "img03.png").unlink()
    assert train("pix2pix", pairs_dir, tmp_path / "runs", *TINY) == 2
    err = capsys.readouterr().err
    assert "img03" in err and "Traceback" not in err
    (pairs_dir / "A" / "img03.png").unlink()
    assert train("pix2pix", pairs_dir, tmp_path / "runs", *TINY, "--crop", "32") == 2
    assert "crop" in capsys.readouterr().err
    assert train("pix2pix", pairs_dir, tmp_path / "runs", *TINY, "--eval-every", "1") == 2
    assert "image-to-image" in capsys.readouterr().err
    assert train("cyclegan", pairs_dir, tmp_path / "runs", *TINY) == 2
    assert "identity" in capsys.readouterr().err  # grey A, RGB B
    assert train("pix2pix", pairs_dir, tmp_path / "runs", *TINY, "--steps-per-epoch", "2") == 2
    assert "super-resolution" in capsys.readouterr().err
    assert train("dcgan", pairs_dir / "A", tmp_path / "runs", "--crop", "8") == 2
    assert "image-to-image variants only" in capsys.readouterr().err
    assert train("srresnet", pairs_dir / "A", tmp_path / "runs", "--limit", "3") == 2
    assert "do not apply to super-resolution" in capsys.readouterr().err
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_translate_takes_a_keras_file_and_refuses_other_models(pairs_dir, tmp_path, capsys):
    assert train("pix2pix", pairs_dir, tmp_path / "runs", *TINY) == 0
    model_file = tmp_path / "runs" / "pix2pix-1" / "generator.keras"
    out = tmp_path / "one.png"
    assert main(["translate", str(model_file), str(pairs_dir / "A" / "img01.png"), str(out)]) == 0
    assert load_png(out).shape == (16, 16, 3)
    odd = write_pngs(tmp_path / "odd", np.zeros((1, 13, 13, 1), np.uint8))
    capsys.readouterr()
    assert main(["translate", str(model_file), str(odd), str(tmp_path / "o"), "--keep-size"]) == 2
    assert "could not be translated" in capsys.readouterr().err
    b2a = ["translate", str(model_file), str(odd), str(tmp_path / "o"), "--direction", "b2a"]
    assert main(b2a) == 2
    assert "--direction applies to run folders only" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="b2a needs a two-way run folder") as info:
        load_translator(model_file, "b2a")  # the library names no flag
    assert "--" not in str(info.value)
    assert main(["translate", str(model_file), str(odd), str(tmp_path / "o2")]) == 0  # resized
    assert train("dcgan", pairs_dir / "A", tmp_path / "runs", *TINY) == 0
    capsys.readouterr()
    dcgan = tmp_path / "runs" / "dcgan-1"
    assert main(["translate", str(dcgan), str(odd), str(tmp_path / "o3")]) == 2
    assert "not a kerasgan translator" in capsys.readouterr().err
    assert main(["upscale", str(model_file), str(odd), str(tmp_path / "o4")]) == 2
    assert "does not upscale" in capsys.readouterr().err
