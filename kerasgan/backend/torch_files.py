"""Reading PyTorch weight files into numpy, whatever backend Keras runs on.

Some published weights (the FID Inception, for one) exist only as PyTorch files. This module
is the one place outside the backend modules that imports `torch`, and only inside
`load_state_dict`, so importing it costs nothing and needs no PyTorch.
"""

import zipfile

__all__ = ["NotAStateDict", "TorchNotInstalled", "is_torchscript", "load_state_dict"]


class TorchNotInstalled(ImportError):
    """PyTorch cannot be imported, so a PyTorch file cannot be read."""


class NotAStateDict(TypeError):
    """A PyTorch file that was read holds something other than a state dict."""


def is_torchscript(path):
    """Whether `path` is a TorchScript archive (a zip with a `code/` folder).

    Args:
        path: str or path-like.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return any("/code/" in name for name in archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def load_state_dict(path):
    """Returns the tensors of a TorchScript module or a `torch.save`d state dict as numpy arrays.

    TorchScript archives are read with `torch.jit.load`, other files with
    `torch.load(weights_only=True)`, both on the CPU. Entries that are not tensors are left out.

    Args:
        path: str or path-like. A `.pt` (TorchScript) or `.pth` (state dict) file.

    Returns:
        A dict `{name: numpy array}`.

    Raises:
        TorchNotInstalled: PyTorch cannot be imported.
        NotAStateDict: the file holds something other than a dict of tensors.
        Exception: whatever PyTorch raises for an unreadable file (RuntimeError, pickle
            errors, EOFError...).

    Example:

    ```python
    state = load_state_dict("pt_inception-2015-12-05-6726825d.pth")
    state["Conv2d_1a_3x3.conv.weight"].shape  # (32, 3, 3, 3)
    ```
    """
    try:
        import torch
    except ImportError as error:
        raise TorchNotInstalled(f"reading {path} needs PyTorch ({error}).") from error
    if is_torchscript(path):
        state = torch.jit.load(str(path), map_location="cpu").state_dict()
    else:
        state = torch.load(str(path), map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise NotAStateDict(f"{path} holds a {type(state).__name__}, not a state dict.")
    return {k: v.detach().cpu().numpy() for k, v in state.items() if hasattr(v, "detach")}
