"""The spectrally normalised network pairs of SNGAN and SAGAN."""

from kerasgan.networks.conv import DCGANDiscriminator, DCGANGenerator
from kerasgan.networks.resnet import ResNetDiscriminator, ResNetGenerator

ARCHITECTURES = ("dcgan", "resnet")


def spectral_networks(architecture, latent_dim, image_shape, g_filters, d_filters, **options):
    """`(generator, discriminator)` of the given architecture with D spectrally normalised.

    Args:
        architecture: "dcgan" (DCGAN-style networks, no batch norm in D) or
            "resnet" (the residual networks of SNGAN's appendix B).
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels).
        g_filters, d_filters: network widths.
        **options: `g_spectral_norm` (spectral norm in G too) and `attention`
            (feature-map size of the self-attention blocks, 0 for none).
    """
    if architecture not in ARCHITECTURES:
        raise ValueError(f"architecture must be one of {ARCHITECTURES}, not {architecture!r}.")
    g_sn, attention = bool(options.get("g_spectral_norm")), int(options.get("attention", 0))
    if architecture == "dcgan":
        generator = DCGANGenerator(
            latent_dim,
            image_shape,
            g_filters,
            "transpose",
            spectral_norm=g_sn,
            attention=attention,
            name="generator",
        )
        discriminator = DCGANDiscriminator(
            image_shape,
            d_filters,
            "none",
            spectral_norm=True,
            attention=attention,
            name="discriminator",
        )
    else:
        generator = ResNetGenerator(
            latent_dim, image_shape, g_filters, g_sn, attention, name="generator"
        )
        discriminator = ResNetDiscriminator(
            image_shape, d_filters, spectral_norm=True, attention=attention, name="discriminator"
        )
    return generator, discriminator
