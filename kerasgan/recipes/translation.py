"""The image-to-image recipes: aligned pairs, unaligned domains, super-resolution crops.

Their variants (`TranslationModel` subclasses) train on `(source, target)`
batches; their grids show input / output / target, and two-way variants save
both translators.
"""

import numpy as np

from kerasgan.callbacks.lr_decay import LinearDecay
from kerasgan.callbacks.translation_grid import TranslationGrid
from kerasgan.data.batches import to_unit_range
from kerasgan.errors import ConfigError
from kerasgan.inference.translating import DIRECTION_FILES
from kerasgan.recipes.base import Recipe

GRID_EXAMPLES = 8
"""Inputs shown in each epoch's grid."""


def centre_crop(images, crop):
    """The centred `crop` x `crop` window of NHWC images (unchanged without a crop)."""
    if not crop:
        return images
    height, width = images.shape[1:3]
    top, left = (height - crop) // 2, (width - crop) // 2
    return images[:, top : top + crop, left : left + crop]


class _Translation(Recipe):
    """What the three image-to-image recipes share: shapes, record, schedule, saving."""

    derived_arguments = ("image_shape", "source_shape", "seed")

    def data_arguments(self, data, settings, variant, accepted):
        """`source_shape` and `image_shape` of the batches: the crop's size when cropping."""
        del variant, accepted
        source, target = tuple(data.source_shape), tuple(data.image_shape)
        if settings.crop:
            crop = int(settings.crop)
            source, target = (crop, crop, source[-1]), (crop, crop, target[-1])
        return {"source_shape": list(source), "image_shape": list(target)}

    def describe(self, data):
        """The data's record, with the source images' shape."""
        return {**super().describe(data), "source_shape": list(data.source_shape)}

    def grid_examples(self, data, settings):
        """`(source, target)` in [-1, 1]: the fixed inputs of the epoch grids."""
        a, b = data.a, data.b
        n = min(GRID_EXAMPLES, len(a), len(b))
        source = centre_crop(np.asarray(a[:n]), settings.crop)
        target = centre_crop(np.asarray(b[:n]), settings.crop)
        return to_unit_range(source), to_unit_range(target)

    def callbacks(self, model, data, settings, run_dir):
        """The input / output / target grid, and the learning-rate decay when the
        variant has one (CycleGAN's `decay_start`)."""
        source, target = self.grid_examples(data, settings)
        grid = TranslationGrid(run_dir / "samples", source, target, every=settings.sample_every)
        schedule = []
        if model.decay_start < 1.0:  # spread over the time budget when there is one
            schedule = [LinearDecay(model, model.decay_start, settings.budget_seconds)]
        return [*schedule, grid]

    def batches(self, model, data, settings):
        """`(source, target)` batches, reshuffled each epoch, cropped and flipped alike."""
        del model
        return data.batches(
            settings.batch_size,
            shuffle=True,
            seed=settings.seed,
            crop=settings.crop or None,
            flip=bool(settings.flip),
        )

    def load_pairs(self, loader, settings):
        """Pairs or domains from `loader`, resized, after `--limit`."""
        if settings.steps_per_epoch:
            raise ConfigError(
                "--steps-per-epoch applies to super-resolution (srresnet, srgan) only: an epoch "
                "of pairs or domains is one pass over the data."
            )
        data = loader(settings.data, image_size=settings.image_size, channels=settings.channels)
        if settings.limit:
            data = data.subset(int(settings.limit), seed=settings.seed)
        return data

    def save(self, model, run_dir, save):
        """Saves every direction's translator: `generator.keras`, and
        `generator_b2a.keras` for two-way variants."""
        for direction, network in model.translators.items():
            net = model.sampling_generator if direction == "a2b" else model.networks[network]
            save(net, run_dir / DIRECTION_FILES[direction])


class PairedRecipe(_Translation):
    """Aligned pairs (Pix2Pix): folders A/ and B/ by name, side-by-side images, tasks."""

    name = "paired"
    default_data = "edges2fashion"
    settings = ("crop", "flip")

    def load(self, settings, options):
        """The pairs of `settings.data`."""
        from kerasgan.data.paired import load_paired

        del options
        return self.load_pairs(load_paired, settings)


class UnpairedRecipe(_Translation):
    """Two unaligned domains (CycleGAN and its presets)."""

    name = "unpaired"
    default_data = "sneaker2boot"
    settings = ("crop", "flip")

    def load(self, settings, options):
        """The two domains of `settings.data`."""
        from kerasgan.data.unpaired import load_unpaired

        del options
        return self.load_pairs(load_unpaired, settings)


class SuperResolutionRecipe(_Translation):
    """Low- and high-resolution crops of photos (SRResNet, SRGAN)."""

    name = "superres"
    default_data = "photos:train"
    settings = ("crop", "steps_per_epoch")

    def load(self, settings, options):
        """The photos of `settings.data`, cut at the variant's `scale`."""
        from kerasgan.data.superres import load_superres

        if settings.image_size or settings.channels or settings.limit or settings.flip:
            raise ConfigError(
                "--image-size, --channels, --limit and --flip do not apply to super-resolution "
                "photos: --crop sets the size of the high-resolution crops (always flipped at "
                "random) and --steps-per-epoch the crops per epoch."
            )
        return load_superres(
            settings.data, scale=int(options.get("scale", 4)), crop=settings.crop or 64
        )

    def check(self, settings, users):
        """Lets `--flip` through to `load`'s more precise message."""
        flip, settings.flip = settings.flip, False
        try:
            super().check(settings, users)
        finally:
            settings.flip = flip

    def data_arguments(self, data, settings, variant, accepted):
        """The photos' low- and high-resolution crop shapes (the crop is already in them)."""
        del settings, variant, accepted
        return {"source_shape": list(data.source_shape), "image_shape": list(data.image_shape)}

    def grid_examples(self, data, settings):
        """Held-out low- and high-resolution crops, in [-1, 1]."""
        lr, hr = data.heldout_crops(GRID_EXAMPLES, settings.crop or None, seed=settings.seed)
        return to_unit_range(lr), to_unit_range(hr)

    def batches(self, model, data, settings):
        """`steps_per_epoch` batches of fresh random crops (flipped at random)."""
        del model
        return data.batches(
            settings.batch_size,
            crop=settings.crop or None,
            seed=settings.seed,
            steps_per_epoch=settings.steps_per_epoch or 100,
            flip=True,
        )
