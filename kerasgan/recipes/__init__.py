"""Training recipes: what each kind of variant needs around the engine.

A variant names its recipe in its class attribute `recipe`; `get_recipe(name)`
returns it. A new kind of variant (a growing network, label maps to images) adds
a recipe here, not a branch in `kerasgan.training.train`.
"""

from kerasgan.recipes.base import RECIPE_SETTINGS, Recipe
from kerasgan.recipes.images import ImagesRecipe
from kerasgan.recipes.translation import PairedRecipe, SuperResolutionRecipe, UnpairedRecipe


def recipes():
    """Dict from recipe name to a new instance of each recipe."""
    return {
        cls.name: cls()
        for cls in (ImagesRecipe, PairedRecipe, UnpairedRecipe, SuperResolutionRecipe)
    }


def get_recipe(name):
    """The recipe called `name` ("images", "paired", "unpaired", "superres").

    Raises:
        ValueError: for an unknown name.
    """
    table = recipes()
    if name not in table:
        raise ValueError(f"unknown recipe {name!r}; known: {', '.join(table)}.")
    return table[name]


__all__ = ["RECIPE_SETTINGS", "Recipe", "get_recipe", "recipes"]
