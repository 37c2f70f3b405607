"""Serializable building blocks shared by the variants' networks."""

from kerasgan.layers.attention import SelfAttention
from kerasgan.layers.conditioning import LabelFusion, LabelPlanes
from kerasgan.layers.minibatch import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.layers.normalization import InstanceNormalization, norm_layer
from kerasgan.layers.padding import ReflectionPadding2D
from kerasgan.layers.pixel_shuffle import PixelShuffle
from kerasgan.layers.spectral_norm import SpectralNorm

__all__ = [
    "InstanceNormalization",
    "LabelFusion",
    "LabelPlanes",
    "MinibatchDiscrimination",
    "MinibatchStdDev",
    "PixelShuffle",
    "ReflectionPadding2D",
    "SelfAttention",
    "SpectralNorm",
    "norm_layer",
]
