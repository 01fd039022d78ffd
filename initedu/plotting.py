"""Figure defaults, the Korean font, and small plotting helpers.

Nothing here runs at import time. :func:`rc` builds the settings for a language (registering the Korean font
the first time it is needed); :func:`initedu.setup` applies them globally on request; the live demos apply them
only while building their own figures, so they render correctly whether or not ``setup`` was called.
"""

from __future__ import annotations

import functools
from typing import Any

from .i18n import get_lang


@functools.cache
def korean_font_name() -> str:
    """Register Noto Sans KR (from the ``pylopdf-fonts-ko`` package) with matplotlib and return its name."""
    import pylopdf_fonts_ko
    from matplotlib import font_manager

    path = str(pylopdf_fonts_ko.sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def rc(lang: str | None = None) -> dict[str, Any]:
    """Matplotlib settings for readable, compact figures in ``lang``.

    The font family list is ``["DejaVu Sans", <Korean font>]``: DejaVu Sans draws Latin letters, digits and
    the minus sign (U+2212), and matplotlib falls back to the Korean font for Hangul glyph by glyph.
    """
    get_lang(lang)  # validates
    return {
        "font.family": ["DejaVu Sans", korean_font_name()],
        "axes.unicode_minus": True,
        "figure.figsize": (7.0, 3.4),
        "figure.dpi": 80,
        "savefig.dpi": 80,
        "font.size": 10,
        "axes.titlesize": 10.5,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.constrained_layout.use": True,
    }


def new_figure(lang: str | None = None, *, figsize: tuple[float, float] = (7.0, 3.4), ncols: int = 1,
               nrows: int = 1, **subplot_kw: Any):
    """A standalone figure (not managed by pyplot, so it can never leak) and its axes, styled for ``lang``.

    Returns ``(fig, axes)``; ``axes`` is a single Axes when ``nrows == ncols == 1``, else an array.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(rc(lang)):
        fig = Figure(figsize=figsize)
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=True, subplot_kw=subplot_kw or None)
    return fig, axes


def layer_std_panel(ax, lang: str | None, labels: tuple[str, str], *, max_depth: int,
                    limits: tuple[float, float], ylabel: str | None = None, title: str | None = None):
    """Draw the per-layer std panel shared by the live demos and return its two (empty) lines.

    Log y-axis with fixed ``limits`` and x from 0 to ``max_depth + 1`` (fixed axes let a live demo blit), a
    dashed line at 1 (the scale to keep), markers ``o`` and ``s`` for the two series, legend bottom left.
    """
    from .i18n import t

    (first,) = ax.plot([], [], "o-", ms=3, label=labels[0])
    (second,) = ax.plot([], [], "s-", ms=3, label=labels[1])
    ax.axhline(1.0, color="0.5", lw=0.8, ls="--")
    ax.set_yscale("log")
    ax.minorticks_off()
    ax.set_xlim(0, max_depth + 1)
    ax.set_ylim(*limits)
    ax.set_xlabel(t("layer", lang))
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower left")
    return first, second
