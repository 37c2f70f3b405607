"""Errors a user can act on.

Every problem caused by user input (a missing path, an unknown option, data
without labels for a conditional variant...) raises `KerasGANError` with one
sentence naming the file or argument and what to do. The CLI prints that
sentence and exits with status 2, never a traceback.
"""


class KerasGANError(Exception):
    """A user-facing error: the message names the input and the fix."""


class DataError(KerasGANError):
    """Raised for unreadable, empty or mismatched datasets."""


class ConfigError(KerasGANError):
    """Raised for unknown or invalid options and arguments."""


class TrainingDiverged(KerasGANError):
    """A loss or a weight became NaN or infinite; the last good checkpoint was kept.

    Defined here, not in `kerasgan.training`, so that the CLI's error handler can tell
    it apart without importing Keras.
    """


class WriteError(KerasGANError):
    """A file could not be written (a full disk, a read-only folder...); nothing half-written
    was left behind."""
