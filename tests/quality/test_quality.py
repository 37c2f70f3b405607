"""Slow quality tests: a real short training run whose samples are judged.

The judge is the packaged Fashion-MNIST domain classifier (93% test accuracy):
- realism: the domain Frechet distance of the samples is a small fraction of an
  untrained generator's;
- diversity: the classifier sees at least six kinds of item among the samples, not one mode;
- for CGAN: the classifier recognises the class that was asked for.

Run with `bash tests/run_all_backends.sh -m slow` or
`KERAS_BACKEND=tensorflow python -m pytest -m slow tests/quality`.
"""

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("variant,epochs,ratio", [("dcgan", 4, 0.35), ("gan", 25, 0.55)])
def test_unconditional_samples_are_realistic_and_diverse(variant, epochs, ratio, data, judged):
    judged(variant, data, epochs, ratio)


def test_cgan_draws_the_class_asked_for(data, judged):
    predicted, asked, _ = judged("cgan", data, 4, ratio=0.35)
    accuracy = float((predicted == asked).mean())
    assert accuracy > 0.5, accuracy  # chance is 0.1


def test_wgan_gp_learns(data, judged):
    judged("wgan_gp", data, 4, ratio=0.6)


# The loss and regularisation family (issue 4). Thresholds leave room above the
# FD / untrained-FD ratios measured at 5 epochs (0.22 for EBGAN to 0.33 for LSGAN, see
# benchmarks/RESULTS.md); WGAN with clipping needs a longer run.
@pytest.mark.parametrize("variant", ["lsgan", "dragan", "bgan", "ragan", "ebgan", "sngan", "sagan"])
def test_loss_family_learns_in_four_epochs(variant, data, judged):
    judged(variant, data, 4, ratio=0.45)


def test_wgan_with_weight_clipping_learns_given_time(data, judged):
    judged("wgan", data, 30, ratio=0.5)
