"""Write the reference statistics shipped with the package (FID's mean and covariance).

For each bundled dataset and its domain classifier, the whole dataset's features are computed
and `mu`, `sigma` saved as `kerasgan/metrics/reference_stats/<content key>.npz`, the name
`kerasgan.metrics.reference.reference_statistics` looks up (the key hashes the images, the
extractor's name and its weights' sha256). They are small (128-d features: about 130 kB each in
float64), so an FID against the full bundled data needs no feature pass over the real images.

Usage:
    KERAS_BACKEND=tensorflow python benchmarks/ship_reference_stats.py
    python benchmarks/ship_reference_stats.py --datasets fashion_mnist_test --out /tmp/stats
"""

import argparse
from pathlib import Path

SHIPPED = {"fashion_mnist_test": "domain", "mnist5k": "domain"}
"""Dataset -> extractor whose statistics are shipped."""

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "kerasgan" / "metrics" / "reference_stats"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=list(SHIPPED), choices=list(SHIPPED))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    import numpy as np

    from kerasgan.data import load_dataset
    from kerasgan.metrics.features import extract, get_extractor
    from kerasgan.metrics.frechet import feature_statistics
    from kerasgan.metrics.reference import extractor_key, save_statistics

    for name in args.datasets:
        images = np.asarray(load_dataset(name).images)
        ext = get_extractor(SHIPPED[name], name)
        mu, sigma = feature_statistics(extract(ext.features, images))
        path = args.out / f"{extractor_key(images, ext)}.npz"
        save_statistics(path, mu, sigma)
        print(f"{name}: {len(images)} images, {ext.name} -> {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
