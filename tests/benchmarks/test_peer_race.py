"""The peer race's parts: its data files, the harness that stops a peer script, its grids.

The harness runs here on a stand-in script written in the peer collection's style (a
module-level loop over a DataLoader, a `generator` and an `opt` namespace), so no peer
checkout or torchvision is needed.
"""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from benchmarks.peer_race import side_by_side, write_idx
from kerasgan.data.idx import parse_idx

HARNESS = Path(__file__).resolve().parents[2] / "benchmarks" / "peer_harness.py"

SCRIPT = """
import argparse
import time

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--batch_size", type=int, default=4)
parser.add_argument("--latent_dim", type=int, default=3)
opt = parser.parse_args()


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Linear(opt.latent_dim, 6 * 5), nn.BatchNorm1d(30), nn.Tanh())

    def forward(self, z):
        return self.model(z).view(z.shape[0], 1, 6, 5)


generator = Generator()
data = torch.utils.data.TensorDataset(torch.zeros(12, 1, 6, 5), torch.zeros(12))
dataloader = torch.utils.data.DataLoader(data, batch_size=opt.batch_size)
for epoch in range(10**9):
    for i, (imgs, _) in enumerate(dataloader):
        time.sleep(0.01)
"""


def test_idx_files_read_back_as_written(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "images", images)
    write_idx(tmp_path / "labels", np.array([7, 1], np.uint8))
    np.testing.assert_array_equal(parse_idx((tmp_path / "images").read_bytes(), "x"), images)
    np.testing.assert_array_equal(parse_idx((tmp_path / "labels").read_bytes(), "y"), [7, 1])


def test_harness_stops_the_script_at_its_budget_and_samples_its_generator(tmp_path):
    script = tmp_path / "peer.py"
    script.write_text(SCRIPT)
    out = tmp_path / "samples.npy"
    done = subprocess.run(
        [sys.executable, str(HARNESS), str(script), "0.5", str(out), "9"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["finished"] is False and report["seconds"] >= 0.5
    assert report["images_seen"] > 0 and report["images_seen"] % 4 == 0
    samples = np.load(out)
    assert samples.shape == (9, 6, 5, 1) and samples.dtype == np.uint8
    assert len(np.unique(samples)) > 2  # drawn from the network, not a constant fill


def test_grids_are_placed_side_by_side_with_their_tops_aligned():
    tall = np.zeros((10, 4, 1), np.uint8)
    short = np.full((6, 3, 1), 9, np.uint8)
    canvas = side_by_side([tall, short], gap=2)
    assert canvas.shape == (10, 9, 1)
    assert (canvas[:6, 6:9] == 9).all() and (canvas[6:, 6:9] == 255).all()
    assert (canvas[:, 4:6] == 255).all()
