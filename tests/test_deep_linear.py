"""Notebook 04 helpers: deep linear GD against finite differences, orthogonal layers, norms, random walk."""

from __future__ import annotations

import numpy as np
import pytest

from initedu import deep_linear as dl
from initedu import init
from initedu.demos import nb04_orthogonal as demo


def _loss(ws, m):
    p = np.linalg.multi_dot(ws) if len(ws) > 1 else ws[0]
    return 0.5 * np.sum((p - m) ** 2) / m.shape[0]


def test_train_deep_linear_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    ws = dl.gaussian_layers(3, 4, rng)
    m = dl.spd_target(4, rng)
    lr = 1e-3
    after = dl.train_deep_linear(ws, m, lr=lr, steps=2, threshold=0.0)
    # one GD step changes the loss by about -lr * ||grad||^2; estimate ||grad||^2 by finite differences
    eps = 1e-6
    sq = 0.0
    for k in range(3):
        for i in range(4):
            for j in range(4):
                wp = [w.copy() for w in ws]
                wp[k][i, j] += eps
                wm = [w.copy() for w in ws]
                wm[k][i, j] -= eps
                sq += ((_loss(wp, m) - _loss(wm, m)) / (2 * eps)) ** 2
    drop = after["loss"][0] - after["loss"][1]
    assert drop == pytest.approx(lr * sq, rel=1e-2)
    assert after["loss"][0] == pytest.approx(_loss(ws, m))


def test_orthogonal_layers_with_fixed_product():
    rng = np.random.default_rng(1)
    r = init.orthogonal((8, 8), rng)
    ws = dl.orthogonal_layers(5, 8, rng, product=r)
    for w in ws:
        np.testing.assert_allclose(w.T @ w, np.eye(8), atol=1e-10)
    np.testing.assert_allclose(np.linalg.multi_dot(ws), r, atol=1e-10)
    with pytest.raises(ValueError, match="product"):
        dl.orthogonal_layers(3, 8, rng, product=2 * np.eye(8))


def test_spd_target_is_spd():
    m = dl.spd_target(6, np.random.default_rng(2))
    np.testing.assert_allclose(m, m.T)
    np.testing.assert_allclose(np.linalg.eigvalsh(m), np.linspace(0.5, 2.0, 6), atol=1e-10)


def test_orthogonal_learns_at_every_depth_gaussian_does_not():
    r = dl.steps_vs_depth([2, 16], width=8, steps=1500)
    assert all(s is not None for s in r["orthogonal"])
    assert max(r["orthogonal"]) / min(r["orthogonal"]) < 4
    assert r["gaussian"][1] is None


def test_norm_propagation_orthogonal_linear_is_gain_power():
    rng = np.random.default_rng(3)
    ws = dl.orthogonal_layers(10, 16, rng, gain=1.1)
    x = rng.standard_normal((4, 16))
    out = dl.norm_propagation(ws, x, "linear")
    np.testing.assert_allclose(out["fwd"], 1.1 ** np.arange(11), rtol=1e-10)
    np.testing.assert_allclose(out["bwd"], 1.1 ** np.arange(10, -1, -1), rtol=1e-10)


def test_log_norm_walk_drift():
    # Linear, N = 50: E[ln chi2_N / N] = psi(N/2) - ln(N/2) ≈ -1/N per layer in the squared norm.
    rng = np.random.default_rng(4)
    n, depth = 50, 100
    flat = dl.log_norm_walk(1.0, depth, n, rng, trials=40)[:, -1].mean()
    assert flat == pytest.approx(-depth / (2 * n), abs=0.35)
    fixed = dl.log_norm_walk(init.random_walk_gain(n), depth, n, rng, trials=40)[:, -1].mean()
    assert abs(fixed) < 0.35


def test_demo_profile():
    lin = demo.gain_profile(1.0, 30, "linear", "orthogonal")
    np.testing.assert_allclose(lin["sv"], 1.0, atol=1e-8)
    relu = demo.gain_profile(2 ** 0.5, 10, "relu", "orthogonal")
    assert 0.2 < relu["fwd"][-1] < 5
    with pytest.raises(ValueError, match="weights"):
        demo.gain_profile(1.0, 3, "linear", "sparse")
