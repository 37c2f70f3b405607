"""Runs one peer training script, unmodified, for a wall-clock budget; keeps its generator.

`benchmarks/peer_race.py` starts this in a subprocess whose working folder is the
script's own (`implementations/<name>/`), next to a `../../data/mnist` tree that holds
the race's data in torchvision's MNIST layout, so the script finds its data where it
expects it and downloads nothing. The script's source is compiled and executed as it
is, with its default arguments, in a namespace this harness keeps. When the budget is
spent an alarm interrupts it between two Python bytecodes; the harness then draws `n`
images from the script's `generator` (in the mode the script left it, as its own
sample grids are drawn: PyTorch-GAN's scripts never call `.eval()`), saves them as a
uint8 NHWC `.npy` and writes a JSON line with the images the script saw.

PyPI's torchvision wheel is built against CUDA PyTorch: beside the CPU build its
compiled operators do not load and `import torchvision` fails while registering fake
kernels for `nms` and `qnms`. When that is the case the harness declares the schemas of
those two operators (which no training script calls) so that torchvision's Python parts
(datasets, transforms, `save_image`) import; a torchvision built for the installed
PyTorch is used as it is.

Usage (normally through peer_race.py):
    python peer_harness.py SCRIPT SECONDS OUT.npy N [--seed S]
"""

import argparse
import json
import signal
import sys
import time
from pathlib import Path

import numpy as np


class BudgetSpent(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in a script
    swallows it."""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", type=Path)
    parser.add_argument("seconds", type=float)
    parser.add_argument("out", type=Path, help="the samples, uint8 NHWC .npy")
    parser.add_argument("n", type=int, help="images to sample")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sampling noise")
    return parser.parse_args(argv)


def import_torchvision():
    """Imports torchvision; declares `nms` and `qnms` first if its operators cannot load.

    Nothing happens when torchvision is not installed (a script that needs it says so).
    """
    import torch

    try:
        import torchvision  # noqa: F401
    except ModuleNotFoundError:
        return None
    except RuntimeError as error:
        if "torchvision::nms" not in str(error):
            raise
        for module in [name for name in sys.modules if name.startswith("torchvision")]:
            del sys.modules[module]
        library = torch.library.Library("torchvision", "FRAGMENT")
        for op in ("nms", "qnms"):
            library.define(f"{op}(Tensor dets, Tensor scores, float iou_threshold) -> Tensor")
        import torchvision  # noqa: F401

        return library  # kept alive by the caller: the schemas live as long as it does
    return None


def images_seen(namespace):
    """Real images the script has fed its discriminator: whole batches of its loader."""
    loader, epoch, batch = (namespace.get(key) for key in ("dataloader", "epoch", "i"))
    if loader is None or epoch is None or batch is None:
        return 0
    return (epoch * len(loader) + batch + 1) * loader.batch_size


def sample(namespace, n, seed):
    """`n` images from the script's generator as uint8 NHWC, drawn like its own grids."""
    import torch

    generator, opt = namespace["generator"], namespace["opt"]
    torch.manual_seed(seed)
    chunks = []
    with torch.no_grad():
        for start in range(0, n, opt.batch_size):
            count = min(opt.batch_size, n - start)
            if count < 2:  # BatchNorm in training mode needs two images
                count = 2
            images = generator(torch.randn(count, opt.latent_dim))
            chunks.append(images.numpy()[: n - start])
    images = np.concatenate(chunks)[:n].transpose(0, 2, 3, 1)
    return np.clip(np.rint((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


def main(argv=None):
    args = parse_args(argv)
    keep = import_torchvision()
    source = args.script.read_text()
    namespace = {"__name__": "__main__", "__file__": str(args.script)}
    sys.argv = [str(args.script)]

    def spent(signum, frame):
        raise BudgetSpent

    signal.signal(signal.SIGALRM, spent)
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, args.seconds)
    finished = False
    try:
        exec(compile(source, str(args.script), "exec"), namespace)
        finished = True
    except BudgetSpent:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    seconds = time.monotonic() - start
    np.save(args.out, sample(namespace, args.n, args.seed))
    report = {"seconds": seconds, "images_seen": images_seen(namespace), "finished": finished}
    print(json.dumps(report), flush=True)
    del keep


if __name__ == "__main__":
    main()
