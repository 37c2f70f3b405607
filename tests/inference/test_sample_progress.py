"""Writing many samples into a folder shows a progress bar on stderr."""

from kerasgan.inference.sample_files import write_sample_folder
from kerasgan.inference.sampling import Sampler
from tests.helpers import tiny_model


def test_writing_many_samples_shows_progress(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("kerasgan.inference.sample_files.PROGRESS_FROM", 3)
    sampler = Sampler(tiny_model("dcgan").generator, "tiny")
    first, count = write_sample_folder(sampler, 5, tmp_path / "out", batch_size=2)
    assert count == 5 and first.is_file() and len(list((tmp_path / "out").iterdir())) == 5
    err = capsys.readouterr().err
    assert "writing 5 samples to" in err and "done, 5 in" in err
