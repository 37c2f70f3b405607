"""Adversarial losses as pure `keras.ops` functions over discriminator logits.

Each loss is a pair: `discriminator(real_logits, fake_logits)` and
`generator(fake_logits, real_logits)`, both returning a scalar. Discriminators in
kerasgan output raw scores (logits); sigmoid-based losses apply it here, stably.

Look a pair up by name with `get_loss(name)`; `LOSSES` lists the names.

Example:
    >>> d_loss, g_loss = get_loss("non_saturating")
    >>> d_loss(real_logits, fake_logits), g_loss(fake_logits, real_logits)
"""

from collections.abc import Callable
from typing import NamedTuple

from keras import ops


class AdversarialLoss(NamedTuple):
    """A discriminator loss and a generator loss, plus whether D is a classifier.

    Attributes:
        discriminator: `fn(real_logits, fake_logits) -> scalar`.
        generator: `fn(fake_logits, real_logits) -> scalar`.
        probabilistic: True when `sigmoid(logit)` is D's probability that the input
            is real, so that real/fake accuracies are meaningful.
    """

    discriminator: Callable
    generator: Callable
    probabilistic: bool


def bce_real(logits):
    """Mean binary cross-entropy of logits against the label 1: mean(softplus(-x))."""
    return ops.mean(ops.softplus(-logits))


def bce_fake(logits):
    """Mean binary cross-entropy of logits against the label 0: mean(softplus(x))."""
    return ops.mean(ops.softplus(logits))


def minimax_discriminator(real_logits, fake_logits):
    """D maximises log D(x) + log(1 - D(G(z))) (Goodfellow et al. 2014)."""
    return bce_real(real_logits) + bce_fake(fake_logits)


def minimax_generator(fake_logits, real_logits=None):
    """G minimises log(1 - D(G(z))), the saturating game of Goodfellow et al. 2014."""
    del real_logits
    return -bce_fake(fake_logits)


def non_saturating_generator(fake_logits, real_logits=None):
    """G maximises log D(G(z)) (the heuristic of Goodfellow et al. 2014, section 3)."""
    del real_logits
    return bce_real(fake_logits)


def wasserstein_discriminator(real_logits, fake_logits):
    """The critic maximises E[D(x)] - E[D(G(z))] (Arjovsky et al. 2017)."""
    return ops.mean(fake_logits) - ops.mean(real_logits)


def wasserstein_generator(fake_logits, real_logits=None):
    """G maximises E[D(G(z))] (Arjovsky et al. 2017)."""
    del real_logits
    return -ops.mean(fake_logits)


def least_squares_discriminator(real_logits, fake_logits):
    """0.5 E[(D(x) - 1)^2] + 0.5 E[D(G(z))^2], the 0-1 coding of Mao et al. 2017."""
    return 0.5 * ops.mean(ops.square(real_logits - 1.0)) + 0.5 * ops.mean(ops.square(fake_logits))


def least_squares_generator(fake_logits, real_logits=None):
    """0.5 E[(D(G(z)) - 1)^2] (Mao et al. 2017)."""
    del real_logits
    return 0.5 * ops.mean(ops.square(fake_logits - 1.0))


def hinge_discriminator(real_logits, fake_logits):
    """E[relu(1 - D(x))] + E[relu(1 + D(G(z)))] (Lim & Ye 2017; Miyato et al. 2018)."""
    return ops.mean(ops.relu(1.0 - real_logits)) + ops.mean(ops.relu(1.0 + fake_logits))


def hinge_generator(fake_logits, real_logits=None):
    """-E[D(G(z))] (Lim & Ye 2017)."""
    del real_logits
    return -ops.mean(fake_logits)


def _losses():
    return {
        "minimax": AdversarialLoss(minimax_discriminator, minimax_generator, True),
        "non_saturating": AdversarialLoss(minimax_discriminator, non_saturating_generator, True),
        "wasserstein": AdversarialLoss(wasserstein_discriminator, wasserstein_generator, False),
        "least_squares": AdversarialLoss(
            least_squares_discriminator, least_squares_generator, False
        ),
        "hinge": AdversarialLoss(hinge_discriminator, hinge_generator, False),
    }


LOSSES = tuple(_losses())


def get_loss(name):
    """Returns the `AdversarialLoss` registered as `name`.

    Args:
        name: one of `LOSSES`, or an `AdversarialLoss` (returned as is).

    Raises:
        ValueError: for an unknown name, listing the known ones.
    """
    if isinstance(name, AdversarialLoss):
        return name
    losses = _losses()
    if name not in losses:
        raise ValueError(f"Unknown loss {name!r}; choose one of: {', '.join(losses)}.")
    return losses[name]
