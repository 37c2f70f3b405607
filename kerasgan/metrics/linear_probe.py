"""Linear probe: how linearly separable the classes are in a feature space (an encoder's codes).

A multinomial logistic regression (softmax regression) is fitted on training features and scored
on held-out ones. Features are standardised with the training set's mean and standard deviation;
the L2-regularised mean cross-entropy is convex, minimised from zero weights by scipy's L-BFGS,
so the result is deterministic (no seed). Used as in BiGAN's feature-learning experiments
(Donahue et al. 2017, arXiv:1605.09782), where the encoder's features are probed for the class.
"""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize


@dataclass
class LinearProbe:
    """A fitted softmax regression on standardised features.

    Attributes:
        weights: float64 array (features, classes).
        bias: float64 array (classes,).
        mean: the training features' mean, subtracted before the weights.
        scale: the training features' standard deviation (1 where it is 0).
    """

    weights: np.ndarray
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def logits(self, features):
        """Class scores (n, classes) of features (n, ...), flattened per row."""
        standard = (_flat(features, len(self.mean)) - self.mean) / self.scale
        return standard @ self.weights + self.bias

    def predict(self, features):
        """The most likely class of each row of `features`: int64 array (n,)."""
        return np.argmax(self.logits(features), axis=1)

    def accuracy(self, features, labels):
        """Fraction of rows whose predicted class is their label."""
        labels = _labels(labels, len(features))
        return float(np.mean(self.predict(features) == labels))


def _flat(features, width=None):
    features = np.asarray(features, np.float64)
    features = features.reshape(len(features), -1)
    if width is not None and features.shape[1] != width:
        raise ValueError(f"features have {features.shape[1]} values per row, the probe {width}.")
    return features


def _labels(labels, count):
    labels = np.asarray(labels).reshape(-1)
    if len(labels) != count or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"expected {count} integer labels, got {labels.dtype} {labels.shape}.")
    if len(labels) and labels.min() < 0:
        raise ValueError("labels must be 0, 1, 2...; got a negative one.")
    return labels


def fit_linear_probe(features, labels, num_classes=None, l2=1e-4, max_iter=500):
    """Fits a softmax regression of `labels` on `features`.

    Minimises mean cross-entropy + `l2` / 2 * ||W||^2 (bias not penalised) over
    standardised features (scikit-learn's `LogisticRegression(C=1 / (l2 * n))` on
    the same standardised features minimises the same function).

    Args:
        features: float array (n, ...) of training features; flattened per row.
        labels: int array (n,) of classes in [0, num_classes).
        num_classes: number of classes (default: the largest label + 1).
        l2: weight of the L2 penalty on the weights.
        max_iter: L-BFGS iterations at most.

    Returns:
        A `LinearProbe`.

    Example:
        >>> probe = fit_linear_probe(model.encode(train_x), train_y)
        >>> probe.accuracy(model.encode(test_x), test_y)
    """
    x = _flat(features)
    y = _labels(labels, len(x))
    k = int(num_classes or y.max(initial=0) + 1)
    if len(x) < 2 or y.max(initial=0) >= k:
        raise ValueError(f"need 2 or more features and labels below {k} classes.")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    x = (x - mean) / scale
    onehot = np.eye(k)[y]
    d = x.shape[1]

    def objective(theta):
        weights, bias = theta[: d * k].reshape(d, k), theta[d * k :]
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        loss = -np.mean(np.sum(onehot * log_p, axis=1)) + 0.5 * l2 * np.sum(weights**2)
        error = (np.exp(log_p) - onehot) / len(x)
        grad = np.concatenate([(x.T @ error + l2 * weights).ravel(), error.sum(axis=0)])
        return loss, grad

    found = minimize(
        objective, np.zeros(d * k + k), jac=True, method="L-BFGS-B", options={"maxiter": max_iter}
    )
    theta = found.x
    return LinearProbe(theta[: d * k].reshape(d, k), theta[d * k :], mean, scale)


def linear_probe_accuracy(
    train_features, train_labels, test_features, test_labels, l2=1e-4, max_iter=500
):
    """Held-out accuracy of a softmax regression fitted on the training features.

    Args:
        train_features: float array (n, ...) the probe is fitted on.
        train_labels: int array (n,) of their classes.
        test_features: float array (m, ...) it is scored on, same width.
        test_labels: int array (m,) of their classes.
        l2: weight of the L2 penalty (see `fit_linear_probe`).
        max_iter: L-BFGS iterations at most.

    Returns:
        The fraction of held-out rows classified correctly, a float in [0, 1].

    Example:
        >>> linear_probe_accuracy(bigan.encode(x), y, bigan.encode(x_test), y_test)
        0.8...
    """
    num_classes = int(max(np.max(train_labels), np.max(test_labels)) + 1)
    probe = fit_linear_probe(train_features, train_labels, num_classes, l2, max_iter)
    return probe.accuracy(test_features, test_labels)
