"""Exercises of notebook 01 (symmetry breaking). Each ``solve`` recomputes its answer from the package."""

from __future__ import annotations

import numpy as np

from ..exercises import Exercise, register


def _solve_01_1() -> float:
    # All-zero weights, biases 0.1: every hidden unit is the same function at every step -> 1 distinct unit.
    from ..symmetry import HIDDEN, distinct_units, train_one_hidden, xor_data

    X, y = xor_data()
    params = {"W1": np.zeros((2, HIDDEN)), "b1": np.full(HIDDEN, 0.1), "W2": np.zeros((HIDDEN, 1)),
              "b2": np.full(1, 0.1)}
    out = train_one_hidden(X, y, params, lr=0.5, steps=300)
    return float(distinct_units(out["W1"], out["b1"]))


def _solve_01_2() -> float:
    # Dropout alone (no noise in the initial point) separates the units.
    from ..symmetry import symmetry_run

    return float(symmetry_run("constant", 0.0, 0.2).n_distinct)


def _solve_01_3() -> float:
    # First step at which the largest difference between units exceeds 1e-2, from ε = 1e-8.
    from ..symmetry import symmetry_run

    spread = symmetry_run("constant", 1e-8, 0.0).spread
    return float(np.flatnonzero(spread > 1e-2)[0])


register(Exercise(
    key="01.1",
    solve=_solve_01_1,
    rtol=0.0,
    atol=0.4,
    hint={
        "en": "With equal incoming weights and equal outgoing weights, every hidden unit gets the same gradient "
              "at every step. Count the groups with initedu.symmetry.distinct_units.",
        "ko": "들어오는 가중치와 나가는 가중치가 모두 같으면, 은닉 유닛은 매 스텝 같은 그레이디언트를 받습니다. "
              "initedu.symmetry.distinct_units로 묶음 수를 세 보세요.",
    },
))
register(Exercise(
    key="01.2",
    solve=_solve_01_2,
    rtol=0.0,
    atol=0.4,
    hint={
        "en": "Set ε = 0 and tick the dropout box in the demo, or read symmetry_run('constant', 0.0, 0.2).n_distinct.",
        "ko": "데모에서 ε = 0으로 두고 드롭아웃을 켜 보세요. symmetry_run('constant', 0.0, 0.2).n_distinct로도 "
              "읽을 수 있습니다.",
    },
))
register(Exercise(
    key="01.3",
    solve=_solve_01_3,
    rtol=0.05,
    hint={
        "en": "Use np.flatnonzero(run.spread > 1e-2)[0] with run = symmetry_run('constant', 1e-8). The difference "
              "grows geometrically, so it needs many steps to climb from 1e-8.",
        "ko": "run = symmetry_run('constant', 1e-8)로 두고 np.flatnonzero(run.spread > 1e-2)[0]을 계산해 보세요. "
              "차이는 기하급수적으로 자라므로 1e-8에서 올라오려면 여러 스텝이 필요합니다.",
    },
))
