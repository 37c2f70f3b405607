"""Optimizer factories shared by variants (so no variant imports another for one)."""

import keras


def rmsprop(variant, learning_rate, overrides):
    """The RMSprop optimizer of WGAN and DualGAN.

    Args:
        variant: the variant's name, for the error message.
        learning_rate: the default rate (5e-5 in both papers).
        overrides: the user's `learning_rate` (others are refused: RMSprop has no
            beta_1 / beta_2).
    """
    extra = set(overrides) - {"learning_rate"}
    if extra:
        raise ValueError(
            f"{variant} trains with RMSprop, which has no {', '.join(sorted(extra))}; "
            "leave out --beta1 / --beta2."
        )
    return keras.optimizers.RMSprop(overrides.get("learning_rate", learning_rate))
