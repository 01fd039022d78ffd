"""Notebook 07 helpers: marginal NLL, output-bias strategies, gradient scale, normalization scale γ."""

from __future__ import annotations

import math

import numpy as np
import pytest

from initedu import variance_params as vp
from initedu.losses import gaussian_nll


def test_marginal_nll_matches_gaussian_nll_of_the_constant_prediction():
    y = np.random.default_rng(0).normal(7.0, 3.0, size=500)
    out = np.column_stack([np.full(y.size, y.mean()), np.full(y.size, np.log(y.var()))])
    assert vp.marginal_nll(y) == pytest.approx(gaussian_nll(out, y)[0], rel=1e-12)
    # it is the minimum over constant predictions: moving mean or variance raises it
    for dmu, ds in [(0.5, 0.0), (0.0, 0.3), (0.0, -0.3)]:
        shifted = out + np.array([dmu, ds])
        assert gaussian_nll(shifted, y)[0] > vp.marginal_nll(y)


def test_strategies_set_the_output_biases():
    rng = np.random.default_rng(1)
    y = rng.normal(100.0, 50.0, size=200)
    zero = vp.regression_net(y, "zero", np.random.default_rng(2))
    assert np.all(zero.bs[-1] == 0.0)
    marg = vp.regression_net(y, "marginal", np.random.default_rng(2))
    assert marg.bs[-1][0] == pytest.approx(y.mean()) and marg.bs[-1][1] == pytest.approx(np.log(y.var()))
    val = vp.regression_net(y, "value", np.random.default_rng(2), variance=0.01)
    assert val.bs[-1][1] == pytest.approx(np.log(0.01))
    # same seed -> same weights; output weights scaled by out_scale
    np.testing.assert_array_equal(zero.Ws[0], marg.Ws[0])
    full = vp.regression_net(y, "zero", np.random.default_rng(2), out_scale=1.0)
    np.testing.assert_allclose(zero.Ws[-1], 0.1 * full.Ws[-1])


def test_marginal_init_starts_at_the_marginal_nll_and_variance_one_does_not():
    rng = np.random.default_rng(3)
    x = rng.uniform(-3, 3, size=(300, 1))
    y = 140 + 70 * np.sin(x[:, 0])
    marg = vp.regression_net(y, "marginal", np.random.default_rng(4), out_scale=0.01)
    assert gaussian_nll(marg.forward(x), y)[0] == pytest.approx(vp.marginal_nll(y), abs=0.01)
    one = vp.regression_net(y, "mean_only", np.random.default_rng(4), out_scale=0.01)
    # variance 1 on targets of variance ~2450: NLL ≈ ½(log 2π + Var(y))
    assert gaussian_nll(one.forward(x), y)[0] == pytest.approx(0.5 * (math.log(2 * math.pi) + y.var()), rel=0.01)


def test_first_gradient_scales_like_one_over_the_variance():
    rng = np.random.default_rng(5)
    x = rng.uniform(-3, 3, size=(200, 1))
    y = 10 * np.sin(x[:, 0])
    norms = [vp.first_gradient_norm(vp.regression_net(y, "value", np.random.default_rng(6), variance=v), x, y)
             for v in (0.01, 0.1)]
    # d loss / d s = ½(1 - r²/σ²): dominated by r²/σ² when σ² << Var(y), so a 10x smaller σ² -> ~10x gradient
    assert norms[0] / norms[1] == pytest.approx(10.0, rel=0.05)


def test_nll_curve_is_cached_and_marginal_trains_faster_than_zero():
    a = vp.nll_curve(30.0, "marginal", steps=60, n=64)
    b = vp.nll_curve(30.0, "marginal", steps=60, n=64)
    np.testing.assert_array_equal(a["loss"], b["loss"])
    z = vp.nll_curve(30.0, "zero", steps=60, n=64)
    assert a["initial"] == pytest.approx(a["marginal"], abs=0.05)
    assert z["initial"] > 10 * a["initial"] and z["loss"][-1] > a["loss"][-1]


def test_steps_to():
    assert vp.steps_to(np.array([5.0, 4.0, 3.0, 2.5]), 3.0) == 2
    assert vp.steps_to(np.array([5.0, 4.0]), 1.0) is None


def test_normalize_output_and_gamma():
    z = np.random.default_rng(7).normal(3.0, 5.0, size=(50, 10))
    out = vp.normalize_output(z)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vp.normalize_output(z, gamma=0.1, beta=2.0), 0.1 * out + 2.0)


def test_initial_confidence_limits():
    zero = vp.initial_confidence(0.0, np.random.default_rng(8), n=200)
    assert zero["max_prob"] == pytest.approx(0.1) and zero["cross_entropy"] == pytest.approx(math.log(10))
    one = vp.initial_confidence(1.0, np.random.default_rng(8), n=200)
    small = vp.initial_confidence(0.1, np.random.default_rng(8), n=200)
    assert one["max_prob"] > small["max_prob"] > 0.1
    assert one["cross_entropy"] > small["cross_entropy"] > math.log(10) - 0.01


def test_validation():
    with pytest.raises(ValueError, match="strategy"):
        vp.regression_net(np.arange(5.0), "big", np.random.default_rng(0))
    with pytest.raises(ValueError, match="variance"):
        vp.regression_net(np.arange(5.0), "value", np.random.default_rng(0), variance=0.0)
    with pytest.raises(TypeError, match="rng"):
        vp.regression_net(np.arange(5.0), "zero", 0)
    with pytest.raises(ValueError, match="constant"):
        vp.marginal_nll(np.ones(5))
    with pytest.raises(ValueError, match="y_scale"):
        vp.nll_curve(-1.0, "zero")
