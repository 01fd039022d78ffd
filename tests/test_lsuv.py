"""Tests of initedu.lsuv (notebook 05): sparse vs dense variance, scaled init, maxout shares, LSUV."""

from __future__ import annotations

import math

import numpy as np
import pytest

from initedu import data, lsuv
from initedu.demos.nb05_sparse import sparse_vs_dense


def test_unit_input_variance_does_not_depend_on_fan_in():
    rng = np.random.default_rng(0)
    for m in (100, 3000):
        r = lsuv.unit_input_variance(m, rng, n_units=200, batch=300)
        assert r["var_sparse"] == pytest.approx(15, rel=0.15)
        assert r["var_dense"] == pytest.approx(1, rel=0.1)
        assert r["abs_w_sparse"] == pytest.approx(math.sqrt(2 / math.pi), rel=0.1)  # E|N(0,1)|
        assert r["abs_w_dense"] == pytest.approx(math.sqrt(2 / math.pi / m), rel=0.05)
        assert r["unit_cv_sparse"] == pytest.approx(math.sqrt(2 / 15), rel=0.25)
        assert r["unit_cv_dense"] < 0.3


@pytest.mark.parametrize("kind", ["dense", "sparse"])
def test_scaled_init_gives_sigma_squared(kind):
    rng = np.random.default_rng(1)
    w = lsuv.scaled_init(kind, 0.5, k=10)((400, 3000), rng)
    per_unit = (w * w).sum(axis=0)
    assert per_unit.mean() == pytest.approx(0.25, rel=0.03)
    nonzero = (w != 0).sum(axis=0)
    assert np.all(nonzero == (10 if kind == "sparse" else 400))


def test_maxout_win_shares():
    rng = np.random.default_rng(2)
    X = np.abs(rng.standard_normal((100, 5)))
    piece = np.abs(rng.standard_normal((5, 1)))
    W = np.hstack([piece, 2 * piece, -piece, piece])  # 2 units x 2 pieces
    s = lsuv.maxout_win_shares(W, X, 2)
    np.testing.assert_allclose(s.sum(axis=1), 1.0)
    np.testing.assert_allclose(s, [[0.0, 1.0], [0.0, 1.0]])
    Wr = rng.standard_normal((5, 400))
    Xr = rng.standard_normal((2000, 5))
    assert lsuv.maxout_win_shares(Wr, Xr, 4).mean() == pytest.approx(0.25)
    with pytest.raises(ValueError, match="pieces"):
        lsuv.maxout_win_shares(Wr, Xr, 3)


def test_steps_to_correct_grows_with_error_and_gate():
    m = 50
    small = np.zeros(m)
    big = np.zeros(m)
    big[:5] = 3.0
    s_small = np.median([lsuv.steps_to_correct(small, np.random.default_rng(s)) for s in range(5)])
    s_big = np.median([lsuv.steps_to_correct(big, np.random.default_rng(s)) for s in range(5)])
    s_gate = np.median([lsuv.steps_to_correct(big, np.random.default_rng(s), gate=0.25) for s in range(5)])
    assert s_big > 1.3 * s_small
    assert 2.5 < s_gate / s_big < 6.0  # a quarter of the examples: about four times slower


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_lsuv_unit_variance_in_one_iteration(activation):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((128, 64))
    r = lsuv.lsuv([64] * 11, X, rng, activation=activation, tol=0.05)
    assert np.all(r.iterations <= 2)
    # independent forward pass with the returned weights
    f = np.tanh if activation == "tanh" else (lambda z: np.maximum(z, 0))
    h = X
    for W in r.Ws:
        z = h @ W
        assert abs(z.var() - 1) < 0.05
        h = f(z)
    assert np.all(np.abs(r.std_after**2 - 1) < 0.05)
    if activation == "relu":
        ratio = (r.std_before[-1] / r.std_before[1]) ** (1 / 9)
        assert ratio == pytest.approx(1 / math.sqrt(2), rel=0.05)


def test_random_search_and_validation():
    rng = np.random.default_rng(4)
    X, y = data.gaussian_blobs(80, rng, centers=3, dim=4)
    trials = lsuv.random_search(X[:60], y[:60], X[60:], y[60:], rng, hidden=(8,), n_trials=3, steps=5, batch_size=16,
                                sigma_range=(0.5, 2.0))
    assert len(trials) == 3
    for tr in trials:
        assert tr.kind in ("dense", "sparse") and 0.5 <= tr.sigma <= 2.0 and tr.val_loss > 0
    with pytest.raises(ValueError, match="kind"):
        lsuv.scaled_init("diagonal", 1.0)
    with pytest.raises(ValueError, match="sigma"):
        lsuv.scaled_init("dense", 0.0)
    with pytest.raises(ValueError, match="sizes"):
        lsuv.lsuv([4], X, rng)
    with pytest.raises(TypeError, match="rng"):
        lsuv.unit_input_variance(10, 0)


def test_sparse_demo_matches_formula():
    d = sparse_vs_dense(1000, 15)
    assert d["var_sparse"].mean() == pytest.approx(15, rel=0.2)
    assert d["var_dense"].mean() == pytest.approx(15, rel=0.05)
    assert d["cv_sparse"] == pytest.approx(math.sqrt(2 / 15), rel=0.3)
    assert d["cv_dense"] == pytest.approx(math.sqrt(2 / 1000), rel=0.3)
    assert d["w_dense"] == pytest.approx(0.6745 * math.sqrt(15 / 1000), rel=0.1)  # median |N(0, s²)|
