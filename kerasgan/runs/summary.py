"""The block `kerasgan train` prints before training: where, on what, what, how, how long."""

from kerasgan.runs.duration import format_duration


def millions(count):
    """A parameter count as text: `3.58 M`, `41.2 k`, `812`."""
    if count >= 1e6:
        return f"{count / 1e6:.2f} M"
    if count >= 1e3:
        return f"{count / 1e3:.1f} k"
    return str(count)


def start_block(run_dir, variant, model, data, settings, steps, backend, devices, start_epoch=0):
    """The lines printed before training starts.

    Args:
        run_dir: the run folder.
        variant: the variant's name.
        model: the built model (its `networks` give the parameter counts).
        data: the training `ImageDataset` (or paired data: `name`, `len`, `image_shape`).
        settings: the `TrainSettings`.
        steps: batches per epoch, or None when unknown.
        backend: the framework and version, e.g. "tensorflow 2.21.0".
        devices: the devices it runs on.
        start_epoch: the epochs already done (a resumed run).

    Returns:
        A list of lines.
    """
    shape = "x".join(str(side) for side in data.image_shape)
    classes = getattr(data, "num_classes", 0)
    described = f"{data.name}: {len(data)} images of {shape}"
    described += f", {classes} classes" if classes else ""
    networks = getattr(model, "networks", {})
    counts = ", ".join(
        f"{name} {millions(network.count_params())}" for name, network in networks.items()
    )
    return [
        f"run folder: {run_dir}",
        f"data:       {described}",
        f"variant:    {variant} ({type(model).__name__}): {counts or 'parameters unknown'}",
        f"backend:    {backend}, devices: {', '.join(devices)}",
        f"schedule:   {schedule(settings, steps, start_epoch)}",
    ]


def schedule(settings, steps, start_epoch=0):
    """`epochs 1 to 5, 156 steps of 64 images each`, and the time budget when there is one."""
    per_epoch = f"{steps} steps of {settings.batch_size} images each" if steps else ""
    first = start_epoch + 1
    if settings.epochs is None:
        text = f"from epoch {first} until the time budget"
    else:
        text = f"epochs {first} to {settings.epochs}"
        if steps:
            total = (settings.epochs - start_epoch) * steps
            text += f" ({total} steps)"
    if per_epoch:
        text += f", {per_epoch}"
    if settings.time_budget is not None:
        seconds = settings.budget_seconds
        text += f"; time budget {format_duration(seconds)}"
        if settings.epochs is not None:
            text += " (whichever ends first)"
    return text
