"""Scale of the initial weights (notebook 02): products, propagation, chaos, clipping, the initial point as prior."""

from __future__ import annotations

import math

import numpy as np
import pytest

from initedu import scale, stats
from initedu.demos.nb02_scale import ChaosDemo, PropagationDemo


def test_repeated_product_overflow_and_growth():
    f64 = scale.repeated_product(512, 300, dtype="float64")
    f32 = scale.repeated_product(512, 60, dtype="float32")
    # ρ(W) ≈ √n: overflow after about log(max) / log(√512) steps.
    assert f64["growth"] == pytest.approx(math.sqrt(512), rel=0.05)
    assert abs(f64["overflow_at"] - math.log(np.finfo(np.float64).max) / math.log(math.sqrt(512))) < 12
    assert abs(f32["overflow_at"] - math.log(np.finfo(np.float32).max) / math.log(math.sqrt(512))) < 3
    ok = scale.repeated_product(512, 30, scaled=True)
    assert ok["overflow_at"] is None and 0.5 < ok["norm_ratio"][-1] < 2.0


def test_propagation_matches_forward_stats_and_glorot():
    x, ws, _ = scale._draws(0)
    for act in ("tanh", "relu", "linear"):
        p = scale.propagation(1.3, 10, act)
        ref = stats.forward_stats([w * 1.3 / math.sqrt(scale.WIDTH) for w in ws[:10]], x, act)
        np.testing.assert_allclose(p["act_std"], ref.std, rtol=1e-10)
    # Linear: variance of activations and gradients changes by n·Var(W) = σ² per layer (Glorot & Bengio 2010).
    for sigma in (0.7, 1.5):
        p = scale.propagation(sigma, 20, "linear")
        act_factor = (p["act_std"][-1] / p["act_std"][0]) ** (2 / 19)
        grad_factor = (p["grad_std"][0] / p["grad_std"][-1]) ** (2 / 19)
        assert act_factor == pytest.approx(sigma**2, rel=0.1)
        assert grad_factor == pytest.approx(sigma**2, rel=0.1)


def test_propagation_saturation_dead_overflow():
    assert scale.propagation(3.0, 20, "tanh")["saturated"] > 0.3
    assert scale.propagation(0.5, 20, "tanh")["saturated"] == 0.0
    assert scale.propagation(1.4, 20, "relu")["dead"] > 0.0
    assert scale.propagation(3.0, 50, "linear")["overflow"] is False
    with pytest.raises(ValueError, match="activation"):
        scale.propagation(1.0, 5, "sigmoid")


def test_rnn_order_and_chaos():
    calm, wild = scale.rnn_divergence(0.5), scale.rnn_divergence(3.0)
    assert calm["distance"][-1] < 1e-15 and calm["rms"][-1] < 1e-12
    assert wild["distance"][-1] > 1.0 and wild["rms"][-1] > 0.5
    lam = scale.lyapunov_curve((0.5, 0.9, 1.1, 1.5, 3.0))
    assert lam[0] == pytest.approx(math.log(0.5), abs=0.06)
    assert lam[1] < -0.02 and abs(lam[2]) < 0.05 and lam[3] > 0.02 and lam[4] > 0.2


def test_clipping_step():
    out = scale.clipping_step(3.0, lr=0.01, max_norm=1.0)
    assert out["grad_norm"] > 1e3
    assert out["step_clipped"] == pytest.approx(0.01)
    assert out["step_unclipped"] == pytest.approx(0.01 * out["grad_norm"])
    assert out["loss_unclipped"] > out["loss_clipped"]


def test_early_stopping_is_weight_decay_from_theta0():
    Xtr, ytr, _, _, _ = scale.regression_data()
    d = Xtr.shape[1]
    theta0 = np.random.default_rng(3).normal(0, 1 / math.sqrt(d), (d, 1))
    path = scale.early_stopping_path(theta0, steps=300)
    for alpha in (0.1, 3.0):
        th = scale.ridge_from(theta0, alpha)
        grad = (2 / Xtr.shape[0]) * Xtr.T @ (Xtr @ th - ytr) + alpha * (th - theta0)
        assert np.max(np.abs(grad)) < 1e-10  # independent check: the penalized gradient vanishes
    t = 100
    approx = scale.ridge_from(theta0, 1 / (t * path["lr"]))[:, 0]
    rel = np.linalg.norm(path["thetas"][t] - approx) / np.linalg.norm(path["thetas"][t] - theta0[:, 0])
    assert rel < 0.15
    # the component of θ0 in the null space of X is never changed by gradient descent
    _, _, vt = np.linalg.svd(Xtr)
    null = vt[Xtr.shape[0]:]
    np.testing.assert_allclose(null @ path["thetas"][-1], null @ theta0[:, 0], atol=1e-10)


def test_demos_draw_computed_data():
    demo = PropagationDemo(lang="en")
    demo.set(sigma=2.0, depth=12, activation="relu")
    np.testing.assert_array_equal(demo.line_act.get_ydata(), scale.propagation(2.0, 12, "relu")["act_std"])
    chaos = ChaosDemo(lang="ko")
    data = chaos.set(g=0.5)
    assert data["lambda"] < 0 and data["distance"][-1] < 1e-15
