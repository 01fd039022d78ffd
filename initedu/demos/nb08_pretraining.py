"""Notebook 08 live demo: number of labeled examples (and a highlighted initialization) -> test accuracy."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validate import check_choice
from ..i18n import register as register_strings
from ..i18n import t
from ..pretraining import LABEL_SIZES, STRATEGIES, transfer_grid
from ..widgets import LiveDemo, register

register_strings({
    "pt_n": {"en": "labeled examples", "ko": "레이블 있는 예제 수"},
    "pt_highlight": {"en": "highlight", "ko": "강조"},
    "pt_random": {"en": "random (Glorot)", "ko": "무작위 (Glorot)"},
    "pt_autoencoder": {"en": "autoencoder", "ko": "오토인코더"},
    "pt_related": {"en": "related task", "ko": "관련 작업"},
    "pt_unrelated": {"en": "unrelated task", "ko": "무관한 작업"},
    "pt_test_acc": {"en": "test accuracy", "ko": "테스트 정확도"},
    "pt_title_curve": {"en": "test accuracy vs labels (mean of seeds)",
                       "ko": "레이블 수에 따른 테스트 정확도 (시드 평균)"},
    "pt_title_bars": {"en": "at the chosen number of labels", "ko": "고른 레이블 수에서"},
    "pt_chance": {"en": "chance", "ko": "무작위 추측"},
    "pt_acc_of": {"en": "{name} test acc", "ko": "{name} 테스트 정확도"},
    "pt_gain": {"en": "{name} − random", "ko": "{name} − 무작위"},
})

register_strings({
    "pt_short_random": {"en": "random", "ko": "무작위"},
    "pt_short_autoencoder": {"en": "autoenc.", "ko": "오토인코더"},
    "pt_short_related": {"en": "related", "ko": "관련 작업"},
    "pt_short_unrelated": {"en": "unrelated", "ko": "무관한 작업"},
})


def short(strategy: str, lang: str) -> str:
    """Short name of a strategy for tick labels and the readout, in ``lang``."""
    return t(f"pt_short_{strategy}", lang)


def transfer_demo_data(n_labeled: int, highlight: str) -> dict[str, Any]:
    """Select from the precomputed :func:`initedu.pretraining.transfer_grid` (no training here)."""
    if n_labeled not in LABEL_SIZES:
        raise ValueError(f"n_labeled must be one of {LABEL_SIZES}, got {n_labeled!r}")
    highlight = check_choice(highlight, "highlight", STRATEGIES)
    grid = transfer_grid()
    j = LABEL_SIZES.index(n_labeled)
    k = STRATEGIES.index(highlight)
    acc = grid["test_acc"]
    return {
        "sizes": np.array(LABEL_SIZES, dtype=float),
        "mean_curves": acc.mean(axis=2),
        "n": n_labeled,
        "means": acc[:, j].mean(axis=1),
        "spreads": acc[:, j].std(axis=1),
        "seeds": acc[:, j],
        "highlight": k,
        "gain": float(acc[k, j].mean() - acc[0, j].mean()),
    }


@register
class TransferDemo(LiveDemo):
    """Test accuracy of the four initializations as the number of labeled examples changes."""

    name = "nb08.transfer"
    figsize = (8.0, 3.2)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        style = {"description_width": "initial"}
        return {
            "n_labeled": w.SelectionSlider(options=list(LABEL_SIZES), value=LABEL_SIZES[1],
                                           description=t("pt_n", lang), continuous_update=True, style=style),
            "highlight": w.Dropdown(options=[(t(f"pt_{s}", lang), s) for s in STRATEGIES], value="autoencoder",
                                    description=t("pt_highlight", lang), style=style),
        }

    @staticmethod
    def compute(n_labeled: int, highlight: str) -> dict[str, Any]:
        return transfer_demo_data(n_labeled, highlight)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 2}

    def build(self, fig: Any, lang: str) -> None:
        ax_c, ax_b = self.axes
        grid = transfer_grid()
        means = grid["test_acc"].mean(axis=2)
        for i, s in enumerate(STRATEGIES):
            ax_c.plot(LABEL_SIZES, means[i], "o-", ms=3, lw=1, color=f"C{i}", label=t(f"pt_{s}", lang))
        (self.bold,) = ax_c.plot([], [], "-", lw=4, alpha=0.35, color="k")
        (self.vline,) = ax_c.plot([], [], "--", color="0.3", lw=1)
        self.dynamic(self.bold, self.vline)
        ax_c.axhline(0.25, color="0.6", lw=0.8, ls=":")
        ax_c.set_xscale("log")
        ax_c.set_xlim(9, 520)
        ax_c.set_ylim(0.2, 0.85)
        ax_c.set_xlabel(t("pt_n", lang))
        ax_c.set_ylabel(t("pt_test_acc", lang))
        ax_c.set_title(t("pt_title_curve", lang))
        ax_c.legend(loc="upper left", fontsize=8)
        xs = np.arange(len(STRATEGIES))
        self.bars = ax_b.bar(xs, np.zeros(len(STRATEGIES)), color=[f"C{i}" for i in xs], alpha=0.7)
        self.dynamic(*self.bars)
        (self.dots,) = ax_b.plot([], [], "k.", ms=5)
        self.dynamic(self.dots)
        ax_b.axhline(0.25, color="0.6", lw=0.8, ls=":", label=t("pt_chance", lang))
        ax_b.set_xticks(xs, [short(s, lang) for s in STRATEGIES])
        ax_b.set_xlim(-0.6, len(STRATEGIES) - 0.4)
        ax_b.set_ylim(0.2, 0.85)
        ax_b.set_ylabel(t("pt_test_acc", lang))
        ax_b.set_title(t("pt_title_bars", lang))
        ax_b.legend(loc="upper left", fontsize=8)

    def draw(self, data: dict[str, Any]) -> None:
        k = data["highlight"]
        self.bold.set_data(data["sizes"], data["mean_curves"][k])
        self.vline.set_data([data["n"]] * 2, [0.2, 0.85])
        for i, bar in enumerate(self.bars):
            bar.set_height(data["means"][i])
            bar.set_edgecolor("k" if i == k else "none")
            bar.set_linewidth(2 if i == k else 0)
        seeds = data["seeds"]
        xs = np.repeat(np.arange(seeds.shape[0]), seeds.shape[1]) + np.tile(np.linspace(-0.15, 0.15, seeds.shape[1]),
                                                                          seeds.shape[0])
        self.dots.set_data(xs, seeds.ravel())

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        out = [(t("pt_n", lang), data["n"])]
        for i, s in enumerate(STRATEGIES):
            out.append((t("pt_acc_of", lang, name=short(s, lang)), data["means"][i]))
        out.append((t("pt_gain", lang, name=short(STRATEGIES[data["highlight"]], lang)), data["gain"]))
        return out


def transfer(lang: str | None = None, **values: Any) -> TransferDemo:
    """Build notebook 08's live demo (number of labels, highlighted initialization)."""
    return TransferDemo(lang=lang, **values)
