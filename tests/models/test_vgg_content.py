"""VGG19 content features: found only on disk, loaded exactly, preprocessed like Keras."""

import keras
import numpy as np
import pytest

from kerasgan.models import content_extractor, find_vgg19_weights
from kerasgan.models.translation.vgg_content import (
    VGG19_NOTOP_FILE,
    VGGPreprocessing,
    missing_weights_message,
)
from tests.helpers import images, numpy


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return tmp_path / "keras_home"


def test_nothing_found_means_none_and_an_explanation(keras_home):
    assert find_vgg19_weights() is None
    assert content_extractor() is None
    message = missing_weights_message()
    assert str(keras_home / "models" / VGG19_NOTOP_FILE) in message and "pixel" in message
    with pytest.raises(FileNotFoundError, match="nowhere.h5"):
        find_vgg19_weights(keras_home / "nowhere.h5")


def test_cached_weights_are_found_and_loaded(keras_home, standin_vgg19):
    expected = standin_vgg19(keras_home / "models" / VGG19_NOTOP_FILE)
    assert find_vgg19_weights() == str(keras_home / "models" / VGG19_NOTOP_FILE)
    vgg = content_extractor(layer="block2_conv2", input_shape=(28, 28, 1))
    assert not vgg.trainable and vgg.trainable_weights == []
    loaded = [numpy(w) for w in vgg.weights]
    assert len(loaded) == 8  # the convolutions up to block2_conv2
    for got, want in zip(loaded, expected):
        np.testing.assert_array_equal(got, want)
    assert numpy(vgg(images(2, (28, 28, 1)))).shape == (2, 14, 14, 128)


def test_explicit_path_and_the_deepest_layer(tmp_path, keras_home, standin_vgg19):
    path = tmp_path / "my_vgg.h5"
    standin_vgg19(path, seed=1)
    assert find_vgg19_weights(path) == str(path)
    vgg = content_extractor(weights=path)
    assert len(vgg.weights) == 32
    assert numpy(vgg(images(1, (32, 40, 3)))).shape == (1, 2, 2, 512)


def test_preprocessing_is_keras_caffe_preprocessing():
    x = images(2, (4, 5, 3))
    expected = keras.applications.vgg19.preprocess_input((x + 1.0) * 127.5)
    np.testing.assert_allclose(numpy(VGGPreprocessing()(x)), expected, atol=1e-4)
    grey = images(1, (4, 4, 1))
    np.testing.assert_allclose(
        numpy(VGGPreprocessing()(grey)),
        numpy(VGGPreprocessing()(np.repeat(grey, 3, axis=-1))),
    )
    with pytest.raises(ValueError, match="1 or 3 channels"):
        VGGPreprocessing()(images(1, (4, 4, 2)))
