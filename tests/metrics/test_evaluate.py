"""Evaluation plumbing: protocol, caching, conversions, run folders, CLI and callback."""

import json

import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.evaluate import evaluate_images, match_reference, parse_metrics
from kerasgan.metrics.features import domain_of
from kerasgan.metrics.reference import reference_images


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))


def test_real_images_score_better_than_noise(fake_extractor, tmp_path):
    real, _ = reference_images("fashion_mnist_test", 600, seed=1)
    noise = np.random.default_rng(0).uniform(-1, 1, real.shape).astype("float32")
    good = evaluate_images(real[:300], metrics=("fid", "kid", "pr", "dc"), n_real=300, seed=0)
    bad = evaluate_images(noise[:300], metrics=("fid", "kid", "pr", "dc"), n_real=300, seed=0)
    assert good["metrics"]["fid"] < 0.1 * bad["metrics"]["fid"]
    assert good["metrics"]["kid_mean"] < bad["metrics"]["kid_mean"]
    assert good["metrics"]["precision"] > 0.5 > bad["metrics"]["precision"]
    assert good["metrics"]["coverage"] > bad["metrics"]["coverage"]
    protocol = good["protocol"]
    assert protocol["n_generated"] == 300 and protocol["n_real"] == 300
    assert protocol["extractor"] == "fake_pool4"
    assert protocol["extractor_info"]["weights_sha256"] == "0" * 64
    assert protocol["reference"] == "fashion_mnist_test"


def test_reference_features_are_cached(fake_extractor):
    images = np.zeros((50, 28, 28, 1), "float32")
    evaluate_images(images, metrics=("fid",), n_real=200)
    first = fake_extractor["features"]
    evaluate_images(images, metrics=("fid",), n_real=200)
    assert fake_extractor["features"] == first + 1  # only the generated images again


def test_label_accuracy_and_classifier_score(fake_extractor):
    images = np.random.default_rng(1).uniform(-1, 1, (40, 28, 28, 1)).astype("float32")
    result = evaluate_images(images, labels=np.zeros(40, int), metrics=("is",), n_real=100)
    assert 0.0 <= result["metrics"]["label_accuracy"] <= 1.0
    assert result["metrics"]["is_mean"] >= 1.0


def test_nearest_neighbour_grids(fake_extractor, tmp_path):
    real, _ = reference_images("fashion_mnist_test", 100)
    result = evaluate_images(real[:10], metrics=("nn",), n_real=100, out_dir=tmp_path / "nn")
    for path in result["nn_grid"].values():
        assert (tmp_path / "nn" / path.split("/")[-1]).is_file()


def test_generated_images_are_converted_to_the_reference_shape():
    images = np.zeros((3, 32, 32, 3), "float32")
    converted, note = match_reference(images, (28, 28, 1))
    assert converted.shape == (3, 28, 28, 1)
    assert "32x32x3" in note and "28x28x1" in note
    same, none = match_reference(converted, (28, 28, 1))
    assert none is None and same is converted


def test_parse_metrics_and_domains():
    assert parse_metrics("fid, KID") == ("fid", "kid")
    with pytest.raises(KerasGANError, match="unknown metrics"):
        parse_metrics("fid,lpips")
    assert domain_of("fashion_mnist:train") == "fashion_mnist"
    assert domain_of("mnist5k") == "mnist"
    with pytest.raises(KerasGANError, match="--extractor inception"):
        domain_of("cifar10")


def test_too_few_images_for_the_frechet_distance(fake_extractor):
    with pytest.raises(KerasGANError, match="at least 2"):
        evaluate_images(np.zeros((1, 28, 28, 1), "float32"), metrics=("fid",), n_real=50)


def test_cli_evaluate_writes_metrics_json(fake_extractor, train_args, tmp_path, capsys):
    from kerasgan.cli.main import main

    assert main(train_args("dcgan")) == 0
    run = tmp_path / "runs" / "dcgan-1"
    code = main(
        [
            "evaluate",
            str(run),
            "--n",
            "64",
            "--metrics",
            "fid,pr,nn",
            "--reference",
            "fashion_mnist_test",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Frechet distance" in out and "64 generated vs 64 real" in out
    data = json.loads((run / "metrics.json").read_text())
    latest = data["latest"]
    assert set(latest["metrics"]) == {"fid", "precision", "recall"}
    assert latest["protocol"]["reference"] == "fashion_mnist_test"
    assert "converted" in latest["notes"][0]  # 8x8 run images vs 28x28 reference
    # the run's own data (32 images) is the default reference: the default --n shrinks to it
    assert main(["evaluate", str(run), "--metrics", "fid", "--no-baselines"]) == 0
    assert "32 images compared, not 10000: the reference has only 32" in capsys.readouterr().out
    # an explicit --n larger than the reference is refused, and nothing is appended
    assert main(["evaluate", str(run), "--n", "64", "--metrics", "fid"]) == 2
    assert "--n 64 asks for more images than the reference's 32" in capsys.readouterr().err
    assert len(json.loads((run / "metrics.json").read_text())["evaluations"]) == 2


def test_cli_evaluate_rejects_bad_metrics(capsys, tmp_path):
    from kerasgan.cli.main import main

    assert main(["evaluate", str(tmp_path), "--metrics", "bogus"]) == 2
    assert "unknown metrics" in capsys.readouterr().err


def test_evaluate_every_logs_and_keeps_the_best(fake_extractor, tmp_path):
    from kerasgan.callbacks import EvaluateEvery
    from tests.helpers import tiny_model

    model = tiny_model("dcgan", image_shape=(28, 28, 1))
    real, _ = reference_images("fashion_mnist_test", 64)  # uint8
    real = real.astype("float32") / 127.5 - 1.0
    callback = EvaluateEvery(every=1, n=40, metrics=("fid",), best_dir=tmp_path)
    history = model.fit(real, batch_size=16, epochs=2, verbose=0, callbacks=[callback])
    assert len(history.history["fid"]) == 2
    best = json.loads((tmp_path / "best.json").read_text())
    assert best["value"] == min(history.history["fid"])
    assert (tmp_path / "best_generator.keras").is_file()
