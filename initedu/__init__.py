"""initedu: parameter initialization, measured (Deep Learning book, section 8.4).

Importing this package changes no global state: no matplotlib settings, no numpy print options, no random
seed. Call :func:`setup` at the top of a notebook to choose the language, apply the figure defaults and get
the notebook's one random generator.

Submodules: :mod:`initedu.init` (initializers), :mod:`initedu.nn` (MLP, RNN, LSTM with manual backprop),
:mod:`initedu.losses`, :mod:`initedu.optim`, :mod:`initedu.stats`, :mod:`initedu.data`,
:mod:`initedu.widgets` and :mod:`initedu.demos` (live demos), :mod:`initedu.exercises` (answer checkers).
"""

from __future__ import annotations

import importlib
from typing import Any

import numpy as np

from . import i18n, init
from ._validate import check_int

__all__ = ["check", "init", "i18n", "setup", "t"]
__version__ = "0.1.0"

_LAZY = ("nn", "losses", "optim", "stats", "data", "plotting", "widgets", "demos", "exercises")


def setup(lang: str = "en", seed: int = 0) -> np.random.Generator:
    """Prepare a notebook: language, figure defaults, numpy print options; return its random generator.

    Parameters
    ----------
    lang : {"en", "ko"}
        Language of plot labels, widget labels and checker messages.
    seed : int, >= 0
        Seed of the notebook's one ``np.random.Generator``.

    Returns
    -------
    numpy.random.Generator
        ``np.random.default_rng(seed)``; pass it (or generators derived from it) to every random function.
    """
    import matplotlib

    from .plotting import rc

    i18n.set_lang(lang)
    seed = check_int(seed, "seed", minimum=0)
    matplotlib.rcParams.update(rc(lang))
    np.set_printoptions(precision=4, suppress=True, linewidth=110)
    return np.random.default_rng(seed)


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """Shortcut for :func:`initedu.i18n.t`: the text of ``key`` in the current language."""
    return i18n.t(key, lang, **fields)


def check(key: str, answer: Any, lang: str | None = None) -> None:
    """Check a student's answer to exercise ``key`` and print, in the notebook's language, whether it is right.

    Prints a hint when it is not. (``initedu.exercises.evaluate`` returns ``(correct, message)`` instead.)
    """
    from .exercises import check as _check

    _check(key, answer, lang)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'initedu' has no attribute {name!r}")
