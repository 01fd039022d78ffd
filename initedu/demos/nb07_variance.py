"""Notebook 07 live demo: target scale and the initial variance -> initial NLL and the first training curve."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .._validate import check_choice, check_int
from ..i18n import register as register_strings
from ..i18n import t
from ..variance_params import nll_curve
from ..widgets import LiveDemo, register

register_strings({
    "vp_scale": {"en": "target scale", "ko": "목표값 스케일"},
    "vp_strategy": {"en": "init", "ko": "초기화"},
    "vp_log10_var": {"en": "log10 σ² (slider)", "ko": "log10 σ² (슬라이더)"},
    "vp_zero": {"en": "μ-bias 0, σ² = 1", "ko": "μ 편향 0, σ² = 1"},
    "vp_mean_only": {"en": "μ-bias ȳ, σ² = 1", "ko": "μ 편향 ȳ, σ² = 1"},
    "vp_marginal": {"en": "marginal: ȳ, Var(y)", "ko": "주변 분포: ȳ, Var(y)"},
    "vp_value": {"en": "μ-bias ȳ, σ² = slider", "ko": "μ 편향 ȳ, σ² = 슬라이더"},
    "vp_nll": {"en": "training NLL", "ko": "학습 NLL"},
    "vp_title_curve": {"en": "first training steps (Adam)", "ko": "처음 학습 스텝 (Adam)"},
    "vp_title_init": {"en": "initial NLL vs initial σ² (μ-bias ȳ)", "ko": "초기 σ²에 따른 초기 NLL (μ 편향 ȳ)"},
    "vp_init_nll": {"en": "initial NLL", "ko": "초기 NLL"},
    "vp_marginal_nll": {"en": "marginal NLL", "ko": "주변 NLL"},
    "vp_marginal_run": {"en": "marginal init", "ko": "주변 분포 초기화"},
    "vp_chosen": {"en": "chosen init", "ko": "고른 초기화"},
    "vp_final_nll": {"en": "NLL at step {step}", "ko": "{step} 스텝의 NLL"},
    "vp_grad0": {"en": "first gradient norm", "ko": "첫 그레이디언트 노름"},
    "vp_y_std": {"en": "std of targets", "ko": "목표값 표준편차"},
})

SCALES = (1.0, 3.0, 10.0, 30.0, 100.0)
LOG10_VARS = tuple(range(-2, 5))
STEPS = 150
LR = 0.01
N = 64
CURVE_YLIM = (-3.0, 1e6)
INIT_XLIM = (-2.3, 4.3)


@functools.cache
def _grid() -> dict[tuple[float, str, int], dict[str, Any]]:
    """Every curve the demo can show, computed once (the sliders only select)."""
    out = {}
    for scale in SCALES:
        for strategy in ("zero", "mean_only", "marginal"):
            out[scale, strategy, 0] = nll_curve(scale, strategy, steps=STEPS, lr=LR, n=N)
        for lv in LOG10_VARS:
            out[scale, "value", lv] = nll_curve(scale, "value", variance=10.0**lv, steps=STEPS, lr=LR, n=N)
    return out


def variance_demo_data(y_scale: float, strategy: str, log10_var: int) -> dict[str, Any]:
    """The curve of ``strategy`` at ``y_scale`` (and the slider's σ² = 10^log10_var), the marginal curve and
    the initial NLL for each σ² of the grid (μ-bias = mean of the targets)."""
    if y_scale not in SCALES:
        raise ValueError(f"y_scale must be one of {SCALES}, got {y_scale!r}")
    strategy = check_choice(strategy, "strategy", ("zero", "mean_only", "marginal", "value"))
    log10_var = check_int(log10_var, "log10_var", minimum=LOG10_VARS[0], maximum=LOG10_VARS[-1])
    grid = _grid()
    chosen = grid[y_scale, strategy, log10_var if strategy == "value" else 0]
    marginal = grid[y_scale, "marginal", 0]
    init_nll = np.array([grid[y_scale, "value", lv]["initial"] for lv in LOG10_VARS])
    return {
        "steps": np.arange(STEPS),
        "loss": chosen["loss"],
        "marginal_loss": marginal["loss"],
        "marginal": marginal["marginal"],
        "log10_vars": np.array(LOG10_VARS, dtype=float),
        "init_nll": init_nll,
        "log10_var_y": float(np.log10(marginal["y_std"] ** 2)),
        "initial": chosen["initial"],
        "grad0": chosen["grad0"],
        "final": float(chosen["loss"][-1]),
        "y_std": marginal["y_std"],
        # where the chosen init sits on the right panel (not on it for μ-bias 0)
        "dot_x": {"zero": 0.0, "mean_only": 0.0, "marginal": float(np.log10(marginal["y_std"] ** 2)),
                  "value": float(log10_var)}[strategy],
        "dot_visible": strategy != "zero",
    }


@register
class VarianceInitDemo(LiveDemo):
    """Target scale and the initialization of the predicted variance against the NLL curve."""

    name = "nb07.variance_init"
    figsize = (8.0, 3.2)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        style = {"description_width": "initial"}
        return {
            "y_scale": w.SelectionSlider(options=list(SCALES), value=30.0, description=t("vp_scale", lang),
                                         continuous_update=True, style=style),
            "strategy": w.Dropdown(
                options=[(t(f"vp_{s}", lang), s) for s in ("zero", "mean_only", "marginal", "value")],
                value="zero", description=t("vp_strategy", lang), style=style),
            "log10_var": w.IntSlider(value=0, min=LOG10_VARS[0], max=LOG10_VARS[-1], step=1,
                                     description=t("vp_log10_var", lang), continuous_update=True, style=style),
        }

    @staticmethod
    def compute(y_scale: float, strategy: str, log10_var: int) -> dict[str, Any]:
        return variance_demo_data(y_scale, strategy, log10_var)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_c, ax_i = self.axes
        (self.line_marg,) = ax_c.plot([], [], "--", color="0.45", lw=1.2, label=t("vp_marginal_run", lang))
        (self.line,) = ax_c.plot([], [], "-", color="C3", lw=1.8, label=t("vp_chosen", lang))
        (self.hline,) = ax_c.plot([], [], ":", color="C0", lw=1.0, label=t("vp_marginal_nll", lang))
        self.dynamic(self.line_marg, self.line, self.hline)
        ax_c.set_yscale("symlog", linthresh=1.0)
        ax_c.set_xlim(0, STEPS)
        ax_c.set_ylim(*CURVE_YLIM)
        ax_c.set_xlabel(t("step", lang))
        ax_c.set_ylabel(t("vp_nll", lang))
        ax_c.set_title(t("vp_title_curve", lang))
        ax_c.legend(loc="upper right")
        (self.init_line,) = ax_i.plot([], [], "o-", ms=4, color="C2")
        (self.vline,) = ax_i.plot([], [], "-", color="C0", lw=1.0)
        (self.dot,) = ax_i.plot([], [], "o", ms=9, mfc="none", mec="C3", mew=2)
        self.dynamic(self.init_line, self.vline, self.dot)
        ax_i.set_yscale("symlog", linthresh=1.0)
        ax_i.set_xlim(*INIT_XLIM)
        ax_i.set_ylim(*CURVE_YLIM)
        ax_i.set_xlabel("log10 σ²")
        ax_i.set_ylabel(t("vp_init_nll", lang))
        ax_i.set_title(t("vp_title_init", lang))

    def draw(self, data: dict[str, Any]) -> None:
        self.line.set_data(data["steps"], data["loss"])
        self.line_marg.set_data(data["steps"], data["marginal_loss"])
        self.hline.set_data([0, STEPS], [data["marginal"]] * 2)
        self.init_line.set_data(data["log10_vars"], data["init_nll"])
        self.vline.set_data([data["log10_var_y"]] * 2, list(CURVE_YLIM))
        self.dot.set_visible(data["dot_visible"])
        self.dot.set_data([data["dot_x"]], [data["initial"]])

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("vp_y_std", lang), data["y_std"]),
            (t("vp_init_nll", lang), data["initial"]),
            (t("vp_marginal_nll", lang), data["marginal"]),
            (t("vp_final_nll", lang, step=STEPS - 1), data["final"]),
            (t("vp_grad0", lang), data["grad0"]),
        ]


def variance_init(lang: str | None = None, **values: Any) -> VarianceInitDemo:
    """Build notebook 07's live demo (target scale, variance-init strategy, slider σ²)."""
    return VarianceInitDemo(lang=lang, **values)
