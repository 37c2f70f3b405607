"""One training step of a small GAN on 1 or N devices, for tests/engine/test_replicas.py.

Run as a program, with KERAS_BACKEND set (for JAX, XLA_FLAGS giving N host devices; for
PyTorch under torchrun; TensorFlow's backend splits the CPU into N logical devices itself):
`python -m tests.engine.replica_worker --devices N --out F.npz`.
Builds an MLP GAN without BatchNorm (whose batch statistics are per replica on TensorFlow
and PyTorch) with a gradient penalty and an EMA, trains it for `--steps` steps on a fixed
global batch through `kerasgan.engine.replicas`, and process 0 writes every weight and the
last losses into `--out`. With `--batchnorm-out` it then trains the GAN with BatchNorm
in G for two steps, and every process writes its own file there.
"""

import argparse

import numpy as np


def train_once(replicas, steps, out, batchnorm=False):
    """Trains the GAN for `steps` steps; process 0 (with `batchnorm`, every process) writes."""
    import keras

    from kerasgan.data.batches import ImageBatches
    from kerasgan.data.shards import ProcessShard
    from kerasgan.models.base.noise_to_image import GAN
    from kerasgan.networks.mlp import MLPDiscriminator, MLPGenerator

    images = np.random.default_rng(0).integers(0, 256, (8 * steps, 6, 6, 1), dtype=np.uint8)
    with replicas.scope():
        keras.utils.set_random_seed(0)
        model = GAN(
            MLPGenerator(
                4,
                (6, 6, 1),
                (16,),
                normalization="batch" if batchnorm else "none",
                name="generator",
            ),  # fmt: skip
            MLPDiscriminator((6, 6, 1), (16,), name="discriminator"),
            latent_dim=4,
            image_shape=(6, 6, 1),
            gradient_penalty=10.0,
            ema_decay=0.9,
            seed=0,
        )
        # SGD: an update proportional to the gradient shows a wrongly scaled one (Adam would not).
        model.compile(g_optimizer=keras.optimizers.SGD(0.1), d_optimizer=keras.optimizers.SGD(0.1))
        batches = ImageBatches(images, batch_size=8, shuffle=False)
        if replicas.feeds_shard:
            batches = ProcessShard(batches, replicas.process_index, replicas.process_count)
        history = model.fit(batches, epochs=1, verbose=0, shuffle=False)
    if batchnorm and not replicas.is_chief:
        out = f"{out}.process{replicas.process_index}.npz"
    if replicas.is_chief or batchnorm:
        weights = {f"w{i}": np.asarray(w) for i, w in enumerate(model.get_weights())}
        losses = {k: np.asarray(v[-1]) for k, v in history.history.items()}
        np.savez(out, **weights, **{f"log_{k}": v for k, v in losses.items()})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=1)
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--batchnorm-out",
        help="then train with BatchNorm in G for two steps; every process writes its weights",
    )
    args = parser.parse_args()
    from kerasgan.engine.replicas import replication

    replicas = replication(args.devices)
    train_once(replicas, args.steps, args.out)
    if args.batchnorm_out:
        train_once(replicas, 2, args.batchnorm_out, batchnorm=True)


if __name__ == "__main__":
    main()
