"""Notebook 03 helpers: propagation against an MLP, the Glorot/He measurements, the demo's weight draws."""

from __future__ import annotations

import numpy as np
import pytest

from initedu import glorot, init, nn
from initedu.demos import nb03_normalized as demo


def test_propagate_matches_mlp_backward():
    # Independent computation: the package's MLP (with zero biases) and its own backward pass.
    rng = np.random.default_rng(0)
    m = nn.MLP([8, 8, 8, 8], "tanh", init="glorot_uniform", output_activation="tanh", rng=rng)
    X = rng.standard_normal((5, 8))
    g_top = rng.standard_normal((5, 8))
    m.forward(X)
    m.backward(g_top)
    out = glorot.propagate(m.Ws, X, "tanh", g_top)
    for k in range(3):
        np.testing.assert_allclose(out["hs"][k], m.hs[k + 1])
        np.testing.assert_allclose(out["grads"][k], m.grad_hs[k + 1])
        np.testing.assert_allclose(out["weight_grads"][k], m.grads[2 * k])


def test_propagate_validates():
    with pytest.raises(ValueError, match="activation"):
        glorot.propagate([np.eye(2)], np.ones((1, 2)), "cosh", np.ones((1, 2)))
    with pytest.raises(ValueError, match="grad_top"):
        glorot.propagate([np.eye(2)], np.ones((1, 2)), "tanh", np.ones((1, 3)))


def test_glorot_check_reproduces_the_heuristic_decay():
    # Small width, same physics: Var(z) = m * 1/(3m) * Var(h), so the tanh std shrinks by about 1/sqrt(3).
    h = glorot.glorot_check("heuristic_uniform", width=300, batch=100)
    n = glorot.glorot_check("glorot_uniform", width=300, batch=100)
    ratio_h = h["act_std"][1:] / h["act_std"][:-1]
    assert np.all(np.abs(ratio_h - 1 / np.sqrt(3)) < 0.06)
    assert n["act_std"][-1] / n["act_std"][0] > 0.4
    assert h["grad_var"][-1] / h["grad_var"][0] > 50  # the gradient vanishes towards the input
    assert n["grad_var"][-1] / n["grad_var"][0] < 10
    assert h["act_hist"].shape == (5, 51) and np.all(h["act_hist"].sum(axis=1) <= 1 + 1e-12)


def test_relu_rms_ratios_follow_he():
    for scale, per_layer in ((1.0, 2 ** -0.5), (2.0, 1.0)):
        r = glorot.relu_rms_ratios(scale, depth=20, width=256)
        fitted = (r[-1] / r[0]) ** (1 / 19)
        assert fitted == pytest.approx(per_layer, rel=0.03)
    assert glorot.relu_rms_ratios(1.0, depth=1, width=2000, batch=200)[0] == pytest.approx(2 ** -0.5, rel=0.02)


def test_relu_rms_ratios_overflow_is_inf():
    r = glorot.relu_rms_ratios(1e6, depth=60, width=16)
    assert np.isinf(r[-1]) and np.isfinite(r[0])


def test_train_deep_relu_he_beats_heuristic():
    out = glorot.train_deep_relu(["heuristic_uniform", "he_uniform"], depth=6, steps=150, lr=0.02)
    assert out["he_uniform"]["loss"][-1] < 0.8 * out["heuristic_uniform"]["loss"][-1]
    with pytest.raises(ValueError, match="init_name"):
        glorot.train_deep_relu(["nope"], depth=2, steps=1)


def test_weight_magnitude_glorot_formula():
    rng = np.random.default_rng(1)
    m = np.array([50, 500, 5000])
    got = glorot.weight_magnitude("glorot_uniform", m, rng, fan_out=100)
    np.testing.assert_allclose(got, np.sqrt(6 / (m + 100)) / 2, rtol=0.03)


@pytest.mark.parametrize("name", demo.DEMO_INITS)
def test_demo_weights_have_the_initializers_distribution(name):
    w = demo.weights(name, 128)
    rng = np.random.default_rng(7)
    ref = np.stack([init.INITIALIZERS[name]((128, 128), rng) for _ in range(30)])
    assert w.var() == pytest.approx(ref.var(), rel=0.03)
    assert np.abs(w).max() == pytest.approx(np.abs(ref).max(), rel=0.03)
    expected_var = {"heuristic_uniform": 1 / 3, "he_uniform": 2.0, "he_normal": 2.0}.get(name, 1.0) / 128
    assert w.var() == pytest.approx(expected_var, rel=0.03)


def test_demo_profile_and_validation():
    p = demo.init_profile("he_normal", "relu", 20, 128)
    assert 0.5 < p["act_std"][-1] / p["act_std"][0] < 2.0
    assert list(p["shown"]) == [1, 6, 10, 15, 20]
    assert list(demo.shown_layers(3)) == [1, 2, 3]
    with pytest.raises(ValueError, match="width"):
        demo.init_profile("he_normal", "relu", 5, 100)
    with pytest.raises(ValueError, match="init_name"):
        demo.init_profile("orthogonal", "relu", 5, 128)
