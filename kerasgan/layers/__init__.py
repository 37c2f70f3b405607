"""Serializable building blocks shared by the variants' networks."""

from kerasgan.layers.attention import SelfAttention
from kerasgan.layers.conditioning import LabelFusion, LabelPlanes
from kerasgan.layers.convolution import FastConv2D
from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense, PixelNorm
from kerasgan.layers.minibatch import MinibatchDiscrimination, MinibatchStdDev
from kerasgan.layers.normalization import InstanceNormalization, norm_layer
from kerasgan.layers.padding import ReflectionPadding2D
from kerasgan.layers.pixel_shuffle import PixelShuffle
from kerasgan.layers.resampling import Blur2D, Downsample2D, Upsample2D, fir_kernel, upfirdn2d
from kerasgan.layers.spectral_norm import SpectralNorm
from kerasgan.layers.style import AdaIN, BiasActivation, ModulatedConv2D, NoiseInjection
from kerasgan.layers.transposed import FastConv2DTranspose

__all__ = [
    "AdaIN",
    "BiasActivation",
    "Blur2D",
    "Downsample2D",
    "EqualizedConv2D",
    "EqualizedDense",
    "InstanceNormalization",
    "LabelFusion",
    "LabelPlanes",
    "MinibatchDiscrimination",
    "MinibatchStdDev",
    "ModulatedConv2D",
    "NoiseInjection",
    "PixelNorm",
    "PixelShuffle",
    "ReflectionPadding2D",
    "SelfAttention",
    "SpectralNorm",
    "FastConv2D",
    "FastConv2DTranspose",
    "Upsample2D",
    "fir_kernel",
    "norm_layer",
    "upfirdn2d",
]
