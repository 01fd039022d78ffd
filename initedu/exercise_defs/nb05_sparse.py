"""Exercises of notebook 05 (sparse initialization, choosing the scale). Each ``solve`` recomputes its answer."""

from __future__ import annotations

import math

import numpy as np

from ..exercises import Exercise, register


def _solve_05_1() -> float:
    # Dense normalized weights that give a unit the same input variance as sparse init (k = 15, N(0, 1)) at
    # fan-in m = 1000: m * s^2 = 15, measured on a large draw of the sparse scheme.
    from ..init import sparse

    w = sparse((1000, 2000), np.random.default_rng(51), k=15)
    var_z = float((w * w).sum(axis=0).mean())  # Var(z) = ||w||^2 for x ~ N(0, I)
    return math.sqrt(var_z / 1000)


def _solve_05_2() -> float:
    # How different the units are under sparse init with k = 8: coefficient of variation of ||w_j||^2.
    from ..init import sparse

    w = sparse((100, 20000), np.random.default_rng(52), k=8)
    v = (w * w).sum(axis=0)
    return float(v.std() / v.mean())


def _solve_05_3() -> float:
    # Orthonormal init (gain 1) in a 20-layer, 256-wide ReLU net: per-layer factor of the pre-activation std.
    from ..lsuv import lsuv

    rng = np.random.default_rng(53)
    x = rng.standard_normal((256, 256))
    s = lsuv([256] * 21, x, rng, activation="relu").std_before
    return float((s[-1] / s[1]) ** (1 / (len(s) - 2)))


register(Exercise(
    key="05.1",
    solve=_solve_05_1,
    rtol=0.05,
    hint={
        "en": "With x ~ N(0, I), Var(z) = sum of the squared weights: m·s² for dense weights N(0, s²). Set it to k.",
        "ko": "x ~ N(0, I)이면 Var(z)는 가중치 제곱의 합입니다. 밀집 가중치 N(0, s²)이면 m·s²입니다. "
              "이것을 k와 같게 놓으세요.",
    },
))
register(Exercise(
    key="05.2",
    solve=_solve_05_2,
    rtol=0.08,
    hint={
        "en": "||w_j||² is a sum of k squared N(0, 1) values: a chi-square with k degrees of freedom (mean k, "
              "variance 2k).",
        "ko": "||w_j||²은 N(0, 1) 값 k개의 제곱합, 곧 자유도 k인 카이제곱 분포입니다(평균 k, 분산 2k).",
    },
))
register(Exercise(
    key="05.3",
    solve=_solve_05_3,
    rtol=0.04,
    hint={
        "en": "An orthonormal matrix keeps the norm; ReLU keeps half of the second moment. What does that do to "
              "the std?",
        "ko": "직교 행렬은 노름을 유지하고, ReLU는 2차 모멘트의 절반만 남깁니다. 표준편차는 몇 배가 될까요?",
    },
))
