import csv
import math

from PIL import Image

from kerasgan.callbacks import HistoryLog
from kerasgan.callbacks.history import read_history, split_columns
from tests.helpers import fake_gan, fit_fake_gan


def run_epochs(csv_path, plot_path, epochs, logs):
    callback = HistoryLog(csv_path, plot_path)
    callback.on_train_begin()
    for epoch in epochs:
        callback.on_epoch_end(epoch, dict(logs, d_loss=logs["d_loss"] + epoch))
    return callback


def read_csv(path):
    with open(path, newline="") as stream:
        return list(csv.reader(stream))


def assert_png(path):
    with Image.open(path) as image:
        image.verify()
        assert image.format == "PNG"
    with Image.open(path) as image:
        return image.size


def test_writes_header_and_rows(tmp_path):
    csv_path, plot_path = tmp_path / "history.csv", tmp_path / "losses.png"
    run_epochs(csv_path, plot_path, [0, 1], {"d_loss": 1.0, "g_loss": 2.0})
    rows = read_csv(csv_path)
    assert rows[0] == ["epoch", "d_loss", "g_loss"]
    assert [row[:2] for row in rows[1:]] == [["1", "1.0"], ["2", "2.0"]]
    assert_png(plot_path)


def test_resume_appends_keeping_header(tmp_path):
    csv_path, plot_path = tmp_path / "history.csv", tmp_path / "losses.png"
    run_epochs(csv_path, plot_path, [0, 1], {"d_loss": 1.0, "g_loss": 2.0})
    before = csv_path.read_text()
    callback = run_epochs(csv_path, plot_path, [2], {"g_loss": 5.0, "d_loss": 1.0})
    text = csv_path.read_text()
    assert text.startswith(before)  # appended, not rewritten
    assert text[len(before) :] == "3,3.0,5.0\n"
    assert [row["epoch"] for row in callback.rows] == [1, 2, 3]


def test_new_keys_rewrite_with_union(tmp_path):
    csv_path, plot_path = tmp_path / "history.csv", tmp_path / "losses.png"
    run_epochs(csv_path, plot_path, [0], {"d_loss": 1.0, "g_loss": 2.0})
    run_epochs(csv_path, plot_path, [1], {"d_loss": 1.0, "g_loss": 2.0, "gp": 0.5})
    rows = read_csv(csv_path)
    assert rows == [
        ["epoch", "d_loss", "g_loss", "gp"],
        ["1", "1.0", "2.0", ""],
        ["2", "2.0", "2.0", "0.5"],
    ]
    columns, parsed = read_history(csv_path)
    assert math.isnan(parsed[0]["gp"]) and parsed[1]["gp"] == 0.5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.csv", "losses.png"]


def test_resume_from_older_checkpoint_drops_later_rows(tmp_path):
    csv_path, plot_path = tmp_path / "history.csv", tmp_path / "losses.png"
    run_epochs(csv_path, plot_path, [0, 1, 2], {"d_loss": 1.0})
    run_epochs(csv_path, plot_path, [1], {"d_loss": 10.0})
    assert [row[:2] for row in read_csv(csv_path)] == [
        ["epoch", "d_loss"],
        ["1", "1.0"],
        ["2", "11.0"],
    ]


def test_line_cut_by_a_kill_is_repaired(tmp_path):
    csv_path, plot_path = tmp_path / "history.csv", tmp_path / "losses.png"
    csv_path.write_text("epoch,d_loss\n1,1.0\n2,0.")
    run_epochs(csv_path, plot_path, [2], {"d_loss": 1.0})
    assert csv_path.read_text() == "epoch,d_loss\n1,1.0\n2,0.0\n3,3.0\n"


def test_accuracy_panel_only_when_present(tmp_path):
    plain, with_acc = tmp_path / "plain.png", tmp_path / "acc.png"
    run_epochs(tmp_path / "a.csv", plain, [0, 1], {"d_loss": 1.0, "g_loss": 2.0, "gp": 0.1})
    logs = {"d_loss": 1.0, "g_loss": 2.0, "d_acc_real": 0.5, "d_acc_fake": float("nan")}
    run_epochs(tmp_path / "b.csv", with_acc, [0, 1], logs)
    (width, height), (width2, height2) = assert_png(plain), assert_png(with_acc)
    assert width == width2 and height2 > 1.5 * height
    assert split_columns(["epoch", "d_loss", "gp", "d_acc_real"]) == (
        ["d_loss", "gp"],
        ["d_acc_real"],
    )


def test_inside_fit(tmp_path):
    model = fake_gan()
    fit_fake_gan(model, [HistoryLog(tmp_path / "h.csv", tmp_path / "l.png")], epochs=2)
    fit_fake_gan(
        model, [HistoryLog(tmp_path / "h.csv", tmp_path / "l.png")], epochs=3, initial_epoch=2
    )
    rows = read_csv(tmp_path / "h.csv")
    assert rows[0] == ["epoch", "loss"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert_png(tmp_path / "l.png")
