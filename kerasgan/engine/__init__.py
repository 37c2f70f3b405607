"""The shared training engine: `PhasedModel`, its `Phase`s and the `StepContext`."""

from kerasgan.engine.context import StepContext
from kerasgan.engine.model import PhasedModel
from kerasgan.engine.phase import Phase

__all__ = ["PhasedModel", "Phase", "StepContext"]
