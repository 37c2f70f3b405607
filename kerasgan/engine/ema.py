"""An exponential moving average of the generator's weights (generator EMA).

Sampling from an averaged copy of G gives smoother, better samples than the last
iterate (Karras et al., "Progressive Growing of GANs", ICLR 2018; Yazici et al.,
"The Unusual Effectiveness of Averaging in GAN Training", ICLR 2019).
"""

from keras import ops


def make_ema_copy(generator, name="generator_ema"):
    """A non-trainable copy of `generator` with the same weights, named `name`.

    Args:
        generator: a built kerasgan network (its config is complete).
        name: the copy's name.
    """
    config = {**generator.get_config(), "name": name}
    copy = type(generator).from_config(config)
    copy(*generator.example_inputs())
    copy.set_weights(generator.get_weights())
    copy.trainable = False
    return copy


def ema_decay_at(decay, updates):
    """The decay used after `updates` generator updates: min(decay, (1 + t) / (10 + t)).

    The warm-up keeps the average from being dominated by the random initial
    weights in short runs.

    Args:
        decay: the target decay.
        updates: the number of generator updates so far (a scalar tensor).
    """
    t = ops.cast(updates, "float32")
    return ops.minimum(decay, (1.0 + t) / (10.0 + t))


def updated_ema(weights, averages, trainable, decay):
    """New averages: decay * average + (1 - decay) * weight for trainable weights.

    Non-trainable weights (batch-norm statistics, spectral-norm vectors) are
    copied, not averaged.

    Args:
        weights: the generator's current weight values.
        averages: the EMA copy's values, in the same order.
        trainable: whether each weight is trainable.
        decay: the decay (a float or scalar tensor).
    """
    return [
        avg * decay + w * (1.0 - decay) if is_trainable else w
        for w, avg, is_trainable in zip(weights, averages, trainable)
    ]
