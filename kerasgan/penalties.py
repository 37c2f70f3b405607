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
