"""Train, measure and export the pretrained zoo shipped in `kerasgan/pretrained/`.

Each preset is trained by the command in `ZOO` (TensorFlow, this CPU), measured, and exported
as `<name>.json` (model card: variant, arguments, data, the command, training time and epochs
from the run's `timing.json`, metrics with their protocol) and `<name>.npz` (the sampled
network's weights in float16). Noise-to-image models are measured with the RESULTS protocol:
domain FD, precision and recall, 5,000 generated vs 5,000 real images of fashion_mnist_test.
Pix2Pix is measured by L1 and SSIM of G(edges) against the real items on the last 500 pairs
(which it trained on: `kerasgan train pix2pix` keeps no held-out pairs).

Usage:
    python benchmarks/make_pretrained.py                      # train all, then export
    python benchmarks/make_pretrained.py --reuse /tmp/zoo/runs --only dcgan_fashion_mnist
"""

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "kerasgan" / "pretrained"

ZOO = {
    "dcgan_fashion_mnist": "kerasgan train dcgan --epochs 15 --ema-decay 0.999 --seed 0",
    "cgan_fashion_mnist": "kerasgan train cgan --epochs 15 --ema-decay 0.999 --seed 0",
    "wgan_gp_fashion_mnist": "kerasgan train wgan_gp --epochs 40 --seed 0",
    "pix2pix_edges2fashion": "kerasgan train pix2pix --epochs 4 --seed 0",
    "stylegan2_fashion_mnist": "kerasgan train stylegan2 --image-size 32 --seed 0 "
    "--time-budget 50m",
}
"""Preset name -> the command that trains it (plus `--out`). The StyleGAN2 preset is the
50-minute run of RESULTS' issue-13 section (one core, `benchmarks/style_race.py`'s budget
callback then; `--time-budget 50m` now does the same)."""


def find_run(runs, variant):
    """The newest run folder of `variant` under `runs` that finished (has generator.keras)."""
    found = sorted(
        (p for p in Path(runs).glob(f"{variant}-*") if (p / "generator.keras").is_file()),
        key=lambda p: int(p.name.rsplit("-", 1)[1]),
    )
    return found[-1] if found else None


def measure(run, variant):
    """The card's metrics and a one-line protocol."""
    if variant == "pix2pix":
        import numpy as np

        from kerasgan.data.batches import to_unit_range
        from kerasgan.data.paired import load_paired
        from kerasgan.images import to_uint8
        from kerasgan.inference.translating import load_translator
        from kerasgan.metrics.image_quality import l1, ssim

        pairs = load_paired("edges2fashion")
        a, b = np.asarray(pairs.a[-500:]), np.asarray(pairs.b[-500:])
        fake = to_uint8(load_translator(run).predict(to_unit_range(a), verbose=0))
        metrics = {"l1": float(l1(fake, b).mean), "ssim": float(ssim(fake, b).mean)}
        return metrics, "G(edges) vs the real items, last 500 edges2fashion pairs (trained on)"
    from kerasgan.metrics.run_evaluation import evaluate_source

    result = evaluate_source(
        run, metrics=("fid", "pr"), n=5000, reference="fashion_mnist_test", extractor="domain"
    )
    protocol = "domain FD, precision, recall: 5000 generated vs 5000 real fashion_mnist_test"
    return result["metrics"], protocol


def export(name, run, command):
    from kerasgan.inference.pretrained import export_preset
    from kerasgan.inference.sampling import load_sampler
    from kerasgan.inference.translating import load_translator

    config = json.loads((run / "config.json").read_text())
    if (run / "timing.json").is_file():
        timing = json.loads((run / "timing.json").read_text())
    else:  # runs from before timing.json: the budget they were given, the epochs they logged
        with open(run / "history.csv") as stream:
            epochs = sum(1 for _ in stream) - 1
        timing = {
            "seconds": float(config["settings"].get("budget_seconds") or 3000),
            "epochs": epochs,
        }
    variant = config["variant"]
    config["settings"].pop("budget_seconds", None)
    network = load_translator(run) if variant == "pix2pix" else load_sampler(run).generator
    metrics, protocol = measure(run, variant)
    card = {
        "variant": variant,
        "arguments": config["arguments"],
        "data": config["settings"].get("data") or config.get("dataset", {}).get("name"),
        "command": command,
        "epochs": timing["epochs"],
        "seconds": timing["seconds"],
        "machine": "2 CPU cores (AMD EPYC), TensorFlow backend",
        "versions": config.get("versions"),
        "metrics": metrics,
        "protocol_summary": protocol,
        "network_attribute": "generator",
    }
    path = export_preset(network, OUT, name, card)
    print(f"{name}: {path} and {path.with_suffix('.npz').name}; {metrics}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, default=Path("zoo_runs"), help="where runs go")
    parser.add_argument("--reuse", type=Path, help="take finished runs from this folder")
    parser.add_argument("--run", type=Path, help="with one --only: export this run folder")
    parser.add_argument("--only", nargs="+", choices=list(ZOO), default=list(ZOO))
    args = parser.parse_args(argv)
    for name in args.only:
        command = ZOO[name]
        variant = shlex.split(command)[2]
        run = args.run or (find_run(args.reuse, variant) if args.reuse else None)
        if run is None:
            subprocess.run([*shlex.split(command), "--out", str(args.runs)], check=True)
            run = find_run(args.runs, variant)
        export(name, run, command)


if __name__ == "__main__":
    sys.exit(main())
