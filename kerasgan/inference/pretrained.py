"""Pretrained generators: model cards and float16 weights, in the package or in a folder.

A preset is two files side by side: `<name>.json`, its model card (variant, the network's Keras
config, the command that trained it, how long, its metrics and their protocol), and
`<name>.npz`, the network's weights in float16 (half the size; loaded back as float32). The
package ships some in `kerasgan/pretrained/` (`kerasgan pretrained` lists them); any folder
holding such a pair is a preset too (one downloaded from a model hub, for instance).

Where a command takes a run folder or a `.keras` file, `pretrained:NAME` names a shipped preset
(`kerasgan sample pretrained:cgan --label 7`); NAME is the preset's name or, when one preset
has it, its variant's. From Python, `DCGAN.from_preset("dcgan_fashion_mnist")` builds the
variant with the preset's generator weights.
"""

import json
from importlib import resources
from pathlib import Path

import numpy as np

from kerasgan.errors import ConfigError

PREFIX = "pretrained:"
PACKAGE = "kerasgan.pretrained"


def is_pretrained(source):
    """Whether `source` names a shipped preset (`pretrained:NAME`)."""
    return str(source).startswith(PREFIX)


def is_preset_folder(path):
    """Whether `path` is a preset folder or card (a `.json` beside its `.npz`), not a run."""
    path = Path(str(path)).expanduser()
    if path.is_file():
        return path.suffix == ".json" and path.with_suffix(".npz").is_file()
    return (
        path.is_dir()
        and not (path / "config.json").is_file()
        and any(p.with_suffix(".npz").is_file() for p in path.glob("*.json"))
    )


def shipped():
    """`{name: folder}` of the presets in the package."""
    folder = resources.files(PACKAGE)
    return {
        entry.name[: -len(".json")]: folder
        for entry in folder.iterdir()
        if entry.name.endswith(".json") and folder.joinpath(entry.name[:-5] + ".npz").is_file()
    }


def read_card(name_or_path):
    """The model card of a shipped preset (`dcgan_fashion_mnist`, `dcgan`, `pretrained:dcgan`)
    or of a preset folder or `.json` file.

    Returns:
        `(card, weights_path)`: the card dict and its `.npz` (a path or a package resource).

    Raises:
        ConfigError: an unknown name (listing the shipped ones) or a folder without a preset.
    """
    text = str(name_or_path)
    name = text[len(PREFIX) :] if is_pretrained(text) else text
    path = Path(name).expanduser()
    if path.is_dir():
        cards = sorted(p for p in path.glob("*.json") if p.with_suffix(".npz").is_file())
        if len(cards) != 1:
            raise ConfigError(
                f"{path} holds {len(cards)} presets (a <name>.json card beside its <name>.npz "
                "weights); give the .json file itself."
            )
        path = cards[0]
    if path.suffix == ".json" and path.is_file():
        return json.loads(path.read_text(encoding="utf-8")), path.with_suffix(".npz")
    presets = shipped()
    if name not in presets:
        by_variant = [n for n in presets if _card_of(presets[n], n)["variant"] == name]
        if len(by_variant) != 1:
            raise ConfigError(
                f"no pretrained model {name!r}: the shipped ones are {', '.join(sorted(presets))} "
                "(see `kerasgan pretrained`), or give a preset folder."
            )
        name = by_variant[0]
    return _card_of(presets[name], name), presets[name].joinpath(f"{name}.npz")


def _card_of(folder, name):
    return json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))


def load_network(name_or_path):
    """The preset's network (a generator or translator), built with its float32 weights.

    The network's class must be registered with Keras: import `kerasgan.models` first.

    Args:
        name_or_path: see `read_card`.

    Returns:
        `(network, card)`.
    """
    import keras

    card, weights = read_card(name_or_path)
    network = keras.saving.deserialize_keras_object(card["network"])
    with weights.open("rb") if hasattr(weights, "open") else open(weights, "rb") as stream:
        with np.load(stream) as archive:
            values = [archive[f"arr_{i}"] for i in range(len(archive.files))]
    if len(values) != len(network.weights):
        raise ConfigError(
            f"preset {card['name']}: {len(values)} weight arrays for a network with "
            f"{len(network.weights)}; the files do not belong together."
        )
    network.set_weights([v.astype(w.dtype) for v, w in zip(values, network.weights, strict=True)])
    return network, card


def export_preset(network, folder, name, card):
    """Writes `<name>.json` (the card, with the network's config) and `<name>.npz` (float16
    weights) into `folder`.

    Args:
        network: the trained generator or translator.
        folder: the destination folder.
        name: the preset's name.
        card: the card's facts (variant, data, command, seconds, metrics...).

    Returns:
        The `.json` path.
    """
    import keras

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    values = [keras.ops.convert_to_numpy(w).astype(np.float16) for w in network.weights]
    np.savez_compressed(folder / f"{name}.npz", *values)
    full = {
        "name": name,
        **card,
        "weights": f"{name}.npz (float16)",
        "parameters": int(sum(v.size for v in values)),
        "network": keras.saving.serialize_keras_object(network),
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(full, indent=1, default=str), encoding="utf-8")
    return path


def describe(card):
    """One paragraph about a preset for `kerasgan pretrained`."""
    metrics = ", ".join(f"{k} {v:.4g}" for k, v in (card.get("metrics") or {}).items())
    return (
        f"{card['name']}: {card['variant']} on {card.get('data')}, "
        f"{card.get('parameters', 0) / 1e6:.2f} M parameters, trained "
        f"{card.get('epochs')} epochs in {card.get('seconds', 0) / 60:.1f} min"
        + (f"; {metrics} ({card.get('protocol_summary', '')})" if metrics else "")
        + f"\n    made by: {card.get('command')}"
    )
