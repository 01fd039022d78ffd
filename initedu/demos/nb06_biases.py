"""Notebook 06 live demo: the LSTM forget-gate bias b_f and the sequence length T against the gradient at c_0."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..biases import forget_gate_gradients
from ..i18n import register as register_strings
from ..i18n import t
from ..widgets import LiveDemo, register

register_strings({
    "fg_bf": {"en": "forget bias b_f", "ko": "망각 게이트 편향 b_f"},
    "fg_T": {"en": "length T", "ko": "길이 T"},
    "fg_measured": {"en": "measured ||dL/dc_t|| / ||dL/dc_T||", "ko": "측정 ||dL/dc_t|| / ||dL/dc_T||"},
    "fg_theory": {"en": "σ(b_f)^(T−t)", "ko": "σ(b_f)^(T−t)"},
    "fg_title": {"en": "gradient flowing back along the cell state", "ko": "셀 상태를 따라 거꾸로 흐르는 그레이디언트"},
    "fg_xlabel": {"en": "time step t", "ko": "시간 스텝 t"},
    "fg_ratio0": {"en": "measured at t = 0", "ko": "t = 0에서 측정"},
    "fg_theory0": {"en": "σ(b_f)^T", "ko": "σ(b_f)^T"},
    "fg_ylabel": {"en": "gradient ratio (log scale)", "ko": "그레이디언트 비율 (로그 축)"},
    "fg_mean_f": {"en": "mean forget gate", "ko": "망각 게이트 평균"},
})

T_MAX = 60


@register
class ForgetGateDemo(LiveDemo):
    """Forget-gate bias and length against the gradient reaching the first cell state."""

    name = "nb06.forget_gate"
    figsize = (7.0, 3.0)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "forget_bias": w.FloatSlider(value=1.0, min=-2.0, max=3.0, step=0.25, description=t("fg_bf", lang),
                                         continuous_update=True, style={"description_width": "initial"}),
            "T": w.IntSlider(value=20, min=2, max=T_MAX, step=1, description=t("fg_T", lang),
                             continuous_update=True),
        }

    @staticmethod
    def compute(forget_bias: float, T: int) -> dict[str, Any]:
        return forget_gate_gradients(forget_bias, T)

    def build(self, fig: Any, lang: str) -> None:
        ax = self.axes
        (self.line_m,) = ax.plot([], [], "o-", ms=2.5, label=t("fg_measured", lang))
        (self.line_t,) = ax.plot([], [], "--", label=t("fg_theory", lang))
        self.dynamic(self.line_m, self.line_t)
        ax.set_yscale("log")
        ax.minorticks_off()
        ax.set_xlim(0, T_MAX)
        ax.set_ylim(1e-30, 10)
        ax.set_xlabel(t("fg_xlabel", lang))
        ax.set_ylabel(t("fg_ylabel", lang))
        ax.set_title(t("fg_title", lang))
        ax.legend(loc="lower right")

    def draw(self, data: dict[str, Any]) -> None:
        self.line_m.set_data(data["steps"], np.maximum(data["ratio"], 1e-300))
        self.line_t.set_data(data["steps"], np.maximum(data["theory"], 1e-300))

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("fg_ratio0", lang), float(data["ratio"][0])),
            (t("fg_theory0", lang), float(data["theory"][0])),
            (t("fg_mean_f", lang), data["mean_f"]),
        ]


def forget_gate(lang: str | None = None, **values: Any) -> ForgetGateDemo:
    """Build notebook 06's live demo (b_f and T sliders); the notebook cell displays it."""
    return ForgetGateDemo(lang=lang, **values)
