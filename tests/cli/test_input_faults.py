"""Bad input gives one line and exit 2, before data or models are loaded; nothing is written."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from kerasgan.cli.main import main
from tests.helpers import CLI_SMALL, assert_clean_failure, run_args


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """A finished one-epoch tiny dcgan run (shared: the tests only read it or copy it)."""
    root = tmp_path_factory.mktemp("input_faults")
    data = root / "tiny.npz"
    rng = np.random.default_rng(0)
    np.savez(data, x=rng.integers(0, 256, (16, 8, 8, 1), dtype=np.uint8))
    assert main(run_args(data, root, "dcgan", *CLI_SMALL)) == 0
    return root / "runs" / "dcgan-1"


@pytest.fixture
def run_copy(finished_run, tmp_path):
    """A private copy of the finished run, to damage."""
    import shutil

    return shutil.copytree(finished_run, tmp_path / "run")


def snapshot(folder):
    return {
        os.path.relpath(os.path.join(root, name), folder): open(
            os.path.join(root, name), "rb"
        ).read()
        for root, _, names in os.walk(folder)
        for name in names
    }


# ------------------------------------------------------------------ --out, checked first
@pytest.mark.parametrize("where", ["file", "under_file", "read_only"])
def test_train_out_is_checked_before_the_data_is_loaded(where, tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("keep")
    out = {"file": blocker, "under_file": blocker / "runs", "read_only": tmp_path / "ro"}[where]
    if where == "read_only":
        (tmp_path / "ro").mkdir()
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if str(p) == str(out) else real_access(p, mode)
        )
    missing = tmp_path / "missing.npz"  # the data would fail too: --out must be named first
    code = main(run_args(missing, tmp_path, "dcgan", "--out", str(out), *CLI_SMALL))
    needle = {"file": "is a file", "under_file": "which is a file", "read_only": "read-only"}
    assert_clean_failure(code, capsys, f"--out {out}", needle[where])
    assert blocker.read_text() == "keep"


def test_out_with_resume_is_refused(finished_run, tmp_path, capsys):
    before = snapshot(finished_run)
    code = main(["train", "--resume", str(finished_run), "--out", str(tmp_path), "--epochs", "2"])
    assert_clean_failure(code, capsys, "--out does not apply to --resume")
    assert snapshot(finished_run) == before


def test_an_argument_error_does_not_import_keras(tmp_path):
    script = (
        "import sys; from kerasgan.cli.main import main; "
        "code = main(['train', 'dcgan', '--epochs', '0']); "
        "print(code, 'keras' in sys.modules, 'tensorflow' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert done.stdout.split() == ["2", "False", "False"], done.stderr
    assert done.stderr.strip() == "kerasgan: error: --epochs must be at least 1, not 0."


@pytest.mark.parametrize("limit, needle", [("256", "--limit"), ("0", "--limit must be at least 1")])
def test_limit_out_of_range(limit, needle, train_args, tmp_path, capsys):
    code = main(train_args("dcgan", "--limit", limit))
    assert_clean_failure(code, capsys, needle, runs_dir=tmp_path / "runs")


# ------------------------------------------------------------------ seeds and sample flags
@pytest.mark.parametrize("seed", ["-1", "99999999999"])
@pytest.mark.parametrize("command", ["train", "sample", "evaluate"])
def test_seeds_out_of_range_are_one_line(command, seed, finished_run, train_args, capsys):
    argv = {
        "train": train_args("dcgan"),
        "sample": ["sample", str(finished_run), "--n", "4"],
        "evaluate": ["evaluate", str(finished_run), "--n", "10"],
    }[command]
    assert_clean_failure(main([*argv, "--seed", seed]), capsys, "--seed must be", "4294967295")


def test_sample_nrow_and_a_non_png_out_file(finished_run, tmp_path, capsys):
    out = tmp_path / "grid.png"
    code = main(["sample", str(finished_run), "--n", "4", "--nrow", "-1", "--out", str(out)])
    assert_clean_failure(code, capsys, "--nrow")
    assert not out.exists()
    text = tmp_path / "notes.txt"
    text.write_text("keep")
    code = main(["sample", str(finished_run), "--n", "4", "--out", str(text)])
    assert_clean_failure(code, capsys, "not a .png")
    assert text.read_text() == "keep"


# ------------------------------------------------------------------ evaluate
@pytest.mark.parametrize("n, metric, k", [("3", "pr", 3), ("5", "dc", 5)])
def test_evaluate_needs_more_images_than_neighbours(n, metric, k, finished_run, capsys):
    code = main(["evaluate", str(finished_run), "--n", n, "--metrics", metric])
    assert_clean_failure(code, capsys, f"{k} nearest neighbours", f"at least {k + 1}")


@pytest.mark.parametrize("content", ["[1, 2]", '{"a": 3}'])
def test_a_foreign_metrics_file_is_kept(content, run_copy, capsys):
    (run_copy / "metrics.json").write_text(content)
    code = main(["evaluate", str(run_copy), "--n", "10", "--metrics", "fid"])
    assert_clean_failure(code, capsys, "metrics.json is not a kerasgan metrics file")
    assert (run_copy / "metrics.json").read_text() == content


def test_evaluate_refuses_an_object_array_reference(finished_run, tmp_path, capsys):
    reference = tmp_path / "objects.npz"
    np.savez(reference, x=np.array([np.zeros((8, 8)), np.zeros((4, 4))], dtype=object))
    code = main(["evaluate", str(finished_run), "--n", "10", "--reference", str(reference)])
    assert_clean_failure(code, capsys, "objects.npz", "no object arrays")


# ------------------------------------------------------------------ damaged run folders
def _edit(path, change):
    content = json.loads(path.read_text())
    change(content)
    path.write_text(json.dumps(content))


@pytest.mark.parametrize(
    "change, needle",
    [
        (lambda c: c.pop("variant"), "names no variant"),
        (lambda c: c.update(extra=1), "keys this kerasgan does not write (extra)"),
        (lambda c: c["settings"].update(weird=2), "unknown settings weird"),
    ],
)
def test_a_damaged_config_is_one_line(change, needle, run_copy, capsys):
    _edit(run_copy / "config.json", change)
    before = snapshot(run_copy)
    assert_clean_failure(
        main(["train", "--resume", str(run_copy), "--epochs", "2"]), capsys, needle
    )
    if "settings" not in needle:
        assert_clean_failure(main(["sample", str(run_copy), "--n", "4"]), capsys, needle)
    assert snapshot(run_copy) == before


def test_a_negative_epoch_in_state_json_is_not_a_checkpoint(run_copy, capsys):
    _edit(run_copy / "checkpoints" / "epoch_0001" / "state.json", lambda c: c.update(epoch=-3))
    code = main(["train", "--resume", str(run_copy), "--epochs", "2"])
    assert_clean_failure(code, capsys, "no complete one", "--restart")


# ------------------------------------------------------------------ backend and data files
@pytest.mark.parametrize("argv", [["list"], ["datasets"], ["sample", "run"], ["train", "dcgan"]])
def test_a_garbage_keras_backend_is_one_line(argv, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_BACKEND", "garbage")
    assert_clean_failure(main(argv), capsys, "KERAS_BACKEND='garbage'", "--backend")


@pytest.mark.parametrize("kind", ["objects", "complex"])
def test_unusable_arrays_are_refused(kind, tmp_path, capsys):
    if kind == "objects":
        data = tmp_path / "objects.npz"
        np.savez(data, x=np.array([np.zeros((8, 8)), np.zeros((4, 4))], dtype=object))
    else:
        data = tmp_path / "waves.npy"
        np.save(data, np.ones((16, 8, 8), np.complex64))
    code = main(run_args(data, tmp_path, "dcgan", *CLI_SMALL))
    needle = "no object arrays" if kind == "objects" else "complex"
    assert_clean_failure(code, capsys, needle, runs_dir=tmp_path / "runs")


def test_a_file_that_is_not_a_keras_zip_is_named(tmp_path, capsys):
    fake = tmp_path / "model.keras"
    fake.write_text("not a zip")
    assert_clean_failure(main(["sample", str(fake)]), capsys, "is not a Keras file")
    code = main(["translate", str(fake), str(tmp_path), str(tmp_path / "out")])
    assert_clean_failure(code, capsys, "is not a Keras file")
