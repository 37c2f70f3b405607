"""Applying a trained translator to image files (what `kerasgan translate` and `upscale` run)."""

import re
from pathlib import Path

import keras
import numpy as np
from PIL import Image, ImageOps

from kerasgan import runs
from kerasgan.data.batches import to_unit_range
from kerasgan.data.folder import IMAGE_EXTENSIONS, to_mode
from kerasgan.data.pixels import fit_image
from kerasgan.errors import ConfigError, DataError
from kerasgan.images import IMAGE_FORMATS, save_image, to_uint8
from kerasgan.inference.files import load_keras_file

DIRECTION_FILES = {"a2b": runs.GENERATOR, "b2a": "generator_b2a.keras"}
"""The `.keras` file of each translation direction in a run folder."""


def load_translator(path, direction="a2b"):
    """Loads a translating network from a run folder or a `.keras` file.

    Args:
        path: a run folder of a translation variant (its `generator.keras`, or
            `generator_b2a.keras` for "b2a") or a `.keras` translator file.
        direction: "a2b" or "b2a" (two-way variants such as CycleGAN only).

    Returns:
        The network, called as `net(images)` on [-1, 1] NHWC batches.
    """
    from kerasgan.inference.pretrained import is_pretrained, load_network

    if is_pretrained(path):
        import kerasgan.models  # noqa: F401  (registers the network classes)

        net, _ = load_network(path)
        if not hasattr(net, "source_shape"):
            raise ConfigError(f"{path} is a generator, not a translator: use `kerasgan sample`.")
        return net
    import kerasgan.models  # noqa: F401  (registers the network classes)

    if direction not in DIRECTION_FILES:
        raise ConfigError(f"direction must be a2b or b2a, not {direction!r}.")
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path} does not exist: give a run folder or a .keras translator.")
    if path.is_dir():
        runs.find_run(path)
        model_file = path / DIRECTION_FILES[direction]
        if not model_file.is_file():
            variant = runs.read_json(path / runs.CONFIG).get("variant", "unknown")
            raise ConfigError(
                f"{path} has no {model_file.name}: a {variant} run translates "
                + (
                    "one way only: a2b."
                    if direction == "b2a" and (path / runs.GENERATOR).is_file()
                    else "once training has finished (train it to the end, or resume it)."
                )
            )
        path = model_file
    elif direction != "a2b":
        raise ConfigError(
            f"{path} is one network: it translates one way (a2b); b2a needs a two-way run folder."
        )
    net = load_keras_file(path)
    if not hasattr(net, "source_shape"):
        raise ConfigError(f"{path} is not a kerasgan translator (it has no source_shape).")
    return net


def image_files(path):
    """The image files of a folder (sorted), or `[path]` for one image file."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise DataError(f"{path} does not exist: give an image file or a folder of images.")
    files = sorted(
        p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_EXTENSIONS
    )
    if not files:
        raise DataError(f"{path} holds no image files ({', '.join(IMAGE_EXTENSIONS)}).")
    return files


def read_image(path, channels, size=None):
    """One image file as a uint8 (H, W, channels) array, resized to `size` when given."""
    try:
        with Image.open(path) as image:
            image = to_mode(ImageOps.exif_transpose(image), "L" if channels == 1 else "RGB")
            if size is not None:
                image = fit_image(image, size)
            return np.asarray(image).reshape(image.height, image.width, channels)
    except (OSError, ValueError, SyntaxError) as err:
        raise DataError(f"{path} is not a readable image ({err}).") from None


def output_paths(files, output, suffix=".png"):
    """Where each input's result goes; refuses overwrites, name collisions and unknown types.

    A single input written to a file path gets the format its extension names
    (`kerasgan.images.IMAGE_FORMATS`); into a folder, each input `<stem>.<ext>`
    becomes `<stem>` + `suffix`, so inputs that share a stem (`a.png`, `a.jpg`)
    are refused before anything is written.

    Args:
        files: the input image paths.
        output: a folder (created) or, for a single input, an image file path.
        suffix: the file type written into a folder.
    """
    output = Path(output)
    if len(files) == 1 and output.suffix and not output.is_dir():
        if output.suffix.lower() not in IMAGE_FORMATS:
            raise ConfigError(
                f"{output}: cannot write {output.suffix} files; end the output with one of "
                f"{', '.join(IMAGE_FORMATS)} (or an existing folder), nothing was written."
            )
        targets = [output]
    else:
        if output.exists() and not output.is_dir():
            raise ConfigError(
                f"{output} is an existing file: {len(files)} images need an output folder; "
                "nothing was written."
            )
        targets = [output / (f.stem + suffix) for f in files]
    runs.check_out_folder(targets[0].parent, flag="output")
    _refuse_collisions(files, targets)
    existing = [t for t in targets if t.exists()]
    if existing:
        shown = ", ".join(str(t) for t in existing[:5])
        raise ConfigError(
            f"{len(existing)} output file(s) already exist ({shown}): choose another output, "
            "nothing was written."
        )
    return targets


def _refuse_collisions(files, targets):
    """ConfigError when two inputs would be written to the same output (same stem)."""
    seen = {}
    for source, target in zip(files, targets):
        key = str(target).casefold()  # one file on case-insensitive file systems
        if key in seen:
            raise ConfigError(
                f"{seen[key].name} and {source.name} would both be written to {target.name}: "
                "rename one of them (or move it to another folder), nothing was written."
            )
        seen[key] = source


def translate_files(net, input_path, output, keep_size=False):
    """Translates every image of `input_path` and writes PNGs; returns the paths written.

    Images are converted to the translator's channel count and, unless
    `keep_size`, resized (shorter side, then centre crop) to the size it was
    trained on; with `keep_size` they must suit its downsamplings.

    Args:
        net: a translator from `load_translator`.
        input_path: an image file or a folder of images.
        output: a folder for the results (or an image path for one input).
        keep_size: keep each image's own size instead of the training size.
    """
    height, width, channels = net.source_shape
    files = image_files(input_path)
    targets = output_paths(files, output)
    hint = "resize it to the training size (drop --keep-size) instead" if keep_size else ""
    for source, target in zip(files, targets):
        image = read_image(source, channels, None if keep_size else (height, width))
        result = run_network(net, image, source, hint)
        save_image(to_uint8(result), target)
    return targets


def upscale_files(net, input_path, output):
    """Super-resolves every image of `input_path` at its own size; returns the paths written.

    Args:
        net: an SRGAN or SRResNet generator from `load_translator`.
        input_path: an image file or a folder of images.
        output: an image path (one input) or a folder.
    """
    if not hasattr(net, "scale"):
        raise ConfigError("that network does not upscale: give an srgan or srresnet run.")
    files = image_files(input_path)
    targets = output_paths(files, output)
    for source, target in zip(files, targets):
        image = read_image(source, net.source_shape[-1])
        result = run_network(net, image, source, "shrink or crop the image first", "upscaled")
        save_image(to_uint8(result), target)
    return targets


def run_network(net, image, source, hint="", verb="translated"):
    """`net` applied to one uint8 image; a float [-1, 1] (H, W, C) array.

    Args:
        net: a translator from `load_translator`.
        image: a uint8 (H, W, C) array.
        source: the image's file, for messages.
        hint: what to try instead when the network cannot take the image, added to the error.
        verb: what the network does, for messages ("translated", "upscaled").
    """
    try:
        out = keras.ops.convert_to_numpy(net(to_unit_range(image[None]), training=False))
    except Exception as err:  # noqa: BLE001 - a size the network cannot take fails deep inside it
        size = f"{source} ({image.shape[1]}x{image.shape[0]})"
        if _out_of_memory(err):
            raise DataError(
                f"{size} needs more memory than there is to be {verb}"
                + (f": {hint}." if hint else ".")
            ) from None
        raise DataError(
            f"{size} could not be {verb}: the network cannot take that size ({_first_line(err)})"
            + (f"; {hint}." if hint else ".")
        ) from None
    return out[0]


def _out_of_memory(err):
    text = str(err).lower()
    return isinstance(err, MemoryError) or bool(
        re.search(r"out of memory|resource ?exhausted|\boom\b", text)
    )


def _first_line(err):
    """The first line of an error's text, without terminal colour codes."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip().splitlines()
    return lines[0].strip() if lines else type(err).__name__
