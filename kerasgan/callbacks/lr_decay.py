"""`LinearDecay`: CycleGAN's schedule, a constant learning rate then a linear fall to zero."""

import time

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


def budget_factor(fraction, start_fraction):
    """The multiplier when the schedule spans a time budget: 1 until `start_fraction` of
    the budget is spent, then falling linearly to zero at its end.

    Args:
        fraction: the share of the budget spent when the epoch begins, 0 to 1.
        start_fraction: the share trained at the initial rate.
    """
    if fraction < start_fraction or start_fraction >= 1.0:
        return 1.0
    return max(0.0, 1.0 - (fraction - start_fraction) / (1.0 - start_fraction))


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
        time_budget: seconds of training (`--time-budget`): the schedule also spans the
            budget, its position read from the clock at each epoch's start; the lower of
            the two rates applies. None: epochs only.
        clock: a `time.monotonic`-like function (tests use a fake one).

    Example:
        >>> gan.compile()
        >>> gan.fit(batches, epochs=200, callbacks=[LinearDecay(gan, 0.5)])

    Reference: Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017, section 4 (training details).
    """

    def __init__(self, model, start_fraction=0.5, time_budget=None, clock=time.monotonic):
        super().__init__()
        if not 0.0 <= float(start_fraction) <= 1.0:
            raise ValueError(f"start_fraction must be in [0, 1], not {start_fraction}.")
        self.start_fraction = float(start_fraction)
        self.time_budget = None if time_budget is None else float(time_budget)
        self.clock = clock
        self.start = None
        self.base = {
            key: float(keras.ops.convert_to_numpy(opt.learning_rate))
            for key, opt in model.phase_optimizers.items()
        }

    def on_train_begin(self, logs=None):
        self.start = self.clock()

    def on_epoch_begin(self, epoch, logs=None):
        total = int(self.params.get("epochs") or epoch + 1)
        factor = decay_factor(epoch, round(self.start_fraction * total), total)
        if self.time_budget is not None:  # with epochs too: whichever is further along
            spent = (self.clock() - self.start) / self.time_budget
            factor = min(factor, budget_factor(min(spent, 1.0), self.start_fraction))
        for key, optimizer in self.model.phase_optimizers.items():
            optimizer.learning_rate = self.base[key] * factor

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            first = next(iter(self.model.phase_optimizers.values()))
            logs["lr"] = float(keras.ops.convert_to_numpy(first.learning_rate))
