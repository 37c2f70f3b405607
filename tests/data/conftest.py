"""Fixtures for the data tests: every test runs offline, with private caches."""

import pytest

from kerasgan.data import keras_cache


def _no_network(*args, **kwargs):
    raise Exception("URL fetch failure: network disabled in tests")


@pytest.fixture(autouse=True)
def offline(tmp_path, monkeypatch):
    """Point KERAS_HOME and KERASGAN_CACHE into tmp_path, hide system copies, block downloads."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "kerasgan_cache"))
    monkeypatch.setattr(keras_cache, "FALLBACK_KERAS_DIR", str(tmp_path / "tmp_keras"))
    monkeypatch.setattr(keras_cache, "SYSTEM_FASHION_MNIST_DIRS", ())
    for module in ("mnist", "fashion_mnist", "cifar10"):
        monkeypatch.setattr(f"keras.datasets.{module}.load_data", _no_network)
    return tmp_path


@pytest.fixture
def keras_datasets(tmp_path):
    """The `datasets` folder inside the test's KERAS_HOME."""
    folder = tmp_path / "keras_home" / "datasets"
    folder.mkdir(parents=True)
    return folder
