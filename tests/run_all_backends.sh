#!/usr/bin/env bash
# The project's test command: lint, then the fast test suite once per Keras backend.
# Usage: bash tests/run_all_backends.sh [extra pytest args, e.g. -m slow]
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check .
ruff format --check .
marker=(-m "not slow")
# The fast suite's tiny programs cost JAX more to optimise than to run: XLA's optimisation
# passes off cut its time by a third. Runs with extra arguments (e.g. the slow training
# tests) keep them on.
fast_jax=1
if [ "$#" -gt 0 ]; then marker=(); fast_jax=0; fi
status=0
for backend in tensorflow jax torch; do
  echo "=== KERAS_BACKEND=$backend"
  JAX_DISABLE_MOST_OPTIMIZATIONS=$fast_jax KERAS_BACKEND=$backend \
    python -m pytest -q -p no:cacheprovider "${marker[@]}" "$@" tests || status=1
done
exit $status
