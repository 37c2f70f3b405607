"""Baselines and scores of image-to-image translation: bicubic upscaling, domain accuracy.

- `bicubic_upscale`: the classical super-resolution baseline, PIL's bicubic resize of the
  low-resolution images to `scale` times their size (the inverse of how the LR crops of
  `kerasgan.data.superres` are made).
- `domain_accuracy`: how often a packaged domain classifier (`kerasgan.metrics.extractors.
  domain`) puts translated images in the class they should now belong to, e.g. how often a
  sneaker translated to the ankle-boot domain is called an ankle boot.

Example:
    >>> upscaled = bicubic_upscale(lr, 4)                # uint8 (n, 4h, 4w, c)
    >>> domain_accuracy(translated, target=9)            # fraction called "Ankle boot"
"""

import numpy as np
from PIL import Image


def bicubic_upscale(lr, scale):
    """Enlarge uint8 NHWC images `scale` times with PIL's bicubic filter.

    Args:
        lr: uint8 array (N, H, W, C), C 1 or 3.
        scale: the integer enlargement factor (1 or more).

    Returns:
        A uint8 array (N, H * scale, W * scale, C).

    Example:
        >>> bicubic_upscale(np.zeros((2, 16, 16, 3), np.uint8), 4).shape
        (2, 64, 64, 3)
    """
    lr = np.asarray(lr)
    if lr.ndim != 4 or lr.dtype != np.uint8 or lr.shape[-1] not in (1, 3):
        raise ValueError(
            f"bicubic_upscale takes uint8 (N, H, W, C) images with C 1 or 3, not shape "
            f"{lr.shape} and dtype {lr.dtype}."
        )
    if not isinstance(scale, (int, np.integer)) or scale < 1:
        raise ValueError(f"scale must be an int of 1 or more, not {scale!r}.")
    count, height, width, channels = lr.shape
    out = np.empty((count, height * scale, width * scale, channels), np.uint8)
    for i, image in enumerate(lr):
        pil = Image.fromarray(image[..., 0] if channels == 1 else image)
        resized = pil.resize((width * scale, height * scale), Image.Resampling.BICUBIC)
        out[i] = np.asarray(resized).reshape(out.shape[1:])
    return out


def domain_accuracy(images, target, classifier=None, domain="fashion_mnist", batch_size=256):
    """The fraction of images a domain classifier assigns to `target`.

    Args:
        images: float NHWC images in [-1, 1] (any size and channels: see
            `kerasgan.metrics.extractors.domain.prepare_images`).
        target: one class number for every image, or an int array (N,) of classes.
        classifier: a loaded `DomainClassifier`; None loads the packaged one of `domain`.
        domain: "fashion_mnist" or "mnist", used when `classifier` is None.
        batch_size: images per forward pass.

    Returns:
        A float in [0, 1].

    Example:
        >>> domain_accuracy(model.translate(sneakers), target=9)   # 9: "Ankle boot"
    """
    from kerasgan.metrics.extractors.domain import domain_probabilities, load_domain_classifier

    images = np.asarray(images)
    target = np.asarray(target)
    if target.ndim not in (0, 1) or (target.ndim == 1 and len(target) != len(images)):
        raise ValueError(
            f"target must be one class or one class per image ({len(images)}), not shape "
            f"{target.shape}."
        )
    if not len(images):
        raise ValueError("domain_accuracy needs at least one image.")
    if classifier is None:
        classifier, _ = load_domain_classifier(domain)
    predicted = domain_probabilities(classifier, images, batch_size).argmax(axis=1)
    return float(np.mean(predicted == target))
