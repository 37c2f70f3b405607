"""The progressive and style-based variants from the command line: train, list, and
`kerasgan sample --truncation`, `--style-mix` and `--interpolate` in W."""

import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.images import load_png
from kerasgan.inference.sampling import load_sampler
from tests.helpers import assert_clean_failure, tiles


@pytest.fixture
def style_run(train_args, tmp_path):
    assert main(train_args("stylegan2")) == 0
    return tmp_path / "runs" / "stylegan2-1"


def test_list_shows_the_new_variants(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("pggan", "stylegan", "stylegan2"):
        assert name in out


@pytest.mark.parametrize("variant", ["pggan", "stylegan"])
def test_variant_trains_from_the_cli_and_samples(variant, train_args, tmp_path):
    assert main(train_args(variant, "--epochs", "1")) == 0
    run = tmp_path / "runs" / f"{variant}-1"
    for name in ("generator.keras", "history.csv", "training.gif"):
        assert (run / name).is_file(), name
    assert main(["sample", str(run), "--n", "4", "--out", str(tmp_path / "s.png")]) == 0


def test_truncation_draws_toward_the_average_image(style_run, tmp_path):
    def grid(name, *extra):
        out = tmp_path / name
        assert main(["sample", str(style_run), "--n", "4", "--out", str(out), *extra]) == 0
        return tiles(load_png(out), 2, 2).astype("float32")

    plain, none, zero = (
        grid("a.png"),
        grid("b.png", "--truncation", "1"),
        grid("c.png", "--truncation", "0"),
    )
    np.testing.assert_array_equal(plain, none)
    spread = lambda cells: cells.reshape(4, -1).std(axis=0).mean()  # noqa: E731
    assert spread(zero) < 0.5 and spread(zero) < spread(plain)  # psi = 0: one image
    assert main(["sample", str(style_run), "--n", "4", "--truncation", "0.5",
                 "--truncation-cutoff", "2", "--out", str(tmp_path / "d.png")]) == 0  # fmt: skip


def test_style_mix_figure(style_run, tmp_path, capsys):
    out = tmp_path / "mix.png"
    assert main(["sample", str(style_run), "--style-mix", "--n", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    # 8x8 images have two resolutions: coarse (4x4) and fine (8x8) styles, 3 B rows each.
    assert "coarse styles (4x4)" in printed and "fine styles (8x8)" in printed
    cells = tiles(load_png(out), 1 + 2 * 3, 1 + 3)
    assert (cells[0, 0] == 255).all()  # the blank corner


def test_interpolate_in_w_says_so(style_run, tmp_path, capsys):
    out = tmp_path / "path.png"
    assert main(["sample", str(style_run), "--interpolate", "--n", "2", "--out", str(out)]) == 0
    assert "in W" in capsys.readouterr().out
    tiles(load_png(out), 2, 10)


def test_sampler_truncation_from_a_keras_file(style_run):
    sampler = load_sampler(style_run / "generator.keras")
    assert sampler.is_style
    sampler.set_truncation(0.0)
    images, _ = sampler.sample(3)
    np.testing.assert_allclose(images[0], images[2], atol=1e-5)


@pytest.mark.parametrize(
    "extra, needle",
    [
        (["--truncation", "nan"], "finite"),
        (["--truncation-cutoff", "99"], "between 1 and"),
        (["--style-mix", "--label", "1"], "--label does not apply to --style-mix"),
    ],
)
def test_bad_style_sampling_flags(style_run, extra, needle, capsys):
    assert main(["sample", str(style_run), *extra]) == 2
    assert_clean_failure(2, capsys, needle)


def test_truncation_needs_a_style_generator(train_args, tmp_path, capsys):
    assert main(train_args("dcgan")) == 0
    code = main(["sample", str(tmp_path / "runs" / "dcgan-1"), "--truncation", "0.7"])
    assert_clean_failure(code, capsys, "not a style-based generator")


def test_progressive_variant_refuses_a_size_that_is_not_a_power_of_two(
    train_args, tmp_path, capsys
):
    code = main([*train_args("pggan"), "--image-size", "12"])
    assert_clean_failure(code, capsys, "power-of-two", runs_dir=tmp_path / "runs")
