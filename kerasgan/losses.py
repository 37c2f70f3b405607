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
        relativistic: True when the generator's loss also needs D's output on a
            real batch (the relativistic losses); the engine then passes it.
    """

    discriminator: Callable
    generator: Callable
    probabilistic: bool
    relativistic: bool = False


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


def least_squares(a=0.0, b=1.0, c=1.0):
    """Least-squares losses with the a-b-c coding of Mao et al. 2017 (LSGAN).

    D pulls real outputs to `b` and fake ones to `a`; G pulls fake outputs to `c`:
    D: 0.5 E[(D(x) - b)^2] + 0.5 E[(D(G(z)) - a)^2]; G: 0.5 E[(D(G(z)) - c)^2].
    The paper's two codings are (a, b, c) = (-1, 1, 0), which minimises the
    Pearson chi-squared divergence, and (0, 1, 1), used in its experiments.

    Reference: Mao et al., "Least Squares Generative Adversarial Networks",
    ICCV 2017 (arXiv:1611.04076).

    Args:
        a: target of D on generated images.
        b: target of D on real images.
        c: the value G wants D to give its images.
    """
    a, b, c = float(a), float(b), float(c)

    def discriminator(real_logits, fake_logits):
        return 0.5 * ops.mean(ops.square(real_logits - b)) + 0.5 * ops.mean(
            ops.square(fake_logits - a)
        )

    def generator(fake_logits, real_logits=None):
        del real_logits
        return 0.5 * ops.mean(ops.square(fake_logits - c))

    return AdversarialLoss(discriminator, generator, False)


def boundary_seeking_generator(fake_logits, real_logits=None):
    """0.5 E[(log D(G(z)) - log(1 - D(G(z))))^2] = 0.5 E[logit^2].

    G moves its samples to D's decision boundary, where D(G(z)) = 1/2, which is
    where the density ratio p_data / p_g estimated by an optimal D is one.

    Reference: Hjelm et al., "Boundary-Seeking Generative Adversarial Networks",
    ICLR 2018 (arXiv:1702.08431), equation 7.
    """
    del real_logits
    return 0.5 * ops.mean(ops.square(fake_logits))


def energy(margin=1.0):
    """Margin loss over energies (EBGAN): D's output is an energy, low on real data.

    D: E[E(x)] + E[max(0, m - E(G(z)))]; G: E[E(G(z))].

    Reference: Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial
    Network", ICLR 2017 (arXiv:1609.03126), equations 1 and 2.

    Args:
        margin: the margin m beyond which generated samples' energy is not pushed.
    """
    margin = float(margin)

    def discriminator(real_energy, fake_energy):
        return ops.mean(real_energy) + ops.mean(ops.relu(margin - fake_energy))

    def generator(fake_energy, real_energy=None):
        del real_energy
        return ops.mean(fake_energy)

    return AdversarialLoss(discriminator, generator, False)


def _relative(logits, others):
    """logits - E[others]: how much more real than the average other sample."""
    return logits - ops.mean(others)


def relativistic_average_discriminator(real_logits, fake_logits):
    """RaSGAN's D: real data should look more real than the average fake, and vice versa.

    -E[log sigmoid(C(x) - E C(G(z)))] - E[log(1 - sigmoid(C(G(z)) - E C(x)))].

    Reference: Jolicoeur-Martineau, "The relativistic discriminator: a key element
    missing from standard GAN", ICLR 2019 (arXiv:1807.00734), equations 13-14.
    """
    return bce_real(_relative(real_logits, fake_logits)) + bce_fake(
        _relative(fake_logits, real_logits)
    )


def relativistic_average_generator(fake_logits, real_logits):
    """RaSGAN's G: the same game with real and fake swapped."""
    return bce_real(_relative(fake_logits, real_logits)) + bce_fake(
        _relative(real_logits, fake_logits)
    )


def relativistic_average_ls_discriminator(real_logits, fake_logits):
    """RaLSGAN's D: E[(C(x) - E C(G(z)) - 1)^2] + E[(C(G(z)) - E C(x) + 1)^2]."""
    return ops.mean(ops.square(_relative(real_logits, fake_logits) - 1.0)) + ops.mean(
        ops.square(_relative(fake_logits, real_logits) + 1.0)
    )


def relativistic_average_ls_generator(fake_logits, real_logits):
    """RaLSGAN's G: E[(C(G(z)) - E C(x) - 1)^2] + E[(C(x) - E C(G(z)) + 1)^2]."""
    return relativistic_average_ls_discriminator(fake_logits, real_logits)


def relativistic_average_hinge_discriminator(real_logits, fake_logits):
    """RaHingeGAN's D: E[relu(1 - (C(x) - E C(G(z))))] + E[relu(1 + C(G(z)) - E C(x))]."""
    return ops.mean(ops.relu(1.0 - _relative(real_logits, fake_logits))) + ops.mean(
        ops.relu(1.0 + _relative(fake_logits, real_logits))
    )


def relativistic_average_hinge_generator(fake_logits, real_logits):
    """RaHingeGAN's G: D's game with real and fake swapped."""
    return relativistic_average_hinge_discriminator(fake_logits, real_logits)


def class_cross_entropy(labels, class_logits):
    """Mean sparse categorical cross-entropy of `class_logits` against int `labels`."""
    return ops.mean(ops.sparse_categorical_crossentropy(labels, class_logits, from_logits=True))


def _losses():
    return {
        "minimax": AdversarialLoss(minimax_discriminator, minimax_generator, True),
        "non_saturating": AdversarialLoss(minimax_discriminator, non_saturating_generator, True),
        "wasserstein": AdversarialLoss(wasserstein_discriminator, wasserstein_generator, False),
        "least_squares": AdversarialLoss(
            least_squares_discriminator, least_squares_generator, False
        ),
        "hinge": AdversarialLoss(hinge_discriminator, hinge_generator, False),
        "boundary_seeking": AdversarialLoss(
            minimax_discriminator, boundary_seeking_generator, True
        ),
        "energy": energy(),
        "relativistic_average": AdversarialLoss(
            relativistic_average_discriminator, relativistic_average_generator, False, True
        ),
        "relativistic_average_least_squares": AdversarialLoss(
            relativistic_average_ls_discriminator, relativistic_average_ls_generator, False, True
        ),
        "relativistic_average_hinge": AdversarialLoss(
            relativistic_average_hinge_discriminator,
            relativistic_average_hinge_generator,
            False,
            True,
        ),
    }


LOSSES = tuple(_losses())
ALIASES = {
    "ns": "non_saturating",
    "lsgan": "least_squares",
    "wgan": "wasserstein",
    "bgan": "boundary_seeking",
    "ebgan": "energy",
    "ragan": "relativistic_average",
    "ralsgan": "relativistic_average_least_squares",
    "rahinge": "relativistic_average_hinge",
}


def get_loss(name):
    """Returns the `AdversarialLoss` registered as `name`.

    Args:
        name: one of `LOSSES` or `ALIASES` (hyphens and case are ignored), or an
            `AdversarialLoss` (returned as is).

    Raises:
        ValueError: for an unknown name, listing the known ones.
    """
    if isinstance(name, AdversarialLoss):
        return name
    losses = _losses()
    key = str(name).strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    if key not in losses:
        raise ValueError(f"Unknown loss {name!r}; choose one of: {', '.join(losses)}.")
    return losses[key]
