"""`kerasgan sample --interpolate` and `--classes`, and the Sampler methods behind them."""

import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.errors import ConfigError
from kerasgan.images import load_png, to_uint8
from kerasgan.inference.latent import class_grid, interpolation_grid, lerp, slerp
from kerasgan.inference.sampling import load_sampler
from tests.helpers import TILE
from tests.helpers import generate as _generate
from tests.helpers import tiles as _tiles


@pytest.fixture
def dcgan_run(train_args, tmp_path):
    assert main(train_args("dcgan")) == 0
    return tmp_path / "runs" / "dcgan-1"


@pytest.fixture
def cgan_run(train_args, tmp_path):
    assert main(train_args("cgan")) == 0
    return tmp_path / "runs" / "cgan-1"


def test_interpolate_writes_one_path_per_row(dcgan_run, capsys):
    assert main(["sample", str(dcgan_run), "--interpolate", "--steps", "5", "--seed", "4"]) == 0
    out = dcgan_run / "samples" / "interpolate-slerp-seed4.png"
    assert str(out) in capsys.readouterr().out
    tiles = _tiles(load_png(out), rows=8, cols=5)  # --n defaults to 8 rows here

    sampler = load_sampler(dcgan_run)
    z = interpolation_grid(4, sampler.latent_dim, 8, 5, "slerp").reshape(8, 5, -1)
    ends = np.concatenate([z[:, 0], z[:, -1]])
    expected = to_uint8(_generate(sampler, ends)).reshape(2, 8, TILE, TILE, -1)
    np.testing.assert_allclose(tiles[:, 0], expected[0], atol=1)
    np.testing.assert_allclose(tiles[:, -1], expected[1], atol=1)


def test_sampler_interpolate_ends_are_the_generated_end_vectors(dcgan_run):
    sampler = load_sampler(dcgan_run)
    for method, interpolate in (("slerp", slerp), ("linear", lerp)):
        images = sampler.interpolate(rows=3, steps=4, method=method, seed=7)
        assert images.shape == (12, TILE, TILE, 1)
        assert images.min() >= -1 and images.max() <= 1
        z = interpolation_grid(7, sampler.latent_dim, 3, 4, method)
        for row in range(3):
            part = slice(row * 4, row * 4 + 4)
            z0, z1 = z[row * 4], z[row * 4 + 3]
            path = interpolate(z0, z1, 4)
            np.testing.assert_allclose(path, z[part], atol=1e-6)
            np.testing.assert_allclose(images[part], _generate(sampler, path), atol=1e-5)
            np.testing.assert_allclose(images[part][0], _generate(sampler, [z0])[0], atol=1e-5)
            np.testing.assert_allclose(images[part][-1], _generate(sampler, [z1])[0], atol=1e-5)


def test_interpolate_rows_and_linear_name(dcgan_run, tmp_path):
    command = ["sample", str(dcgan_run), "--interpolate", "--n", "2", "--steps", "3"]
    assert main([*command, "--method", "linear"]) == 0
    _tiles(load_png(dcgan_run / "samples" / "interpolate-linear-seed0.png"), rows=2, cols=3)
    keras_file = dcgan_run / "generator.keras"
    assert main(["sample", str(keras_file), "--interpolate", "--n", "1", "--steps", "2"]) == 0
    _tiles(load_png(dcgan_run / "interpolate-slerp-seed0.png"), rows=1, cols=2)


def test_conditional_interpolation_keeps_a_label_per_row(cgan_run):
    sampler = load_sampler(cgan_run)
    z = interpolation_grid(1, sampler.latent_dim, 4, 3, "slerp")
    cycled = sampler.interpolate(rows=4, steps=3, seed=1)
    fixed = sampler.interpolate(rows=4, steps=3, seed=1, label=2)
    for row in range(4):
        part = slice(row * 3, row * 3 + 3)
        np.testing.assert_allclose(cycled[part], _generate(sampler, z[part], row % 3), atol=1e-5)
        np.testing.assert_allclose(fixed[part], _generate(sampler, z[part], 2), atol=1e-5)


def test_classes_writes_one_row_per_class(cgan_run, capsys):
    assert main(["sample", str(cgan_run), "--classes", "--n", "4", "--seed", "5"]) == 0
    out = cgan_run / "samples" / "classes-seed5.png"
    assert str(out) in capsys.readouterr().out
    tiles = _tiles(load_png(out), rows=3, cols=4)

    sampler = load_sampler(cgan_run)
    images = sampler.class_grid(per_class=4, seed=5)
    z, labels = class_grid(sampler.latent_dim, 3, 4, seed=5)
    np.testing.assert_array_equal(labels, np.repeat([0, 1, 2], 4))
    for c in range(3):
        expected = _generate(sampler, z[:4], label=c)
        np.testing.assert_allclose(images[c * 4 : c * 4 + 4], expected, atol=1e-5)
        np.testing.assert_allclose(tiles[c], to_uint8(expected), atol=1)
    assert not np.allclose(images[:4], images[4:8])  # the label changes the images


def test_classes_default_is_eight_per_class_and_label_out_of_range(cgan_run, capsys):
    assert main(["sample", str(cgan_run), "--classes"]) == 0
    _tiles(load_png(cgan_run / "samples" / "classes-seed0.png"), rows=3, cols=8)
    assert main(["sample", str(cgan_run), "--interpolate", "--label", "3"]) == 2
    assert "outside the 3 classes" in capsys.readouterr().err


BAD_OPTIONS = [
    (["--interpolate", "--steps", "1"], "--steps must be at least 2"),
    (["--interpolate", "--n", "0"], "must be at least 1"),
    (["--interpolate", "--nrow", "4"], "--nrow does not apply to --interpolate"),
    (["--interpolate", "--label", "1"], "unconditional"),
    (["--classes"], "unconditional: a grid of classes needs a conditional"),
    (["--classes", "--label", "1"], "--label does not apply to --classes"),
]


def test_bad_latent_options_exit_with_status_2(dcgan_run, capsys):
    for extra, message in BAD_OPTIONS:
        assert main(["sample", str(dcgan_run), *extra]) == 2, extra
        err = capsys.readouterr().err
        assert err.startswith("kerasgan: error: ") and message in err, (extra, err)
    assert not (dcgan_run / "samples" / "classes-seed0.png").exists()
    assert not (dcgan_run / "samples" / "interpolate-slerp-seed0.png").exists()
    sampler = load_sampler(dcgan_run)
    with pytest.raises(ConfigError, match="slerp, linear"):
        sampler.interpolate(method="cubic")
    with pytest.raises(ConfigError, match="unconditional"):
        sampler.class_grid()


def test_interpolate_and_classes_are_exclusive(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["sample", str(tmp_path), "--interpolate", "--classes"])
    assert exit_info.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_plain_sampling_of_other_variants_keeps_normal_noise(dcgan_run):
    sampler = load_sampler(dcgan_run)
    assert sampler.variant is None  # dcgan overrides no sampling hook: nothing else is built
    z = np.random.default_rng(3).standard_normal((5, sampler.latent_dim)).astype("float32")
    np.testing.assert_array_equal(sampler.sample_latent(5, seed=3), z)
    images, labels = sampler.sample(5, seed=3)
    np.testing.assert_allclose(images, _generate(sampler, z), atol=1e-5)
    assert labels is None
