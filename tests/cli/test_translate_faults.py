"""`translate` and `upscale`: outputs that are files, short messages for sizes and memory."""

import numpy as np
import pytest

from kerasgan.errors import ConfigError, DataError
from kerasgan.inference.translating import output_paths, run_network

IMAGE = np.zeros((1, 1, 1), np.uint8)


def test_many_inputs_into_an_existing_file_are_refused(tmp_path):
    target = tmp_path / "out.png"
    target.write_bytes(b"keep")
    files = [tmp_path / "a.png", tmp_path / "b.png"]
    with pytest.raises(ConfigError, match="is an existing file: 2 images need an output folder"):
        output_paths(files, target)
    with pytest.raises(ConfigError, match="which is a file, not a folder"):
        output_paths(files, target / "sub")
    assert target.read_bytes() == b"keep"


def test_a_size_the_network_cannot_take_is_one_short_line():
    def net(x, training=False):
        raise ValueError("\x1b[1mInput too small\x1b[0m\n  • inputs=...\n  • training=False")

    with pytest.raises(DataError) as caught:
        run_network(net, IMAGE, "tiny.png", "resize it to the training size (drop --keep-size)")
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message
    assert (
        message.startswith("tiny.png (1x1) could not be translated")
        and "Input too small" in message
    )


def test_upscale_out_of_memory_advice_names_no_translate_flag():
    def net(x, training=False):
        raise MemoryError("out of memory")

    with pytest.raises(DataError, match="needs more memory than there is to be upscaled") as caught:
        run_network(net, IMAGE, "big.png", "shrink or crop the image first", "upscaled")
    assert "--keep-size" not in str(caught.value)
