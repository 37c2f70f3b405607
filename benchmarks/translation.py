"""Image-to-image translation: train a variant, score it on held-out data, save a grid.

Subcommands (each trains through `kerasgan.training.train` and prints a markdown table):

- `superres`: SRResNet and SRGAN (4x) on `photos:train`; PSNR and SSIM (uint8, data range
  255) on crops of the held-out photos (`photos:test`: astronaut, flower) against bicubic
  upscaling. Grid `superres.png`: LR (pixel repetition), bicubic, SRResNet, SRGAN, HR.
- `pix2pix`: pix2pix on `edges2fashion` minus `--holdout` pairs; on the held-out pairs, L1
  (in [0, 255] pixel units) and SSIM of G(A) vs B against the input itself (A vs B), and the
  Fashion-MNIST classifier's accuracy on G(A) w.r.t. the class of B (edges2fashion pair i is
  image i of `fashion_mnist_test`, so its label is known). Grid `pix2pix_edges2fashion.png`:
  edges, G(edges), target.
- `unpaired`: CycleGAN, DiscoGAN, DualGAN on `sneaker2boot` minus `--holdout` images per
  domain; on the held-out images, how often the classifier calls G(sneaker) an ankle boot
  (class 9) and F(boot) a sneaker (class 7), against the untranslated inputs, and the cycle
  errors mean |F(G(a)) - a| and |G(F(b)) - b| in [-1, 1] units. Grid
  `<variant>_sneaker2boot.png`: a, G(a), F(G(a)), b, F(b), G(F(b)).

The training splits are written as PNGs to a temporary A/ B/ folder (`train` reads data by
name or path); its decoded cache goes to the same temporary folder. Training speed is images
per second of the training steps (timed from the end of the first batch, so tracing is left
out; each epoch's callbacks are not counted); unpaired variants count the A images of a step.

Usage:
    python benchmarks/translation.py superres --epochs 10 --steps-per-epoch 100
    python benchmarks/translation.py pix2pix --epochs 5 --filters 32
    python benchmarks/translation.py unpaired --epochs 20 --variants cyclegan,discogan,dualgan
    python benchmarks/translation.py pix2pix --epochs 1 --limit 64 --filters 4 \\
        --grids /tmp/tgrids                                                   # smoke test
"""

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNEAKER, BOOT = 7, 9
"""Fashion-MNIST class numbers of the two `sneaker2boot` domains."""


def add_common(parser, epochs, batch_size, filters):
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--batch-size", type=int, default=batch_size)
    parser.add_argument("--limit", type=int, help="training pairs/images per domain (default all)")
    parser.add_argument("--filters", type=int, default=filters, help="g_filters and d_filters")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="tensorflow")
    parser.add_argument("--out", default=str(HERE / "runs"), help="run folders (not committed)")
    parser.add_argument("--grids", default=str(HERE / "grids"), help="where the PNGs go")
    parser.add_argument("--grid-suffix", default="", help="added to the grid file names")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sr = sub.add_parser("superres", help="SRResNet and SRGAN vs bicubic on held-out photos")
    add_common(sr, epochs=10, batch_size=16, filters=64)
    sr.add_argument("--steps-per-epoch", type=int, default=100)
    sr.add_argument("--crop", type=int, default=64, help="HR crop size (LR: crop / 4)")
    sr.add_argument("--g-filters", type=int, default=64, help="channels of G's blocks")
    sr.add_argument("--n-blocks", type=int, default=16, help="residual blocks of G")
    sr.add_argument("--variants", default="srresnet,srgan", help="which of srresnet,srgan")
    sr.add_argument("--input-skip", help="G's input skip: bicubic, bilinear or none (default: G's)")
    sr.add_argument("--n-test", type=int, default=100, help="held-out crops scored")
    p2p = sub.add_parser("pix2pix", help="pix2pix on edges2fashion vs the input itself")
    add_common(p2p, epochs=5, batch_size=16, filters=32)
    p2p.add_argument("--holdout", type=int, default=500, help="held-out pairs")
    unp = sub.add_parser("unpaired", help="cyclegan/discogan/dualgan on sneaker2boot")
    add_common(unp, epochs=20, batch_size=16, filters=32)
    unp.add_argument("--variants", default="cyclegan,discogan,dualgan")
    unp.add_argument("--holdout", type=int, default=100, help="held-out images per domain")
    return parser.parse_args(argv)


# ------------------------------------------------------------------ training
@contextlib.contextmanager
def cache_in(folder):
    """Sets $KERASGAN_CACHE to `folder` (decoded temporary folders stay out of the user cache)."""
    old = os.environ.get("KERASGAN_CACHE")
    os.environ["KERASGAN_CACHE"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("KERASGAN_CACHE", None)
        else:
            os.environ["KERASGAN_CACHE"] = old


def keeper():
    """A callback keeping the trained model and the end time of each training batch."""
    import keras

    class Keep(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.epochs = []

        def on_epoch_begin(self, epoch, logs=None):
            self.epochs.append([])

        def on_train_batch_end(self, batch, logs=None):
            self.epochs[-1].append(time.perf_counter())

        def on_train_end(self, logs=None):
            self.trained = self.model

        def images_per_second(self, batch_size):
            """Steps after the first of each epoch, over their time (None: too few steps)."""
            steps = sum(len(marks) - 1 for marks in self.epochs if len(marks) > 1)
            seconds = sum(marks[-1] - marks[0] for marks in self.epochs if len(marks) > 1)
            return steps * batch_size / seconds if steps and seconds > 0 else None

    return Keep()


def train_variant(variant, options, args, data, **settings):
    """Trains through `kerasgan.training.train`; returns `(model, run_dir, images/s, seconds)`."""
    from kerasgan.training import TrainSettings, train

    keep = keeper()
    settings = TrainSettings(
        data=str(data),
        epochs=args.epochs,
        batch_size=args.batch_size,
        seed=args.seed,
        sample_every=args.epochs,
        checkpoint_every=args.epochs,
        **settings,
    )
    start = time.perf_counter()
    run = train(variant, options, settings, out=args.out, callbacks=[keep], verbose=0)
    seconds = time.perf_counter() - start
    return keep.trained, run, keep.images_per_second(args.batch_size), seconds


def write_side(folder, images):
    """Writes uint8 NHWC images as `folder/00000.png`, ... (names keep the order)."""
    from kerasgan.images import save_png

    folder.mkdir(parents=True)
    for i, image in enumerate(images):
        save_png(image, folder / f"{i:05d}.png")


def save_rows(rows, path):
    """Saves uint8 rows (one per kind of image) as one grid PNG; returns the path."""
    from kerasgan.callbacks.translation_grid import comparable
    from kerasgan.images import make_grid, save_png

    save_png(make_grid(comparable(rows), nrow=len(rows[0])), path)
    return path


def rate(value):
    return "n/a" if value is None else f"{value:.1f}"


# ------------------------------------------------------------------ superres
def superres(args):
    from kerasgan.data.batches import to_unit_range
    from kerasgan.data.superres import load_superres
    from kerasgan.images import to_uint8
    from kerasgan.metrics.image_quality import psnr, ssim
    from kerasgan.metrics.translation_quality import bicubic_upscale

    test = load_superres("photos:test", scale=4, crop=args.crop)
    lr, hr = test.heldout_crops(args.n_test, args.crop, seed=args.seed)
    outputs = {"bicubic": bicubic_upscale(lr, 4)}
    rows, notes = [], []
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = set(variants) - {"srresnet", "srgan"}
    if unknown:
        raise SystemExit(f"--variants takes srresnet and srgan, not {', '.join(sorted(unknown))}")
    for variant in variants:
        options = {"g_filters": args.g_filters, "n_blocks": args.n_blocks}
        if args.input_skip:
            options["input_skip"] = args.input_skip
        if variant == "srgan":
            options["d_filters"] = args.filters
        model, run, speed, seconds = train_variant(
            variant,
            options,
            args,
            "photos:train",
            crop=args.crop,
            steps_per_epoch=args.steps_per_epoch,
        )
        outputs[variant] = to_uint8(model.translate(to_unit_range(lr)))
        rows.append((variant, speed, seconds, run))
        if variant == "srgan":
            fallback = getattr(model, "content_fallback", None)
            notes.append(
                f"SRGAN content loss: pixel MSE, the fallback: {fallback}"
                if fallback
                else "SRGAN content loss: VGG19 features (weights found)"
            )
    speeds = {name: (speed, seconds) for name, speed, seconds, _ in rows}
    print()
    print(
        f"{args.epochs} epochs x {args.steps_per_epoch} steps of {args.batch_size} random "
        f"{args.crop}x{args.crop} crops of photos:train (flipped); G: {args.g_filters} filters, "
        f"{args.n_blocks} blocks, input skip {args.input_skip or 'default'}; SRGAN D: "
        f"{args.filters} filters; seed {args.seed}"
    )
    print(
        f"scored on {len(hr)} {args.crop}x{args.crop} crops of photos:test (astronaut, flower), "
        "seeded, LR = bicubic downscale x4; PSNR/SSIM on uint8 RGB, data range 255"
    )
    for note in notes:
        print(note)
    print()
    print("| method | PSNR dB | SSIM | train images/s | train s |")
    print("|---|---|---|---|---|")
    for name, label in (("bicubic", "bicubic"), ("srresnet", "SRResNet"), ("srgan", "SRGAN")):
        if name not in outputs:
            continue
        speed, seconds = speeds.get(name, (None, None))
        print(
            f"| {label} | {psnr(hr, outputs[name]).mean:.2f} | {ssim(hr, outputs[name]).mean:.4f} "
            f"| {rate(speed) if seconds else '-'} | {f'{seconds:.0f}' if seconds else '-'} |"
        )
    n = min(8, len(hr))
    shown = ["bicubic", *variants]
    grid = save_rows(
        [lr[:n], *(outputs[name][:n] for name in shown), hr[:n]],
        Path(args.grids) / f"superres{args.grid_suffix}.png",
    )
    print()
    print(f"grid (LR, {', '.join(shown)}, HR): {grid}")
    print("runs: " + ", ".join(str(r[3]) for r in rows))


# ------------------------------------------------------------------ pix2pix
def pix2pix(args):
    import numpy as np

    from kerasgan.data import load_dataset
    from kerasgan.data.batches import to_unit_range
    from kerasgan.data.paired import holdout_indices, load_paired
    from kerasgan.data.tasks import FASHION
    from kerasgan.images import to_uint8
    from kerasgan.metrics.extractors.domain import load_domain_classifier
    from kerasgan.metrics.image_quality import l1, ssim
    from kerasgan.metrics.translation_quality import domain_accuracy

    pairs = load_paired("edges2fashion")
    train_pairs, held = pairs.split(args.holdout, seed=args.seed)
    # edges2fashion pair i is image i of fashion_mnist_test: the split's indices give the labels.
    held_index = holdout_indices(len(pairs), args.holdout, args.seed, pairs.name)[1]
    labels = load_dataset(FASHION).labels
    if labels is not None and np.array_equal(pairs.b[held_index], held.b):
        labels = labels[held_index]
    else:
        labels = None
    if args.limit and args.limit < len(train_pairs):
        train_pairs = train_pairs.subset(args.limit, seed=args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        write_side(Path(tmp) / "pairs" / "A", train_pairs.a)
        write_side(Path(tmp) / "pairs" / "B", train_pairs.b)
        with cache_in(Path(tmp) / "cache"):
            model, run, speed, seconds = train_variant(
                "pix2pix",
                {"g_filters": args.filters, "d_filters": args.filters},
                args,
                Path(tmp) / "pairs",
            )
    fake = to_uint8(model.translate(to_unit_range(held.a)))
    print()
    print(
        f"pix2pix, {args.epochs} epochs of batch {args.batch_size} on {len(train_pairs)} "
        f"edges2fashion pairs, filters {args.filters}, seed {args.seed}; {len(held)} held-out "
        "pairs; L1 in [0, 255] pixel units (lower is better), SSIM on uint8 (higher is better)"
    )
    print(f"training: {rate(speed)} images/s, {seconds:.0f} s in all; run {run}")
    print()
    print("| output vs B | L1 | SSIM | classifier accuracy (class of B) |")
    print("|---|---|---|---|")
    classifier = load_domain_classifier("fashion_mnist")[0] if labels is not None else None
    for name, images in (("input A (edges)", held.a), ("pix2pix G(A)", fake), ("B", held.b)):
        acc = "n/a (no labels)"
        if labels is not None:
            acc = f"{domain_accuracy(to_unit_range(images), labels, classifier):.3f}"
        scores = f"{l1(images, held.b).mean:.2f} | {ssim(images, held.b).mean:.4f}"
        print(f"| {name} | {scores} | {acc} |")
    n = min(8, len(held))
    grid = save_rows(
        [held.a[:n], fake[:n], held.b[:n]],
        Path(args.grids) / f"pix2pix_edges2fashion{args.grid_suffix}.png",
    )
    print()
    print(f"grid (edges, G(edges), target): {grid}")


# ------------------------------------------------------------------ unpaired
def unpaired(args):
    from kerasgan.data.batches import to_unit_range
    from kerasgan.data.unpaired import load_unpaired
    from kerasgan.images import to_uint8
    from kerasgan.metrics.extractors.domain import load_domain_classifier
    from kerasgan.metrics.image_quality import l1
    from kerasgan.metrics.translation_quality import domain_accuracy

    data = load_unpaired("sneaker2boot")
    train_data, held = data.split(args.holdout, seed=args.seed)
    if args.limit:
        train_data = train_data.subset(args.limit, seed=args.seed)
    a, b = to_unit_range(held.a), to_unit_range(held.b)
    classifier, _ = load_domain_classifier("fashion_mnist")
    before = (domain_accuracy(a, BOOT, classifier), domain_accuracy(b, SNEAKER, classifier))
    kept = (domain_accuracy(a, SNEAKER, classifier), domain_accuracy(b, BOOT, classifier))
    rows, grids = [], []
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        write_side(Path(tmp) / "domains" / "A", train_data.a)
        write_side(Path(tmp) / "domains" / "B", train_data.b)
        for variant in variants:
            with cache_in(Path(tmp) / "cache"):
                model, run, speed, seconds = train_variant(
                    variant,
                    {"g_filters": args.filters, "d_filters": args.filters},
                    args,
                    Path(tmp) / "domains",
                )
            ga = model.translate(a)
            fga = model.translate(ga, "b2a")
            fb = model.translate(b, "b2a")
            gfb = model.translate(fb)
            rows.append(
                {
                    "variant": variant,
                    "a2b": domain_accuracy(ga, BOOT, classifier),
                    "b2a": domain_accuracy(fb, SNEAKER, classifier),
                    "cycle_a": l1(a, fga).mean,
                    "cycle_b": l1(b, gfb).mean,
                    "speed": speed,
                    "seconds": seconds,
                    "run": run,
                }
            )
            n = min(8, len(a), len(b))
            images = [a[:n], ga[:n], fga[:n], b[:n], fb[:n], gfb[:n]]
            path = Path(args.grids) / f"{variant}_sneaker2boot{args.grid_suffix}.png"
            grids.append(save_rows([to_uint8(x) for x in images], path))
            print(f"done: {variant}, {seconds:.0f} s, run {run}", flush=True)
    print()
    print(
        f"{args.epochs} epochs of batch {args.batch_size} (per domain) on {len(train_data.a)} "
        f"sneakers + {len(train_data.b)} ankle boots of sneaker2boot, filters {args.filters}, "
        f"seed {args.seed}; scored on {len(held.a)} + {len(held.b)} held-out images by the "
        "Fashion-MNIST classifier; cycle errors mean |x - cycle(x)| in [-1, 1] units"
    )
    print(
        f"the classifier calls {kept[0]:.3f} of the held-out sneakers sneakers and {kept[1]:.3f} "
        "of the boots boots"
    )
    print()
    print(
        "| model | G(a) called boot | F(b) called sneaker | cycle error a (F(G(a)) vs a) "
        "| cycle error b (G(F(b)) vs b) | train images/s | train s |"
    )
    print("|---|---|---|---|---|---|---|")
    print(f"| untranslated (a, b) | {before[0]:.3f} | {before[1]:.3f} | 0 | 0 | - | - |")
    for r in rows:
        print(
            f"| {r['variant']} | {r['a2b']:.3f} | {r['b2a']:.3f} | {r['cycle_a']:.4f} | "
            f"{r['cycle_b']:.4f} | {rate(r['speed'])} | {r['seconds']:.0f} |"
        )
    print()
    print("grids (a, G(a), F(G(a)), b, F(b), G(F(b))): " + ", ".join(str(g) for g in grids))


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("KERAS_BACKEND", args.backend)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    command = " ".join(sys.argv[1:] if argv is None else argv)
    print(f"command: python benchmarks/translation.py {command}")
    print(f"backend: {keras.backend.backend()}, keras {keras.__version__}")
    {"superres": superres, "pix2pix": pix2pix, "unpaired": unpaired}[args.command](args)


if __name__ == "__main__":
    main()
