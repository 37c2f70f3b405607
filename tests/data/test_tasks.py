"""Named tasks: offline loading, shapes, classes, edge maps and the photo split."""

import numpy as np
import pytest
from scipy import ndimage

from kerasgan.data import (
    PairedDataset,
    SuperResolutionDataset,
    UnpairedDataset,
    list_tasks,
    load_dataset,
    load_paired,
    load_superres,
    load_task,
    load_unpaired,
)
from kerasgan.data.tasks import PHOTOS, edge_map
from kerasgan.errors import DataError


@pytest.fixture(scope="module")
def edges2fashion():
    return load_task("edges2fashion")


def test_list_tasks_gives_name_kind_and_description():
    tasks = {t.name: t for t in list_tasks()}
    assert {n: t.kind for n, t in tasks.items()} == {
        "edges2fashion": "paired",
        "sneaker2boot": "unpaired",
        "fashion": "unpaired",
        "photos": "superres",
    }
    assert all(t.description for t in tasks.values())
    assert [t.name for t in list_tasks("superres")] == ["photos"]


def test_edges2fashion_pairs_edges_with_the_items(edges2fashion):
    pairs = edges2fashion
    assert isinstance(pairs, PairedDataset) and len(pairs) == 10_000
    assert pairs.source_shape == pairs.image_shape == (28, 28, 1)
    np.testing.assert_array_equal(pairs.b, load_dataset("fashion_mnist_test").images)
    assert set(np.unique(pairs.a).tolist()) == {0, 255}
    assert 0.05 < (pairs.a > 0).mean() < 0.3


def test_edges_follow_the_item_outline(edges2fashion):
    some = edges2fashion.subset(300, seed=0)
    edges, items = some.a[..., 0] > 0, some.b[..., 0]
    mask = items > 30
    outline = mask & ~ndimage.binary_erosion(mask, np.ones((1, 3, 3)))
    near_edges = ndimage.binary_dilation(edges, np.ones((1, 3, 3)))
    covered = (outline & near_edges).sum() / outline.sum()
    other_images = (outline & np.roll(near_edges, 1, axis=0)).sum() / outline.sum()
    assert covered > 0.85 and covered - other_images > 0.25
    inside = ndimage.binary_dilation(mask, np.ones((1, 3, 3)))
    assert (edges & inside).sum() / edges.sum() > 0.97


def test_edge_map_of_a_square_is_its_border():
    square = np.zeros((1, 16, 16), np.uint8)
    square[0, 4:12, 4:12] = 200
    edges = edge_map(square)[0, ..., 0] > 0
    assert edges.shape == (16, 16) and not edges[7, 7] and not edges[0, 0]
    ring = np.zeros((16, 16), bool)
    ring[3:13, 3:13] = True
    ring[5:11, 5:11] = False
    assert edges.sum() > 20 and (edges & ring).sum() == edges.sum()
    assert not edge_map(np.zeros((2, 8, 8, 1), np.uint8)).any()


def test_edges2fashion_resized_edges_stay_binary():
    pairs = load_paired("edges2fashion", image_size=32, channels=(None, 3))
    assert pairs.source_shape == (32, 32, 1) and pairs.image_shape == (32, 32, 3)
    assert set(np.unique(pairs.a).tolist()) == {0, 255}


def test_sneaker2boot_and_fashion_classes():
    data = load_unpaired("sneaker2boot")
    fashion = load_dataset("fashion_mnist_test")
    assert isinstance(data, UnpairedDataset) and (len(data.a), len(data.b)) == (1000, 1000)
    np.testing.assert_array_equal(data.a, fashion.images[fashion.labels == 7])
    np.testing.assert_array_equal(data.b, fashion.images[fashion.labels == 9])
    same = load_unpaired("fashion:7-9")
    np.testing.assert_array_equal(same.a, data.a)
    assert same.name == "fashion:7-9"
    trousers = load_unpaired("fashion:1-3", image_size=32)
    assert trousers.image_shape == (32, 32, 1)
    for bad in ("fashion:7-7", "fashion:7", "fashion:x-y", "fashion:3-10", "fashion"):
        with pytest.raises(DataError, match="fashion:SRC-DST"):
            load_unpaired(bad)
    with pytest.raises(DataError, match="takes no ':test' suffix"):
        load_unpaired("sneaker2boot:test")


def test_photos_are_split_by_photo():
    train, test = load_task("photos:train"), load_superres("photos:test", scale=2, crop=32)
    assert isinstance(train, SuperResolutionDataset)
    assert (len(train), len(test)) == (len(PHOTOS["train"]), len(PHOTOS["test"])) == (5, 2)
    assert len(load_task("photos")) == 7
    assert test.source_shape == (16, 16, 3) and test.image_shape == (32, 32, 3)
    train_bytes = {p.tobytes() for p in train.images}
    assert all(p.tobytes() not in train_bytes for p in test.images)
    assert all(p.dtype == np.uint8 and p.ndim == 3 and p.shape[2] == 3 for p in train.images)
    assert all(min(p.shape[:2]) >= 256 for p in train.images + test.images)
    lr, hr = test.heldout_crops(4)
    assert lr.shape == (4, 16, 16, 3) and hr.shape == (4, 32, 32, 3)
    with pytest.raises(DataError, match="photos:train or photos:test"):
        load_task("photos:val")
    with pytest.raises(DataError, match="drop image_size"):
        load_task("photos", image_size=64)


def test_loaders_refuse_tasks_of_another_kind():
    with pytest.raises(DataError, match="superres task, not a paired one: load it with load_sup"):
        load_paired("photos")
    with pytest.raises(DataError, match="load_paired"):
        load_superres("edges2fashion")
    with pytest.raises(DataError, match="neither a known task"):
        load_task("nothing")
