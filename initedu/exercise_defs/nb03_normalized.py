"""Exercises of notebook 03 (normalized initialization). Each ``solve`` recomputes its answer from the package."""

from __future__ import annotations

import math

from .. import init
from ..exercises import Exercise, register


def _solve_03_1() -> float:
    # Glorot's normalized init for a 784 -> 256 layer: U(-L, L), L = sqrt(6 / (m + n)).
    return math.sqrt(3.0 * init.glorot_uniform.scale / ((784 + 256) / 2))


def _solve_03_2() -> float:
    # ReLU stack with Var(W) = 1/n: RMS at layer 10 relative to the input, measured (about 2^-5).
    from ..glorot import relu_rms_ratios

    return float(relu_rms_ratios(1.0, depth=10)[-1])


def _solve_03_3() -> float:
    # Gain of a leaky ReLU with negative slope a = 0.2: sqrt(2 / (1 + a^2)).
    return init.gain("leaky_relu", 0.2)


register(Exercise(
    key="03.1",
    solve=_solve_03_1,
    hint={
        "en": "The limit is sqrt(6 / (m + n)) with m the fan-in and n the fan-out.",
        "ko": "한계는 sqrt(6 / (m + n))입니다. m은 팬인, n은 팬아웃입니다.",
    },
))
register(Exercise(
    key="03.2",
    solve=_solve_03_2,
    rtol=0.2,
    hint={
        "en": "Every ReLU layer, the first one included, keeps half of the second moment: the RMS is multiplied "
              "by 1/√2 per layer.",
        "ko": "첫 층을 포함해 ReLU 층마다 2차 모멘트의 절반이 남습니다. RMS는 층마다 1/√2배가 됩니다.",
    },
))
register(Exercise(
    key="03.3",
    solve=_solve_03_3,
    hint={
        "en": "A leaky ReLU keeps (1 + a²)/2 of the second moment; the gain undoes that factor.",
        "ko": "leaky ReLU는 2차 모멘트의 (1 + a²)/2를 남깁니다. 이득은 이 배율을 되돌립니다.",
    },
))
