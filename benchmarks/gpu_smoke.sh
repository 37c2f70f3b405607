#!/usr/bin/env bash
# gpu_smoke.sh: does each installed Keras backend see the GPU and train on it, and how fast?
#
# For each backend (tensorflow, jax, torch) that is installed, in its own processes:
#   1. `kerasgan devices --backend B` says which devices the backend sees;
#   2. if it sees a GPU (gpu:N for TensorFlow and JAX, cuda:N for PyTorch), dcgan trains for a
#      few steps through benchmarks/throughput.py (one fit() on the bundled Fashion-MNIST test
#      split, compilation and warm-up steps excluded: see its docstring for the method);
#   3. one block per backend gives the devices and their model names as the training process
#      saw them, and the median images/s of the timed windows.
# A last line sums up every backend. Nothing is downloaded; nothing is written outside a
# temporary folder that is removed at the end.
#
# Without a GPU each backend says so ("NO GPU visible") and is not timed, and the exit status
# is 1; --cpu times it on the CPU instead, with smaller defaults (batch 64, 1 warm-up step,
# 2 windows of 2 steps: all three took 1 min 46 s on a busy 2-core machine). With
# several GPUs a backend lists all of them but trains on the first (no distribution strategy
# here). Runs unchanged on any NVIDIA machine where jax/tensorflow/torch have their CUDA
# builds (README, "Installing for GPUs"); hide the GPUs with CUDA_VISIBLE_DEVICES= to see the
# CPU path.
#
# Usage:
#   benchmarks/gpu_smoke.sh                          # every installed backend, on the GPU
#   benchmarks/gpu_smoke.sh --backends jax,torch --batch-size 512 --steps 50
#   benchmarks/gpu_smoke.sh --cpu                    # no GPU: time the backends on the CPU
# Options: --backends LIST (default tensorflow,jax,torch), --variant NAME (default dcgan),
#   --batch-size B (256; --cpu: 64), --steps N (steps per timed window, 20; --cpu: 2),
#   --repeats N (timed windows, 3; --cpu: 2), --warmup-steps N (5; --cpu: 1),
#   --timeout S (seconds per backend, 900), --cpu. PYTHON=... picks the interpreter (default:
#   python, else python3).
# Exit status: 0 when every installed backend trained on a GPU (with --cpu: trained at all);
#   1 when one saw no GPU (without --cpu), failed, or no backend is installed; 2 for bad options.

set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd) || exit 2
cd "$HERE/.." || exit 2
PYTHON=${PYTHON:-$(command -v python || command -v python3 || echo python)}
ALL_BACKENDS="tensorflow jax torch"

usage() { sed -n '2,/^$/p' "$HERE/gpu_smoke.sh" | sed 's/^# \{0,1\}//'; }
fail_usage() { echo "gpu_smoke.sh: error: $1" >&2; exit 2; }
positive() {  # positive NAME VALUE: VALUE is a whole number of at least 1
  [[ "$2" =~ ^[0-9]+$ && "$2" -ge 1 ]] || fail_usage "$1 must be a whole number of at least 1, not '$2'."
}

cpu=0 backends="tensorflow,jax,torch" variant=dcgan timeout=900
batch="" steps="" repeats="" warmup=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cpu) cpu=1; shift; continue ;;
    -h|--help) usage; exit 0 ;;
    --backends|--variant|--batch-size|--steps|--repeats|--warmup-steps|--timeout)
      [[ $# -ge 2 ]] || fail_usage "$1 needs a value." ;;
    *) fail_usage "unknown option '$1' (see --help)." ;;
  esac
  case "$1" in
    --backends) backends=$2 ;;
    --variant) variant=$2 ;;
    --batch-size) positive "$1" "$2"; batch=$2 ;;
    --steps) positive "$1" "$2"; steps=$2 ;;
    --repeats) positive "$1" "$2"; repeats=$2 ;;
    --warmup-steps) positive "$1" "$2"; warmup=$2 ;;
    --timeout) positive "$1" "$2"; timeout=$2 ;;
  esac
  shift 2
done
if [[ $cpu == 1 ]]; then
  batch=${batch:-64} steps=${steps:-2} repeats=${repeats:-2} warmup=${warmup:-1}
else
  batch=${batch:-256} steps=${steps:-20} repeats=${repeats:-3} warmup=${warmup:-5}
fi
IFS=', ' read -r -a chosen <<< "$backends"
[[ ${#chosen[@]} -ge 1 ]] || fail_usage "--backends is empty: name some of $ALL_BACKENDS."
for backend in "${chosen[@]}"; do
  [[ " $ALL_BACKENDS " == *" $backend "* ]] \
    || fail_usage "--backends: '$backend' is not one of $ALL_BACKENDS."
done
command -v "$PYTHON" >/dev/null || fail_usage "no Python interpreter '$PYTHON' (set PYTHON=...)."

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}

echo "gpu_smoke: $variant, batch $batch, $warmup warm-up steps, then $repeats windows of" \
  "$steps steps per backend$([[ $cpu == 1 ]] && echo ' (--cpu: CPU allowed)')"
status=0 trained=0 summary=()
for backend in "${chosen[@]}"; do
  if ! "$PYTHON" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$backend') is None)"; then
    echo "$backend: not installed (skipped)"
    summary+=("$backend not installed")
    continue
  fi
  if ! line=$("$PYTHON" -m kerasgan.cli.main devices --backend "$backend" 2>"$tmp/err") \
      || [[ $line != "backend: "* ]]; then
    echo "$backend: FAILED to start: $(grep -v '^\s*$' "$tmp/err" | tail -n 1)"
    summary+=("$backend FAILED")
    status=1
    continue
  fi
  framework=${line#backend: }
  framework=${framework%%, devices: *}
  seen=${line##*, devices: }
  if [[ ", $seen" =~ ,\ (gpu|cuda): ]]; then
    echo "$framework: sees a GPU (devices: $seen)"
  elif [[ $cpu == 1 ]]; then
    echo "$framework: NO GPU visible (devices: $seen); timing on the CPU (--cpu)"
  else
    echo "$framework: NO GPU visible (devices: $seen); not timed. Install its CUDA build" \
      "(README, 'Installing for GPUs') or pass --cpu to time it on the CPU."
    summary+=("$backend NO GPU")
    status=1
    continue
  fi
  "$PYTHON" benchmarks/throughput.py --backends "$backend" --variants "$variant" \
    --batch-sizes "$batch" --steps "$steps" --repeats "$repeats" --warmup-steps "$warmup" \
    --no-torch-loop --no-gemm --timeout "$timeout" --json-out "$tmp/$backend.json" \
    >"$tmp/$backend.log" 2>&1
  if result=$("$PYTHON" - "$tmp/$backend.json" <<'EOF'
"""Prints the timing of throughput.py's one row; exits 1 (with the error) when it failed."""
import json
import sys

try:
    with open(sys.argv[1]) as f:
        row = json.load(f)["rows"][0]
except (OSError, ValueError, LookupError):
    print("  FAILED: throughput.py wrote no result")
    sys.exit(1)
if "error" in row or row.get("median") is None:
    print(f"  FAILED: {row.get('error', 'no timed window')}")
    sys.exit(1)
kinds = sorted(set(row.get("device_kinds") or []))
named = f" ({', '.join(kinds)})" if kinds else ""
windows = len(row["rates"])
print(f"  devices the training saw: {', '.join(row['devices'])}{named}")
print(
    f"  {row['variant']}, batch {row['batch_size']}: {row['median']:.1f} images/s (median of "
    f"{windows} windows of {row['steps']} steps, range {row['min']:.1f}-{row['max']:.1f}; "
    f"first step {row['first_step_s']:.1f} s)"
)
print(f"@@ {row['median']:.1f}")
EOF
  ); then
    echo "${result%$'\n'@@ *}"
    rate=${result##*@@ }
    if [[ ", $seen" =~ ,\ (gpu|cuda): ]]; then
      summary+=("$backend GPU $rate images/s")
    else
      summary+=("$backend CPU $rate images/s")
    fi
    trained=$((trained + 1))
  else
    echo "$result"
    echo "  (last lines of throughput.py:)"
    tail -n 3 "$tmp/$backend.log" | sed 's/^/    /'
    summary+=("$backend FAILED")
    status=1
  fi
done
if [[ $trained == 0 && ${#summary[@]} -gt 0 && $status == 0 ]]; then
  summary+=("no backend installed")
  status=1
fi
(IFS='|'; echo "summary: ${summary[*]}" | sed 's/|/; /g')
exit $status
