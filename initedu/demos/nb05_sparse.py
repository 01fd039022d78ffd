"""Notebook 05 live demo: sparse vs dense normalized initialization as the fan-in m and k change."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .._validate import check_int
from ..i18n import register as register_strings
from ..i18n import t
from ..widgets import LiveDemo, register

register_strings({
    "sp_fan_in": {"en": "fan-in m", "ko": "팬인 m"},
    "sp_k": {"en": "nonzeros k", "ko": "0이 아닌 개수 k"},
    "sp_sparse": {"en": "sparse: k weights N(0, 1)", "ko": "희소: 가중치 k개, N(0, 1)"},
    "sp_dense": {"en": "dense: m weights N(0, k/m)", "ko": "밀집: 가중치 m개, N(0, k/m)"},
    "sp_title_var": {"en": "input variance of each unit (sorted)", "ko": "유닛별 입력 분산 (정렬)"},
    "sp_title_w": {"en": "magnitude of the nonzero weights", "ko": "0이 아닌 가중치의 크기"},
    "sp_unit": {"en": "unit (sorted)", "ko": "유닛 (정렬)"},
    "sp_var_z": {"en": "Var(z) of the unit", "ko": "유닛의 Var(z)"},
    "sp_log_w": {"en": "|w| (log scale)", "ko": "|w| (로그 축)"},
    "sp_mean_var_s": {"en": "mean Var(z) sparse", "ko": "평균 Var(z) 희소"},
    "sp_mean_var_d": {"en": "mean Var(z) dense", "ko": "평균 Var(z) 밀집"},
    "sp_cv_s": {"en": "unit spread (CV) sparse", "ko": "유닛 간 차이(CV) 희소"},
    "sp_cv_d": {"en": "unit spread (CV) dense", "ko": "유닛 간 차이(CV) 밀집"},
    "sp_w_s": {"en": "median |w| sparse", "ko": "|w| 중앙값 희소"},
    "sp_w_d": {"en": "median |w| dense", "ko": "|w| 중앙값 밀집"},
})

FAN_INS = (10, 30, 100, 300, 1000, 3000, 10000)
K_MAX = 50
UNITS = 64
HIST_ROWS = 500  # dense magnitudes are histogrammed from the first rows: the shape does not depend on m
LOG_EDGES = np.linspace(-4.0, 1.0, 51)


@functools.cache
def _draws(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fixed N(0, 1) draws shared by every slider position (read-only): sparse values, dense values, and the
    cumulative column sums of squares of the dense values (so a unit's ||w||² for any m is one lookup)."""
    rng = np.random.default_rng(seed)
    zs = rng.standard_normal((K_MAX, UNITS))
    zd = rng.standard_normal((max(FAN_INS), UNITS))
    cumsq = np.cumsum(zd * zd, axis=0)
    log_abs = np.log10(np.abs(zd[:HIST_ROWS]))
    for a in (zs, cumsq, log_abs):
        a.flags.writeable = False
    return zs, cumsq, log_abs


def sparse_vs_dense(m: int, k: int, *, seed: int = 0) -> dict[str, Any]:
    r"""Per-unit input variance and weight magnitudes for sparse and dense normalized init.

    For inputs x ~ N(0, I) the variance of unit j's input :math:`z_j = x^\top w_j` is exactly
    :math:`\|w_j\|^2`. Sparse (Martens 2010): ``min(k, m)`` N(0, 1) weights, :math:`E\|w_j\|^2 = \min(k, m)`.
    Dense normalized at the same expected variance: m weights N(0, k/m). The units of the sparse scheme
    differ from one another (coefficient of variation √(2/k)); the dense ones hardly (√(2/m)).
    """
    m = check_int(m, "m", minimum=1, maximum=max(FAN_INS))
    k = check_int(k, "k", minimum=1, maximum=K_MAX)
    zs, cumsq, log_abs = _draws(seed)
    kk = min(k, m)
    var_s = np.sort((zs[:kk] ** 2).sum(axis=0))
    var_d = np.sort(cumsq[m - 1] * (k / m))
    shift = 0.5 * np.log10(k / m)
    hist_d, _ = np.histogram(log_abs[:min(m, HIST_ROWS)] + shift, bins=LOG_EDGES)
    hist_s, _ = np.histogram(np.log10(np.abs(zs[:kk])), bins=LOG_EDGES)
    return {
        "var_sparse": var_s,
        "var_dense": var_d,
        "hist_sparse": hist_s / hist_s.sum(),
        "hist_dense": hist_d / hist_d.sum(),
        "cv_sparse": float(var_s.std() / var_s.mean()),
        "cv_dense": float(var_d.std() / var_d.mean()),
        "w_sparse": float(np.median(np.abs(zs[:kk]))),
        "w_dense": float(10 ** (np.median(log_abs[:min(m, HIST_ROWS)]) + shift)),
    }


@register
class SparseDemo(LiveDemo):
    """Fan-in m and number of nonzeros k against unit-input variance and weight magnitudes."""

    name = "nb05.sparse"
    figsize = (8.0, 3.0)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "m": w.SelectionSlider(options=list(FAN_INS), value=1000, description=t("sp_fan_in", lang),
                                   continuous_update=True),
            "k": w.IntSlider(value=15, min=1, max=K_MAX, step=1, description=t("sp_k", lang),
                             continuous_update=True, style={"description_width": "initial"}),
        }

    @staticmethod
    def compute(m: int, k: int) -> dict[str, Any]:
        return sparse_vs_dense(m, k)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_v, ax_w = self.axes
        units = np.arange(1, UNITS + 1)
        (self.line_s,) = ax_v.plot(units, np.ones(UNITS), "o-", ms=2.5, label=t("sp_sparse", lang))
        (self.line_d,) = ax_v.plot(units, np.ones(UNITS), "s-", ms=2.5, label=t("sp_dense", lang))
        self.dynamic(self.line_s, self.line_d)
        ax_v.set_yscale("log")
        ax_v.minorticks_off()
        ax_v.set_xlim(0, UNITS + 1)
        ax_v.set_ylim(0.05, 300)
        ax_v.set_xlabel(t("sp_unit", lang))
        ax_v.set_ylabel(t("sp_var_z", lang))
        ax_v.set_title(t("sp_title_var", lang))
        ax_v.legend(loc="upper left")
        edges = 10 ** LOG_EDGES
        zeros = np.zeros(len(LOG_EDGES) - 1)
        self.st_s = self.dynamic(ax_w.stairs(zeros, edges, fill=True, alpha=0.5, label=t("sp_sparse", lang)))
        self.st_d = self.dynamic(ax_w.stairs(zeros, edges, fill=True, alpha=0.5, label=t("sp_dense", lang)))
        ax_w.set_xscale("log")
        ax_w.minorticks_off()
        ax_w.set_xlim(edges[0], edges[-1])
        ax_w.set_ylim(0, 0.3)
        ax_w.set_xlabel(t("sp_log_w", lang))
        ax_w.set_ylabel(t("fraction", lang))
        ax_w.set_title(t("sp_title_w", lang))

    def draw(self, data: dict[str, Any]) -> None:
        self.line_s.set_ydata(data["var_sparse"])
        self.line_d.set_ydata(data["var_dense"])
        self.st_s.set_data(data["hist_sparse"])
        self.st_d.set_data(data["hist_dense"])

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("sp_mean_var_s", lang), float(data["var_sparse"].mean())),
            (t("sp_mean_var_d", lang), float(data["var_dense"].mean())),
            (t("sp_cv_s", lang), data["cv_sparse"]),
            (t("sp_cv_d", lang), data["cv_dense"]),
            (t("sp_w_s", lang), data["w_sparse"]),
            (t("sp_w_d", lang), data["w_dense"]),
        ]


def sparse_demo(lang: str | None = None, **values: Any) -> SparseDemo:
    """Build notebook 05's live demo (fan-in and k sliders); the notebook cell displays it."""
    return SparseDemo(lang=lang, **values)
