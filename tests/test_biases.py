"""Tests of initedu.biases (notebook 06)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from initedu import biases
from initedu.losses import binary_cross_entropy, logit


def test_expected_bce_matches_direct_computation():
    rng = np.random.default_rng(0)
    y = (rng.random(200000) < 0.01).astype(float)
    for b in (0.0, float(logit(0.01)), 2.0):
        direct = binary_cross_entropy(np.full(y.shape, b), y)[0]
        assert biases.expected_bce(float(y.mean()), b) == pytest.approx(direct, rel=1e-9)
    assert biases.expected_bce(0.01, 0.0) == pytest.approx(math.log(2))
    assert biases.expected_bce(0.01, float(logit(0.01))) == pytest.approx(0.0560, abs=1e-4)
    with pytest.raises(ValueError, match="p"):
        biases.expected_bce(1.5, 0.0)


def test_marginal_bias_removes_hockey_stick():
    X, y = biases.imbalanced_data(1000, np.random.default_rng(1))
    zero = biases.imbalanced_curves(X, y, output_bias=0.0, steps=20)
    marg = biases.imbalanced_curves(X, y, output_bias=float(logit(y.mean())), steps=20)
    assert zero[0] > 0.5 and marg[0] < 0.1
    assert marg[0] - marg[10] < 0.01 < zero[0] - zero[10]


def test_forget_gate_gradient_scale():
    g0 = biases.forget_gate_gradients(0.0, 20)
    g1 = biases.forget_gate_gradients(1.0, 20)
    assert g0["theory"][0] == pytest.approx(0.5**20)
    assert g1["theory"][0] == pytest.approx((1 / (1 + math.exp(-1))) ** 20)
    assert g0["mean_f"] == pytest.approx(0.5, abs=0.03) and g1["mean_f"] == pytest.approx(0.731, abs=0.03)
    assert g1["ratio"][0] / g0["ratio"][0] > 100
    for g in (g0, g1):
        assert abs(math.log10(g["ratio"][0] / g["theory"][0])) < 1.5
        assert g["ratio"][-1] == 1.0


def test_bias_drift_and_relu_bias():
    b0 = biases.bias_drift(0.0, np.random.default_rng(2), depth=30)
    b1 = biases.bias_drift(0.5, np.random.default_rng(2), depth=30)
    assert np.all((b0 >= 0) & (b0 <= 1)) and b1[-1] < b0[-1]
    r = biases.relu_bias_effect([0.0, 1.0], depth=3, width=8, n=64, steps=5, seeds=(0,))
    assert r["dead"].shape == (2,) and r["dead"][1] <= r["dead"][0]


def test_visible_bias_and_adding():
    rng = np.random.default_rng(3)
    X = (rng.random((400, 20)) < np.linspace(0.05, 0.5, 20)).astype(float)
    e = biases.visible_bias_error(X, rng)
    assert e["zero"] == pytest.approx(math.log(2), abs=0.01)
    p = X.mean(axis=0)
    entropy = float(np.mean(-p * np.log(p) - (1 - p) * np.log(1 - p)))
    assert e["marginal"] == pytest.approx(entropy, abs=0.01)
    c = biases.adding_curves(1.0, seeds=(0,), T=5, n=60, steps=3, batch_size=20)
    assert c.shape == (1, 3) and np.all(np.isfinite(c))
