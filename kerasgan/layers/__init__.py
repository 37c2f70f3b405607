"""Serializable building blocks shared by the variants' networks."""

from kerasgan.layers.attention import SelfAttention
from kerasgan.layers.conditioning import LabelFusion, LabelPlanes
from kerasgan.layers.minibatch import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.layers.spectral_norm import SpectralNorm

__all__ = [
    "LabelFusion",
    "LabelPlanes",
    "MinibatchDiscrimination",
    "MinibatchStdDev",
    "SelfAttention",
    "SpectralNorm",
]
