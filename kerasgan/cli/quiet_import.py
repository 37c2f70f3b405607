"""Importing Keras (and its backend) without TensorFlow's start-up log lines.

TensorFlow 2.21 writes absl and oneDNN notices straight to the process's stderr (file
descriptor 2) when it loads, whatever `TF_CPP_MIN_LOG_LEVEL` says; turning oneDNN off
(`TF_ENABLE_ONEDNN_OPTS=0`) would silence one of them but change the numerics. Instead the
import runs with descriptor 2 pointed at a temporary file, and every line that is not one of
those known notices is written back to stderr afterwards: real warnings and errors still show.
"""

import os
import sys
import tempfile

NOISE = (
    "All log messages before absl::InitializeLog()",
    "oneDNN custom operations are on",
    "cpu_feature_guard",
    "This TensorFlow binary is optimized to use available CPU instructions",
    "To enable the following instructions:",
    "rebuild TensorFlow with the appropriate compiler flags",
)
"""Substrings of the start-up notices that are dropped."""


def is_noise(line):
    """Whether a stderr line is one of TensorFlow's start-up notices."""
    return any(part in line for part in NOISE)


def import_keras_quietly():
    """Imports Keras (and so its backend) with TensorFlow's start-up notices filtered out.

    Does nothing when Keras is already imported. Lines that are not notices are written
    to `sys.stderr` once the import is done (or failed).
    """
    if "keras" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import keras  # noqa: F401
            import keras.src.backend  # noqa: F401 - loads the backend's runtime now
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            text = captured.read().decode("utf-8", errors="replace")
            kept = [line for line in text.splitlines() if line.strip() and not is_noise(line)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")
                sys.stderr.flush()
