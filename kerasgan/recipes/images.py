"""The noise-to-image recipe: a dataset of images (and labels), grids of samples."""

from kerasgan.callbacks.samples import SampleGrid
from kerasgan.data import DEFAULT_DATASET, load_dataset
from kerasgan.recipes.base import Recipe


class ImagesRecipe(Recipe):
    """Variants that map noise (and labels) to images: `kerasgan.models.GAN`'s."""

    name = "images"
    default_data = DEFAULT_DATASET
    derived_arguments = ("image_shape", "num_classes", "seed")
    evaluates_samples = True

    def load(self, settings, options):
        """The images of `settings.data`, resized and converted, after `--limit`."""
        del options
        data = load_dataset(
            settings.data,
            image_size=settings.image_size,
            channels=settings.channels,
            labels_path=settings.labels,
        )
        if settings.limit:
            data = data.subset(int(settings.limit), seed=settings.seed)
        return data

    def data_arguments(self, data, settings, variant, accepted):
        """The image shape, and the number of classes for conditional variants."""
        del settings
        arguments = {"image_shape": list(data.image_shape)}
        if "num_classes" in accepted:
            data.require_labels(variant)
            arguments["num_classes"] = data.num_classes
        return arguments

    def batches(self, model, data, settings):
        """Shuffled batches of images, with their labels when the model uses them."""
        return data.batches(
            settings.batch_size,
            shuffle=True,
            seed=settings.seed,
            with_labels=model.uses_batch_labels,
        )

    def callbacks(self, model, data, settings, run_dir):
        """A grid of samples from fixed noise every `sample_every` epochs."""
        del model, data
        return [
            SampleGrid(
                run_dir / "samples",
                n=settings.samples,
                seed=settings.seed,
                every=settings.sample_every,
            )
        ]
