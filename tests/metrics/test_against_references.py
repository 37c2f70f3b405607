"""Our formulas against pytorch-fid and torch-fidelity on the same features.

Those packages import torchvision (not installable here) at module level, so the
functions under comparison are read out of their installed source files with `ast` and
run in a namespace holding numpy, scipy and torch. Nothing of theirs is copied into
kerasgan. Install them with `pip install --no-deps pytorch-fid torch-fidelity`
(the `dev` extra does); the tests skip when they are absent.
"""

import ast
import importlib.util
from pathlib import Path

import numpy as np
import pytest
from scipy import linalg

from kerasgan.metrics.frechet import feature_statistics, frechet_distance
from kerasgan.metrics.kid import mmd2_unbiased, polynomial_kernel
from kerasgan.metrics.precision_recall import precision_recall


def load_functions(package, module, names, namespace):
    """Executes the named top-level functions of `package/module.py` in `namespace`."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        pytest.skip(f"{package} is not installed (pip install --no-deps {package})")
    path = Path(spec.submodule_search_locations[0]) / f"{module}.py"
    tree = ast.parse(path.read_text())
    body = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in names]
    assert {n.name for n in body} == set(names), f"{names} not all found in {path}"
    exec(compile(ast.Module(body=body, type_ignores=[]), str(path), "exec"), namespace)
    return [namespace[name] for name in names]


def features(seed, n=300, d=16, shift=0.0):
    return np.random.default_rng(seed).normal(size=(n, d)) + shift


def test_frechet_distance_matches_pytorch_fid():
    (reference,) = load_functions(
        "pytorch_fid", "fid_score", ["calculate_frechet_distance"], {"np": np, "linalg": linalg}
    )
    a, b = features(0), features(1, shift=0.5) * 1.3
    ours = frechet_distance(*feature_statistics(a), *feature_statistics(b))
    theirs = reference(*feature_statistics(a), *feature_statistics(b))
    assert ours == pytest.approx(float(theirs), rel=1e-9)


def test_kid_mmd_matches_torch_fidelity():
    namespace = {
        "np": np,
        "vassert": lambda cond, msg: None,
        "get_kwarg": lambda name, kwargs: kwargs[name],
    }
    mmd2, kernel_poly = load_functions(
        "torch_fidelity", "metric_kid", ["mmd2", "kernel_poly"], namespace
    )
    x, y = features(2, n=200), features(3, n=200, shift=0.2)
    kwargs = {
        "kid_kernel_poly_degree": 3,
        "kid_kernel_poly_gamma": None,
        "kid_kernel_poly_coef0": 1,
    }
    theirs = mmd2(
        kernel_poly(x, x, **kwargs), kernel_poly(x, y, **kwargs), kernel_poly(y, y, **kwargs)
    )
    np.testing.assert_allclose(polynomial_kernel(x, y), kernel_poly(x, y, **kwargs))
    assert mmd2_unbiased(x, y) == pytest.approx(float(theirs), rel=1e-9)


def test_precision_recall_matches_torch_fidelity():
    torch = pytest.importorskip("torch")
    calc_cdist_full, prc = load_functions(
        "torch_fidelity",
        "metric_prc",
        ["calc_cdist_full", "calculate_precision_recall_full"],
        {"torch": torch},
    )
    real, fake = features(4, n=250), features(5, n=200, shift=0.7)
    # torch-fidelity's convention: features_1 generated, features_2 real.
    theirs = prc(torch.tensor(fake), torch.tensor(real), neighborhood=3)
    ours = precision_recall(real, fake, k=3)
    assert ours == pytest.approx(theirs, abs=1e-6)  # they average in float32
    assert 0.0 < ours[0] < 1.0 and 0.0 < ours[1] < 1.0
