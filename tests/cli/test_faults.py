"""Bad input and faults: no overwrites, no name collisions, the format the extension names."""

import keras
import numpy as np
import pytest
from PIL import Image

from kerasgan.cli.main import main
from kerasgan.errors import ConfigError
from kerasgan.images import save_image
from kerasgan.inference.translating import output_paths
from kerasgan.training import TrainSettings


@pytest.fixture(scope="module")
def dcgan_run(tmp_path_factory):
    rng = np.random.default_rng(0)
    root = tmp_path_factory.mktemp("faults")
    data = root / "tiny.npz"
    np.savez(data, x=rng.integers(0, 256, (16, 8, 8, 1), dtype=np.uint8))
    argv = ["train", "dcgan", "--data", str(data), "--epochs", "1", "--batch-size", "8",
            "--out", str(root / "runs"), "--quiet", "--samples", "4",
            "--g-filters", "4", "--d-filters", "4", "--latent-dim", "6"]  # fmt: skip
    assert main(argv) == 0
    return root / "runs" / "dcgan-1"


def one_line_error(capsys, *words):
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kerasgan: error: "), err
    assert all(word in err for word in words), err
    return err


def test_sample_refuses_to_replace_a_grid_without_overwrite(dcgan_run, tmp_path, capsys):
    out = tmp_path / "existing.png"
    out.write_bytes(b"keep me")
    assert main(["sample", str(dcgan_run), "--n", "4", "--out", str(out)]) == 2
    one_line_error(capsys, str(out), "--overwrite")
    assert out.read_bytes() == b"keep me"
    assert main(["sample", str(dcgan_run), "--n", "4", "--out", str(out), "--overwrite"]) == 0
    assert Image.open(out).format == "PNG"


def test_sample_twice_to_the_default_path_or_a_folder_is_refused(dcgan_run, tmp_path, capsys):
    assert main(["sample", str(dcgan_run), "--n", "4", "--seed", "5"]) == 0
    default = dcgan_run / "samples" / "sample-seed5.png"
    before = default.read_bytes()
    assert main(["sample", str(dcgan_run), "--n", "9", "--seed", "5"]) == 2
    one_line_error(capsys, "sample-seed5.png", "already exists")
    assert default.read_bytes() == before
    folder = tmp_path / "pngs"
    assert main(["sample", str(dcgan_run), "--n", "3", "--out", str(folder)]) == 0
    first = (folder / "sample_00000.png").read_bytes()
    capsys.readouterr()
    assert main(["sample", str(dcgan_run), "--n", "3", "--out", str(folder), "--seed", "1"]) == 2
    one_line_error(capsys, "sample_00000.png", "--overwrite")
    assert (folder / "sample_00000.png").read_bytes() == first
    assert not (folder / "sample_00003.png").exists()


def test_translate_outputs_that_share_a_name_are_refused(tmp_path):
    files = [tmp_path / "in" / "a.jpg", tmp_path / "in" / "a.png", tmp_path / "in" / "b.png"]
    with pytest.raises(ConfigError, match="a.jpg and a.png would both be written to a.png"):
        output_paths(files, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_single_output_file_gets_its_extensions_format_or_is_refused(tmp_path):
    source = [tmp_path / "small.png"]
    assert output_paths(source, tmp_path / "big.jpg") == [tmp_path / "big.jpg"]
    with pytest.raises(ConfigError, match=r"cannot write \.tiff files"):
        output_paths(source, tmp_path / "big.tiff")
    pixels = np.random.default_rng(0).integers(0, 256, (6, 5, 3), dtype=np.uint8)
    for name, kind in [("x.jpg", "JPEG"), ("x.JPEG", "JPEG"), ("x.bmp", "BMP"),
                       ("x.webp", "WEBP"), ("x.gif", "GIF"), ("x.png", "PNG")]:  # fmt: skip
        save_image(pixels, tmp_path / name)
        with Image.open(tmp_path / name) as image:
            assert image.format == kind and image.size == (5, 6)
    with pytest.raises(ValueError, match="extension must be one of"):
        save_image(pixels, tmp_path / "x.tiff")


def test_translate_cli_refuses_collisions_and_writes_jpeg(tmp_path, capsys):
    net = Identity()
    net(np.zeros((1, 8, 8, 1), np.float32))
    model = tmp_path / "net.keras"
    net.save(model)
    photos = tmp_path / "photos"
    photos.mkdir()
    Image.new("L", (8, 8), 30).save(photos / "a.png")
    Image.new("L", (8, 8), 90).save(photos / "a.jpg")
    out = tmp_path / "out"
    assert main(["translate", str(model), str(photos), str(out)]) == 2
    one_line_error(capsys, "a.jpg and a.png", "nothing was written")
    assert not out.exists()
    assert main(["translate", str(model), str(photos / "a.png"), str(tmp_path / "t.jpg")]) == 0
    with Image.open(tmp_path / "t.jpg") as image:
        assert image.format == "JPEG"


@keras.saving.register_keras_serializable(package="tests_cli_faults")
class Identity(keras.Model):
    """A minimal `.keras` translator: identity on 8x8 grey images, with `source_shape`."""

    def __init__(self, source_shape=(8, 8, 1), **kwargs):
        super().__init__(**kwargs)
        self.source_shape = tuple(source_shape)
        self.scale_layer = keras.layers.Rescaling(1.0)

    def call(self, x):
        return self.scale_layer(x)

    def get_config(self):
        return {**super().get_config(), "source_shape": self.source_shape}


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1e-4"])
@pytest.mark.parametrize("flag", ["--g-lr", "--d-lr"])
def test_bad_learning_rates_are_refused_before_anything_is_written(
    flag, value, train_args, tmp_path, capsys
):
    assert main(train_args("dcgan", f"{flag}={value}")) == 2
    one_line_error(capsys, flag, "positive, finite")
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 0.0, -1.0, "fast"])
def test_train_settings_check_refuses_bad_learning_rates(value):
    with pytest.raises(ConfigError, match="--d-lr must be a positive, finite"):
        TrainSettings(optimizer={"d_lr": value}).check()
    TrainSettings(optimizer={"g_lr": 1e-3, "d_lr": 2e-4}).check()
