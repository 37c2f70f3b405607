"""Small files for the data tests: images, IDX files, CIFAR batches, numpy arrays."""

import gzip
import pickle
import struct

import numpy as np
from PIL import Image


def save_image(path, size=(8, 6), color=128, mode="L"):
    """Write a plain image of `size` (width, height) filled with `color`; return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new(mode, size, color).save(path)
    return path


def save_stripes(path, colors, height=10, stripe_width=10):
    """Write an RGB image of vertical stripes, one per colour, left to right."""
    row = np.concatenate([np.full((height, stripe_width, 3), c, np.uint8) for c in colors], 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(row).save(path)
    return path


def write_idx_gz(path, array):
    """Write a uint8 array as a gzipped IDX file."""
    array = np.asarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb") as file:
        file.write(header + array.tobytes())
    return path


def write_fashion_mnist_train(folder, count=6):
    """Write fake Fashion-MNIST training IDX files (image i is filled with i); return labels."""
    images = np.repeat(np.arange(count, dtype=np.uint8), 28 * 28).reshape(count, 28, 28)
    labels = np.arange(count, dtype=np.uint8) % 10
    write_idx_gz(folder / "train-images-idx3-ubyte.gz", images)
    write_idx_gz(folder / "train-labels-idx1-ubyte.gz", labels)
    return labels


def write_cifar_batch(path, count, start_label=0):
    """Write a fake CIFAR-10 python batch: image i has R=i, G=100, B=200."""
    planes = np.zeros((count, 3, 32 * 32), np.uint8)
    planes[:, 0] = np.arange(count)[:, None]
    planes[:, 1], planes[:, 2] = 100, 200
    batch = {
        b"data": planes.reshape(count, 3072),
        b"labels": [(start_label + i) % 10 for i in range(count)],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as file:
        pickle.dump(batch, file)
    return path


def write_cifar10(folder, per_batch=2):
    """Write the six fake CIFAR-10 batch files into `folder`."""
    for i in range(1, 6):
        write_cifar_batch(folder / f"data_batch_{i}", per_batch, start_label=i)
    write_cifar_batch(folder / "test_batch", per_batch)
    return folder


def labelled_images(count=20, num_classes=4, size=4, channels=1):
    """Return `(images, labels)` where every pixel of image i equals `labels[i] * 50`."""
    labels = np.arange(count) % num_classes
    images = np.broadcast_to(
        (labels * 50).astype(np.uint8)[:, None, None, None], (count, size, size, channels)
    ).copy()
    return images, labels
