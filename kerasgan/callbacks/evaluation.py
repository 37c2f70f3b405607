"""Periodic evaluation during training, keeping the generator with the best metric."""

from pathlib import Path

import keras

from kerasgan.runs.atomic import atomic_path, write_json


class EvaluateEvery(keras.callbacks.Callback):
    """Evaluates the generator every `every` epochs and keeps the best one.

    The values are added to the epoch's logs (so `HistoryLog`, placed after this
    callback, records them), and when `monitor` improves the generator is saved to
    `best_dir/best_generator.keras` with `best.json` ({epoch, monitor, value,
    protocol}). A published DCGAN log reached FID 49 at 42k steps and 137 at 200k:
    the last checkpoint is not always the best.

    Args:
        every: epochs between evaluations.
        n: generated images per evaluation (and real ones, at most).
        reference: the reference dataset name or path.
        extractor: "auto" (the domain classifier for (Fashion-)MNIST references, else
            the FID Inception network), "domain" or "inception".
        metrics: metric names (see `kerasgan.metrics.evaluate.METRICS`).
        monitor: the logged value that decides the best generator (e.g. "fid").
        mode: "min" or "max".
        best_dir: folder for the best generator (None: do not save).
        seed: seed of the evaluation noise (fixed, so epochs are comparable).
    """

    def __init__(
        self,
        every=1,
        n=2000,
        reference="fashion_mnist_test",
        extractor="auto",
        metrics=("fid",),
        monitor="fid",
        mode="min",
        best_dir=None,
        seed=0,
    ):
        super().__init__()
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', not {mode!r}.")
        self.every, self.n, self.reference, self.extractor = (
            int(every),
            int(n),
            reference,
            extractor,
        )
        self.metrics, self.monitor, self.mode = tuple(metrics), monitor, mode
        self.best_dir = None if best_dir is None else Path(best_dir)
        self.seed = seed
        self.best = None
        self.results = []

    def _better(self, value):
        if self.best is None:
            return True
        return value < self.best if self.mode == "min" else value > self.best

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        from kerasgan.metrics.evaluate import evaluate_images
        from kerasgan.metrics.run_evaluation import generate_balanced

        images, labels = generate_balanced(self.model, self.n, seed=self.seed)
        result = evaluate_images(
            images,
            labels,
            self.metrics,
            reference=self.reference,
            extractor=self.extractor,
            n_real=self.n,
            seed=self.seed,
        )
        self.results.append({"epoch": epoch + 1, **result})
        if logs is not None:
            logs.update(result["metrics"])
        value = result["metrics"].get(self.monitor)
        if value is not None and self._better(value):
            self.best = value
            if self.best_dir is not None:
                self._save_best(epoch + 1, value, result["protocol"])

    def _save_best(self, epoch, value, protocol):
        with atomic_path(self.best_dir / "best_generator.keras", suffix=".keras") as tmp:
            self.model.sampling_generator.save(tmp)
        write_json(
            self.best_dir / "best.json",
            {
                "epoch": epoch,
                "monitor": self.monitor,
                "value": value,
                "protocol": protocol,
            },
        )
