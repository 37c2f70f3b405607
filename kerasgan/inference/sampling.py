"""Sampling from a trained generator: a run folder or a `.keras` file."""

from pathlib import Path

import keras
import numpy as np

from kerasgan import runs
from kerasgan.errors import ConfigError
from kerasgan.images import make_grid, save_png, to_uint8
from kerasgan.inference import latent, style
from kerasgan.inference.files import load_keras_file
from kerasgan.inference.sample_files import check_sample_out


class Sampler:
    """A generator with the facts needed to sample it.

    Args:
        generator: a kerasgan generator network (`latent_dim`, `num_classes`).
        source: where it was loaded from, for messages.
        variant: the run's variant (a `kerasgan.models.GAN`) when it changes how G
            is sampled or evaluated (its `sample_latent`, `evaluation_images`); its
            weights are not used. None: N(0, I) noise and G's images as they are.
    """

    def __init__(self, generator, source, variant=None):
        self.generator = generator
        self.source = str(source)
        self.variant = variant
        self.latent_dim = int(generator.latent_dim)
        self.num_classes = int(getattr(generator, "num_classes", 0))
        self.call_options = {}  # a style generator's truncation (`set_truncation`)

    @property
    def is_style(self):
        """Whether the generator is style-based (truncation, paths in W, style mixing)."""
        return style.is_style_generator(self.generator)

    def set_truncation(self, psi=None, cutoff=None):
        """Samples with the truncation trick from now on: `w_avg + psi (w - w_avg)`.

        Args:
            psi: 1 changes nothing, 0 gives the average image; None: 1.
            cutoff: truncate only the first `cutoff` styles (the coarse ones); None: all.

        Raises:
            ConfigError: not a style-based generator, or a value out of range.
        """
        if psi is None and cutoff is None:
            return
        if not self.is_style:
            raise ConfigError(
                f"{self.source} is not a style-based generator: the truncation trick needs the "
                "average w that stylegan and stylegan2 generators track."
            )
        psi = 1.0 if psi is None else float(psi)
        if not np.isfinite(psi):
            raise ConfigError(f"the truncation psi must be a finite number, not {psi}.")
        num_ws = int(self.generator.num_ws)
        if cutoff is not None and not 1 <= int(cutoff) <= num_ws:
            raise ConfigError(
                f"the truncation cutoff must be between 1 and the generator's {num_ws} styles, "
                f"not {cutoff}."
            )
        self.call_options = {"truncation": psi, "truncation_cutoff": cutoff}

    def style_mix(self, columns=6, rows=3, seed=0):
        """The StyleGAN paper's style-mixing figure (`kerasgan.inference.style.style_mix_grid`).

        Args:
            columns: source A images (the columns).
            rows: source B images (rows of each of the coarse, middle and fine levels).
            seed: seed of the A latents (B's use `seed + 1`).

        Returns:
            `(images, nrow, levels)`.
        """
        if not self.is_style:
            raise ConfigError(
                f"{self.source} is not a style-based generator: style mixing needs a "
                "stylegan or stylegan2 generator."
            )
        if columns < 1 or rows < 1:
            raise ConfigError("a style-mixing figure needs at least one A and one B source.")
        z_a, z_b = self.sample_latent(columns, seed), self.sample_latent(rows, seed + 1)
        return style.style_mix_grid(self.generator, z_a, z_b, **self.call_options)

    def sample_latent(self, n, seed=0):
        """`n` latent vectors (float32, (n, latent_dim)): the variant's, else N(0, I)."""
        if self.variant is not None:
            return np.asarray(self.variant.sample_latent(n, seed), "float32")
        return np.random.default_rng(seed).standard_normal((n, self.latent_dim)).astype("float32")

    def evaluation_images(self, images):
        """The part of generated `images` that evaluation compares with real ones."""
        return images if self.variant is None else self.variant.evaluation_images(images)

    def labels_for(self, n, label=None):
        """Labels for `n` images: all `label`, or cycling through the classes."""
        if not self.num_classes:
            if label is not None:
                raise ConfigError(f"{self.source} is unconditional: it takes no label.")
            return None
        if label is None:
            return np.arange(n) % self.num_classes
        if not 0 <= int(label) < self.num_classes:
            raise ConfigError(
                f"label {label} is outside the {self.num_classes} classes of {self.source} "
                f"(0 to {self.num_classes - 1})."
            )
        return np.full((n,), int(label))

    def generate(self, z, labels=None, batch_size=256):
        """Images in [-1, 1] (NHWC float32) for given noise, `batch_size` at a time.

        Args:
            z: float array of shape (n, latent_dim).
            labels: int array of shape (n,) for conditional generators, else None.
            batch_size: images generated per call.
        """
        z = np.asarray(z, dtype="float32")
        labels = None if labels is None else np.asarray(labels)
        out = []
        for start in range(0, len(z), batch_size):
            part = None if labels is None else labels[start : start + batch_size].astype("int32")
            images = self.generator(
                z[start : start + batch_size], part, training=False, **self.call_options
            )
            out.append(keras.ops.convert_to_numpy(images))
        return np.concatenate(out).astype("float32")

    def sample(self, n, label=None, seed=0, batch_size=256):
        """`n` images in [-1, 1] (NHWC float32) and their labels (or None).

        Args:
            n: number of images.
            label: the class to draw (conditional generators); None cycles classes.
            seed: seed of the noise (`sample_latent`).
            batch_size: images generated per call.
        """
        if n < 1:
            raise ConfigError(f"n must be at least 1, not {n}.")
        z = self.sample_latent(n, seed)
        labels = self.labels_for(n, label)
        return self.generate(z, labels, batch_size), labels

    def interpolate(self, rows=8, steps=10, method="slerp", seed=0, label=None):
        """`rows` interpolation paths of `steps` images each, row-major, in [-1, 1].

        Each path joins two fresh normal vectors (`kerasgan.inference.latent.interpolation_grid`);
        a style-based generator follows the straight line between their images in W instead.
        A conditional generator keeps one label along a path: `label`, or class
        `r % num_classes` for path `r`.

        Args:
            rows: number of paths.
            steps: images per path, both ends included (at least 2).
            method: "slerp" (spherical, for Gaussian noise) or "linear".
            seed: seed of the path ends.
            label: the class of every path (conditional generators); None cycles classes.
        """
        if rows < 1:
            raise ConfigError(f"rows must be at least 1, not {rows}.")
        if steps < 2:
            raise ConfigError(f"steps must be at least 2 (a path has two ends), not {steps}.")
        row_labels = self.labels_for(rows, label)
        try:
            z = latent.interpolation_grid(seed, self.latent_dim, rows, steps, method)
        except ValueError as err:
            raise ConfigError(str(err)) from None
        labels = None if row_labels is None else np.repeat(row_labels, steps)
        if self.is_style:  # straight paths in W between the mapped ends
            ws = style.w_paths(self.generator, z[::steps], z[steps - 1 :: steps], steps)
            return style.synthesize(self.generator, ws, **self.call_options)
        return self.generate(z, labels)

    def class_grid(self, per_class=8, seed=0):
        """One row per class of `per_class` images in [-1, 1]; each column shares its noise.

        Args:
            per_class: images per class (the columns).
            seed: seed of the noise.
        """
        if not self.num_classes:
            raise ConfigError(
                f"{self.source} is unconditional: a grid of classes needs a conditional "
                "generator (such as cgan's)."
            )
        if per_class < 1:
            raise ConfigError(f"per_class must be at least 1, not {per_class}.")
        z, labels = latent.class_grid(self.latent_dim, self.num_classes, per_class, seed)
        return self.generate(z, labels)

    def traverse(self, index, code_offset, steps=10, seed=0, span=2.0):
        """Continuous code `index` swept from `-span` to `span`, one row per class.

        The latent vector is laid out as InfoGAN's: noise in its first
        `code_offset` entries, the continuous codes after it. Every row shares
        one standard normal noise vector (drawn from `seed`) and holds the other
        continuous codes at 0, their prior's mean; row r has class (categorical
        code) r, so rows differ by the class only and columns by the code only.
        An unconditional generator gives a single row. The paper shows -2 to 2,
        beyond the [-1, 1] the codes were trained on.

        Args:
            index: 0-based index of the continuous code to vary.
            code_offset: position of the first continuous code in the latent vector.
            steps: values of the code, the columns (at least 2).
            seed: seed of the noise.
            span: the code goes from `-span` to `span`.

        Returns:
            Images in [-1, 1], `max(num_classes, 1) * steps` of them, row-major.
        """
        codes = self.latent_dim - int(code_offset)
        if not 0 <= int(code_offset) < self.latent_dim:
            raise ConfigError(f"{self.source} has no continuous latent codes to traverse.")
        if not 0 <= int(index) < codes:
            raise ConfigError(
                f"index {index} is outside the {codes} continuous codes of {self.source} "
                f"(0 to {codes - 1})."
            )
        if steps < 2:
            raise ConfigError(f"steps must be at least 2 (a sweep has two ends), not {steps}.")
        rows = max(self.num_classes, 1)
        base = np.zeros((rows, self.latent_dim), "float32")
        base[:, :code_offset] = np.random.default_rng(seed).standard_normal(code_offset)
        values = np.linspace(-span, span, steps)
        z = latent.traversal_grid(base, int(code_offset) + int(index), values)
        labels = np.repeat(np.arange(rows), steps) if self.num_classes else None
        return self.generate(z, labels)


def continuous_codes_of(source):
    """How many continuous codes end the latent vector of a run's generator (InfoGAN's).

    The `.keras` generator does not record which latent entries are codes; the
    run folder's config.json does (`continuous_codes` among the arguments).

    Args:
        source: a run folder.

    Raises:
        ConfigError: `source` is not a run folder, or its variant has no continuous codes.
    """
    path = Path(source)
    if not path.is_dir():
        raise ConfigError(
            f"{path} is not a run folder: only a run's config.json says which latent entries "
            "are the continuous codes."
        )
    config = runs.read_config(runs.find_run(path))
    count = int(config.get("arguments", {}).get("continuous_codes", 0))
    if count < 1:
        raise ConfigError(
            f"{path} is a {config.get('variant', 'unknown')} run without continuous latent codes; "
            "only an infogan run with 1 or more continuous codes has codes to traverse."
        )
    return count


def load_sampler(path):
    """Loads the generator of a run folder or a generator `.keras` file.

    A run folder also gives the variant's sampling hooks (its latent distribution,
    the part of G's output to evaluate: see `Sampler`); a bare `.keras` file is
    sampled with N(0, I) noise.

    Args:
        path: a run folder (its `generator.keras`, or its latest checkpoint when
            training has not finished), a `.keras` file, or `pretrained:NAME` (a shipped
            preset, see `kerasgan.inference.pretrained`).
    """
    from kerasgan.inference.pretrained import is_preset_folder, is_pretrained, load_network

    if is_pretrained(path) or is_preset_folder(path):
        import kerasgan.models  # noqa: F401  (registers the network classes)

        network, _ = load_network(path)
        if hasattr(network, "source_shape"):
            raise ConfigError(
                f"{path} is an image-to-image network: use `kerasgan translate {path}`."
            )
        return Sampler(network, path)
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path} does not exist: give a run folder or a .keras generator file.")
    if path.is_dir():
        runs.find_run(path)
        model_file = path / runs.GENERATOR
        if model_file.is_file():
            return Sampler(_load_keras(model_file), model_file, _hook_variant(path))
        model = _model_from_checkpoint(path)
        return Sampler(model.sampling_generator, path, model)
    if path.suffix != ".keras":
        raise ConfigError(f"{path} is not a .keras model file or a run folder.")
    return Sampler(_load_keras(path), path)


def _hook_variant(run_dir):
    """The run's variant built from its config.json when it overrides a sampling hook, else None.

    The hooks (`GAN.sample_latent`, `GAN.evaluation_images`) read the variant's
    settings, not its weights, so the fresh, untrained model is enough.
    """
    from kerasgan.models.base.noise_to_image import GAN
    from kerasgan.models.registry import get_variant

    config = runs.read_config(run_dir)
    cls = get_variant(config["variant"])
    hooks = ("sample_latent", "evaluation_images")
    if all(getattr(cls, name) is getattr(GAN, name) for name in hooks):
        return None
    return _variant_of(config, run_dir)


def _variant_of(config, run_dir):
    """The run's variant, built from config.json's arguments (one line when they do not fit)."""
    from kerasgan.models.registry import get_variant

    try:
        return get_variant(config["variant"])(**config["arguments"])
    except (TypeError, ValueError) as err:
        raise ConfigError(
            f"{run_dir}/config.json's arguments do not build a {config['variant']} ({err}): "
            "restore the file or start a new run."
        ) from None


def _load_keras(path):
    model = load_keras_file(path)
    if hasattr(model, "source_shape"):
        command = "upscale" if hasattr(model, "scale") else "translate"
        raise ConfigError(
            f"{path} is an image-to-image network: it maps images to images, it does not "
            f"sample noise. Use `kerasgan {command}`; benchmarks/translation.py measures it."
        )
    if not hasattr(model, "latent_dim"):
        raise ConfigError(f"{path} is not a kerasgan generator (it has no latent_dim).")
    return model


def _model_from_checkpoint(run_dir):
    from kerasgan.runs.checkpoints import WEIGHTS_FILE, latest_checkpoint, load_model_weights

    found = latest_checkpoint(run_dir / "checkpoints")
    if found is None:
        raise ConfigError(f"{run_dir} has neither generator.keras nor a checkpoint yet.")
    model = _variant_of(runs.read_config(run_dir), run_dir)
    load_model_weights(model, Path(found[0]) / WEIGHTS_FILE)
    return model


def sample_paths(out, count):
    """The files `write_samples` writes for `count` images into `out` (a .png grid or a folder)."""
    out = Path(out)
    if out.suffix.lower() == ".png":
        return [out]
    return [out / f"sample_{i:05d}.png" for i in range(count)]


def write_samples(images, out, nrow=None, overwrite=True):
    """Writes a grid PNG (`out` ends in .png) or one PNG per image into folder `out`.

    Args:
        images: float [-1, 1] or uint8 NHWC images.
        out: a `.png` path (one grid) or a folder (`sample_00000.png`...).
        nrow: images per grid row (default: a square grid).
        overwrite: False raises ConfigError, before writing anything, when a file
            to be written exists already.

    Returns:
        The list of written paths.
    """
    out = Path(out)
    check_sample_out(out)
    paths = sample_paths(out, len(images))
    existing = [p for p in paths if p.exists()]
    if existing and not overwrite:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise ConfigError(
            f"{existing[0]}{more} already exists: choose another --out or pass --overwrite; "
            "nothing was written."
        )
    if out.suffix.lower() == ".png":
        out.parent.mkdir(parents=True, exist_ok=True)
        nrow = nrow or int(np.ceil(np.sqrt(len(images))))
        save_png(make_grid(images, nrow=nrow), out)
        return paths
    out.mkdir(parents=True, exist_ok=True)
    for path, image in zip(paths, to_uint8(images)):
        save_png(image, path)
    return paths
