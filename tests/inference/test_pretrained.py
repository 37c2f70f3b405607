"""Presets: export, load back (float16), from_preset, the CLI, and the shipped zoo."""

from importlib import resources

import keras
import numpy as np
import pytest

from kerasgan.errors import ConfigError
from kerasgan.inference.pretrained import (
    export_preset,
    load_network,
    read_card,
    shipped,
)
from kerasgan.models import CGAN, DCGAN
from tests.helpers import tiny_model
from tests.helpers.variants import tiny_arguments


@pytest.fixture
def preset(tmp_path):
    """A tiny DCGAN's generator exported as a preset folder."""
    model = tiny_model("dcgan")
    _, arguments = tiny_arguments("dcgan", (8, 8, 1), 6, 0)
    card = {"variant": "dcgan", "arguments": arguments, "data": "tiny", "command": "test"}
    path = export_preset(model.generator, tmp_path / "hub", "tiny_dcgan", card)
    return model, path


def test_a_preset_loads_back_with_float16_weights(preset):
    model, path = preset
    network, card = load_network(path.parent)  # the folder, as downloaded from a hub
    z = np.random.default_rng(0).standard_normal((4, 6)).astype("float32")
    want = keras.ops.convert_to_numpy(model.generator(z, training=False))
    got = keras.ops.convert_to_numpy(network(z, training=False))
    np.testing.assert_allclose(got, want, atol=2e-2)  # float16 weights
    assert card["name"] == "tiny_dcgan" and card["parameters"] == model.generator.count_params()
    assert path.with_suffix(".npz").stat().st_size < 4 * card["parameters"]


def test_from_preset_builds_the_variant_with_the_generator(preset):
    model, path = preset
    gan = DCGAN.from_preset(path)
    for mine, theirs in zip(gan.generator.weights, model.generator.weights, strict=True):
        np.testing.assert_allclose(
            keras.ops.convert_to_numpy(mine), keras.ops.convert_to_numpy(theirs), atol=1e-2
        )
    with pytest.raises(ValueError, match="is a dcgan, not a CGAN"):
        CGAN.from_preset(path)


def test_the_cli_samples_a_preset_folder(preset, tmp_path, capsys):
    from kerasgan.cli.main import main

    _, path = preset
    assert main(["sample", str(path.parent), "--n", "4", "--out", str(tmp_path / "s.png")]) == 0
    assert (tmp_path / "s.png").is_file()


def test_unknown_names_list_the_shipped_ones(tmp_path):
    with pytest.raises(ConfigError, match="no pretrained model 'nope'"):
        read_card("pretrained:nope")
    (tmp_path / "two").mkdir()
    for name in ("a", "b"):
        (tmp_path / "two" / f"{name}.json").write_text("{}")
        np.savez(tmp_path / "two" / f"{name}.npz")
    with pytest.raises(ConfigError, match="holds 2 presets"):
        read_card(tmp_path / "two")


ZOO = {
    "dcgan_fashion_mnist",
    "cgan_fashion_mnist",
    "wgan_gp_fashion_mnist",
    "stylegan2_fashion_mnist",
    "pix2pix_edges2fashion",
}


def test_the_shipped_zoo_is_small_documented_and_loads():
    names = shipped()
    assert set(names) >= ZOO
    folder = resources.files("kerasgan.pretrained")
    total = sum(folder.joinpath(f"{n}.npz").stat().st_size for n in names)
    assert total < 30 * 2**20
    for name in names:
        card, _ = read_card(name)
        for key in ("variant", "data", "command", "seconds", "epochs", "metrics", "arguments"):
            assert key in card, (name, key)
        network, _ = load_network(name)
        assert network.count_params() == card["parameters"]
    assert read_card("pretrained:cgan")[0]["name"] == "cgan_fashion_mnist"  # by variant


def test_a_shipped_preset_samples_and_translates(tmp_path):
    from kerasgan.cli.main import main

    assert main(["sample", "pretrained:cgan", "--label", "7", "--n", "4", "--out",
                 str(tmp_path / "shoes.png")]) == 0  # fmt: skip
    (tmp_path / "edges").mkdir()
    from PIL import Image

    Image.fromarray(np.zeros((28, 28), np.uint8)).save(tmp_path / "edges" / "a.png")
    assert main(["translate", "pretrained:pix2pix", str(tmp_path / "edges"),
                 str(tmp_path / "items")]) == 0  # fmt: skip
    assert len(list((tmp_path / "items").glob("*.png"))) == 1
    gan = CGAN.from_preset("cgan_fashion_mnist")
    assert gan.num_classes == 10


def test_a_shipped_preset_evaluates_against_its_own_data(tmp_path, monkeypatch, capsys):
    from kerasgan.cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KERASGAN_CACHE", str(tmp_path / "cache"))
    args = ["evaluate", "pretrained:dcgan", "--n", "40", "--metrics", "fid", "--no-baselines"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "40 generated vs 40 real images of fashion_mnist_test" in out  # the card's data


def test_kerasgan_pretrained_lists_the_cards(capsys):
    from kerasgan.cli.main import main

    assert main(["pretrained"]) == 0
    out = capsys.readouterr().out
    for name in ZOO:
        assert f"{name}: " in out
    assert "made by: kerasgan train dcgan --epochs 15" in out and "pretrained:NAME" in out
