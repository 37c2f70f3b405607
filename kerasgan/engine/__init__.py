"""The shared training engine: `GAN`, its `Phase`s and the `StepContext`."""

from kerasgan.engine.context import StepContext
from kerasgan.engine.gan import GAN
from kerasgan.engine.phase import Phase

__all__ = ["GAN", "Phase", "StepContext"]
