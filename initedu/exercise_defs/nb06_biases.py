"""Exercises of notebook 06 (biases). Each ``solve`` recomputes its answer with the package."""

from __future__ import annotations

from ..exercises import Exercise, register


def _solve_06_1() -> float:
    # Softmax output bias for class priors: with 3 classes of frequencies 0.7, 0.2, 0.1 and b_k = log p_k,
    # the initial cross-entropy equals the entropy of the labels; the answer is b for the rarest class.
    import numpy as np

    from ..losses import softmax

    b = np.log(np.array([0.7, 0.2, 0.1]))
    assert np.allclose(softmax(b), [0.7, 0.2, 0.1])
    return float(b[2])


def _solve_06_2() -> float:
    # Initial binary cross-entropy at the best constant bias for a 5% positive class.
    from ..biases import expected_bce
    from ..losses import logit

    return expected_bce(0.05, float(logit(0.05)))


def _solve_06_3() -> float:
    # sigma(b_f)^T for b_f = 2 (PyTorch b_ih = b_hh = 1), T = 20.
    from ..losses import sigmoid

    return float(sigmoid(2.0)) ** 20


register(Exercise(
    key="06.1",
    solve=_solve_06_1,
    rtol=0.01,
    hint={
        "en": "softmax(b) = p when b_k = log p_k (plus any constant).",
        "ko": "b_k = log p_k이면(상수를 더해도) softmax(b) = p입니다.",
    },
))
register(Exercise(
    key="06.2",
    solve=_solve_06_2,
    rtol=0.01,
    hint={
        "en": "At b = logit(p) the loss is the entropy -p log p - (1-p) log(1-p).",
        "ko": "b = logit(p)에서 손실은 엔트로피 -p log p - (1-p) log(1-p)입니다.",
    },
))
register(Exercise(
    key="06.3",
    solve=_solve_06_3,
    rtol=0.02,
    hint={
        "en": "Two bias vectors of 1 add up to b_f = 2; compute σ(2)^20.",
        "ko": "1인 편향 벡터 두 개가 더해져 b_f = 2가 됩니다. σ(2)^20을 계산하세요.",
    },
))
