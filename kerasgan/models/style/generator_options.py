"""The generator options StyleGAN and StyleGAN2 share, kept on the model for its config."""


def style_generator_options(
    model, latent_dim, image_shape, mapping_layers, mapping_lr, mixing_probability,
    channel_base, channel_max, seed,
):  # fmt: skip
    """Keeps the shared options on `model`; returns the style generator's keyword arguments.

    Args:
        model: the StyleGAN or StyleGAN2 being built (before its base constructor).
        latent_dim, image_shape, mapping_layers, mapping_lr, mixing_probability,
            channel_base, channel_max, seed: as `kerasgan.networks.style.StyleNetwork`.
    """
    model.mapping_layers, model.mapping_lr = int(mapping_layers), float(mapping_lr)
    model.mixing_probability = float(mixing_probability)
    model.channel_base, model.channel_max = int(channel_base), int(channel_max)
    return {
        "latent_dim": latent_dim,
        "image_shape": image_shape,
        "mapping_layers": mapping_layers,
        "mapping_lr": mapping_lr,
        "mixing_probability": mixing_probability,
        "channel_base": channel_base,
        "channel_max": channel_max,
        "seed": seed,
        "name": "generator",
    }
