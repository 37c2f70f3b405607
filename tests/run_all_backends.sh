#!/usr/bin/env bash
# The project's test command: lint, then the fast test suite once per Keras backend.
# Usage: bash tests/run_all_backends.sh [extra pytest args, e.g. -m slow]
set -euo pipefail
cd "$(dirname "$0")/.."
ruff check .
ruff format --check .
marker=(-m "not slow")
if [ "$#" -gt 0 ]; then marker=(); fi
status=0
for backend in tensorflow jax torch; do
  echo "=== KERAS_BACKEND=$backend"
  KERAS_BACKEND=$backend python -m pytest -q -p no:cacheprovider "${marker[@]}" "$@" tests || status=1
done
exit $status
