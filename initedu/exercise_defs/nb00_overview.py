"""Exercises of notebook 00 (overview). Each ``solve`` recomputes its answer from the package."""

from __future__ import annotations

import math

from ..exercises import Exercise, register

# --- 00 overview -------------------------------------------------------------------------------------------


def _solve_00_1() -> float:
    # Variance of the heuristic U(-1/sqrt(m), 1/sqrt(m)) for m = 256: limit^2 / 3.
    limit = 1.0 / math.sqrt(256)
    return limit**2 / 3


def _solve_00_2() -> float:
    # ReLU halves the second moment: with Var(W) = σ²/n the std changes by σ/√2 per layer; at σ = 1, after
    # 10 layers the std is (1/√2)^10 = 1/32 of what a scale-preserving network would keep.
    from ..demos.overview import depth_scale_stats

    stats = depth_scale_stats(1.0, 11)
    return float(stats["std_relu"][10] / stats["std_relu"][0])


def _solve_00_3() -> float:
    # The σ that keeps the ReLU activation scale constant: σ² / 2 = 1.
    return math.sqrt(2.0)


register(Exercise(
    key="00.1",
    solve=_solve_00_1,
    hint={
        "en": "U(-a, a) has variance a²/3; here a = 1/√m.",
        "ko": "U(-a, a)의 분산은 a²/3입니다. 여기서 a = 1/√m입니다.",
    },
))
register(Exercise(
    key="00.2",
    solve=_solve_00_2,
    rtol=0.25,
    hint={
        "en": "Each ReLU layer keeps about half of the second moment, so the std changes by σ/√2 per layer.",
        "ko": "ReLU 층은 2차 모멘트의 절반가량만 남기므로, 표준편차는 층마다 σ/√2배가 됩니다.",
    },
))
register(Exercise(
    key="00.3",
    solve=_solve_00_3,
    rtol=0.03,
    hint={
        "en": "Find σ such that σ²/2 = 1, or move the slider until the ReLU line is flat.",
        "ko": "σ²/2 = 1이 되는 σ를 찾거나, ReLU 선이 수평이 될 때까지 슬라이더를 움직여 보세요.",
    },
))
