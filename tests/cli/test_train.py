"""`kerasgan train`: run folders, resume, and clear errors for bad input."""

import csv
import json
import subprocess
import sys

import keras
import numpy as np
import pytest

from kerasgan.cli.main import main
from kerasgan.training import TrainSettings, train
from tests.helpers import assert_clean_failure as _assert_clean_failure


def test_list_shows_every_variant(capsys):
    from kerasgan.models.registry import VARIANTS, describe

    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for row in VARIANTS:  # the summary read from the source is the class's docstring line
        assert f"\n{row.name:10s} {describe(row.load())}\n" in f"\n{out}"


@pytest.mark.parametrize(
    "command", [["list"], ["datasets"], ["pretrained"], ["--help"], ["evaluate", "--help"]]
)
def test_listing_and_help_import_no_backend(command):
    code = (
        "import sys\nfrom kerasgan.cli.main import main\n"
        f"try:\n    main({command!r})\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('keras', 'tensorflow', 'jax', 'torch') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr
    assert "oneDNN" not in result.stderr and "absl" not in result.stderr


def test_datasets_lists_the_bundled_default(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    assert "fashion_mnist_test" in out
    for task in ("edges2fashion", "sneaker2boot", "photos:train"):
        assert task in out


def test_datasets_say_what_an_unavailable_one_needs(capsys, monkeypatch):
    import importlib.util

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(  # as if mlxtend were not installed
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "mlxtend" else real_find_spec(name, *a),
    )
    assert main(["datasets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("mnist5k "))
    assert "unavailable" in lines[row] and "download" not in lines[row + 1]
    assert "needs the mnist5k extra: pip install 'kerasgan[mnist5k]'" in lines[row + 1]


@pytest.mark.parametrize("variant", ["dcgan", "cgan", "gan", "wgan_gp"])
def test_train_writes_a_complete_run_folder(variant, train_args, tmp_path):
    assert main(train_args(variant)) == 0
    run = tmp_path / "runs" / f"{variant}-1"
    for name in (
        "config.json",
        "history.csv",
        "losses.png",
        "training.gif",
        "generator.keras",
        "samples/epoch_0001.png",
        "checkpoints/latest.json",
    ):
        assert (run / name).is_file(), name
    config = json.loads((run / "config.json").read_text())
    assert config["variant"] == variant
    assert config["arguments"]["image_shape"] == [8, 8, 1]
    assert config["versions"]["backend"] == keras.backend.backend()
    generator = keras.saving.load_model(run / "generator.keras")
    assert generator.latent_dim == 6


def test_second_run_gets_a_new_folder(train_args, tmp_path):
    assert main(train_args("dcgan")) == 0
    first = (tmp_path / "runs" / "dcgan-1" / "config.json").read_bytes()
    assert main(train_args("dcgan")) == 0
    assert (tmp_path / "runs" / "dcgan-2" / "config.json").is_file()
    assert (tmp_path / "runs" / "dcgan-1" / "config.json").read_bytes() == first


def test_resume_continues_from_the_last_checkpoint(train_args, tmp_path):
    assert main(train_args("dcgan")) == 0
    run = tmp_path / "runs" / "dcgan-1"
    assert main(["train", "--resume", str(run), "--epochs", "2", "--quiet"]) == 0
    with open(run / "history.csv") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["epoch"]) for r in rows] == [1, 2]
    assert (run / "samples" / "epoch_0002.png").is_file()
    assert json.loads((run / "checkpoints" / "latest.json").read_text())["epoch"] == 2
    assert json.loads((run / "config.json").read_text())["settings"]["epochs"] == 2


def test_resume_of_a_finished_run_asks_for_more_epochs(train_args, tmp_path, capsys):
    assert main(train_args("dcgan")) == 0
    assert main(["train", "--resume", str(tmp_path / "runs" / "dcgan-1")]) == 2
    assert "already finished 1 epochs" in capsys.readouterr().err


class Interrupt(keras.callbacks.Callback):
    """Raises KeyboardInterrupt at the start of the given 0-based epoch, like Ctrl-C."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise KeyboardInterrupt


def test_interrupted_run_keeps_its_checkpoint_and_resumes(npz_data, tmp_path):
    settings = TrainSettings(data=str(npz_data), epochs=3, batch_size=8, samples=4)
    options = {"g_filters": 4, "d_filters": 4, "latent_dim": 6}
    with pytest.raises(KeyboardInterrupt):
        train("dcgan", options, settings, out=tmp_path, callbacks=[Interrupt(1)], verbose=0)
    run = tmp_path / "dcgan-1"
    assert json.loads((run / "checkpoints" / "latest.json").read_text())["epoch"] == 1
    train(resume=run, settings=TrainSettings(epochs=3), verbose=0)
    assert json.loads((run / "checkpoints" / "latest.json").read_text())["epoch"] == 3
    assert (run / "generator.keras").is_file()


def test_nan_loss_stops_with_a_clear_message(train_args, tmp_path, capsys):
    code = main(train_args("wgan_gp", "--g-lr", "1e30", "--d-lr", "1e30", epochs=3))
    err = capsys.readouterr().err
    assert code == 3, err
    assert "became nan" in err.lower() and "Last good checkpoint" in err
    assert "Traceback" not in err
    run = tmp_path / "runs" / "wgan_gp-1"
    assert not (run / "generator.keras").exists()


def test_unknown_variant_option_lists_the_valid_ones(train_args, tmp_path, capsys):
    code = main(train_args("dcgan", "--n-critic", "5"))
    _assert_clean_failure(code, capsys, "--n-critic", "--upsampling", runs_dir=tmp_path / "runs")


def test_unknown_variant_is_rejected(capsys):
    _assert_clean_failure(main(["train", "biggan-xl"]), capsys, "unknown variant", "dcgan")


def test_missing_data_path_is_named(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    code = main(["train", "dcgan", "--data", str(missing), "--out", str(tmp_path / "runs")])
    _assert_clean_failure(code, capsys, str(missing), runs_dir=tmp_path / "runs")


def test_conditional_variant_needs_labels(tmp_path, capsys):
    images = tmp_path / "images.npy"
    np.save(images, np.zeros((16, 8, 8, 1), np.uint8))
    code = main(["train", "cgan", "--data", str(images), "--out", str(tmp_path / "runs")])
    _assert_clean_failure(code, capsys, "labels", runs_dir=tmp_path / "runs")


def test_bad_option_value_is_a_clear_error(train_args, capsys):
    _assert_clean_failure(
        main(train_args("dcgan", "--upsampling", "bilinear")), capsys, "upsampling"
    )
    with pytest.raises(SystemExit) as exit_info:  # argparse's own type check
        main(train_args("dcgan", "--g-filters", "many"))
    assert exit_info.value.code == 2
    assert "argument --g-filters: invalid int value: 'many'" in capsys.readouterr().err


def test_train_help_lists_variant_options(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "wgan_gp", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--n-critic" in out and "--gradient-penalty" in out and "--resume" in out
    flat = " ".join(out.split())  # argparse wraps the help text
    assert "length of the noise vector. (default: 100)" in flat  # from DCGAN's docstring Args
    assert '"transpose" (Conv2DTranspose) or "upsample"' in flat  # the allowed values
    assert "--time-budget DURATION" in flat


def test_docstring_args_are_read_with_continuations():
    from kerasgan.cli.common import _docstring_args

    doc = """Summary.

    Args:
        alpha: first line
            and its continuation.
        beta (int): typed.
        **kwargs: passed on.

    Returns:
        nothing: not an argument.
    """
    import inspect

    entries = _docstring_args(inspect.cleandoc(doc))
    assert entries == {
        "alpha": "first line and its continuation.",
        "beta": "typed.",
        "**kwargs": "passed on.",
    }


def test_evaluate_help_shows_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["evaluate", "--help"])
    flat = " ".join(capsys.readouterr().out.split())
    assert "(default: fid,kid,pr,dc)" in flat and "(default: auto)" in flat


def test_resume_of_a_folder_that_is_not_a_run(tmp_path, capsys):
    _assert_clean_failure(main(["train", "--resume", str(tmp_path)]), capsys, "not a kerasgan run")


def test_train_cgan_on_a_folder_with_class_subfolders(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(0)
    for label in ("boots", "shirts"):
        folder = tmp_path / "images" / label
        folder.mkdir(parents=True)
        for i in range(8):
            pixels = rng.integers(0, 256, (20, 24, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / f"{i}.png")
    (tmp_path / "images" / "shirts" / "broken.png").write_bytes(b"not a png")
    code = main(
        [
            "train",
            "cgan",
            "--data",
            str(tmp_path / "images"),
            "--image-size",
            "8",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            str(tmp_path / "runs"),
            "--quiet",
            "--g-filters",
            "4",
            "--d-filters",
            "4",
            "--samples",
            "4",
        ]
    )
    assert code == 0
    config = json.loads((tmp_path / "runs" / "cgan-1" / "config.json").read_text())
    assert config["arguments"]["num_classes"] == 2
    assert config["arguments"]["image_shape"] == [8, 8, 3]
    assert config["dataset"]["class_names"] == ["boots", "shirts"]
