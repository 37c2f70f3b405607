"""The backend module's four operations, on the running backend."""

import keras
import numpy as np
from keras import ops

from kerasgan.backend import get_backend


def as_numpy(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_value_and_grad_of_a_quadratic_with_aux():
    backend = get_backend()
    values = [
        ops.convert_to_tensor(np.array([1.0, -2.0], "float32")),
        ops.convert_to_tensor(np.array(3.0, "float32")),
        ops.convert_to_tensor(np.array([5.0], "float32")),
    ]

    def fn(v):
        loss = ops.sum(v[0] ** 2) + 4.0 * v[1]  # v[2] unused: its gradient is zero
        return loss, {"double": 2.0 * loss}

    (loss, aux), grads = backend.value_and_grad(fn, values)
    assert np.isclose(as_numpy(loss), 17.0)
    assert np.isclose(as_numpy(aux["double"]), 34.0)
    np.testing.assert_allclose(as_numpy(grads[0]), [2.0, -4.0])
    np.testing.assert_allclose(as_numpy(grads[1]), 4.0)
    np.testing.assert_allclose(as_numpy(grads[2]), [0.0])


def test_input_gradient_is_differentiable_again():
    """d/dw of ||d/dx sum(w * x^2)||^2 = d/dw sum((2 w x)^2) = 8 w sum(x^2)."""
    backend = get_backend()
    x = ops.convert_to_tensor(np.array([[1.0, 2.0]], "float32"))

    def fn(v):
        w = v[0]
        grad = backend.input_gradient(lambda inputs: w * inputs**2, x)
        return ops.sum(grad**2), ()

    (loss, _), grads = backend.value_and_grad(fn, [ops.convert_to_tensor(np.float32(3.0))])
    assert np.isclose(as_numpy(loss), 4 * 9 * 5)
    assert np.isclose(as_numpy(grads[0]), 8 * 3 * 5)


def test_apply_gradients_takes_one_sgd_step():
    backend = get_backend()
    variable = keras.Variable(np.array([1.0, 2.0], "float32"))
    optimizer = keras.optimizers.SGD(learning_rate=0.5)
    optimizer.build([variable])
    value = backend.read_value(variable)
    grads = [ops.convert_to_tensor(np.array([1.0, -1.0], "float32"))]
    opt_values = [backend.read_value(v) for v in optimizer.variables]
    new_values, new_opt = backend.apply_gradients(optimizer, opt_values, grads, [value], [variable])
    np.testing.assert_allclose(as_numpy(new_values[0]), [0.5, 2.5])
    iterations = [v for v, val in zip(optimizer.variables, new_opt) if "iteration" in v.path]
    assert iterations
    index = list(optimizer.variables).index(iterations[0])
    assert int(as_numpy(new_opt[index])) == 1


def test_apply_gradients_starts_from_the_values_passed_not_the_variables():
    """Within a step the values can differ from what the variables hold (weight
    clipping between two phases on one network): the update must start from the
    values, on every backend (TensorFlow's stateful apply once started from the
    variables)."""
    backend = get_backend()
    variable = keras.Variable(np.array([1.0, 2.0], "float32"))
    optimizer = keras.optimizers.SGD(learning_rate=0.5)
    optimizer.build([variable])
    clipped = ops.convert_to_tensor(np.array([0.1, -0.1], "float32"))
    grads = [ops.convert_to_tensor(np.array([1.0, -1.0], "float32"))]
    opt_values = [backend.read_value(v) for v in optimizer.variables]
    new_values, _ = backend.apply_gradients(optimizer, opt_values, grads, [clipped], [variable])
    np.testing.assert_allclose(as_numpy(new_values[0]), [-0.4, 0.4], rtol=1e-6)


def test_read_value_matches_the_variable():
    variable = keras.Variable(np.arange(3, dtype="float32"))
    np.testing.assert_array_equal(as_numpy(get_backend().read_value(variable)), [0, 1, 2])


def test_unknown_backend_name():
    import pytest

    with pytest.raises(ValueError, match="supports the backends"):
        get_backend("mxnet")
