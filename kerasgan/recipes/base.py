"""`Recipe`: what training one kind of variant needs around the engine.

`kerasgan.training.train` is one generic path: it asks the variant's recipe for
the default data, loads it, derives the constructor arguments the data fixes,
lets the model prepare itself, makes the batches and the recipe's callbacks
(sample grid, schedules), and saves the trained networks. It never asks which
kind of variant it trains.
"""

from kerasgan.errors import ConfigError

RECIPE_SETTINGS = {"crop": "--crop", "flip": "--flip", "steps_per_epoch": "--steps-per-epoch"}
"""`TrainSettings` fields that only some recipes use, with their command-line flags."""


class Recipe:
    """Base class of the recipes; subclasses override what differs.

    Class attributes:
        name: the name variants give as their `recipe`.
        default_data: the dataset trained on when `--data` is not given.
        settings: the `RECIPE_SETTINGS` fields this recipe uses.
        derived_arguments: constructor arguments the data fixes (never options).
        evaluates_samples: whether `--eval-every` (sample metrics) applies.
    """

    name = ""
    default_data = None
    settings = ()
    derived_arguments = ("image_shape", "seed")
    evaluates_samples = False

    def check(self, settings, users):
        """Raises ConfigError for settings this recipe does not use.

        Args:
            settings: the run's `TrainSettings`.
            users: `{field: {variant name: recipe name}}`: the variants whose recipes
                use each field, for the message.
        """
        given = [
            field
            for field in RECIPE_SETTINGS
            if getattr(settings, field) and field not in self.settings
        ]
        if given:
            who = {name: recipe for field in given for name, recipe in users[field].items()}
            kind = "super-resolution" if set(who.values()) == {"superres"} else "image-to-image"
            raise ConfigError(
                f"{', '.join(RECIPE_SETTINGS[field] for field in given)} apply to {kind} "
                f"variants only ({', '.join(sorted(who))})."
            )

    def load(self, settings, options):
        """The training data for `settings` (after `--limit`).

        Args:
            settings: the run's `TrainSettings`.
            options: the variant's options chosen by the user.
        """
        raise NotImplementedError

    def data_arguments(self, data, settings, variant, accepted):
        """Constructor arguments the data fixes: `{"image_shape": ...}` and more.

        Args:
            data: what `load` returned.
            settings: the run's `TrainSettings`.
            variant: the variant's name, for messages.
            accepted: the variant's constructor arguments (names).

        Raises:
            KerasGANError: the data cannot serve the variant (no labels...).
        """
        raise NotImplementedError

    def describe(self, data):
        """The data's record in the run's config.json."""
        return {
            "name": data.name,
            "images": len(data),
            "image_shape": list(data.image_shape),
            "num_classes": data.num_classes,
            "class_names": data.class_names,
        }

    def batches(self, model, data, settings):
        """The training batches, a `keras.utils.PyDataset` with `set_epoch`."""
        raise NotImplementedError

    def callbacks(self, model, data, settings, run_dir):
        """The recipe's callbacks: its sample grid and any schedule.

        Made before a checkpoint is restored (a schedule reads the initial rates).
        """
        raise NotImplementedError

    def save(self, model, run_dir, save):
        """Saves the trained networks into `run_dir` with `save(network, path)`."""
        from kerasgan.runs import GENERATOR

        save(model.sampling_generator, run_dir / GENERATOR)
