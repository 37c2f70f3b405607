"""Serializable building blocks shared by the variants' networks."""

from kerasgan.layers.conditioning import LabelFusion, LabelPlanes

__all__ = ["LabelFusion", "LabelPlanes"]
