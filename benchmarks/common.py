"""Helpers shared by the benchmark scripts: the FLOP model, timing windows, machine facts.

Nothing here imports keras, tensorflow, jax or torch at module level, so the parent process of
`throughput.py` stays free of any backend and each worker picks its own.

The FLOP model (documented in full in `throughput.py` and `README.md`):

- `2 * MACs` per image of every Dense, Conv2D and Conv2DTranspose layer's forward pass;
  normalisations, activations, reshapes, losses and optimizer updates are not counted.
- A forward plus backward pass costs 3 forwards (backward = input gradient + weight gradient).
- One training step on a batch of B real images, as kerasgan's engine runs it:
  D phase = G forward (no G backward: the fakes are `stop_gradient`) + D forward/backward on
  the real batch + D forward/backward on the fake batch [+ gradient penalty];
  G phase = G forward/backward + D forward/backward on a fake batch of B, run on one batch out
  of `n_critic`.
"""

import importlib.metadata
import importlib.util
import json
import os
import platform
import statistics
import time

ARCHITECTURE_PEAK_GFLOPS = 144.0
"""The fp32 peak ARCHITECTURE.md gives (it assumed AMD Zen 2: 2 cores x 2.25 GHz x 32 FLOP/cycle).
It is too low for this machine: see `MEASURED_PEAK_GFLOPS`."""

MEASURED_PEAK_GFLOPS = 546.0
"""This machine's fp32 peak as measured by `fma_probe()` on a quiet machine: 273 GFLOP/s per core
with independent AVX-512 FMAs, on both cores at once. /proc/cpuinfo says AMD family 26 (Zen 5:
two 512-bit FMA pipes, 64 fp32 FLOP/cycle), so the cores run at about 4.3 GHz, not the 2.6 GHz
the VM reports (`derived_peak()` gives 332 GFLOP/s at that nominal clock)."""

RESULT_PREFIX = "@@RESULT "
"""Workers print one JSON object per line after this prefix; everything else is log noise."""

BACKEND_MODULES = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}

GP_FORWARDS = 6
"""Approximate cost of WGAN-GP's gradient penalty in D forwards on the interpolated batch.

Building the input gradient is a forward plus an input-only backward (about 2 forwards); the
penalty's gradient with respect to D's weights differentiates that graph again (a backward of
a graph costs about twice its forward: about 4 more). So about 6 D forwards; this is an
approximation, not a count.
"""


# ------------------------------------------------------------------ FLOP model
def fashion_mnist_data():
    """The full Fashion-MNIST when it is available offline, else the bundled test split.

    Imports kerasgan's data package (no Keras) only when called.
    """
    from kerasgan.data import list_datasets

    offline = {info.name for info in list_datasets() if info.offline}
    return "fashion_mnist" if "fashion_mnist" in offline else "fashion_mnist_test"


def conv_macs(out_hw, in_channels, out_channels, kernel_hw):
    """MACs per image of a Conv2D: each output position sums kernel x in_channels inputs."""
    return out_hw[0] * out_hw[1] * out_channels * in_channels * kernel_hw[0] * kernel_hw[1]


def conv_transpose_macs(in_hw, in_channels, out_channels, kernel_hw):
    """MACs per image of a Conv2DTranspose: each input position scatters a kernel per channel."""
    return in_hw[0] * in_hw[1] * in_channels * out_channels * kernel_hw[0] * kernel_hw[1]


def dense_macs(in_features, units):
    """MACs per image of a Dense layer on a (batch, in_features) input."""
    return in_features * units


def step_flops_per_image(g_macs, d_macs, n_critic=1, gradient_penalty=False):
    """FLOPs of one training step divided by its number of real images.

    Args:
        g_macs: multiply-accumulates of one generator forward pass, per image.
        d_macs: same for the discriminator.
        n_critic: the generator phase runs on one batch out of `n_critic`.
        gradient_penalty: add WGAN-GP's penalty (`GP_FORWARDS` D forwards, approximate).

    Returns:
        A dict with `g_fwd`, `d_fwd`, `d_phase`, `g_phase` and `total` in FLOPs per image.
    """
    g_fwd, d_fwd = 2.0 * g_macs, 2.0 * d_macs
    d_phase = g_fwd + 2 * 3 * d_fwd + (GP_FORWARDS * d_fwd if gradient_penalty else 0.0)
    g_phase = 3 * g_fwd + 3 * d_fwd
    total = d_phase + g_phase / max(int(n_critic), 1)
    return {"g_fwd": g_fwd, "d_fwd": d_fwd, "d_phase": d_phase, "g_phase": g_phase, "total": total}


def keras_network_macs(network):
    """MACs per image of a built Keras network's Dense / Conv2D / Conv2DTranspose layers.

    Reads each layer's kernel and the input shape it was built with, so it counts the network
    that actually runs (label planes and one-hot codes included).
    """
    import keras

    from kerasgan.layers import EqualizedConv2D, EqualizedDense, ModulatedConv2D

    total = 0
    for layer in network._flatten_layers(include_self=False, recursive=True):
        shapes = getattr(layer, "_build_shapes_dict", None) or {}
        in_shape = shapes.get("input_shape")
        if in_shape is None or not hasattr(layer, "kernel"):
            continue
        kernel = tuple(layer.kernel.shape)
        if isinstance(layer, ModulatedConv2D):
            # Stride-1 "same" convolution at the input's size (twice it when upsampling);
            # the style's affine layer is counted as the EqualizedDense it is.
            factor = 2 if layer.upsample else 1
            spatial = [d * factor for d in in_shape[0][1:3]]
            total += conv_macs(spatial, kernel[2], kernel[3], kernel[:2])
        elif isinstance(layer, EqualizedConv2D):
            total += conv_macs(in_shape[1:3], kernel[2], kernel[3], kernel[:2])
        elif isinstance(layer, EqualizedDense):
            total += dense_macs(kernel[0], kernel[1])
        elif isinstance(layer, keras.layers.Conv2DTranspose):
            # kernel (kh, kw, out, in)
            total += conv_transpose_macs(in_shape[1:3], kernel[3], kernel[2], kernel[:2])
        elif isinstance(layer, keras.layers.Conv2D):
            out = layer.compute_output_shape(in_shape)
            total += conv_macs(out[1:3], kernel[2], kernel[3], kernel[:2])
        elif isinstance(layer, keras.layers.Dense):
            positions = 1
            for d in in_shape[1:-1]:
                positions *= d
            total += positions * dense_macs(kernel[0], kernel[1])
    return int(total)


# ------------------------------------------------------------------ timing
def window_rates(marks, batch_size, warmup, steps, repeats):
    """Images per second of `repeats` consecutive windows of `steps` steps after `warmup`.

    Args:
        marks: `[(step_index, seconds), ...]`, the end time of each recorded step (0-based);
            with `steps_per_execution > 1` only some steps are recorded.
        batch_size: images per step.
        warmup: steps before the first window (their time is excluded).
        steps: steps per window.
        repeats: number of windows.

    Returns:
        A list of images/s, one per window that could be measured.
    """
    times = dict(marks)
    recorded = sorted(times)

    def at_or_after(step):
        for s in recorded:
            if s >= step:
                return s
        return None

    rates = []
    start = at_or_after(warmup - 1)
    for _ in range(repeats):
        if start is None:
            break
        end = at_or_after(start + steps)
        if end is None:
            break
        rates.append((end - start) * batch_size / (times[end] - times[start]))
        start = end
    return rates


def summarize(rates):
    """`{"median", "min", "max"}` of a list of rates (None when empty)."""
    if not rates:
        return {"median": None, "min": None, "max": None}
    return {"median": statistics.median(rates), "min": min(rates), "max": max(rates)}


def emit(result):
    """Print one result line for the parent process."""
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def parse_results(stdout):
    """The JSON objects a worker printed with `emit`."""
    out = []
    for line in stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            out.append(json.loads(line[len(RESULT_PREFIX) :]))
    return out


# ------------------------------------------------------------------ machine
def _cpuinfo():
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if ":" in line:
                    key, value = (s.strip() for s in line.split(":", 1))
                    info.setdefault(key, value)
    except OSError:
        pass
    return info


def cores():
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def derived_peak():
    """`(gflops, how)`: fp32 peak = cores x clock x FLOP/cycle, from /proc/cpuinfo.

    FLOP/cycle per core: 64 with two 512-bit FMA pipes (AMD family >= 26, Zen 5; Intel with
    AVX-512, assuming two FMA units), 32 with two 256-bit FMA pipes (AVX2/FMA, or Zen 4's
    double-pumped AVX-512), 16 otherwise. The clock is the one /proc/cpuinfo reports (in a VM
    usually the nominal one; boost clocks would raise the peak). None when unknown.
    """
    info = _cpuinfo()
    flags = info.get("flags", "").split()
    try:
        mhz = float(info["cpu MHz"])
    except (KeyError, ValueError):
        return None, "clock unknown"
    family = int(info.get("cpu family", "0") or 0)
    vendor = info.get("vendor_id", "")
    if "avx512f" in flags and (vendor == "GenuineIntel" or family >= 26):
        per_cycle, why = 64, "2 x 512-bit FMA"
    elif "fma" in flags:
        per_cycle, why = 32, "2 x 256-bit FMA"
    else:
        per_cycle, why = 16, "no FMA"
    n = cores()
    peak = n * mhz / 1000 * per_cycle
    return peak, f"{n} cores x {mhz / 1000:.2f} GHz x {per_cycle} FLOP/cycle ({why})"


FMA_PROBE_C = r"""
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET(x) _mm512_set1_ps(x)
#else
typedef __m256 vec;
#define LANES 8
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET(x) _mm256_set1_ps(x)
#endif
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 50000000L;
  vec a[12], b = SET(1.0000001f), c = SET(1e-7f);
  for (int i = 0; i < 12; i++) a[i] = SET((float)i);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long k = 0; k < n; k++) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; i++) a[i] = FMA(a[i], b, c);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  float sink = 0;
  for (int j = 0; j < 12; j++) {
    float *p = (float *)&a[j];
    for (int i = 0; i < LANES; i++) sink += p[i];
  }
  double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  printf("%f %f\n", (double)n * 12 * LANES * 2 / s / 1e9, sink);
  return 0;
}
"""


def fma_probe(iterations=50_000_000):
    """Measured fp32 peak: one FMA-bound process per core at once; `(total, per_core)` GFLOP/s.

    Compiles a 12-accumulator FMA loop with gcc (AVX-512 when the CPU has it, else AVX2) and
    runs one copy per core concurrently. Returns None without gcc or on any failure. Other jobs
    on the machine lower the result: run it when the machine is quiet.
    """
    import shutil
    import subprocess
    import tempfile

    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        return None
    flags = _cpuinfo().get("flags", "").split()
    arch = ["-mavx512f", "-mfma"] if "avx512f" in flags else ["-mavx2", "-mfma"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            src, exe = os.path.join(tmp, "fma.c"), os.path.join(tmp, "fma")
            with open(src, "w") as f:
                f.write(FMA_PROBE_C)
            subprocess.run([gcc, "-O2", *arch, src, "-o", exe], check=True, capture_output=True)
            procs = [
                subprocess.Popen([exe, str(iterations)], stdout=subprocess.PIPE, text=True)
                for _ in range(cores())
            ]
            rates = [float(p.communicate()[0].split()[0]) for p in procs]
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None
    return sum(rates), rates


def cpu_model():
    """`model name` from /proc/cpuinfo plus family/model numbers (family 26 is AMD Zen 5)."""
    info = _cpuinfo()
    name = info.get("model name", platform.processor() or "unknown")
    extra = []
    if "cpu family" in info:
        extra.append(f"family {info['cpu family']} model {info.get('model', '?')}")
    if "cpu MHz" in info:
        extra.append(f"{float(info['cpu MHz']):.0f} MHz")
    flags = info.get("flags", "").split()
    simd = [f for f in ("avx2", "fma", "avx512f", "avx512_bf16") if f in flags]
    if simd:
        extra.append("+".join(simd))
    return f"{name} ({', '.join(extra)})" if extra else name


def installed(backend):
    """Whether the module of a Keras backend can be imported (without importing it)."""
    return importlib.util.find_spec(BACKEND_MODULES[backend]) is not None


def versions():
    """Versions of the libraries that matter, from package metadata (nothing is imported)."""
    out = {"python": platform.python_version()}
    for dist in ("keras", "tensorflow-cpu", "tensorflow", "jax", "jaxlib", "torch", "numpy"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def load_average():
    """The 1-minute load average (other jobs on the machine make timings noisy)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


# ------------------------------------------------------------------ budgets
def wall_clock_budget(seconds):
    """A Keras callback that stops `fit` once `seconds` have passed since training began.

    It counts the steps it saw (`.steps`) and keeps the start time (`.start`); the budget
    includes the first step's tracing, as a user's run does.
    """
    import keras

    class WallClockBudget(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.start, self.steps = None, 0

        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.steps += 1
            if time.perf_counter() - self.start >= seconds:
                self.model.stop_training = True

    return WallClockBudget()
