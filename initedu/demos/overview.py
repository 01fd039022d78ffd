"""Overview teaser: how the weight scale and the depth set the activation std, layer by layer."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .._validate import check_float, check_int
from ..i18n import register as register_strings
from ..i18n import t
from ..plotting import layer_std_panel
from ..widgets import LiveDemo, register

register_strings({
    "ds_title_std": {"en": "activation std per layer", "ko": "층별 활성화 표준편차"},
    "ds_title_hist": {"en": "tanh activations at the last layer", "ko": "마지막 층의 tanh 활성화 분포"},
    "ds_last_std": {"en": "last-layer std ({act})", "ko": "마지막 층 표준편차 ({act})"},
    "ds_saturated": {"en": "tanh saturated % (|h| > 0.97)", "ko": "tanh 포화 비율 % (|h| > 0.97)"},
    "ds_dead": {"en": "dead ReLU units %", "ko": "죽은 ReLU 유닛 비율 %"},
})

WIDTH = 128
BATCH = 64
MAX_DEPTH = 50
HIST_EDGES = np.linspace(-1.0, 1.0, 41)
STD_LIMITS = (1e-6, 1e6)


@functools.cache
def _standard_draws(seed: int, width: int, batch: int, max_depth: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed standard-normal inputs and weight matrices, shared by every slider position (read-only)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    ws = rng.standard_normal((max_depth, width, width))
    x.flags.writeable = False
    ws.flags.writeable = False
    return x, ws


def depth_scale_stats(sigma: float, depth: int, *, width: int = WIDTH, batch: int = BATCH,
                      seed: int = 0) -> dict[str, Any]:
    r"""Propagate standard-normal inputs through ``depth`` layers with W ~ N(0, σ²/width), for tanh and ReLU.

    .. math:: h_{l} = \phi(h_{l-1} W_l), \quad W_l \sim \mathcal{N}(0, \sigma^2 / n)

    The same weight draws (seeded by ``seed``) serve every σ, so moving the slider changes only the scale.
    Returns the per-layer activation std for both activations, the tanh saturated fraction and the
    fraction of dead ReLU units (zero for every example) at the last layer, and a histogram of the last
    tanh layer.
    """
    sigma = check_float(sigma, "sigma", minimum=0.0, strict_min=True)
    depth = check_int(depth, "depth", minimum=1, maximum=MAX_DEPTH)
    check_int(seed, "seed", minimum=0)
    x, ws = _standard_draws(seed, width, batch, MAX_DEPTH)
    scale = sigma / np.sqrt(width)
    h_tanh, h_relu = x, x
    std_tanh, std_relu = np.empty(depth), np.empty(depth)
    for layer in range(depth):
        w = ws[layer] * scale
        h_tanh = np.tanh(h_tanh @ w)
        h_relu = np.maximum(h_relu @ w, 0.0)
        std_tanh[layer] = h_tanh.std()
        std_relu[layer] = h_relu.std()
    counts, _ = np.histogram(h_tanh, bins=HIST_EDGES)
    return {
        "layers": np.arange(1, depth + 1),
        "std_tanh": std_tanh,
        "std_relu": std_relu,
        "hist": counts / counts.sum(),
        "saturated": float(np.mean(np.abs(h_tanh) > 0.97)),
        "dead": float(np.mean(np.all(h_relu <= 0.0, axis=0))),
    }


@register
class DepthScaleDemo(LiveDemo):
    """Weight scale σ and depth against the activation std per layer (tanh and ReLU)."""

    name = "overview.depth_scale"
    figsize = (8.0, 3.0)
    gallery = {"sigma": 1.0, "depth": 20}

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "sigma": w.FloatSlider(value=1.0, min=0.2, max=3.0, step=0.05, description=t("weight_scale", lang),
                                   continuous_update=True, style={"description_width": "initial"}),
            "depth": w.IntSlider(value=10, min=1, max=MAX_DEPTH, step=1, description=t("depth", lang),
                                 continuous_update=True),
        }

    @staticmethod
    def compute(sigma: float, depth: int) -> dict[str, Any]:
        return depth_scale_stats(sigma, depth)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_std, ax_hist = self.axes
        # Fixed limits: the lines tilt as σ moves instead of the axis rescaling (and updates can blit).
        self.line_tanh, self.line_relu = self.dynamic(*layer_std_panel(
            ax_std, lang, ("tanh", "ReLU"), max_depth=MAX_DEPTH, limits=STD_LIMITS,
            ylabel=t("activation_std", lang), title=t("ds_title_std", lang)))
        self.stairs = self.dynamic(ax_hist.stairs(np.zeros(len(HIST_EDGES) - 1), HIST_EDGES, fill=True, alpha=0.7))
        ax_hist.set_xlim(-1.05, 1.05)
        ax_hist.set_ylim(0, 0.25)  # a peak above 0.25 (small σ: all near 0) is cut
        ax_hist.set_xlabel(t("activation_value", lang))
        ax_hist.set_ylabel(t("fraction", lang))
        ax_hist.set_title(t("ds_title_hist", lang))

    def draw(self, data: dict[str, Any]) -> None:
        ax_std, ax_hist = self.axes
        layers = data["layers"]
        self.line_tanh.set_data(layers, data["std_tanh"])
        self.line_relu.set_data(layers, data["std_relu"])
        self.stairs.set_data(data["hist"])

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("ds_last_std", lang, act="tanh"), data["std_tanh"][-1]),
            (t("ds_last_std", lang, act="ReLU"), data["std_relu"][-1]),
            (t("ds_saturated", lang), 100 * data["saturated"]),
            (t("ds_dead", lang), 100 * data["dead"]),
        ]


def depth_scale(lang: str | None = None, **values: Any) -> DepthScaleDemo:
    """Build the overview's live demo (σ and depth sliders); the notebook cell displays it."""
    return DepthScaleDemo(lang=lang, **values)
