"""pytest configuration shared by the unit tests and the notebook (nbval) tests.

The notebook kernels that nbval starts inherit this process's environment, so setting ``PYTHONWARNINGS`` here
makes a matplotlib missing-glyph warning (Korean text drawn with a font that lacks Hangul: "tofu") an error
inside every notebook, not only in the unit tests. We do not set ``MPLBACKEND``: the kernels must keep the
inline backend, or the notebooks' figures would silently disappear from the comparison.
"""

from __future__ import annotations

import os

#: The warning filters every notebook kernel runs with (also used by tools/run_notebooks.py).
KERNEL_WARNING_FILTERS = "error:Glyph:UserWarning"


def _add_warning_filter(value: str) -> str:
    filters = [f for f in value.split(",") if f]
    if KERNEL_WARNING_FILTERS not in filters:
        filters.append(KERNEL_WARNING_FILTERS)
    return ",".join(filters)


os.environ["PYTHONWARNINGS"] = _add_warning_filter(os.environ.get("PYTHONWARNINGS", ""))

collect_ignore_glob = ["**/.ipynb_checkpoints/*"]
