"""Exercises of notebook 04 (orthogonal init with a gain). Each ``solve`` recomputes its answer from the package."""

from __future__ import annotations

from .. import init
from ..exercises import Exercise, register


def _solve_04_1() -> float:
    # Linear net of 40 orthogonal layers with gain 0.95: every norm is multiplied by exactly 0.95**40.
    from ..demos.nb04_orthogonal import gain_profile

    return float(gain_profile(0.95, 40, "linear", "orthogonal")["fwd"][-1])


def _solve_04_2() -> float:
    # Random-walk gain of Sussillo & Abbott for a ReLU network of width N = 50.
    return init.random_walk_gain(50, "relu")


def _solve_04_3() -> float:
    # Expected drift per layer of ln ||delta|| for a linear net with g = 1 and N = 100: about -1/(2N).
    return -1.0 / (2 * 100)


register(Exercise(
    key="04.1",
    solve=_solve_04_1,
    hint={
        "en": "An orthogonal matrix keeps every norm, so each layer multiplies the norm by g exactly.",
        "ko": "직교 행렬은 모든 노름을 유지합니다. 그래서 층마다 노름이 정확히 g배가 됩니다.",
    },
))
register(Exercise(
    key="04.2",
    solve=_solve_04_2,
    hint={
        "en": "g = √2 · exp(1.2 / (max(N, 6) − 2.4)).",
        "ko": "g = √2 · exp(1.2 / (max(N, 6) − 2.4))입니다.",
    },
))
register(Exercise(
    key="04.3",
    solve=_solve_04_3,
    rtol=0.1,
    hint={
        "en": "The squared norm is multiplied by χ²_N / N, whose log has mean about −1/N; the norm gets half of it.",
        "ko": "노름의 제곱은 χ²_N / N배가 되고, 그 로그의 평균은 약 −1/N입니다. 노름은 그 절반입니다.",
    },
))
