"""The parts of `kerasgan.training.train` that differ for image-to-image variants.

Translation variants (`TranslationGAN` subclasses) train on `(source, target)`
batches: aligned pairs, two unaligned domains, or low/high-resolution crops,
as their class's `data_kind` says. Their data, shapes, sample grids and saved
networks come from here; everything else (run folder, checkpoints, history,
GIF, resuming) is `train`'s.
"""

import numpy as np

from kerasgan.callbacks.lr_decay import LinearDecay
from kerasgan.callbacks.translation_grid import TranslationGrid
from kerasgan.data.batches import to_unit_range
from kerasgan.errors import ConfigError

DEFAULT_DATA = {"paired": "edges2fashion", "unpaired": "sneaker2boot", "superres": "photos:train"}
"""The offline demonstration task each kind of translation variant trains on by default."""

GRID_EXAMPLES = 8
"""Inputs shown in each epoch's grid."""


def data_kind(cls):
    """ "images" for ordinary variants, else the translation variant's `data_kind`."""
    return getattr(cls, "data_kind", "images")


def default_data(cls):
    """The dataset a variant trains on when `--data` is not given (None: the usual default)."""
    return DEFAULT_DATA.get(data_kind(cls))


def load_translation_data(cls, settings, options):
    """Loads the pairs, domains or photos a translation variant trains on.

    Args:
        cls: the variant's class.
        settings: the run's `TrainSettings` (`data`, `image_size`, `channels`,
            `limit`, `crop`, `seed`).
        options: the variant's options (SRGAN's `scale` when given).
    """
    from kerasgan.data.paired import load_paired
    from kerasgan.data.superres import load_superres
    from kerasgan.data.unpaired import load_unpaired

    kind = data_kind(cls)
    if kind == "superres":
        if settings.image_size or settings.channels or settings.limit or settings.flip:
            raise ConfigError(
                "--image-size, --channels, --limit and --flip do not apply to super-resolution "
                "photos: --crop sets the size of the high-resolution crops (always flipped at "
                "random) and --steps-per-epoch the crops per epoch."
            )
        data = load_superres(
            settings.data, scale=int(options.get("scale", 4)), crop=settings.crop or 64
        )
    else:
        if settings.steps_per_epoch:
            raise ConfigError(
                "--steps-per-epoch applies to super-resolution (srresnet, srgan) only: an epoch "
                "of pairs or domains is one pass over the data."
            )
        loader = load_paired if kind == "paired" else load_unpaired
        data = loader(settings.data, image_size=settings.image_size, channels=settings.channels)
    if settings.limit:
        data = data.subset(int(settings.limit), seed=settings.seed)
    return data


def shapes(data, settings):
    """`(source_shape, image_shape)` of the batches: the crop's size when cropping."""
    source, target = tuple(data.source_shape), tuple(data.image_shape)
    if settings.crop and data_kind_of(data) != "superres":
        crop = int(settings.crop)
        source, target = (crop, crop, source[-1]), (crop, crop, target[-1])
    return source, target


def data_kind_of(data):
    """ "superres" for super-resolution photos, else "pairs" (paired or unpaired data)."""
    return "superres" if hasattr(data, "heldout_crops") else "pairs"


def translation_batches(data, settings):
    """The training batches of `(source, target)`, reshuffled (or redrawn) each epoch."""
    if data_kind_of(data) == "superres":
        return data.batches(
            settings.batch_size,
            crop=settings.crop or None,
            seed=settings.seed,
            steps_per_epoch=settings.steps_per_epoch or 100,
            flip=True,
        )
    return data.batches(
        settings.batch_size,
        shuffle=True,
        seed=settings.seed,
        crop=settings.crop or None,
        flip=bool(settings.flip),
    )


def centre_crop(images, crop):
    """The centred `crop` x `crop` window of NHWC images (unchanged without a crop)."""
    if not crop:
        return images
    height, width = images.shape[1:3]
    top, left = (height - crop) // 2, (width - crop) // 2
    return images[:, top : top + crop, left : left + crop]


def grid_examples(data, settings):
    """`(source, target)` in [-1, 1]: the fixed inputs of the epoch grids."""
    if data_kind_of(data) == "superres":
        lr, hr = data.heldout_crops(GRID_EXAMPLES, settings.crop or None, seed=settings.seed)
        return to_unit_range(lr), to_unit_range(hr)
    a, b = data.a, data.b
    n = min(GRID_EXAMPLES, len(a), len(b))
    source = centre_crop(np.asarray(a[:n]), settings.crop)
    target = centre_crop(np.asarray(b[:n]), settings.crop)
    return to_unit_range(source), to_unit_range(target)


def learning_rate_schedule(model):
    """`[LinearDecay]` when the variant decays its learning rate (CycleGAN), else `[]`.

    Create it before a checkpoint is restored: it reads the initial rates.
    """
    if getattr(model, "decay_start", 1.0) < 1.0:
        return [LinearDecay(model, model.decay_start)]
    return []


def translation_grid(data, settings, run_dir):
    """The callback writing each epoch's input / output / target grid to `run_dir/samples`."""
    source, target = grid_examples(data, settings)
    return TranslationGrid(run_dir / "samples", source, target, every=settings.sample_every)


def save_translators(model, run_dir, save):
    """Saves every direction's translator: `generator.keras`, and `generator_b2a.keras`
    for two-way variants, with `save(network_model, path)` (atomic)."""
    from kerasgan.inference.translating import DIRECTION_FILES

    for direction in model.translators:
        if direction == "a2b":
            continue
        network = model.networks[model.translators[direction]]
        save(network, run_dir / DIRECTION_FILES[direction])
