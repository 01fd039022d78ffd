"""Exercises of notebook 02 (scale of the initial weights). Each ``solve`` recomputes its answer."""

from __future__ import annotations

from ..exercises import Exercise, register


def _solve_02_1() -> float:
    # Steps until a 512x512 N(0, 1) matrix applied repeatedly overflows float32.
    from ..scale import repeated_product

    return float(repeated_product(512, 60, dtype="float32")["overflow_at"])


def _solve_02_2() -> float:
    # Per-layer growth factor of the activation variance in a linear network with σ = 1.5 (n·Var(W) = σ²).
    from ..scale import propagation

    std = propagation(1.5, 20, "linear")["act_std"]
    return float((std[-1] / std[0]) ** (2 / 19))


def _solve_02_3() -> float:
    # Largest Lyapunov exponent of h <- tanh(0.5 h W), W ~ N(0, 1/500).
    from ..scale import lyapunov_curve

    return float(lyapunov_curve((0.5,))[0])


register(Exercise(
    key="02.1",
    solve=_solve_02_1,
    rtol=0.1,
    hint={
        "en": "Each step multiplies the norm by about √512 ≈ 22.6; float32 overflows above about 3.4e38. "
              "Solve 22.6^k = 3.4e38 for k, or run scale.repeated_product(dtype='float32').",
        "ko": "한 스텝마다 노름이 약 √512 ≈ 22.6배가 되고, float32는 약 3.4e38을 넘으면 오버플로가 납니다. "
              "22.6^k = 3.4e38을 k에 대해 풀거나 scale.repeated_product(dtype='float32')를 실행해 보세요.",
    },
))
register(Exercise(
    key="02.2",
    solve=_solve_02_2,
    rtol=0.08,
    hint={
        "en": "For a linear layer Var(h_l) = n·Var(W)·Var(h_{l-1}), and here n·Var(W) = σ².",
        "ko": "선형 층에서는 Var(h_l) = n·Var(W)·Var(h_{l-1})이고, 여기서 n·Var(W) = σ²입니다.",
    },
))
register(Exercise(
    key="02.3",
    solve=_solve_02_3,
    rtol=0.1,
    hint={
        "en": "Below g = 1 the state falls to 0, where the map is almost linear with Jacobian g·W; the spectral "
              "radius of W is about 1, so λ ≈ log g.",
        "ko": "g < 1이면 상태가 0으로 가고, 0 근처에서 이 사상은 야코비 행렬이 g·W인 선형 사상과 거의 같습니다. "
              "W의 스펙트럼 반지름은 약 1이므로 λ ≈ log g입니다.",
    },
))
