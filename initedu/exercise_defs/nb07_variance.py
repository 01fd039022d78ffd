"""Exercises of notebook 07 (variance and precision parameters). Each ``solve`` recomputes its answer."""

from __future__ import annotations

import functools
import math

import numpy as np

from ..exercises import Exercise, register


@functools.cache
def _targets() -> tuple[np.ndarray, np.ndarray]:
    # The exercise targets: data.sine_regression(200, np.random.default_rng(1), y_scale=20.0, y_shift=-50.0)
    from ..data import sine_regression

    return sine_regression(200, np.random.default_rng(1), y_scale=20.0, y_shift=-50.0)


def _solve_07_1() -> float:
    from ..variance_params import marginal_nll

    return marginal_nll(_targets()[1])


def _solve_07_2() -> float:
    # μ = mean(y), σ² = 1: ½(log 2π + 0 + mean((y - ȳ)²)) = ½(log 2π + Var(y))
    y = _targets()[1]
    return 0.5 * (math.log(2 * math.pi) + float(y.var()))


def _solve_07_3() -> float:
    from ..variance_params import first_gradient_norm, regression_net

    x, y = _targets()
    small = first_gradient_norm(regression_net(y, "value", np.random.default_rng(0), variance=0.01), x, y)
    one = first_gradient_norm(regression_net(y, "value", np.random.default_rng(0), variance=1.0), x, y)
    return small / one


register(Exercise(
    key="07.1",
    solve=_solve_07_1,
    rtol=0.005,
    hint={
        "en": "The marginal NLL is ½(log 2π + log Var(y) + 1), with the population variance y.var().",
        "ko": "주변 NLL은 ½(log 2π + log Var(y) + 1)입니다. 분산은 y.var()(모분산)로 계산합니다.",
    },
))
register(Exercise(
    key="07.2",
    solve=_solve_07_2,
    rtol=0.01,
    hint={
        "en": "With σ² = 1 the term (y - μ)²/σ² is just the squared residual; with μ = ȳ its mean is Var(y).",
        "ko": "σ² = 1이면 (y - μ)²/σ²는 잔차의 제곱 그대로이고, μ = ȳ이면 그 평균이 Var(y)입니다.",
    },
))
register(Exercise(
    key="07.3",
    solve=_solve_07_3,
    rtol=0.05,
    hint={
        "en": "The gradient of the NLL with respect to s = log σ² is ½(1 - r²/σ²); when σ² is much smaller "
              "than the squared residuals it is proportional to 1/σ².",
        "ko": "s = log σ²에 대한 NLL의 그레이디언트는 ½(1 - r²/σ²)입니다. σ²가 잔차 제곱보다 훨씬 작으면 "
              "1/σ²에 비례합니다.",
    },
))
