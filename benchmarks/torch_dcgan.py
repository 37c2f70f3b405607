"""A plain PyTorch training loop over the same DCGAN networks, as a speed reference.

The modules mirror `kerasgan.models.DCGANGenerator` / `DCGANDiscriminator` for 28x28x1 images,
`filters=64`, `latent_dim=100` (layer for layer; NCHW instead of NHWC):

    G: Linear(100, 7*7*256, bias=False) -> BatchNorm1d(12544) -> ReLU -> view(256, 7, 7)
       -> ConvTranspose2d(256, 128, 4, stride 2, padding 1, bias=False) -> BatchNorm2d -> ReLU
       -> ConvTranspose2d(128, 1, 4, stride 2, padding 1) -> tanh
    D: Conv2d(1, 64, 4, stride 2, padding 1) -> LeakyReLU(0.2)
       -> Conv2d(64, 128, 4, stride 2, padding 1) -> BatchNorm2d -> LeakyReLU(0.2)
       -> Flatten -> Linear(6272, 1)

Keras' padding "same" with kernel 4 and stride 2 on an even size pads 1 on each side, which is
torch's `padding=1` (and for the transposed convolutions, output = 2 x input in both). Keras
`BatchNormalization(momentum=0.9, epsilon=1e-5)` is torch's `momentum=0.1, eps=1e-5`. Weights
use Keras' defaults (Glorot-uniform kernels, zero biases); Adam(2e-4, betas (0.5, 0.999),
eps=1e-7, Keras' epsilon).

One step, like kerasgan's engine: D step = G forward under `no_grad` (train mode, so BatchNorm
uses batch statistics and updates its running ones, as in kerasgan) + D on the real batch and D
on the fake batch, called separately, non-saturating BCE-with-logits loss, backward, Adam step;
G step = a new noise batch of the same size, G forward, D forward (D's weights frozen, so their
gradients are not computed, as in kerasgan's G phase), backward, Adam step.

Data: the bundled Fashion-MNIST test split (10,000 images) held in memory as uint8; each step
gathers a random batch and maps it to float32 in [-1, 1] (the same work as kerasgan's
`ImageBatches.__getitem__`). `torch.set_num_threads` is left at its default.

Run alone: `python benchmarks/torch_dcgan.py --batch-size 64 --steps 50 --repeats 3`
(`--json` prints a result line for `throughput.py`).
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

import common  # noqa: E402

LATENT_DIM = 100
FILTERS = 64


def build_networks(latent_dim=LATENT_DIM, filters=FILTERS, channels=1):
    """The generator and discriminator as `torch.nn.Sequential`s (28x28 images)."""
    import torch
    from torch import nn

    width = filters * 4  # two upsampling stages from 7x7: 256 channels
    generator = nn.Sequential(
        nn.Linear(latent_dim, 7 * 7 * width, bias=False),
        nn.BatchNorm1d(7 * 7 * width, momentum=0.1, eps=1e-5),
        nn.ReLU(),
        nn.Unflatten(1, (width, 7, 7)),
        nn.ConvTranspose2d(width, filters * 2, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(filters * 2, momentum=0.1, eps=1e-5),
        nn.ReLU(),
        nn.ConvTranspose2d(filters * 2, channels, 4, stride=2, padding=1, bias=True),
        nn.Tanh(),
    )
    discriminator = nn.Sequential(
        nn.Conv2d(channels, filters, 4, stride=2, padding=1),
        nn.LeakyReLU(0.2),
        nn.Conv2d(filters, filters * 2, 4, stride=2, padding=1),
        nn.BatchNorm2d(filters * 2, momentum=0.1, eps=1e-5),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(filters * 2 * 7 * 7, 1),
    )
    for module in list(generator.modules()) + list(discriminator.modules()):
        if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    with torch.no_grad():  # check the shapes once
        image = generator(torch.zeros(2, latent_dim))
        assert tuple(image.shape) == (2, channels, 28, 28), image.shape
        assert tuple(discriminator(image).shape) == (2, 1)
    return generator, discriminator


def module_macs(network, example):
    """MACs per image of a module's Linear / Conv2d / ConvTranspose2d layers (forward hooks)."""
    import torch
    from torch import nn

    total = [0]

    def hook(module, inputs, output):
        x = inputs[0]
        n = x.shape[0]
        if isinstance(module, nn.ConvTranspose2d):
            kh, kw = module.kernel_size
            total[0] += common.conv_transpose_macs(
                x.shape[2:4], module.in_channels, module.out_channels, (kh, kw)
            )
        elif isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total[0] += common.conv_macs(
                output.shape[2:4], module.in_channels, module.out_channels, (kh, kw)
            )
        elif isinstance(module, nn.Linear):
            total[0] += (x.numel() // n // module.in_features) * common.dense_macs(
                module.in_features, module.out_features
            )

    handles = [
        m.register_forward_hook(hook)
        for m in network.modules()
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d))
    ]
    was_training = network.training
    network.eval()
    with torch.no_grad():
        network(example)
    network.train(was_training)
    for handle in handles:
        handle.remove()
    return int(total[0])


def load_images():
    """The bundled dataset as a uint8 NCHW tensor (Keras imported on its torch backend)."""
    import torch

    os.environ.setdefault("KERAS_BACKEND", "torch")
    from kerasgan.data import load_dataset

    data = load_dataset()
    return torch.from_numpy(data.images).permute(0, 3, 1, 2).contiguous()


def measure(batch_size=64, steps=50, repeats=3, warmup=5, seed=0):
    """Trains for `warmup + steps * repeats` steps; returns images/s of each timed window."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    images = load_images()
    generator, discriminator = build_networks(channels=images.shape[1])
    g_macs = module_macs(generator, torch.zeros(1, LATENT_DIM))
    d_macs = module_macs(discriminator, torch.zeros(1, *images.shape[1:]))
    generator.train()
    discriminator.train()
    adam = {"lr": 2e-4, "betas": (0.5, 0.999), "eps": 1e-7}
    g_opt = torch.optim.Adam(generator.parameters(), **adam)
    d_opt = torch.optim.Adam(discriminator.parameters(), **adam)
    d_params = list(discriminator.parameters())

    def batches():
        while True:
            order = torch.randperm(len(images))
            for start in range(0, len(images) - batch_size + 1, batch_size):
                index = order[start : start + batch_size].sort().values
                yield images[index].float().div_(127.5).sub_(1.0)

    def step(real):
        z = torch.randn(batch_size, LATENT_DIM)
        with torch.no_grad():
            fake = generator(z)
        real_logits = discriminator(real)
        fake_logits = discriminator(fake)
        d_loss = F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
        d_opt.zero_grad(set_to_none=True)
        d_loss.backward()
        d_opt.step()

        for p in d_params:
            p.requires_grad_(False)
        z = torch.randn(batch_size, LATENT_DIM)
        g_loss = F.softplus(-discriminator(generator(z))).mean()
        g_opt.zero_grad(set_to_none=True)
        g_loss.backward()
        g_opt.step()
        for p in d_params:
            p.requires_grad_(True)
        return d_loss, g_loss

    data = batches()
    marks = []
    total = warmup + steps * repeats
    begin = time.perf_counter()
    for i in range(total):
        d_loss, g_loss = step(next(data))
        d_loss.item(), g_loss.item()  # what a progress bar reads (kerasgan's fit reads its logs)
        marks.append((i, time.perf_counter()))
    rates = common.window_rates(marks, batch_size, warmup, steps, repeats)
    return {
        "backend": "plain torch loop",
        "variant": "dcgan",
        "batch_size": batch_size,
        "steps": steps,
        "warmup": warmup,
        "rates": rates,
        **common.summarize(rates),
        "g_macs": g_macs,
        "d_macs": d_macs,
        "g_params": sum(p.numel() for p in generator.parameters()),
        "d_params": sum(p.numel() for p in discriminator.parameters()),
        "flops_per_image": common.step_flops_per_image(g_macs, d_macs)["total"],
        "first_step_s": marks[0][1] - begin,
        "threads": torch.get_num_threads(),
        "data": "in-memory uint8 tensor, random batch gathered and scaled each step",
        "torch": torch.__version__,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--warmup-steps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    parser.add_argument("--json", action="store_true", help="print a result line for a parent")
    args = parser.parse_args(argv)
    start_load = common.load_average()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    result = measure(
        args.batch_size, args.steps, args.repeats, max(args.warmup_steps, 1), args.seed
    )
    result["load"] = [start_load, common.load_average()]
    if args.json:
        common.emit(result)
    else:
        rates = ", ".join(f"{r:.1f}" for r in result["rates"])
        print(
            f"plain PyTorch DCGAN loop, batch {args.batch_size}: median "
            f"{result['median']:.1f} images/s (windows: {rates}); "
            f"{result['flops_per_image'] / 1e6:.0f} MFLOP per image per step; "
            f"G {result['g_params']:,} / D {result['d_params']:,} parameters; "
            f"{result['threads']} threads"
        )


if __name__ == "__main__":
    main()
