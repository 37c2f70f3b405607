"""Feature extractors for GAN metrics.

- `fid_inception`: the 2015-12-05 Inception graph FID is defined with (Heusel et al. 2017),
  in Keras 3, with weights converted once from a local PyTorch file (`inception_weights`).
- `imagenet_inception`: Keras' ImageNet InceptionV3 for the Inception Score, local weights only.
- `domain`: small classifiers of the bundled domains (Fashion-MNIST, MNIST).
"""

from kerasgan.metrics.extractors.fid_inception import (
    FIDInception,
    fid_features,
    load_fid_inception,
    prepare_fid_images,
)
from kerasgan.metrics.extractors.imagenet_inception import (
    imagenet_probabilities,
    load_imagenet_inception,
)

__all__ = [
    "FIDInception",
    "fid_features",
    "imagenet_probabilities",
    "load_fid_inception",
    "load_imagenet_inception",
    "prepare_fid_images",
]
