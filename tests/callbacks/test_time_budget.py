"""`--time-budget`: the duration parser, the stopping callback and the budget-long decay."""

import itertools

import keras
import numpy as np
import pytest

from kerasgan.callbacks import TimeBudget
from kerasgan.callbacks.lr_decay import LinearDecay, budget_factor
from kerasgan.errors import ConfigError
from kerasgan.runs.duration import format_duration, parse_duration
from tests.helpers import tiny_model


@pytest.mark.parametrize(
    "text, seconds",
    [("90s", 90), ("10m", 600), ("2h", 7200), ("1h30m", 5400), ("1.5h", 5400), ("600", 600),
     ("0.5", 0.5), ("1d", 86400), (" 2M 5S ", 125)],
)  # fmt: skip
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["0", "0s", "-5m", "abc", "10x", "m", "", "nan", "inf", "5m-1s"])
def test_bad_durations_are_one_line_errors(text):
    with pytest.raises(ConfigError, match="--time-budget must be a") as error:
        parse_duration(text)
    assert "\n" not in str(error.value)


def test_durations_read_well():
    assert format_duration(45.24) == "45.2 s"
    assert format_duration(725) == "12 min 5 s"
    assert format_duration(7380) == "2 h 3 min"


class Counter(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches, self.epochs = 0, 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1

    def on_epoch_end(self, epoch, logs=None):
        self.epochs += 1


def test_training_stops_in_the_batch_that_spends_the_budget(capsys):
    model = tiny_model("dcgan")
    images = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    ticks = itertools.count()  # one second per clock reading: train begin, then each batch
    budget, counter = TimeBudget(5, clock=lambda: next(ticks)), Counter()
    model.fit(images, batch_size=8, epochs=100, verbose=0, callbacks=[budget, counter])
    # 4 batches per epoch: the 5th batch (epoch 2, batch 1) spends the budget
    assert budget.reached and budget.stopped == (2, 1)
    assert counter.batches == 5 and counter.epochs == 2  # the partial epoch ends normally
    out = capsys.readouterr().out
    assert "stopped in epoch 2 after 1 batches" in out and "--resume" in out


def test_a_budget_not_reached_changes_nothing():
    model = tiny_model("dcgan")
    images = np.zeros((16, 8, 8, 1), "float32")
    budget, counter = TimeBudget(3600, clock=lambda: 0.0), Counter()
    model.fit(images, batch_size=8, epochs=2, verbose=0, callbacks=[budget, counter])
    assert not budget.reached and counter.batches == 4


def test_decay_spans_the_budget():
    assert budget_factor(0.2, 0.5) == 1.0
    assert budget_factor(0.75, 0.5) == pytest.approx(0.5)
    assert budget_factor(1.0, 0.5) == 0.0
    assert budget_factor(0.9, 1.0) == 1.0

    class Optimizer:
        learning_rate = 0.1

    class Model:
        phase_optimizers = {"g": Optimizer()}

    now = [0.0]
    decay = LinearDecay(Model(), 0.5, time_budget=100, clock=lambda: now[0])
    decay.set_params({"epochs": 10**6})
    decay.set_model(Model())
    decay.on_train_begin()
    rates = []
    for epoch, seconds in enumerate((0, 40, 75, 100)):
        now[0] = seconds
        decay.on_epoch_begin(epoch)
        rates.append(Model.phase_optimizers["g"].learning_rate)
    np.testing.assert_allclose(rates, [0.1, 0.1, 0.05, 0.0])
