"""The live-demo layer: one pattern for every slider in the notebooks.

A live demo is a subclass of :class:`LiveDemo` with four parts:

* ``controls(lang)`` — the ipywidgets controls, keyed by the parameter names of ``compute``;
* ``compute(**params) -> data`` — a pure function (a staticmethod): the numbers to draw, tested without widgets;
* ``build(fig, lang)`` — creates the axes and artists **once**, passing the ones that change to
  :meth:`LiveDemo.dynamic`;
* ``draw(data)`` — updates those artists in place (``set_data``, ``set_height``, ...) and returns nothing;
* ``summary(data, lang)`` — the key numbers as ``[(label, value), ...]`` for the readout and the static cell.

The figure is a standalone :class:`matplotlib.figure.Figure` on an Agg canvas (never registered with pyplot,
so a demo cannot leak figures), rendered to PNG into an ``ipywidgets.Image``: each move of a slider costs one
compute, one in-place redraw and one PNG, with no new figure and no flicker. Rendering blits: the static part
(axes, ticks, labels) is drawn once and cached; while no axis limit changes, an update restores that
background and draws only the dynamic artists. Drawing the ticks is most of matplotlib's cost, so demos keep
their limits steady (e.g. rounded to decades) to stay on the fast path. Builders return the demo; the
notebook cell displays it. Every demo can be driven from Python: ``demo.set(depth=20)`` (or setting a control's
``value``) runs the same observer a browser message runs, and ``demo.data``/``demo.png`` hold what was drawn.
Subclasses decorated with :func:`register` are listed in :data:`REGISTRY` (for tests and the benchmark).
"""

from __future__ import annotations

import html
import io
import numbers
from collections.abc import Sequence
from typing import Any, ClassVar

import matplotlib

from .i18n import get_lang
from .plotting import new_figure, rc

__all__ = ["REGISTRY", "LiveDemo", "format_value", "register"]

#: name -> LiveDemo subclass, filled by :func:`register` when :mod:`initedu.demos` is imported.
REGISTRY: dict[str, type[LiveDemo]] = {}


def register(cls: type[LiveDemo]) -> type[LiveDemo]:
    """Class decorator: add a demo to :data:`REGISTRY` under ``cls.name`` (names must be unique)."""
    if not getattr(cls, "name", None):
        raise TypeError(f"{cls.__name__} needs a class attribute 'name' to be registered")
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"a live demo named {cls.name!r} is already registered")
    REGISTRY[cls.name] = cls
    return cls


def format_value(value: Any) -> str:
    """Format a number for a readout: 4 significant decimals, scientific notation when tiny or huge."""
    if isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return str(int(value))
    v = float(value)
    if v != v:  # nan
        return "nan"
    if v in (float("inf"), float("-inf")):
        return "inf" if v > 0 else "-inf"
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
        return f"{v:.3e}"
    return f"{v:.4f}"


class LiveDemo:
    """Base class of the live demos (see the module docstring for the pattern).

    Parameters
    ----------
    lang : {"en", "ko"}, optional
        Language of labels; default: the language chosen by ``initedu.setup``.
    **values
        Initial control values, e.g. ``depth=10``.
    """

    name: ClassVar[str] = ""
    figsize: ClassVar[tuple[float, float]] = (8.0, 3.2)
    #: The fixed setting of the README gallery image (``tools/make_images.py``); default: the controls' defaults.
    gallery: ClassVar[dict[str, Any]] = {}

    def __init__(self, lang: str | None = None, **values: Any) -> None:
        self.lang = get_lang(lang)
        self._rc = rc(self.lang)
        self.controls: dict[str, Any] = self.controls_for(self.lang)
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)} for {self.name}; known: {sorted(self.controls)}")
        for key, value in values.items():
            self.controls[key].value = value
        self.fig, self.axes = self._new_figure()
        self._dynamic: list[Any] = []
        self._background = None
        self._background_key: Any = None
        self._layout_frozen = False
        self.full_redraws = 0
        with matplotlib.rc_context(self._rc):
            self.build(self.fig, self.lang)
        self.data: Any = None
        self.png: bytes = b""
        self.updates = 0
        self._widget = None
        self._image = None
        self._readout = None
        self._holding = False
        self.refresh()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    # --- to be provided by subclasses -------------------------------------------------------------------
    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        """Return the controls, keyed by ``compute``'s parameter names."""
        raise NotImplementedError

    @staticmethod
    def compute(**params: Any) -> Any:
        """Pure function from control values to the data drawn."""
        raise NotImplementedError

    def layout(self) -> dict[str, Any]:
        """Arguments for the figure's subplots (``ncols``, ``nrows``); override for other layouts."""
        return {"ncols": 1}

    def build(self, fig: Any, lang: str) -> None:
        """Create the axes' artists once."""
        raise NotImplementedError

    def draw(self, data: Any) -> None:
        """Update the artists in place from ``data``."""
        raise NotImplementedError

    def summary(self, data: Any, lang: str) -> Sequence[tuple[str, Any]]:
        """Key numbers of ``data`` as ``(label, value)`` pairs."""
        return []

    # --- machinery ----------------------------------------------------------------------------------------
    def dynamic(self, *artists: Any) -> Any:
        """Mark artists that ``draw`` changes: they are drawn over the cached background on each update."""
        for artist in artists:
            artist.set_animated(True)
            self._dynamic.append(artist)
        return artists[0] if len(artists) == 1 else artists

    def invalidate(self) -> None:
        """Force a full redraw on the next update (call it after changing a static artist)."""
        self._background = None

    def _limits_key(self) -> tuple:
        return tuple(
            (ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale()) for ax in self.fig.axes
        )

    def render(self) -> bytes:
        """Draw the figure (blitting when possible) and return it as PNG bytes."""
        from PIL import Image

        canvas = self.fig.canvas
        if not self._layout_frozen:
            # Lay the figure out once, with the first data drawn, then freeze it: the axes no longer shift
            # when tick labels change, and full redraws skip the layout solver.
            canvas.draw()
            self.fig.set_layout_engine("none")
            self._layout_frozen = True
        key = self._limits_key()
        if self._background is None or key != self._background_key:
            canvas.draw()  # everything but the dynamic artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._background_key = key
            self.full_redraws += 1
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _new_figure(self):
        return new_figure(self.lang, figsize=self.figsize, **self.layout())

    def params(self) -> dict[str, Any]:
        """Current control values, keyed by parameter name."""
        return {key: control.value for key, control in self.controls.items()}

    def refresh(self) -> None:
        """Recompute from the controls, update the artists in place and re-render the PNG."""
        self.data = self.compute(**self.params())
        with matplotlib.rc_context(self._rc):
            self.draw(self.data)
            self.png = self.render()
        self.updates += 1
        if self._image is not None:
            self._image.value = self.png
            self._readout.value = self.readout_html()

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._holding:
            self.refresh()

    def set(self, **values: Any) -> Any:
        """Set several controls at once (one update, as after a browser message) and return the new data."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)} for {self.name}; known: {sorted(self.controls)}")
        self._holding = True
        try:
            for key, value in values.items():
                self.controls[key].value = value
        finally:
            self._holding = False
        self.refresh()
        return self.data

    def summary_lines(self) -> list[str]:
        """The readout as text lines, ``label: value``."""
        return [f"{label}: {format_value(value)}" for label, value in self.summary(self.data, self.lang)]

    def readout_html(self) -> str:
        return "<code>" + " &nbsp;|&nbsp; ".join(html.escape(s) for s in self.summary_lines()) + "</code>"

    @property
    def widget(self):
        """The ipywidgets box (controls, image, readout), built on first use and then reused."""
        if self._widget is None:
            import ipywidgets as w

            # Shown at its own pixel size: crisp, and the same size as the static companion's figure.
            width_px = int(round(self.fig.get_figwidth() * self.fig.dpi))
            self._image = w.Image(value=self.png, format="png", layout=w.Layout(width=f"{width_px}px"))
            self._readout = w.HTML(value=self.readout_html())
            self._widget = w.VBox([w.HBox(list(self.controls.values())), self._image, self._readout])
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    def snapshot(self, **values: Any) -> None:
        """Static companion: draw a fresh copy of this demo at ``values``, display it and print its key numbers.

        The live widget is left untouched. This is what GitHub, printed handouts and nbval see.
        """
        from IPython.display import Image, display

        fixed = type(self).static(self.lang, **values)
        display(Image(data=fixed.png, format="png"))
        settings = ", ".join(f"{k}={v if isinstance(v, (bool, str)) else format_value(v)}" for k, v in values.items())
        print(f"[{settings}]")
        print("\n".join(fixed.summary_lines()))

    @classmethod
    def static(cls, lang: str | None = None, **values: Any) -> LiveDemo:
        """A fresh demo drawn at ``values`` (its ``png`` is the static figure; its readout the key numbers)."""
        return cls(lang=lang, **values)

    def __repr__(self) -> str:
        settings = ", ".join(f"{k}={v!r}" for k, v in self.params().items())
        return f"{type(self).__name__}(lang={self.lang!r}, {settings})"

