"""Commands that run Keras import it without TensorFlow's start-up notices."""

import subprocess
import sys

from kerasgan.cli.quiet_import import is_noise


def test_the_known_notices_are_noise_and_nothing_else():
    notices = [
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "I0000 00:00:1796549518.272266   25849 port.cc:153] oneDNN custom operations are on.",
        "I0000 00:00:17 cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use",
        "To enable the following instructions: AVX2 AVX512F, in other operations, rebuild "
        "TensorFlow with the appropriate compiler flags.",
    ]
    assert all(is_noise(line) for line in notices)
    assert not is_noise("UserWarning: skipped 1 unreadable files in photos/")
    assert not is_noise("E0000 00:00:17 some_op.cc:1] a real TensorFlow error")


def test_importing_keras_quietly_prints_no_notice():
    code = (
        "import os\nos.environ['KERAS_BACKEND'] = 'tensorflow'\n"
        "from kerasgan.cli.quiet_import import import_keras_quietly\n"
        "import_keras_quietly()\nimport sys, keras\nprint(keras.backend.backend())\n"
        "print('real problem', file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "tensorflow"
    assert "oneDNN" not in result.stderr and "absl" not in result.stderr
    assert "real problem" in result.stderr  # stderr works again afterwards
