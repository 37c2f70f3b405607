"""The GPU install routes stay in step with pyproject.toml (README, "Installing for GPUs")."""

import re
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

ROOT = Path(__file__).resolve().parents[1]


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirement_lines(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_gpu_tensorflow_requirements_are_the_dependencies_with_the_cuda_wheel():
    dependencies = project()["dependencies"]
    cpu = [d for d in dependencies if re.match(r"tensorflow-cpu\b", d)]
    assert len(cpu) == 1, dependencies  # the CPU default stays the base dependency
    expected = [
        d.replace("tensorflow-cpu", "tensorflow[and-cuda]", 1) if d in cpu else d
        for d in dependencies
    ]
    listed = requirement_lines(ROOT / "requirements" / "gpu-tensorflow.txt")
    assert sorted(listed) == sorted(expected)


def test_gpu_jax_extra_adds_the_cuda_plugin_to_the_jax_extra():
    extras = project()["optional-dependencies"]
    version = extras["jax"][0].split(">=")[1]
    assert extras["gpu-jax"] == [f"jax[cuda12]>={version}"]
    assert not any("tensorflow" in d or "torch" in d for d in extras["gpu-jax"])
