"""Training throughput of kerasgan's variants on each Keras backend, with a plain PyTorch loop.

Prints markdown tables of images per second for each variant (gan, dcgan, cgan, wgan_gp) on
each installed backend (tensorflow, jax, torch), plus the same DCGAN networks trained by a plain
PyTorch loop (`benchmarks/torch_dcgan.py`), with the GFLOP/s each reaches and the percentage of
this CPU's fp32 peak (`--peak-gflops`: by default the 546 GFLOP/s measured on this machine with
`--probe-peak`; a second column uses the 144 that ARCHITECTURE.md gives, which is too low).

Usage:
    python benchmarks/throughput.py                          # every variant and backend, batch 64
    python benchmarks/throughput.py --batch-sizes 64,256
    python benchmarks/throughput.py --backends tensorflow --variants dcgan --steps 20
    python benchmarks/throughput.py --quick                  # a smoke test: a few steps each
    python benchmarks/throughput.py --variants dcgan --precision mixed_bfloat16  # kerasgan's
                                                             # variants in bf16 (loop stays fp32)

How it measures:
    Each (backend, variant, batch size) runs in its own subprocess,
    `python benchmarks/throughput.py --worker BACKEND VARIANT --batch-sizes B ...`, because
    `KERAS_BACKEND` must be set before Keras is imported; the worker prints one JSON line.
    The worker builds the variant with its defaults (28x28x1, latent 100, seed 0; 32x32x1 and
    the last stage of the growth for the variants with a `default_image_size`), compiles it
    with its default optimizers and runs ONE `model.fit` call, verbose=0, on
    `warmup + steps * repeats` batches. With `--data pydataset` (default) the batches are the
    bundled dataset's `load_dataset().batches(B, with_labels=bool(model.num_classes))`
    (a `keras.utils.PyDataset` that maps uint8 to [-1, 1] per batch), cycled so that one epoch
    has enough batches; with `--data arrays` they are float32 numpy arrays in memory passed as
    `fit(x, y, batch_size=B, shuffle=False)`. A callback records the time at the end of every
    step (a callback with `on_train_batch_end` makes Keras read the step's logs, so each step
    is finished when its time is taken, as with the default progress bar). The warm-up steps
    (tracing / XLA compilation, oneDNN primitive creation) are excluded; each of `repeats`
    consecutive windows of `steps` steps gives images/s = steps * B / seconds, and the table
    shows the median (and the range) of the windows. The plain PyTorch loop runs the same
    number of warm-up and timed steps and reports the same median. Within one invocation, for
    each batch size, the plain loop runs once just before and (with `--loop-runs 2`, the
    default) once just after the first backend's DCGAN row (TensorFlow, the default backend),
    so that this comparison is made under similar load; the 1-minute load average at the start
    of each row is shown, since other jobs on a shared machine make timings noisy.

FLOP model (per real image per training step; `common.step_flops_per_image`):
    - g, d: 2 x MACs of one forward pass of G, of D, summed over their Dense, Conv2D and
      Conv2DTranspose layers, read from the built networks (so label planes / one-hot codes
      count); normalisation, activations, losses and optimizer updates are ignored.
      Conv2D: out_h*out_w*k_h*k_w*c_in*c_out; Conv2DTranspose: in_h*in_w*k_h*k_w*c_in*c_out;
      Dense: in*out.
    - forward + backward = 3 forwards (backward = input gradients + weight gradients; the
      unneeded weight gradients of the frozen network are not subtracted).
    - D phase = g (G forward to make fakes; no G backward, the fakes are stop_gradient)
                + 3d on the real batch + 3d on the fake batch (D is called separately on each)
                [+ WGAN-GP: about 6d for the gradient penalty: the input gradient at the
                interpolates is a forward and an input backward (~2d) and differentiating it
                again with respect to D's weights costs about twice that (~4d). This is an
                approximation, not a count.]
    - G phase = 3g + 3d (fakes through D, backward into G), on a batch of the same size; it runs
      on one batch out of n_critic (5 for wgan_gp, 1 otherwise).
    - FLOPs per image per step = D phase + G phase / n_critic; GFLOP/s = that x images/s / 1e9.
    For DCGAN at 28x28: g = 54.8 MFLOP, d = 13.2 MFLOP, so 338 MFLOP per image per step (the
    440 in ARCHITECTURE.md counted a G backward in the D phase too).
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import common  # noqa: E402

VARIANTS = ("gan", "dcgan", "cgan", "wgan_gp")
BACKENDS = ("tensorflow", "jax", "torch")
LOOP = "plain torch loop"


def csv(kind):
    def parse(text):
        items = [s.strip() for s in text.split(",") if s.strip()]
        return [kind(s) for s in items]

    return parse


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description="Training throughput (images/s) of kerasgan variants on each backend.",
        epilog="See the module docstring or benchmarks/README.md for the method and FLOP model.",
    )
    parser.add_argument("--batch-sizes", type=csv(int), default=[64], help="e.g. 64,256")
    parser.add_argument("--backends", type=csv(str), default=list(BACKENDS))
    parser.add_argument("--variants", type=csv(str), default=list(VARIANTS))
    parser.add_argument("--steps", type=int, default=None, help="steps per timed window (50)")
    parser.add_argument("--repeats", type=int, default=None, help="timed windows (3)")
    parser.add_argument("--warmup-steps", type=int, default=None, help="untimed steps first (5)")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 2 windows of 2 steps")
    parser.add_argument(
        "--data",
        choices=("pydataset", "arrays"),
        default="pydataset",
        help="fit on the bundled dataset's PyDataset batches (default) or on numpy arrays",
    )
    parser.add_argument("--steps-per-execution", type=int, default=1)
    parser.add_argument(
        "--jit-compile",
        choices=("auto", "true", "false"),
        default="auto",
        help="passed to compile(); auto is Keras' default (XLA on JAX only)",
    )
    parser.add_argument(
        "--precision",
        choices=("float32", "mixed_float16", "mixed_bfloat16"),
        default="float32",
        help="the variants' dtype policy (`kerasgan train --precision`); the plain loop stays fp32",
    )
    parser.add_argument(
        "--transposed",
        choices=("fast", "keras"),
        default="fast",
        help="fast: FastConv2DTranspose's per-backend path (JAX: a matrix product, PyTorch: "
        "conv_transpose2d on the channels-last view); keras: Keras' own op (the before)",
    )
    parser.add_argument(
        "--conv",
        choices=("fast", "keras"),
        default="fast",
        help="fast: FastConv2D's per-backend path (PyTorch: conv2d on the channels-last view); "
        "keras: Keras' own op (the before)",
    )
    parser.add_argument("--no-torch-loop", action="store_true", help="skip the plain loop")
    parser.add_argument(
        "--loop-runs",
        type=int,
        default=2,
        help="plain-loop runs per batch size: 1 (before the DCGAN rows) or 2 (before and after)",
    )
    parser.add_argument(
        "--torch-threads",
        type=int,
        default=None,
        help="torch.set_num_threads for the plain loop and the torch backend (default: torch's)",
    )
    parser.add_argument(
        "--peak-gflops",
        type=float,
        default=common.MEASURED_PEAK_GFLOPS,
        help="fp32 peak for the %% column (default: %(default)g, measured on this machine with "
        "--probe-peak); a second column always uses ARCHITECTURE.md's 144",
    )
    parser.add_argument(
        "--probe-peak",
        action="store_true",
        help="measure the peak first (gcc-compiled FMA loop, one per core) and use it",
    )
    parser.add_argument("--json-out", help="also write every row as JSON to this file")
    parser.add_argument("--render", help="print the tables of a --json-out file and exit")
    parser.add_argument("--no-gemm", action="store_true", help="skip the sgemm reference")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per subprocess")
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "VARIANT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    defaults = (2, 2, 1) if args.quick else (50, 3, 5)
    for name, value in zip(("steps", "repeats", "warmup_steps"), defaults):
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.warmup_steps = max(args.warmup_steps, 1)  # the first step always compiles
    args.variants = [v.lower().replace("-", "_") for v in args.variants]
    return args


# ====================================================================== worker
def worker(backend, variant, args):
    """Runs in a subprocess: trains one variant on one backend and prints a result line."""
    os.environ["KERAS_BACKEND"] = backend
    import keras
    import numpy as np

    from kerasgan.backend import devices, framework_version
    from kerasgan.data import load_dataset
    from kerasgan.data.batches import to_unit_range
    from kerasgan.engine.precision import dtype_policy_scope
    from kerasgan.models import get_variant

    assert keras.backend.backend() == backend, keras.backend.backend()
    if backend == "torch" and args.torch_threads:
        import torch

        torch.set_num_threads(args.torch_threads)
    batch_size = args.batch_sizes[0]
    spe = max(int(args.steps_per_execution), 1)
    # Round warm-up and windows up to whole executions so that their ends are recorded.
    warmup = -(-args.warmup_steps // spe) * spe
    steps = -(-args.steps // spe) * spe
    total = warmup + steps * args.repeats

    if args.transposed == "keras":  # this worker only: measure Keras' own transposed conv
        from kerasgan.backend import get_backend

        get_backend().transposed_conv = None
    if args.conv == "keras":  # this worker only: measure Keras' own convolution
        from kerasgan.backend import get_backend

        get_backend().plain_conv = None
    keras.utils.set_random_seed(0)
    cls = get_variant(variant)
    with dtype_policy_scope(args.precision):
        model = cls(seed=0)
    if getattr(model, "growth", None):
        # A progressive GAN is timed at its last stage (full resolution), where its run
        # spends the most time: the images seen are set past the end of the growth.
        model.images_seen.assign(model.growth.stage_start(model.growth.stages - 1))
    compile_kwargs = {"steps_per_execution": spe}
    if args.jit_compile != "auto":
        compile_kwargs["jit_compile"] = args.jit_compile == "true"
    model.compile(**compile_kwargs)

    # Variants that need a power-of-two size (PGGAN, StyleGAN...) train at 32x32.
    data = load_dataset(image_size=getattr(cls, "default_image_size", None))
    with_labels = bool(model.num_classes)

    class Cycled(keras.utils.PyDataset):
        """`length` batches of `base`, cycling (one long epoch, no epoch-boundary pauses)."""

        def __init__(self, base, length):
            super().__init__()
            self.base, self.length = base, length

        def __len__(self):
            return self.length

        def __getitem__(self, index):
            return self.base[index % len(self.base)]

    class Clock(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.begin, self.marks = None, []

        def on_train_begin(self, logs=None):
            self.begin = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.marks.append((batch, time.perf_counter()))

    clock = Clock()
    if args.data == "pydataset":
        source = Cycled(data.batches(batch_size, with_labels=with_labels), total)
        model.fit(source, epochs=1, verbose=0, callbacks=[clock])
    else:
        index = np.resize(np.arange(len(data)), total * batch_size)
        x = to_unit_range(data.images[index])
        y = data.labels[index].astype("int32") if with_labels else None
        model.fit(
            x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0, callbacks=[clock]
        )

    rates = common.window_rates(clock.marks, batch_size, warmup, steps, args.repeats)
    g_macs = common.keras_network_macs(model.generator)
    d_macs = common.keras_network_macs(model.discriminator)
    flops = common.step_flops_per_image(
        g_macs, d_macs, model.n_critic, model.gradient_penalty_weight > 0
    )
    common.emit(
        {
            "backend": backend,
            "variant": variant,
            "batch_size": batch_size,
            "steps": steps,
            "warmup": warmup,
            "rates": rates,
            **common.summarize(rates),
            "g_macs": g_macs,
            "d_macs": d_macs,
            "g_params": _count(model.generator.trainable_weights),
            "d_params": _count(model.discriminator.trainable_weights),
            "n_critic": model.n_critic,
            "flops_per_image": flops["total"],
            "flops": flops,
            "first_step_s": clock.marks[0][1] - clock.begin if clock.marks else None,
            "jit_compile": model.jit_compile,
            "steps_per_execution": spe,
            "data": args.data,
            "precision": args.precision,
            "transposed": args.transposed,
            "conv": args.conv,
            "threads": _threads(backend),
            "framework": framework_version(),
            "devices": devices(),
            "device_kinds": _device_kinds(backend),
        }
    )


def registered_variants():
    """Names of every registered variant (`kerasgan list`)."""
    from kerasgan.models.registry import VARIANTS as REGISTRY

    return [row.name for row in REGISTRY]


def _count(weights):
    import math

    return int(sum(math.prod(w.shape) for w in weights))


def _device_kinds(backend):
    """The accelerators' model names as the framework reports them (e.g. `NVIDIA H100 80GB
    HBM3`), or [] on a CPU; for `gpu_smoke.sh`."""
    if backend == "torch":
        import torch

        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        return [torch.cuda.get_device_name(index) for index in range(count)]
    if backend == "jax":
        import jax

        return [d.device_kind for d in jax.devices() if d.platform != "cpu"]
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    return [tf.config.experimental.get_device_details(g).get("device_name", "GPU") for g in gpus]


def _threads(backend):
    if backend == "torch":
        import torch

        return torch.get_num_threads()
    return None


# ====================================================================== parent
def worker_command(backend, variant, batch_size, args):
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", backend, variant]
    cmd += ["--batch-sizes", str(batch_size), "--steps", str(args.steps)]
    cmd += ["--repeats", str(args.repeats), "--warmup-steps", str(args.warmup_steps)]
    cmd += ["--data", args.data, "--steps-per-execution", str(args.steps_per_execution)]
    cmd += ["--jit-compile", args.jit_compile, "--precision", args.precision]
    cmd += ["--transposed", args.transposed, "--conv", args.conv]
    if args.torch_threads:
        cmd += ["--torch-threads", str(args.torch_threads)]
    return cmd


def loop_command(batch_size, args):
    cmd = [sys.executable, str(HERE / "torch_dcgan.py"), "--json"]
    cmd += ["--batch-size", str(batch_size), "--steps", str(args.steps)]
    cmd += ["--repeats", str(args.repeats), "--warmup-steps", str(args.warmup_steps)]
    if args.torch_threads:
        cmd += ["--threads", str(args.torch_threads)]
    return cmd


def run_subprocess(cmd, backend, timeout):
    """Runs one measurement; returns its result dict, or a dict with `error`."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if backend in BACKENDS:
        env["KERAS_BACKEND"] = backend
    load = common.load_average()
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=env, cwd=str(ROOT)
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s", "load": load}
    wall = time.perf_counter() - start
    results = common.parse_results(proc.stdout)
    if proc.returncode != 0 or not results:
        lines = [s for s in (proc.stderr or "").splitlines() if s.strip()]
        last = lines[-1].strip() if lines else f"exit status {proc.returncode}"
        return {"error": last[:160], "load": load, "wall_s": wall}
    result = results[-1]
    result["load"], result["wall_s"] = load, wall
    return result


def job_plan(args):
    """The order of the measurements: per batch size, plain loop around the DCGAN rows."""
    plan = []
    backends = [b for b in BACKENDS if b in args.backends] + [
        b for b in args.backends if b not in BACKENDS
    ]
    loop = not args.no_torch_loop
    for batch_size in args.batch_sizes:
        variants = list(args.variants)
        if "dcgan" in variants:  # DCGAN first, bracketed by the plain loop
            variants.remove("dcgan")
            variants.insert(0, "dcgan")
        if loop:
            plan.append((LOOP, "dcgan", batch_size, 1))
        for variant in variants:
            for i, backend in enumerate(backends):
                plan.append((backend, variant, batch_size, None))
                if variant == "dcgan" and i == 0 and loop and args.loop_runs >= 2:
                    plan.append((LOOP, "dcgan", batch_size, 2))
        if loop and args.loop_runs >= 2 and ("dcgan" not in variants or not backends):
            plan.append((LOOP, "dcgan", batch_size, 2))
    return plan


def gemm_reference(n=4096, repeats=3):
    """Best GFLOP/s of a numpy float32 n x n matmul: what this machine's BLAS reaches now."""
    import numpy as np

    a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
    a @ a
    best = min(_timed(lambda: a @ a) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def print_tables(rows, args):
    peak, arch = args.peak_gflops, common.ARCHITECTURE_PEAK_GFLOPS
    for batch_size in args.batch_sizes:
        print(f"\n### Batch size {batch_size} ({args.precision})\n")
        print(
            "| variant | backend | images/s (median) | range of windows | GFLOP/s "
            f"| % of {peak:.0f} | % of {arch:g} | first step (s) | load avg |"
        )
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            if row["batch_size"] != batch_size:
                continue
            name = row["backend"]
            if row.get("transposed") == "keras":
                name = f"{name} (Keras' transposed conv)"
            if row.get("conv") == "keras":
                name = f"{name} (Keras' conv)"
            if row.get("run"):
                name = f"{name} (run {row['run']})"
            load = fmt(row.get("load"), ".1f")
            if "error" in row or row.get("median") is None:
                reason = row.get("error", "no timed window")
                print(f"| {row['variant']} | {name} | {reason} | | | | | | {load} |")
                continue
            gflops = row["median"] * row["flops_per_image"] / 1e9
            print(
                f"| {row['variant']} | {name} | {row['median']:.1f} "
                f"| {row['min']:.1f}-{row['max']:.1f} | {gflops:.1f} "
                f"| {100 * gflops / peak:.1f} | {100 * gflops / arch:.1f} "
                f"| {fmt(row.get('first_step_s'), '.1f')} | {load} |"
            )
    models = {}
    for row in rows:
        if "flops_per_image" in row:
            models.setdefault((row["variant"], row["backend"] == LOOP), row)
    if models:
        print("\n### FLOP model (per real image per training step)\n")
        print("| variant | networks | G MACs | D MACs | D phase MFLOP | G phase MFLOP | n_critic "
              "| MFLOP per image per step | G / D trainable parameters |")  # fmt: skip
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for (variant, loop), row in sorted(models.items()):
            flops = common.step_flops_per_image(
                row["g_macs"], row["d_macs"], row.get("n_critic", 1), variant == "wgan_gp"
            )
            print(
                f"| {variant} | {'torch.nn mirror' if loop else 'kerasgan'} "
                f"| {row['g_macs'] / 1e6:.2f}M | {row['d_macs'] / 1e6:.2f}M "
                f"| {flops['d_phase'] / 1e6:.1f} | {flops['g_phase'] / 1e6:.1f} "
                f"| {row.get('n_critic', 1)} | {flops['total'] / 1e6:.1f} "
                f"| {row['g_params']:,} / {row['d_params']:,} |"
            )


def main(argv=None):
    args = parse_args(argv)
    if args.worker:
        worker(*args.worker, args)
        return
    if args.render:
        with open(args.render) as f:
            saved = json.load(f)
        args.batch_sizes = saved["batch_sizes"]
        print("Command: " + saved["command"])
        print_tables(saved["rows"], args)
        return
    argv = sys.argv[1:] if argv is None else argv
    print("Command: " + shlex.join(["python", "benchmarks/throughput.py", *argv]))
    print(f"Machine: {common.cpu_model()}, {common.cores()} cores")
    nominal, how = common.derived_peak()
    if args.probe_peak:
        probe = common.fma_probe()
        if probe is None:
            print("FMA probe: unavailable (needs gcc); keeping --peak-gflops.")
        else:
            args.peak_gflops = probe[0]
            per_core = ", ".join(f"{r:.0f}" for r in probe[1])
            print(f"FMA probe: {probe[0]:.0f} GFLOP/s ({per_core} per core), used as the peak.")
    print(
        f"fp32 peak used: {args.peak_gflops:.0f} GFLOP/s (measured FMA throughput, see "
        f"--probe-peak); at the clock /proc/cpuinfo reports it would be {fmt(nominal, '.0f')} "
        f"({how}); ARCHITECTURE.md says {common.ARCHITECTURE_PEAK_GFLOPS:g}."
    )
    print("Versions: " + ", ".join(f"{k} {v}" for k, v in common.versions().items()))
    prefixes = ("OMP_", "GOMP_", "KMP_", "MKL_", "OPENBLAS_", "TF_NUM_", "TF_ENABLE_", "XLA_")
    threads = {k: v for k, v in os.environ.items() if k.startswith(prefixes)}
    threads["torch threads"] = args.torch_threads or "default"
    print("Threads: " + ", ".join(f"{k}={v}" for k, v in sorted(threads.items())))
    print(
        f"Method: one fit() per row on {args.data}, {args.warmup_steps} warm-up steps "
        f"excluded, then {args.repeats} windows of {args.steps} steps; median images/s. "
        f"steps_per_execution={args.steps_per_execution}, jit_compile={args.jit_compile}."
    )
    if not args.no_gemm:
        print(
            f"Reference: a numpy float32 4096x4096 matmul reaches {gemm_reference():.0f} "
            "GFLOP/s now (best of 3, under the current load)."
        )
    print(f"Load average at start: {fmt(common.load_average(), '.2f')}", flush=True)

    rows = []
    plan = job_plan(args)
    for i, (backend, variant, batch_size, run) in enumerate(plan, 1):
        label = f"[{i}/{len(plan)}] {variant} on {backend}, batch {batch_size}"
        print(label + " ...", file=sys.stderr, flush=True)
        if backend == LOOP:
            if not common.installed("torch"):
                result = {"error": "not installed (torch)"}
            else:
                result = run_subprocess(loop_command(batch_size, args), LOOP, args.timeout)
            result["run"] = run if args.loop_runs >= 2 and "dcgan" in args.variants else None
        elif backend not in BACKENDS:
            result = {"error": f"unknown backend (choose from {', '.join(BACKENDS)})"}
        elif variant not in registered_variants():
            result = {"error": f"unknown variant (see `kerasgan list`; default {VARIANTS})"}
        elif not common.installed(backend):
            result = {"error": "not installed"}
        else:
            cmd = worker_command(backend, variant, batch_size, args)
            result = run_subprocess(cmd, backend, args.timeout)
        result.update(backend=backend, variant=variant, batch_size=batch_size)
        rows.append(result)
        summary = result.get("error") or f"{fmt(result.get('median'), '.1f')} images/s"
        print(f"    {summary}", file=sys.stderr, flush=True)

    if args.json_out:
        with open(args.json_out, "w") as f:
            command = shlex.join(["python", "benchmarks/throughput.py", *argv])
            json.dump({"command": command, "batch_sizes": args.batch_sizes, "rows": rows}, f)
    print_tables(rows, args)
    mirrored = {(r["g_macs"], r["d_macs"]) for r in rows if r.get("variant") == "dcgan"
                and "g_macs" in r}  # fmt: skip
    if len(mirrored) > 1:
        print("\nWARNING: the plain loop's networks do not count the same MACs as kerasgan's.")
    print(f"\nLoad average at end: {fmt(common.load_average(), '.2f')}")


if __name__ == "__main__":
    main()
