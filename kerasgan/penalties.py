"""Regularisers of the discriminator, as pure `keras.ops` functions."""

from keras import ops


def gradient_norm(grads):
    """Per-sample L2 norm of a gradient over all but the batch axis.

    Args:
        grads: a tensor of shape (batch, ...).

    Returns:
        A (batch,) tensor.
    """
    flat = ops.reshape(grads, (ops.shape(grads)[0], -1))
    return ops.sqrt(ops.sum(ops.square(flat), axis=1) + 1e-12)


def gradient_penalty(grads, target=1.0):
    """Two-sided penalty E[(||grad D(x_hat)|| - target)^2] (Gulrajani et al. 2017).

    Args:
        grads: gradients of D's output with respect to the interpolated inputs.
        target: the norm the gradients are pulled towards (1 for WGAN-GP).
    """
    return ops.mean(ops.square(gradient_norm(grads) - target))


def interpolate(real, fake, alpha):
    """Points on the lines between real and fake samples: real + alpha (fake - real).

    Args:
        real: real images (batch, ...).
        fake: generated images, same shape.
        alpha: one weight per sample, shape (batch,), uniform in [0, 1]; it is
            broadcast over the other axes (one weight per sample, not per pixel).
    """
    shape = (ops.shape(real)[0],) + (1,) * (len(real.shape) - 1)
    alpha = ops.reshape(alpha, shape)
    return real + alpha * (fake - real)


def perturb(real, noise, scale=0.5):
    """DRAGAN's perturbed real points: x + scale * std(x) * noise.

    Args:
        real: a real batch (batch, ...).
        noise: uniform noise in [0, 1) of the same shape.
        scale: the perturbation's size in units of the batch's standard deviation
            (0.5 in the authors' code).

    Reference: Kodali et al., "On Convergence and Stability of GANs",
    arXiv:1705.07215, 2017 (DRAGAN).
    """
    return real + scale * ops.std(real) * noise


def r1_penalty(grads):
    """R1: E[||grad D(x)||^2] on real data, to be weighted by gamma / 2.

    Reference: Mescheder, Geiger & Nowozin, "Which Training Methods for GANs do
    actually Converge?", ICML 2018 (arXiv:1801.04406), equation 9.

    Args:
        grads: gradients of D's output with respect to real inputs.
    """
    flat = ops.reshape(grads, (ops.shape(grads)[0], -1))
    return ops.mean(ops.sum(ops.square(flat), axis=1))


def clip_weights(values, limit):
    """Weight clipping of the original WGAN: every value clipped into [-limit, limit].

    Reference: Arjovsky, Chintala & Bottou, "Wasserstein GAN", ICML 2017
    (arXiv:1701.07875), Algorithm 1.

    Args:
        values: a list of variable values.
        limit: the clipping bound c (0.01 in the paper).
    """
    return [ops.clip(v, -limit, limit) for v in values]


def pull_away_term(codes):
    """EBGAN's pull-away term: mean squared cosine similarity between distinct codes.

    Low when the generated batch's codes point in different directions, which
    discourages mode collapse.

    Reference: Zhao, Mathieu & LeCun, "Energy-based Generative Adversarial
    Network", ICLR 2017 (arXiv:1609.03126), equation 6.

    Args:
        codes: (batch, dim) encoder codes of a generated batch (batch >= 2).
    """
    n = ops.shape(codes)[0]
    unit = codes / ops.sqrt(ops.sum(ops.square(codes), axis=1, keepdims=True) + 1e-12)
    similarity = ops.square(ops.matmul(unit, ops.transpose(unit)))
    off_diagonal = ops.sum(similarity) - ops.sum(ops.diagonal(similarity))
    n = ops.cast(n, similarity.dtype)
    return off_diagonal / (n * (n - 1.0))
