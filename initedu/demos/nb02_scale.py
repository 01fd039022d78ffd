"""Notebook 02 live demos: weight scale/depth/activation against signal and gradient size; chaos in a tanh RNN."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..i18n import register as register_strings
from ..i18n import t
from ..plotting import layer_std_panel
from ..scale import ACTS, HIST_EDGES, MAX_DEPTH, lyapunov_curve, propagation, rnn_divergence
from ..widgets import LiveDemo, register

register_strings({
    "scl_title_std": {"en": "std per layer", "ko": "층별 표준편차"},
    "scl_act": {"en": "activations", "ko": "활성화"},
    "scl_grad": {"en": "gradients", "ko": "그레이디언트"},
    "scl_title_hist": {"en": "last-layer activations (clipped to ±3)", "ko": "마지막 층 활성화 (±3에서 자름)"},
    "scl_last_act": {"en": "last-layer activation std", "ko": "마지막 층 활성화 표준편차"},
    "scl_first_grad": {"en": "gradient std at layer 1", "ko": "1번째 층 그레이디언트 표준편차"},
    "scl_saturated": {"en": "tanh saturated %", "ko": "tanh 포화 비율 %"},
    "scl_dead": {"en": "dead ReLU %", "ko": "죽은 ReLU 비율 %"},
    "scl_overflow": {"en": "overflow", "ko": "오버플로"},
    "chaos_gain": {"en": "gain g", "ko": "이득 g"},
    "chaos_title_dist": {"en": "distance between two trajectories", "ko": "두 궤적 사이 거리"},
    "chaos_title_lyap": {"en": "largest Lyapunov exponent λ(g)", "ko": "최대 리아푸노프 지수 λ(g)"},
    "chaos_time": {"en": "time step t", "ko": "시간 스텝 t"},
    "chaos_dist_end": {"en": "distance at t = 60", "ko": "t = 60의 거리"},
    "chaos_rms_end": {"en": "rms activity at t = 60", "ko": "t = 60의 활동 크기(rms)"},
    "chaos_lambda": {"en": "λ (interpolated)", "ko": "λ (보간)"},
})


@register
class PropagationDemo(LiveDemo):
    """σ, depth and activation against per-layer activation and gradient std, histogram, saturation, dead ReLUs."""

    name = "nb02.propagation"
    figsize = (9.0, 3.0)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "sigma": w.FloatSlider(value=1.0, min=0.2, max=3.0, step=0.05, description=t("weight_scale", lang),
                                   continuous_update=True, style={"description_width": "initial"}),
            "depth": w.IntSlider(value=20, min=1, max=MAX_DEPTH, step=1, description=t("depth", lang),
                                 continuous_update=True),
            "activation": w.Dropdown(options=list(ACTS), value="tanh", description=t("activation", lang)),
        }

    @staticmethod
    def compute(sigma: float, depth: int, activation: str) -> dict[str, Any]:
        return propagation(sigma, depth, activation)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_std, ax_hist = self.axes
        self.line_act, self.line_grad = layer_std_panel(
            ax_std, lang, (t("scl_act", lang), t("scl_grad", lang)), max_depth=MAX_DEPTH, limits=(1e-12, 1e12),
            title=t("scl_title_std", lang))
        self.stairs = ax_hist.stairs(np.zeros(len(HIST_EDGES) - 1), HIST_EDGES, fill=True, alpha=0.7)
        ax_hist.set_xlim(-3.1, 3.1)
        ax_hist.set_ylim(0, 0.5)
        ax_hist.set_xlabel(t("activation_value", lang))
        ax_hist.set_ylabel(t("fraction", lang))
        ax_hist.set_title(t("scl_title_hist", lang))
        self.dynamic(self.line_act, self.line_grad, self.stairs)

    def draw(self, data: dict[str, Any]) -> None:
        self.line_act.set_data(data["layers"], data["act_std"])
        self.line_grad.set_data(data["layers"], data["grad_std"])
        self.stairs.set_data(data["hist"])

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("scl_last_act", lang), data["act_std"][-1]),
            (t("scl_first_grad", lang), data["grad_std"][0]),
            (t("scl_saturated", lang), 100 * data["saturated"]),
            (t("scl_dead", lang), 100 * data["dead"]),
            (t("scl_overflow", lang), str(data["overflow"])),
        ]


#: Grid of gains for the precomputed λ(g) curve (the slider interpolates on it).
G_GRID = tuple(float(g) for g in np.round(np.linspace(0.25, 3.0, 12), 4))


@register
class ChaosDemo(LiveDemo):
    """Gain g of h ← tanh(g h W): two nearby trajectories, and the Lyapunov exponent curve."""

    name = "nb02.chaos"
    figsize = (9.0, 3.0)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {"g": w.FloatSlider(value=1.5, min=0.25, max=3.0, step=0.05, description=t("chaos_gain", lang),
                                   continuous_update=True)}

    @staticmethod
    def compute(g: float) -> dict[str, Any]:
        out = rnn_divergence(g)
        lam = lyapunov_curve(G_GRID)
        out["lambda"] = float(np.interp(g, G_GRID, lam))
        out["g"] = float(g)
        return out

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_d, ax_l = self.axes
        (self.line_d,) = ax_d.plot([], [], color="C3")
        ax_d.set_yscale("log")
        ax_d.minorticks_off()
        ax_d.set_xlim(0, 60)
        ax_d.set_ylim(1e-20, 1e2)
        ax_d.set_xlabel(t("chaos_time", lang))
        ax_d.set_title(t("chaos_title_dist", lang))
        ax_l.plot(G_GRID, lyapunov_curve(G_GRID), "o-", ms=3, color="C0")
        ax_l.axhline(0.0, color="0.5", lw=0.8, ls="--")
        ax_l.axvline(1.0, color="0.5", lw=0.8, ls=":")
        (self.marker,) = ax_l.plot([], [], "o", ms=9, color="C3")
        ax_l.set_xlim(0, 3.1)
        ax_l.set_ylim(-1.5, 0.5)
        ax_l.set_xlabel("g")
        ax_l.set_title(t("chaos_title_lyap", lang))
        self.dynamic(self.line_d, self.marker)

    def draw(self, data: dict[str, Any]) -> None:
        d = np.where(data["distance"] > 0, data["distance"], np.nan)
        self.line_d.set_data(np.arange(d.size), d)
        self.marker.set_data([data["g"]], [data["lambda"]])

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("chaos_dist_end", lang), data["distance"][-1]),
            (t("chaos_rms_end", lang), data["rms"][-1]),
            (t("chaos_lambda", lang), data["lambda"]),
        ]


def propagation_demo(lang: str | None = None, **values: Any) -> PropagationDemo:
    """Build notebook 02's signal-propagation demo (σ, depth, activation)."""
    return PropagationDemo(lang=lang, **values)


def chaos(lang: str | None = None, **values: Any) -> ChaosDemo:
    """Build notebook 02's RNN chaos demo (gain g)."""
    return ChaosDemo(lang=lang, **values)
