"""Fixtures of the model tests: stand-in VGG19 weights files."""

import h5py
import numpy as np
import pytest

VGG19_CONVS = [(3, 64), (64, 64), (64, 128), (128, 128), (128, 256)] + [(256, 256)] * 3
VGG19_CONVS += [(256, 512)] + [(512, 512)] * 7
BLOCK_SIZES = (2, 2, 4, 4, 4)


def vgg19_layer_names():
    names = []
    for block, count in enumerate(BLOCK_SIZES, start=1):
        names += [f"block{block}_conv{i}" for i in range(1, count + 1)]
    return names


def write_standin_weights(path, seed=0):
    """Random weights in the layout of Keras' cached VGG19 no-top file; returns the arrays."""
    rng = np.random.default_rng(seed)
    arrays = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with h5py.File(path, "w") as f:
        names = vgg19_layer_names()
        f.attrs["layer_names"] = [name.encode() for name in names]
        f.attrs["backend"], f.attrs["keras_version"] = b"tensorflow", b"2.2.4"
        for name, (cin, cout) in zip(names, VGG19_CONVS):
            kernel = rng.standard_normal((3, 3, cin, cout), dtype=np.float32) * 0.01
            bias = rng.standard_normal(cout, dtype=np.float32) * 0.01
            group = f.create_group(name)
            weight_names = [f"{name}/kernel:0", f"{name}/bias:0"]
            group.attrs["weight_names"] = [w.encode() for w in weight_names]
            for weight_name, value in zip(weight_names, (kernel, bias)):
                group.create_dataset(weight_name, data=value)
            arrays += [kernel, bias]
    return arrays


@pytest.fixture
def standin_vgg19():
    """`write(path, seed=0)`: writes random weights in the layout of Keras' VGG19 no-top
    file (what `content_extractor` loads) and returns the arrays written."""
    return write_standin_weights
