"""Trains tiny variants on two data-parallel replicas, for tests/engine/test_replicas.py.

Run as a program with KERAS_BACKEND set (JAX: XLA_FLAGS giving two host devices; PyTorch:
under torchrun; TensorFlow's backend splits the CPU into two logical devices itself):
`python -m tests.engine.variants_worker KEY [KEY ...]` trains each TINY entry for four
steps inside `replication(2)` and prints one line per entry, "KEY ok" or "KEY failed: ...".
"""

import sys


def main(keys):
    import numpy as np

    from kerasgan.engine.replicas import replication
    from tests.helpers.variants import fit_args, tiny_model

    replicas = replication(2)
    for key in keys:
        try:
            with replicas.scope():
                model = tiny_model(key)
                arrays = fit_args(model, n=16)
                batch = 4
                if replicas.feeds_shard:  # this process's rows of every batch of 4
                    index = replicas.process_index
                    arrays = tuple(
                        a.reshape(4, 2, 2, *a.shape[1:])[:, index].reshape(8, *a.shape[1:])
                        for a in arrays
                    )
                    batch = 2
                history = model.fit(*arrays, batch_size=batch, verbose=0, shuffle=False).history
            finite = all(np.all(np.isfinite(v)) for v in history.values())
            line = f"{key} ok" if finite else f"{key} failed: a loss is not finite"
        except Exception as error:  # noqa: BLE001 - reported per variant
            line = f"{key} failed: {type(error).__name__}: {str(error).splitlines()[:1]}"
        if replicas.is_chief:
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
