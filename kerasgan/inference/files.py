"""Loading `.keras` files for inference, with one-line errors for files that are not Keras'."""

import zipfile

import keras

from kerasgan.errors import ConfigError


def load_keras_file(path):
    """Loads a `.keras` model file (safe mode, not compiled), refusing what is not one.

    A `.keras` file is a zip archive; anything else (a truncated copy, another format
    renamed) is refused by name before Keras reads it, since Keras then reports a
    misleading "file not found".

    Args:
        path: the `.keras` file.

    Raises:
        ConfigError: the file is not a zip archive or does not load as a Keras model.

    Example:
        >>> net = load_keras_file("runs/pix2pix-1/generator.keras")
    """
    import kerasgan.models  # noqa: F401  (registers the network classes)

    if not zipfile.is_zipfile(path):
        raise ConfigError(
            f"{path} is not a Keras file (a .keras file is a zip archive; this one is not, or "
            "it is cut short): give a .keras file saved by Keras 3."
        )
    try:
        return keras.saving.load_model(path, compile=False)
    except Exception as err:  # noqa: BLE001 - Keras raises many types for a bad file
        first = str(err).strip().splitlines()[:1]
        reason = first[0] if first else type(err).__name__
        raise ConfigError(f"could not load {path} as a Keras model ({reason}).") from None
