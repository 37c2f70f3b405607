"""Array helpers shared by the tests: numpy views, random images, reference formulas."""

import numpy as np
from keras import ops

from kerasgan.engine import StepContext


def numpy(x):
    """Any backend tensor or variable as a numpy array."""
    return np.asarray(ops.convert_to_numpy(x))


def numpy_of(tensors):
    """A list of numpy arrays from a sequence of tensors."""
    return [numpy(t) for t in tensors]


def scalar(tensor):
    """A scalar tensor as a Python float."""
    return float(numpy(tensor))


def images(n, shape, seed=0):
    """A fixed float32 batch of `n` images of `shape`, uniform in [-1, 1]."""
    return np.random.default_rng(seed).uniform(-1, 1, (n, *shape)).astype("float32")


def random(*shape, seed=0, scale=1.0):
    """A fixed float32 normal array."""
    return (scale * np.random.default_rng(seed).normal(size=shape)).astype("float32")


def softplus(x):
    """log(1 + exp(x)) in numpy."""
    return np.logaddexp(0.0, x)


def cross_entropy(labels, logits):
    """Mean sparse categorical cross-entropy from logits, in numpy."""
    logits = logits - logits.max(axis=-1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=-1, keepdims=True))
    return -np.mean(log_probs[np.arange(len(labels)), labels])


def changed(before, after):
    """How many arrays differ at all between two lists of weights (0: none changed)."""
    return sum(not np.array_equal(b, a) for b, a in zip(before, after))


def weights_of(network):
    """Copies of a network's weight values."""
    return [np.array(w) for w in network.get_weights()]


def trainable_of(network):
    """Copies of a network's trainable weights (not BatchNorm's moving statistics)."""
    return [numpy(v).copy() for v in network.trainable_variables]


def step_context(model):
    """A StepContext over the model's current variable values (outside training)."""
    values = {id(v): v.value for v in model.variables}
    values[id(model.seed_generator.state)] = model.seed_generator.state.value
    return StepContext(model, values)
