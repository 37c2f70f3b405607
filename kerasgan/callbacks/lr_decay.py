"""`LinearDecay`: CycleGAN's schedule, a constant learning rate then a linear fall to zero."""

import keras


def decay_factor(epoch, start, total):
    """The learning-rate multiplier of 0-based `epoch` (Zhu et al. 2017's schedule).

    1 for the epochs before `start`, then falling linearly so that it would reach
    zero one epoch after the last: `1 - (epoch - start + 1) / (total - start + 1)`.

    Args:
        epoch: the 0-based epoch about to run.
        start: the first epoch whose rate is decayed.
        total: the number of epochs of the run.
    """
    if epoch < start:
        return 1.0
    return max(0.0, 1.0 - (epoch - start + 1) / float(total - start + 1))


class LinearDecay(keras.callbacks.Callback):
    """Keeps every phase optimizer's learning rate, then decays it linearly to zero.

    The paper trains 100 epochs at the initial rate and 100 more with the rate
    falling to zero; `start_fraction=0.5` gives that split for any `epochs`. The
    base rates are read when the callback is made, so create it after `compile()`
    and before a checkpoint is restored (a restored optimizer holds a decayed rate).

    Args:
        model: the compiled `kerasgan.engine.model.PhasedModel` (its `phase_optimizers`).
        start_fraction: the fraction of the epochs trained at the initial rate
            (1 disables the decay).

    Example:
        >>> gan.compile()
        >>> gan.fit(batches, epochs=200, callbacks=[LinearDecay(gan, 0.5)])

    Reference: Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017, section 4 (training details).
    """

    def __init__(self, model, start_fraction=0.5):
        super().__init__()
        if not 0.0 <= float(start_fraction) <= 1.0:
            raise ValueError(f"start_fraction must be in [0, 1], not {start_fraction}.")
        self.start_fraction = float(start_fraction)
        self.base = {
            key: float(keras.ops.convert_to_numpy(opt.learning_rate))
            for key, opt in model.phase_optimizers.items()
        }

    def on_epoch_begin(self, epoch, logs=None):
        total = int(self.params.get("epochs") or epoch + 1)
        start = round(self.start_fraction * total)
        factor = decay_factor(epoch, start, total)
        for key, optimizer in self.model.phase_optimizers.items():
            optimizer.learning_rate = self.base[key] * factor

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            first = next(iter(self.model.phase_optimizers.values()))
            logs["lr"] = float(keras.ops.convert_to_numpy(first.learning_rate))
