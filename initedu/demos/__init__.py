"""Live demos of the notebooks, one module per notebook.

Importing this package imports every module in it, which registers their demos in
:data:`initedu.widgets.REGISTRY` (tests and the benchmark cover new demos without edits).
"""

from __future__ import annotations

import importlib
import pkgutil

from .overview import DepthScaleDemo, depth_scale

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["DepthScaleDemo", "depth_scale"]
