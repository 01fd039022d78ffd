"""Notebook 04 (very deep training): gradients against finite differences, recorded norms, overflow, validation."""

from __future__ import annotations

import numpy as np
import pytest

from initedu import deep_training as dt
from initedu import init, losses


def _loss(ws, X, y, act):
    h = X
    for k, w in enumerate(ws):
        h = h @ w
        if k < len(ws) - 1:
            h = np.maximum(h, 0.0) if act == "relu" else np.tanh(h) if act == "tanh" else h
    return losses.mse(h, y)[0]


@pytest.mark.parametrize("act", ["linear", "relu", "tanh"])
def test_one_step_matches_finite_difference_gradient(act):
    rng = np.random.default_rng(0)
    ws = dt.gaussian_net(4, 5, 3, 2, rng, gain=1.3)
    X, y = rng.standard_normal((7, 3)), rng.standard_normal((7, 2))
    lr = 1e-3
    r = dt.train_deep(ws, X, y, activation=act, lr=lr, steps=1)
    eps = 1e-6
    expected = []
    for k, w in enumerate(ws):
        g = np.zeros_like(w)
        for idx in np.ndindex(w.shape):
            wp = [v.copy() for v in ws]
            wm = [v.copy() for v in ws]
            wp[k][idx] += eps
            wm[k][idx] -= eps
            g[idx] = (_loss(wp, X, y, act) - _loss(wm, X, y, act)) / (2 * eps)
        expected.append(w - lr * g)
    assert r["loss"][0] == pytest.approx(_loss(ws, X, y, act), rel=1e-12)
    for got, want in zip(r["Ws"], expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-8)
    # the inputs were not modified
    assert not np.allclose(r["Ws"][0], ws[0])


def test_orthogonal_linear_net_is_isometric_at_start_then_drifts():
    rng = np.random.default_rng(1)
    ws = dt.orthogonal_net(30, 16, 4, 1, rng)
    X = rng.standard_normal((20, 4))
    y = X @ rng.standard_normal((4, 1))  # a linear target the network can fit
    r = dt.train_deep(ws, X, y, activation="linear", lr=3e-3, steps=40, record_every=20)
    assert list(r["rec_steps"]) == [0, 20, 40]
    assert r["fwd"][0] == pytest.approx(1.0, abs=1e-12)
    assert r["bwd"][0] == pytest.approx(1.0, abs=1e-12)
    assert r["sv_max"][0] == pytest.approx(1.0, abs=1e-10) and r["sv_min"][0] == pytest.approx(1.0, abs=1e-10)
    assert r["loss"][-1] < 0.5 * r["loss"][0]
    assert r["sv_max"][-1] > 1.05 or r["sv_min"][-1] < 0.95
    # Jacobian of a linear net is the product of its hidden layers: compare with an independent computation
    p = np.linalg.multi_dot(r["Ws"][1:-1])
    s = np.linalg.svd(p, compute_uv=False)
    assert r["sv_max"][-1] == pytest.approx(s[0], rel=1e-10)
    assert r["sv_min"][-1] == pytest.approx(s[-1], rel=1e-10)


def test_gaussian_net_variance_and_shapes():
    rng = np.random.default_rng(2)
    ws = dt.gaussian_net(5, 200, 50, 3, rng, gain=1.5)
    assert [w.shape for w in ws] == [(50, 200), (200, 200), (200, 200), (200, 200), (200, 3)]
    assert np.var(ws[1]) == pytest.approx(1.5**2 / 200, rel=0.02)
    assert np.var(ws[0]) == pytest.approx(1.5**2 / 50, rel=0.03)


def test_naive_scales_overflow_or_stall_and_are_reported():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((8, 4)), rng.standard_normal((8, 1))
    big = dt.gaussian_net(200, 32, 4, 1, rng, gain=np.sqrt(32))
    r = dt.train_deep(big, X, y, activation="linear", lr=1e-4, steps=5)
    assert r["diverged_at"] is not None and r["diverged_at"] <= 1 and not np.isfinite(r["loss"][-1])
    assert r["loss"][0] > 1e100
    small = dt.gaussian_net(200, 32, 4, 1, rng, gain=1.0)
    r = dt.train_deep(small, X, y, activation="relu", lr=1e-2, steps=5)
    assert r["diverged_at"] is None
    assert r["fwd"][0] < 1e-20
    assert r["loss"][-1] == pytest.approx(float(np.mean(y**2)), rel=1e-9)
    good = dt.gaussian_net(200, 32, 4, 1, np.random.default_rng(3), gain=init.random_walk_gain(32, "relu"))
    r = dt.train_deep(good, X, y, activation="relu", lr=1e-4, steps=1)
    assert 1e-3 < r["fwd"][0] < 1e3


def test_test_loss_recorded_and_validation():
    rng = np.random.default_rng(4)
    ws = dt.orthogonal_net(3, 4, 2, 1, rng)
    X, y = rng.standard_normal((5, 2)), rng.standard_normal((5, 1))
    r = dt.train_deep(ws, X, y, activation="tanh", lr=0.1, steps=3, record_every=2, X_test=X, y_test=y)
    assert list(r["rec_steps"]) == [0, 2, 3]
    assert r["test_loss"][0] == pytest.approx(r["loss"][0])
    with pytest.raises(ValueError, match="depth"):
        dt.gaussian_net(2, 4, 2, 1, rng)
    with pytest.raises(ValueError, match="activation"):
        dt.train_deep(ws, X, y, activation="elu", lr=0.1, steps=1)
    with pytest.raises(ValueError, match="X_test"):
        dt.train_deep(ws, X, y, activation="tanh", lr=0.1, steps=1, X_test=X)
    with pytest.raises(ValueError, match="X must be"):
        dt.train_deep(ws, X[:, :1], y, activation="tanh", lr=0.1, steps=1)
    with pytest.raises(ValueError, match="lr"):
        dt.train_deep(ws, X, y, activation="tanh", lr=0.0, steps=1)
    with pytest.raises(TypeError, match="rng"):
        dt.orthogonal_net(3, 4, 2, 1, None)
