"""Notebook 04 live demo: the gain g of orthogonal (or Gaussian) layers, forward/backward norms and Jacobian."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .. import init as _init
from .._validate import check_choice, check_float, check_int
from ..deep_linear import norm_propagation
from ..i18n import register as register_strings
from ..i18n import t
from ..nn import ACTIVATIONS
from ..widgets import LiveDemo, register

register_strings({
    "n4_gain": {"en": "gain g", "ko": "이득 g"},
    "n4_weights": {"en": "weights", "ko": "가중치"},
    "n4_forward": {"en": "signal (forward)", "ko": "신호 (순방향)"},
    "n4_backward": {"en": "gradient (backward)", "ko": "그레이디언트 (역방향)"},
    "n4_title_norms": {"en": "RMS relative to layer 0 / top", "ko": "0층 / 맨 위 대비 RMS"},
    "n4_title_sv": {"en": "singular values of the Jacobian", "ko": "야코비 행렬의 특잇값"},
    "n4_rank": {"en": "rank (largest first)", "ko": "순위 (큰 값부터)"},
    "n4_sv": {"en": "singular value", "ko": "특잇값"},
    "n4_fwd_last": {"en": "signal at last layer", "ko": "마지막 층 신호"},
    "n4_bwd_first": {"en": "gradient at input", "ko": "입력에 닿은 그레이디언트"},
    "n4_sv_max": {"en": "largest singular value", "ko": "가장 큰 특잇값"},
    "n4_sv_median": {"en": "median singular value", "ko": "특잇값 중앙값"},
    "n4_steps": {"en": "steps to reach the threshold", "ko": "기준에 닿기까지의 스텝 수"},
    "n4_saxe_title": {"en": "deep linear nets, width 16", "ko": "깊은 선형 신경망, 너비 16"},
    "n4_sv_zero": {"en": "singular values < 1e-6", "ko": "1e-6보다 작은 특잇값 수"},
})

WIDTH = 64
BATCH = 16
MAX_DEPTH = 100
WEIGHT_KINDS = ("orthogonal", "gaussian")
DEMO_ACTIVATIONS = ("linear", "tanh", "relu")
NORM_LIMITS = (1e-6, 1e6)
SV_FLOOR = 1e-6


@functools.cache
def _base(kind: str) -> np.ndarray:
    """MAX_DEPTH unit-gain layers of one kind, drawn once with a fixed seed (read-only)."""
    rng = np.random.default_rng(5)
    if kind == "orthogonal":
        ws = np.stack([_init.orthogonal((WIDTH, WIDTH), rng) for _ in range(MAX_DEPTH)])
    else:
        ws = rng.normal(0.0, 1.0 / np.sqrt(WIDTH), size=(MAX_DEPTH, WIDTH, WIDTH))
    ws.flags.writeable = False
    return ws


@functools.cache
def _inputs() -> np.ndarray:
    x = np.random.default_rng(6).standard_normal((BATCH, WIDTH))
    x.flags.writeable = False
    return x


def jacobian_singular_values(Ws: list[np.ndarray], x: np.ndarray, activation: str) -> np.ndarray:
    r"""Singular values of :math:`J = \partial h_L / \partial x` at one input ``x`` (largest first).

    With row vectors, :math:`J^\top = W_1 D_1 W_2 D_2 \cdots W_L D_L`, :math:`D_l = \operatorname{diag}(f'(z_l))`.
    Computed under ``np.errstate``; a non-finite product gives ``inf`` values.
    """
    act = ACTIVATIONS[check_choice(activation, "activation", DEMO_ACTIVATIONS)]
    jt = np.eye(len(x))
    h = x
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for w in Ws:
            z = h @ w
            jt = (jt @ w) * act.df(z)[None, :]
            h = act.f(z)
        if not np.all(np.isfinite(jt)):
            return np.full(len(x), np.inf)
        return np.linalg.svd(jt, compute_uv=False)


@functools.lru_cache(maxsize=512)
def gain_profile(g: float, depth: int, activation: str, weights: str) -> dict[str, Any]:
    r"""Forward/backward RMS through ``depth`` layers ``g * W`` and the singular values of the Jacobian.

    ``W`` is Haar-orthogonal (``weights="orthogonal"``) or i.i.d. :math:`N(0, 1/n)` (``"gaussian"``), width 64,
    fixed draws. For a linear network of orthogonal layers every norm is multiplied by exactly :math:`g^L`.
    """
    g = check_float(g, "g", minimum=0.0, strict_min=True)
    depth = check_int(depth, "depth", minimum=1, maximum=MAX_DEPTH)
    check_choice(activation, "activation", DEMO_ACTIVATIONS)
    check_choice(weights, "weights", WEIGHT_KINDS)
    ws = [g * w for w in _base(weights)[:depth]]
    x = _inputs()
    norms = norm_propagation(ws, x, activation)
    sv = jacobian_singular_values(ws, x[0], activation)
    return {
        "layers": np.arange(depth + 1),
        "fwd": norms["fwd"],
        "bwd": norms["bwd"],
        "sv": sv,
    }


@register
class GainDemo(LiveDemo):
    """Gain g, depth, activation and weight kind against signal/gradient norms and Jacobian singular values."""

    name = "nb04.gain"
    figsize = (9.0, 3.2)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "g": w.FloatSlider(value=1.0, min=0.8, max=1.6, step=0.01, description=t("n4_gain", lang),
                               continuous_update=True, readout_format=".2f"),
            "depth": w.IntSlider(value=50, min=1, max=MAX_DEPTH, step=1, description=t("depth", lang),
                                 continuous_update=True),
            "activation": w.Dropdown(options=list(DEMO_ACTIVATIONS), value="linear",
                                     description=t("activation", lang), style={"description_width": "initial"}),
            "weights": w.Dropdown(options=list(WEIGHT_KINDS), value="orthogonal",
                                  description=t("n4_weights", lang)),
        }

    @staticmethod
    def compute(g: float, depth: int, activation: str, weights: str) -> dict[str, Any]:
        return gain_profile(round(float(g), 4), depth, activation, weights)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_n, ax_sv = self.axes
        (self.line_fwd,) = ax_n.plot([], [], "-", label=t("n4_forward", lang))
        (self.line_bwd,) = ax_n.plot([], [], "--", label=t("n4_backward", lang))
        self.dynamic(self.line_fwd, self.line_bwd)
        ax_n.axhline(1.0, color="0.5", lw=0.8, ls=":")
        ax_n.set_yscale("log")
        ax_n.minorticks_off()
        ax_n.set_xlim(0, MAX_DEPTH)
        ax_n.set_ylim(*NORM_LIMITS)
        ax_n.set_xlabel(t("layer", lang))
        ax_n.set_title(t("n4_title_norms", lang))
        ax_n.legend(loc="lower left")
        (self.line_sv,) = ax_sv.plot([], [], "o", ms=2.5)
        self.dynamic(self.line_sv)
        ax_sv.axhline(1.0, color="0.5", lw=0.8, ls=":")
        ax_sv.set_yscale("log")
        ax_sv.minorticks_off()
        ax_sv.set_xlim(0, WIDTH + 1)
        ax_sv.set_ylim(SV_FLOOR / 2, 1e6)
        ax_sv.set_xlabel(t("n4_rank", lang))
        ax_sv.set_ylabel(t("n4_sv", lang))
        ax_sv.set_title(t("n4_title_sv", lang))

    def draw(self, data: dict[str, Any]) -> None:
        self.line_fwd.set_data(data["layers"], data["fwd"])
        self.line_bwd.set_data(data["layers"], data["bwd"])
        self.line_sv.set_data(np.arange(1, len(data["sv"]) + 1), np.maximum(data["sv"], SV_FLOOR))

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        sv = data["sv"]
        return [
            (t("n4_fwd_last", lang), data["fwd"][-1]),
            (t("n4_bwd_first", lang), data["bwd"][0]),
            (t("n4_sv_max", lang), sv[0]),
            (t("n4_sv_median", lang), float(np.median(sv))),
            (t("n4_sv_zero", lang), int(np.sum(sv < SV_FLOOR))),
        ]


def gain_demo(lang: str | None = None, **values: Any) -> GainDemo:
    """Build notebook 04's live demo; the notebook cell displays it."""
    return GainDemo(lang=lang, **values)
