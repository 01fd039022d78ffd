"""Notebook 01 live demo: a constant start plus noise of size ε, with or without dropout."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..i18n import register as register_strings
from ..i18n import t
from ..symmetry import STEPS, distinct_units, symmetry_run, unit_spread
from ..widgets import LiveDemo, register

register_strings({
    "sym_eps": {"en": "noise ε", "ko": "잡음 ε"},
    "sym_dropout": {"en": "dropout (p = 0.2)", "ko": "드롭아웃 (p = 0.2)"},
    "sym_title_loss": {"en": "training loss", "ko": "훈련 손실"},
    "sym_title_spread": {"en": "largest difference between units", "ko": "유닛 사이 최대 차이"},
    "sym_title_units": {"en": "hidden units' incoming weights (end)", "ko": "은닉 유닛의 입력 가중치 (학습 후)"},
    "sym_constant": {"en": "constant, no noise", "ko": "상수, 잡음 없음"},
    "sym_current": {"en": "this setting", "ko": "현재 설정"},
    "sym_exact_zero": {"en": "difference = 0 exactly\n(not drawn on a log axis)",
                       "ko": "차이 = 정확히 0\n(로그 축에 그릴 수 없음)"},
    "sym_final_loss": {"en": "final loss", "ko": "최종 손실"},
    "sym_max_diff": {"en": "max difference between units", "ko": "유닛 사이 최대 차이"},
    "sym_distinct": {"en": "distinct units (of 16)", "ko": "서로 다른 유닛 수 (16개 중)"},
})

#: The ε values of the slider (a precomputed grid: no training runs inside a slider callback).
EPS_GRID = (0.0, 1e-8, 1e-6, 1e-4, 1e-2, 1e-1, 1.0)
DROPOUT = 0.2


def _fmt(eps: float) -> str:
    return "0" if eps == 0 else f"{eps:.0e}".replace("e-0", "e-").replace("e+00", "")


def precompute() -> None:
    """Train every grid point once (cached by :func:`initedu.symmetry.symmetry_run`)."""
    for eps in EPS_GRID:
        for p in (0.0, DROPOUT):
            symmetry_run("constant", eps, p)


def symmetry_stats(eps: float, dropout: bool) -> dict[str, Any]:
    """Curves and final unit weights of the constant + ε start (from the cached grid)."""
    run = symmetry_run("constant", float(eps), DROPOUT if dropout else 0.0)
    return {
        "steps": np.arange(STEPS + 1),
        "loss": run.loss,
        "spread": run.spread,
        "W1": run.W1,
        "final_loss": run.final_loss,
        "max_diff": unit_spread(run.W1, run.b1),
        "distinct": distinct_units(run.W1, run.b1),
    }


@register
class SymmetryDemo(LiveDemo):
    """Noise ε on a constant initialization (and a dropout toggle) against how distinct the hidden units end up."""

    name = "nb01.symmetry"
    figsize = (9.0, 3.0)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "eps": w.SelectionSlider(options=[(_fmt(e), e) for e in EPS_GRID], value=1e-6,
                                     description=t("sym_eps", lang), continuous_update=True),
            "dropout": w.Checkbox(value=False, description=t("sym_dropout", lang)),
        }

    @staticmethod
    def compute(eps: float, dropout: bool) -> dict[str, Any]:
        return symmetry_stats(eps, dropout)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 3}

    def build(self, fig: Any, lang: str) -> None:
        precompute()
        ax_loss, ax_spread, ax_units = self.axes
        ref = symmetry_run("constant", 0.0, 0.0)
        steps = np.arange(STEPS + 1)
        ax_loss.plot(steps, ref.loss, color="0.6", lw=1.2, label=t("sym_constant", lang))
        (self.line_loss,) = ax_loss.plot([], [], color="C0", lw=1.5, label=t("sym_current", lang))
        ax_loss.set_yscale("log")
        ax_loss.set_xlim(0, STEPS)
        ax_loss.set_ylim(1e-3, 2.0)
        ax_loss.set_xlabel(t("step", lang))
        ax_loss.set_title(t("sym_title_loss", lang))
        ax_loss.legend(loc="lower left")
        (self.line_spread,) = ax_spread.plot([], [], color="C1", lw=1.5)
        self.zero_text = ax_spread.text(0.5, 0.5, t("sym_exact_zero", lang), transform=ax_spread.transAxes,
                                        ha="center", va="center", color="C3")
        ax_spread.set_yscale("log")
        ax_spread.set_xlim(0, STEPS)
        ax_spread.set_ylim(1e-10, 1e2)
        ax_spread.set_xlabel(t("step", lang))
        ax_spread.set_title(t("sym_title_spread", lang))
        self.scatter = ax_units.scatter(np.zeros(16), np.zeros(16), s=18, color="C2", alpha=0.8)
        lim = max(float(np.max(np.abs(symmetry_run("constant", e, p).W1)))
                  for e in EPS_GRID for p in (0.0, DROPOUT))
        lim = float(np.ceil(lim))
        ax_units.set_xlim(-lim, lim)
        ax_units.set_ylim(-lim, lim)
        ax_units.set_xlabel("$w_{1j}$")
        ax_units.set_ylabel("$w_{2j}$")
        ax_units.set_title(t("sym_title_units", lang))
        self.dynamic(self.line_loss, self.line_spread, self.zero_text, self.scatter)

    def draw(self, data: dict[str, Any]) -> None:
        self.line_loss.set_data(data["steps"], data["loss"])
        spread = np.where(data["spread"] > 0, data["spread"], np.nan)
        self.line_spread.set_data(data["steps"], spread)
        self.zero_text.set_visible(bool(data["max_diff"] == 0.0))
        self.scatter.set_offsets(data["W1"].T)

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("sym_final_loss", lang), data["final_loss"]),
            (t("sym_max_diff", lang), data["max_diff"]),
            (t("sym_distinct", lang), data["distinct"]),
        ]


def symmetry(lang: str | None = None, **values: Any) -> SymmetryDemo:
    """Build notebook 01's live demo (ε slider, dropout toggle); the notebook cell displays it."""
    return SymmetryDemo(lang=lang, **values)
