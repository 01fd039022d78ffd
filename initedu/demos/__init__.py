"""Live demos of the notebooks. Importing this package registers them in :data:`initedu.widgets.REGISTRY`."""

from .overview import DepthScaleDemo, depth_scale

__all__ = ["DepthScaleDemo", "depth_scale"]
