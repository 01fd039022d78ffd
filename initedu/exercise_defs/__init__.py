"""Exercise definitions, one module per notebook (``nbNN_name.py``); each registers its exercises on import."""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import every module of this package (idempotent)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
