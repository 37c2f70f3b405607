"""Evaluation on any data: the extractor chosen from the reference, images from any tool,
image counts, baselines, shipped statistics, and their one-line errors."""

import json

import numpy as np
import pytest
from PIL import Image

from kerasgan.errors import KerasGANError
from kerasgan.metrics.baselines import noise_anchor
from kerasgan.metrics.evaluate import evaluate_images
from kerasgan.metrics.features import choose_extractor
from kerasgan.metrics.run_evaluation import evaluation_count


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))


def write_folder(folder, count, size=8, channels=3, seed=0, sizes=None, flat=False):
    """`count` random PNG images of `size` (or one size per image from `sizes`); `flat`:
    one random grey level per image instead of pixel noise."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True)
    for i in range(count):
        side = sizes[i % len(sizes)] if sizes else size
        pixels = rng.integers(0, 256, (side, side, channels), dtype=np.uint8)
        if flat:
            pixels[:] = rng.integers(0, 256)
        Image.fromarray(pixels.squeeze(-1) if channels == 1 else pixels).save(folder / f"{i}.png")
    return folder


@pytest.mark.parametrize(
    "reference, expected",
    [
        ("fashion_mnist_test", "domain"),
        ("fashion_mnist:train", "domain"),
        ("mnist5k", "domain"),
        ("mnist", "domain"),
        ("cifar10", "inception"),
        ("./mnist", "inception"),  # a folder named like a dataset is a folder
        ("photos/", "inception"),
        ("samples.npy", "inception"),
    ],
)
def test_auto_extractor_follows_the_reference(reference, expected):
    assert choose_extractor("auto", reference) == expected
    assert choose_extractor("inception", "fashion_mnist_test") == "inception"


def test_nearest_pixels_need_no_extractor(tmp_path, monkeypatch):
    def unavailable(*args, **kwargs):
        raise KerasGANError("the FID Inception weights were not found")

    monkeypatch.setattr("kerasgan.metrics.protocol.get_extractor", unavailable)
    reference = write_folder(tmp_path / "real", 12)
    generated = np.random.default_rng(1).integers(0, 256, (6, 8, 8, 3), dtype=np.uint8)
    result = evaluate_images(generated, metrics=("nn",), reference=str(reference), out_dir=tmp_path)
    assert set(result["nn_grid"]) == {"pixels"}
    assert (tmp_path / "nearest_pixels.png").is_file()
    assert "pixels only" in result["notes"][-1] and result["protocol"]["extractor"] is None
    with pytest.raises(KerasGANError, match="weights were not found"):  # asked for by name
        evaluate_images(generated, metrics=("nn",), reference=str(reference), extractor="inception")
    with pytest.raises(KerasGANError, match="weights were not found"):  # other metrics need it
        evaluate_images(generated, metrics=("nn", "fid"), reference=str(reference))


def test_counts_shrink_by_default_and_never_when_asked():
    assert evaluation_count(None, None, 50000) == (10000, None)
    count, note = evaluation_count(None, None, 32)
    assert count == 32 and "not 10000: the reference has only 32" in note
    assert evaluation_count(None, 500, 10000) == (500, None)  # all the given images
    assert evaluation_count(None, 500, 200)[0] == 200
    assert evaluation_count(64, 500, 200 + 100) == (64, None)
    with pytest.raises(KerasGANError, match="--n 64 asks for more images than the reference's 32"):
        evaluation_count(64, None, 32)
    with pytest.raises(KerasGANError, match="more images than the 10 given: pass --n 10"):
        evaluation_count(20, 10, 100)


def test_folder_against_folder_from_the_cli(fake_extractor, tmp_path, capsys):
    from kerasgan.cli.main import main

    fake = write_folder(tmp_path / "fake", 20, seed=1)
    real = write_folder(tmp_path / "real", 60, seed=2)
    args = ["evaluate", "--images", str(fake), "--reference", str(real), "--metrics", "fid,pr,nn"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "20 generated vs 20 real images" in out
    assert "real data" in out and "noise" in out  # the baseline columns
    written = tmp_path / "fake_evaluation"
    history = json.loads((written / "metrics.json").read_text())
    latest = history["latest"]
    assert set(latest["metrics"]) == {"fid", "precision", "recall"}
    assert latest["source"] == str(fake) and latest["protocol"]["n_real"] == 20
    assert set(latest["baselines"]) == {"real", "noise"}
    assert "20 vs 20 disjoint real images" in latest["baselines"]["real"]["note"]
    assert (written / "nearest" / "nearest_pixels.png").is_file()
    # --out and --n; a second evaluation is appended
    out_dir = tmp_path / "elsewhere"
    assert main([*args, "--n", "8", "--out", str(out_dir), "--no-baselines"]) == 0
    assert json.loads((out_dir / "metrics.json").read_text())["latest"]["protocol"]["n_real"] == 8
    assert "baselines" not in json.loads((out_dir / "metrics.json").read_text())["latest"]


def test_array_file_against_a_named_dataset(fake_extractor, tmp_path, capsys):
    from kerasgan.cli.main import main

    path = tmp_path / "samples.npy"
    np.save(path, np.random.default_rng(0).integers(0, 256, (30, 28, 28, 1), dtype=np.uint8))
    args = ["evaluate", "--images", str(path), "--reference", "fashion_mnist_test"]
    assert main([*args, "--metrics", "fid,kid", "--no-baselines"]) == 0
    assert "30 generated vs 30 real images of fashion_mnist_test" in capsys.readouterr().out
    assert (tmp_path / "samples_evaluation" / "metrics.json").is_file()


@pytest.mark.parametrize(
    "extra, message",
    [
        ([], "give either a run folder"),
        (["RUN", "--images", "X"], "not both"),
        (["--images", "X"], "--images needs --reference"),
        (["--images", "X", "--reference", "Y", "--truncation", "0.5"], "applies to a model"),
        (["RUN", "--out", "somewhere"], "--out applies to --images"),
        (["--images", "missing_dir", "--reference", "fashion_mnist_test"], "does not exist"),
    ],
)
def test_flag_errors_are_one_line(extra, message, capsys, tmp_path, monkeypatch):
    from kerasgan.cli.main import main

    monkeypatch.chdir(tmp_path)
    assert main(["evaluate", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_input_errors_are_one_line(fake_extractor, tmp_path, capsys):
    from kerasgan.cli.main import main

    good = write_folder(tmp_path / "good", 10)
    mixed = write_folder(tmp_path / "mixed", 4, sizes=[8, 12])
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = [
        (["--images", str(mixed), "--reference", str(good)], "different sizes: pass --image-size"),
        (["--images", str(good), "--reference", str(empty)], "contains no image files"),
        (["--images", str(good), "--reference", str(good), "--n", "40"], "--n 40 asks for more"),
    ]
    for extra, message in cases:
        assert main(["evaluate", *extra, "--metrics", "fid"]) == 2, extra
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err
    # --image-size resizes a mixed folder, and grey generated vs colour reference is converted
    grey = write_folder(tmp_path / "grey", 10, channels=1)
    assert main(["evaluate", "--images", str(mixed), "--reference", str(good), "--image-size",
                 "8", "--metrics", "fid", "--no-baselines"]) == 0  # fmt: skip
    assert main(["evaluate", "--images", str(grey), "--reference", str(good), "--metrics", "fid",
                 "--no-baselines"]) == 0  # fmt: skip
    assert "8x8x1 were converted to the reference's 8x8x3" in capsys.readouterr().out


def test_baselines_are_cached_and_halve_a_small_reference(fake_extractor, tmp_path):
    reference = write_folder(tmp_path / "real", 30, flat=True)
    generated = np.random.default_rng(3).integers(0, 256, (20, 8, 8, 3), dtype=np.uint8)
    options = dict(metrics=("fid", "pr"), reference=str(reference), baselines=True)
    first = evaluate_images(generated, anchor=noise_anchor((8, 8, 3)), **options)
    real = first["baselines"]["real"]
    assert "10 vs 10 real images (two halves" in real["note"]
    assert set(real["metrics"]) == {"fid", "precision", "recall"}
    noise = first["baselines"]["noise"]["metrics"]
    assert real["metrics"]["fid"] < noise["fid"]
    calls = fake_extractor["features"]
    second = evaluate_images(generated, anchor=noise_anchor((8, 8, 3)), **options)
    assert second["baselines"] == first["baselines"]
    assert fake_extractor["features"] == calls + 1  # only the generated images again


def test_noise_anchor_is_seeded_uint8():
    anchor = noise_anchor((4, 4, 1))
    images = anchor.make(3, 0)
    assert images.shape == (3, 4, 4, 1) and images.dtype == np.uint8
    assert np.array_equal(images, anchor.make(3, 0)) and not np.array_equal(
        images, anchor.make(3, 1)
    )


def test_statistics_are_shipped_for_the_bundled_data():
    from kerasgan.data import load_dataset
    from kerasgan.metrics.features import extract, get_extractor
    from kerasgan.metrics.frechet import feature_statistics
    from kerasgan.metrics.reference import reference_statistics

    images = np.asarray(load_dataset("fashion_mnist_test").images)
    ext = get_extractor("auto", "fashion_mnist_test")
    mu, sigma, where = reference_statistics(images, ext)
    assert where == "shipped"
    mu_now, sigma_now = feature_statistics(extract(ext.features, images[::2]))
    # half the images on this backend: close to the shipped statistics of all of them
    assert np.abs(mu - mu_now).max() < 0.05 * np.abs(mu).max()
    assert np.abs(sigma - sigma_now).max() < 0.1 * np.abs(sigma).max()


def test_statistics_are_cached_on_first_use(fake_extractor, tmp_path):
    from kerasgan.metrics.features import Extractor
    from kerasgan.metrics.reference import reference_statistics

    calls = []
    ext = Extractor(
        "counting", {}, lambda images: calls.append(1) or images.reshape(len(images), -1)
    )
    images = np.random.default_rng(0).integers(0, 256, (12, 2, 2, 1), dtype=np.uint8)
    first = reference_statistics(images, ext)
    second = reference_statistics(images, ext)
    assert (first[2], second[2]) == ("computed", "cached") and len(calls) == 1
    assert np.allclose(first[0], second[0]) and np.allclose(first[1], second[1])
