"""Exercises of notebook 08 (pretraining and transfer). Each ``solve`` recomputes its answer."""

from __future__ import annotations

import functools

import numpy as np

from ..exercises import Exercise, register


def _solve_08_1() -> float:
    # Parameters copied from the pretrained encoder into the classifier [64, 32, 4]: W1 (64 x 32) and b1 (32).
    from ..nn import MLP

    model = MLP([64, 32, 4], "tanh", rng=np.random.default_rng(0))
    return float(model.Ws[0].size + model.bs[0].size)


@functools.cache
def _solve_08_2() -> float:
    # Fine-tune from the autoencoder of seed 0 on n = 80 labels, as the grid does.
    from ..pretraining import fine_tune, make_dataset, pretrain

    data = make_dataset(0)
    enc = pretrain("autoencoder", data, 32, np.random.default_rng(1000))
    return fine_tune(enc, data, 80, 32, np.random.default_rng(0))["test_acc"]


@functools.cache
def _solve_08_3() -> float:
    # Relative reconstruction error of the pretrained autoencoder: MSE / MSE of the mean image.
    from ..pretraining import make_dataset, pretrain

    X = make_dataset(0)["X_unlabeled"]
    ae = pretrain("autoencoder", make_dataset(0), 32, np.random.default_rng(1000))
    return float(np.mean((ae.forward(X) - X) ** 2) / np.mean((X - X.mean(axis=0)) ** 2))


register(Exercise(
    key="08.1",
    solve=_solve_08_1,
    rtol=0.0,
    atol=0.5,
    hint={
        "en": "Only the first layer is copied: a weight matrix of shape (inputs, hidden) and one bias per hidden unit.",
        "ko": "첫 층만 복사합니다. (입력 수, 은닉 유닛 수) 모양의 가중치 행렬과 은닉 유닛마다 편향 하나입니다.",
    },
))
register(Exercise(
    key="08.2",
    solve=_solve_08_2,
    rtol=0.0,
    atol=0.003,
    hint={
        "en": "data = pt.make_dataset(0); enc = pt.pretrain('autoencoder', data, 32, np.random.default_rng(1000)); "
              "then pt.fine_tune(enc, data, 80, 32, np.random.default_rng(0))['test_acc'].",
        "ko": "data = pt.make_dataset(0); enc = pt.pretrain('autoencoder', data, 32, np.random.default_rng(1000))로 "
              "만든 뒤 pt.fine_tune(enc, data, 80, 32, np.random.default_rng(0))['test_acc']를 읽으세요.",
    },
))
register(Exercise(
    key="08.3",
    solve=_solve_08_3,
    rtol=0.03,
    hint={
        "en": "Divide the autoencoder's mean squared reconstruction error on the unlabeled images by "
              "np.mean((X - X.mean(axis=0))**2), the error of always predicting the mean image.",
        "ko": "레이블 없는 이미지에서 오토인코더의 평균 제곱 복원 오차를, 늘 평균 이미지를 예측할 때의 오차 "
              "np.mean((X - X.mean(axis=0))**2)로 나누세요.",
    },
))
