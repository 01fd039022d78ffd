"""Diagnostics against hand-computed values, independent computations and theory.

* raw-array statistics: small arrays whose answers are worked out by hand;
* ``layer_stats``: against numpy on the model's own caches, and in regimes whose answer is known
  (saturated tanh, dead ReLUs, zero-initialized weights);
* ``forward_stats``: against :class:`initedu.nn.MLP.forward`, and the overflow of a product of N(0, 1)
  matrices, whose scale grows by sqrt(n) per layer, predicted from that rate;
* ``jacobian``: against central differences of ``model.forward`` and, for a linear network, the matrix
  product;
* ``lyapunov_exponent``: for g < 1 against log of the spectral radius of g W (eigenvalues), for g = 3
  against the mean-field value (Gauss-Hermite quadrature), both independent of the Benettin iteration.
"""

from __future__ import annotations

import math
import sys
import warnings

import numpy as np
import pytest

from initedu import stats
from initedu.nn import MLP


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def normal_init(std: float):
    def init(shape, r):
        return r.normal(0.0, std, size=shape)

    return init


def test_import_has_no_matplotlib_and_no_global_state():
    import subprocess

    code = (
        "import numpy as np; s = np.random.get_state()[1].copy(); import initedu.stats, sys; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'; "
        "assert (np.random.get_state()[1] == s).all()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- raw arrays ---------------------------------------------------------------------------------------------


def test_saturation_fraction_tanh_by_hand():
    h = np.array([[0.99, -0.98, 0.5, 0.0], [0.97, -0.97, 0.9701, -1.0]])
    # strictly above 0.97 in absolute value: 0.99, -0.98, 0.9701, -1.0
    assert stats.saturation_fraction(h) == 0.5
    assert stats.saturation_fraction(h, 0.5) == 6 / 8


def test_saturation_fraction_sigmoid_by_hand():
    h = np.array([0.01, 0.99, 0.5, 0.97, 0.03, 0.02])
    assert stats.saturation_fraction(h, activation="sigmoid") == 3 / 6
    assert stats.saturation_fraction(h, 0.6, activation="sigmoid") == 5 / 6


def test_dead_fraction_by_hand():
    z = np.array([[-1.0, 2.0, 0.0, -5.0], [-3.0, -1.0, 0.0, 1e-9]])
    # column 0: never positive; 1: positive once; 2: exactly 0 (relu outputs 0, gradient 0); 3: positive once
    assert stats.dead_fraction(z) == 0.5


def test_ratios_by_hand():
    grad = np.array([[1.0, 3.0]])  # std 1
    param = np.array([[0.0, 4.0]])  # std 2
    assert stats.grad_data_ratio(grad, param) == 0.5
    assert stats.update_data_ratio(-0.01 * grad, param) == pytest.approx(0.005, rel=1e-12)
    assert stats.grad_data_ratio(grad, np.zeros((1, 2))) == math.inf
    assert math.isnan(stats.grad_data_ratio(np.ones((1, 2)), np.ones((1, 2))))


def test_ratio_matches_numpy_on_random_arrays():
    r = rng(1)
    g, p = r.normal(0, 0.3, (20, 30)), r.normal(0, 2.0, (20, 30))
    assert stats.grad_data_ratio(g, p) == pytest.approx(np.std(g) / np.std(p), rel=1e-12)


def test_ratio_of_huge_arrays_does_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert stats.grad_data_ratio(np.array([1e200, -1e200]), np.array([1e180, -1e180])) == pytest.approx(
            1e20
        )


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: stats.saturation_fraction([]), ValueError, "h must have at least one entry"),
        (lambda: stats.saturation_fraction([0.1], 1.5), ValueError, "threshold must be <= 1.0, got 1.5"),
        (lambda: stats.saturation_fraction([0.1], 1.0), ValueError, "threshold must be < 1"),
        (lambda: stats.saturation_fraction([0.1], 0.0), ValueError, "threshold must be > 0"),
        (
            lambda: stats.saturation_fraction([0.1], 0.3, activation="sigmoid"),
            ValueError,
            "threshold must be >= 0.5",
        ),
        (
            lambda: stats.saturation_fraction([0.1], activation="relu"),
            ValueError,
            "activation must be one of",
        ),
        (lambda: stats.saturation_fraction([0.1], "high"), TypeError, "threshold"),
        (lambda: stats.saturation_fraction("abc"), TypeError, "h must be an array"),
        (lambda: stats.dead_fraction([1.0, 2.0]), ValueError, "z must be a 2-d array, got shape"),
        (lambda: stats.dead_fraction(np.zeros((0, 3))), ValueError, "z must have at least one entry"),
        (
            lambda: stats.grad_data_ratio(np.ones(3), np.ones(4)),
            ValueError,
            "grad and param must have the same",
        ),
        (lambda: stats.update_data_ratio(np.ones(3), np.ones(4)), ValueError, "update and param"),
        (lambda: stats.update_data_ratio([], []), ValueError, "update must have at least one entry"),
    ],
)
def test_raw_validation(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- forward_stats ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("act", ["linear", "tanh", "relu", "leaky_relu", "sigmoid"])
def test_forward_stats_matches_mlp_forward(act):
    model = MLP([6, 20, 15, 10, 4], act, output_activation=act, bias_init=0.1, rng=rng(2))
    X = rng(3).standard_normal((50, 6))
    model.forward(X)
    prop = stats.forward_stats(model.Ws, X, act, bs=model.bs)
    assert prop.overflow_at is None
    np.testing.assert_allclose(prop.std, [np.std(h) for h in model.hs[1:]], rtol=1e-12)
    np.testing.assert_allclose(prop.mean, [np.mean(h) for h in model.hs[1:]], rtol=1e-10, atol=1e-15)


def test_forward_stats_without_bias_is_bias_zero():
    model = MLP([5, 8, 3], "tanh", output_activation="tanh", rng=rng(4))
    X = rng(5).standard_normal((10, 5))
    a = stats.forward_stats(model.Ws, X, "tanh")
    b = stats.forward_stats(model.Ws, X, "tanh", bs=[np.zeros(8), np.zeros(3)])
    np.testing.assert_array_equal(a.std, b.std)
    c = stats.forward_stats(model.Ws, X, "tanh", bs=[np.ones(8), np.zeros(3)])
    assert not np.allclose(a.std, c.std)


def test_forward_stats_overflow_is_reported_not_warned():
    n, depth = 512, 300
    W = rng(6).standard_normal((n, n))
    X = rng(7).standard_normal((8, n))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prop = stats.forward_stats([W] * depth, X, "linear")
    k = prop.overflow_at
    # Repeated application multiplies the scale by the spectral radius rho of W per layer (about sqrt(n) by
    # the circular law; 24.5 for this W), so float64 (max ~1.8e308) overflows after about 308.25 / log10(rho)
    # layers (222 here). rho is computed independently, from the eigenvalues.
    rho = np.max(np.abs(np.linalg.eigvals(W)))
    assert rho == pytest.approx(math.sqrt(n), rel=0.15)
    predicted = math.log10(np.finfo(np.float64).max) / math.log10(rho)
    assert k is not None and abs(k - predicted) <= 3, (k, predicted)
    assert np.all(np.isfinite(prop.std[:k])) and np.all(np.isinf(prop.std[k:]))
    assert np.all(np.isfinite(prop.mean[:k])) and np.all(np.isnan(prop.mean[k:]))
    # The statistics stay representable right up to the overflow (no premature overflow from squaring).
    assert prop.std[k - 1] > 1e290
    growth = np.exp(np.mean(np.diff(np.log(prop.std[20:k]))))
    assert growth == pytest.approx(rho, rel=0.01)


def test_forward_stats_scaled_matrices_keep_the_scale():
    n, depth = 256, 30
    r = rng(8)
    Ws = [r.standard_normal((n, n)) / math.sqrt(n) for _ in range(depth)]
    X = r.standard_normal((64, n))
    prop = stats.forward_stats(Ws, X, "linear")
    assert prop.overflow_at is None
    assert np.all((prop.std > 0.6) & (prop.std < 1.6)), prop.std
    assert np.all(np.abs(prop.mean) < 0.1)


def test_forward_stats_bounded_activation_never_overflows_and_never_warns():
    r = rng(9)
    Ws = [r.normal(0, 100.0, (50, 50)) for _ in range(5)]
    X = r.standard_normal((20, 50))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for act in ("sigmoid", "tanh"):
            prop = stats.forward_stats(Ws, X, act)
            assert prop.overflow_at is None and np.all(np.isfinite(prop.std))


def test_forward_stats_overflow_in_first_layer():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prop = stats.forward_stats([np.full((2, 2), 1e308), np.eye(2)], np.ones((1, 2)), "relu")
    assert prop.overflow_at == 0 and np.all(np.isinf(prop.std))


def test_forward_stats_reports_overflowing_pre_activations_of_bounded_activations():
    # tanh(inf) = 1 is finite, but the pre-activation 2e308 is not representable: reported at layer 0.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        prop = stats.forward_stats([np.full((2, 2), 1e308)], np.ones((3, 2)), "tanh")
    assert prop.overflow_at == 0


@pytest.mark.parametrize(
    "args, exc, match",
    [
        (([], np.ones((2, 3)), "tanh"), ValueError, "Ws must contain at least one"),
        ((np.ones((3, 3)), np.ones((2, 3)), "tanh"), TypeError, "single 2-d array"),
        ((5, np.ones((2, 3)), "tanh"), TypeError, "Ws must be a sequence"),
        (
            ([np.ones((3, 4)), np.ones((5, 2))], np.ones((2, 3)), "tanh"),
            ValueError,
            r"Ws\[1\] must have 4 rows",
        ),
        (([np.ones(3)], np.ones((2, 3)), "tanh"), ValueError, r"Ws\[0\] must be a 2-d array"),
        (([np.ones((3, 4))], np.ones((2, 5)), "tanh"), ValueError, "X must have 3 columns"),
        (([np.ones((3, 4))], np.ones(3), "tanh"), ValueError, "X must be a 2-d array"),
        (([np.ones((3, 4))], np.ones((2, 3)), "softplus"), ValueError, "activation must be one of"),
        (
            ([np.ones((3, 4))], np.ones((2, 3)), "tanh", [np.ones(4), np.ones(4)]),
            ValueError,
            "bs must have one",
        ),
        (
            ([np.ones((3, 4))], np.ones((2, 3)), "tanh", [np.ones(3)]),
            ValueError,
            r"bs\[0\] must have shape \(4,\)",
        ),
    ],
)
def test_forward_stats_validation(args, exc, match):
    with pytest.raises(exc, match=match):
        stats.forward_stats(*args)


# --- layer_stats --------------------------------------------------------------------------------------------


def test_layer_stats_needs_a_forward_pass():
    model = MLP([3, 4, 2], rng=rng())
    with pytest.raises(ValueError, match="call model.forward"):
        stats.layer_stats(model)
    with pytest.raises(TypeError, match="model must be an initedu.nn.MLP"):
        stats.layer_stats(object())


def test_layer_stats_forward_only_matches_numpy():
    model = MLP([10, 32, 32, 5], "tanh", rng=rng(10))
    model.forward(rng(11).standard_normal((64, 10)))
    rows = stats.layer_stats(model)
    assert [r["layer"] for r in rows] == [0, 1, 2]
    assert [r["activation"] for r in rows] == ["tanh", "tanh", "linear"]
    for r, h in zip(rows, model.hs[1:], strict=True):
        assert r["mean"] == pytest.approx(np.mean(h), rel=1e-10, abs=1e-15)
        assert r["std"] == pytest.approx(np.std(h), rel=1e-12)
        assert "grad_std" not in r and "grad_data_ratio" not in r
    for r, h in zip(rows[:2], model.hs[1:3], strict=True):
        assert r["saturated"] == np.mean(np.abs(h) > 0.97)
        assert math.isnan(r["dead"])
    assert math.isnan(rows[2]["saturated"]) and math.isnan(rows[2]["dead"])


def test_layer_stats_saturation_regimes():
    X = rng(12).standard_normal((200, 50))
    big = MLP([50, 100, 100, 1], "tanh", init=normal_init(1.0), rng=rng(13))  # std(z) ~ sqrt(50), sqrt(100)
    small = MLP([50, 100, 100, 1], "tanh", init="lecun_normal", rng=rng(13))
    big.forward(X)
    small.forward(X)
    sb, ss = stats.layer_stats(big), stats.layer_stats(small)
    # |tanh z| > 0.97 iff |z| > atanh(0.97) = 2.09; for z ~ N(0, s^2) that has probability erfc(2.09 / (s sqrt 2)).
    # Layer 0: s^2 = 50 (fan_in 50, unit inputs and weights). Layer 1: s^2 = 100 E[h1^2].
    a = math.atanh(0.97)
    assert sb[0]["saturated"] == pytest.approx(math.erfc(a / math.sqrt(2 * 50)), abs=0.03)  # 0.77
    s1 = math.sqrt(100 * np.mean(big.hs[1] ** 2))
    assert sb[1]["saturated"] == pytest.approx(math.erfc(a / (s1 * math.sqrt(2))), abs=0.03)  # 0.82
    assert ss[0]["saturated"] < 0.1 and ss[1]["saturated"] < 0.1


def test_layer_stats_sigmoid_saturation_uses_both_tails():
    model = MLP([20, 40, 1], "sigmoid", init=normal_init(2.0), rng=rng(14))
    model.forward(rng(15).standard_normal((100, 20)))
    h = model.hs[1]
    row = stats.layer_stats(model)[0]
    assert row["saturated"] == np.mean((h > 0.97) | (h < 0.03))
    assert np.mean(h > 0.97) < row["saturated"]


@pytest.mark.parametrize("act", ["relu", "leaky_relu"])
def test_layer_stats_dead_units(act):
    model = MLP([8, 30, 30, 2], act, init="he_normal", bias_init=[-3.0, 0.0, 0.0], rng=rng(16))
    model.forward(rng(17).standard_normal((64, 8)))
    rows = stats.layer_stats(model)
    # z = x W - 3 with std(z_j) = |w_j| ~ sqrt(2) (He): most units never turn positive on 64 examples, those with
    # a large weight column do. Counted independently from the cached pre-activations:
    expected = np.mean(np.all(model.zs[0] <= 0, axis=0))
    assert rows[0]["dead"] == expected
    assert 0.3 < expected < 1.0
    assert math.isnan(rows[0]["saturated"])
    model2 = MLP([8, 30, 2], act, bias_init=[-100.0, 0.0], rng=rng(16))
    model2.forward(rng(17).standard_normal((64, 8)))
    assert stats.layer_stats(model2)[0]["dead"] == 1.0


def test_layer_stats_with_gradients():
    model = MLP([6, 16, 16, 3], "tanh", rng=rng(18))
    out = model.forward(rng(19).standard_normal((32, 6)))
    model.backward(2 * out / out.size)  # gradient of mean(out ** 2)
    rows = stats.layer_stats(model)
    for layer, r in enumerate(rows):
        g = model.grad_hs[layer + 1]
        dW = model.grads[2 * layer]
        assert r["grad_std"] == pytest.approx(np.std(g), rel=1e-12)
        assert r["weight_grad_std"] == pytest.approx(np.std(dW), rel=1e-12)
        assert r["grad_data_ratio"] == pytest.approx(np.std(dW) / np.std(model.Ws[layer]), rel=1e-12)
    # the gradient w.r.t. the output is the one passed in
    assert rows[-1]["grad_std"] == pytest.approx(np.std(2 * out / out.size), rel=1e-12)


def test_layer_stats_drops_gradients_of_another_batch_size():
    model = MLP([4, 5, 1], "tanh", rng=rng(20))
    model.forward(np.ones((3, 4)))
    model.backward(np.ones((3, 1)))
    assert "grad_std" in stats.layer_stats(model)[0]
    model.forward(np.ones((7, 4)))
    assert "grad_std" not in stats.layer_stats(model)[0]


def test_layer_stats_zero_weights_give_infinite_ratio():
    model = MLP([4, 8, 2], "tanh", init=["zeros", "glorot_uniform"], rng=rng(21))
    out = model.forward(rng(22).standard_normal((16, 4)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.backward(out - 1.0)
        rows = stats.layer_stats(model)
    assert rows[0]["grad_data_ratio"] == math.inf
    # hs[1] = tanh(0) = 0, so dW2 = hs[1].T @ delta = 0 and its ratio is finite 0
    assert rows[1]["weight_grad_std"] == 0.0 and rows[1]["grad_data_ratio"] == 0.0


# --- jacobian -----------------------------------------------------------------------------------------------


def _numerical_jacobian(model, x, h=1e-6):
    cols = []
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        cols.append((model.forward((x + e)[None]) - model.forward((x - e)[None]))[0] / (2 * h))
    return np.stack(cols, axis=1)


@pytest.mark.parametrize(
    "act, out_act",
    [("tanh", None), ("sigmoid", "tanh"), ("leaky_relu", "sigmoid"), ("relu", None)],
)
def test_jacobian_matches_central_differences(act, out_act):
    model = MLP([5, 12, 9, 3], act, init="he_normal", bias_init=0.1, output_activation=out_act, rng=rng(23))
    x = rng(24).standard_normal(5)
    J = stats.jacobian(model, x)
    assert J.shape == (3, 5)  # (n_out, n_in)
    np.testing.assert_allclose(J, _numerical_jacobian(model, x), rtol=1e-6, atol=1e-8)
    assert np.abs(J).max() > 1e-2  # not trivially zero


def test_jacobian_of_linear_network_is_the_matrix_product():
    model = MLP([4, 7, 6, 2], "linear", bias_init=0.5, rng=rng(25))
    J = stats.jacobian(model, rng(26).standard_normal(4))
    np.testing.assert_allclose(J, (model.Ws[0] @ model.Ws[1] @ model.Ws[2]).T, rtol=1e-12)


def test_jacobian_leaves_the_model_caches_alone():
    model = MLP([3, 4, 2], rng=rng(27))
    X = np.ones((5, 3))
    model.forward(X)
    hs, zs = model.hs, model.zs
    stats.jacobian(model, np.zeros(3))
    assert model.hs is hs and model.zs is zs and model.hs[0].shape == (5, 3)


def test_jacobian_singular_values():
    ortho = MLP([16, 16, 16, 16], "linear", init="orthogonal", rng=rng(28))
    s = stats.jacobian_singular_values(ortho, rng(29).standard_normal(16))
    np.testing.assert_allclose(s, 1.0, atol=1e-12)  # a product of orthogonal matrices is orthogonal
    model = MLP([6, 10, 4], "tanh", rng=rng(30))
    x = rng(31).standard_normal(6)
    s = stats.jacobian_singular_values(model, x)
    assert s.shape == (4,) and np.all(np.diff(s) <= 0)
    # the squared singular values are the eigenvalues of J J^T
    J = _numerical_jacobian(model, x)
    np.testing.assert_allclose(np.sort(s**2), np.linalg.eigvalsh(J @ J.T), rtol=1e-6, atol=1e-12)


def test_jacobian_validation():
    model = MLP([3, 4, 2], rng=rng())
    with pytest.raises(ValueError, match=r"x must have shape \(3,\)"):
        stats.jacobian(model, np.zeros(4))
    with pytest.raises(ValueError, match="x must be a 1-d array"):
        stats.jacobian(model, np.zeros((1, 3)))
    with pytest.raises(TypeError, match="model must be"):
        stats.jacobian("mlp", np.zeros(3))


# --- lyapunov_exponent --------------------------------------------------------------------------------------


def _random_W(n, seed):
    return rng(seed).standard_normal((n, n)) / math.sqrt(n)


@pytest.mark.parametrize("g", [0.5, 0.8])
def test_lyapunov_ordered_phase_is_log_spectral_radius(g):
    W = _random_W(300, 32)
    lam = stats.lyapunov_exponent(W, g, 300, rng(33))
    rho = np.max(np.abs(np.linalg.eigvals(W)))
    assert lam < 0
    assert lam == pytest.approx(math.log(g * rho), abs=0.01)
    assert lam == pytest.approx(math.log(g), abs=0.1)


def _mean_field_lyapunov(g):
    """Mean-field exponent of h -> tanh(g h W), W_ij ~ N(0, 1/N) (Poole et al. 2016, chi_1 = exp(2 lambda)).

    lambda = 1/2 log(g^2 E[sech^4(sqrt(q) z)]) at the fixed point q = g^2 E[tanh^2(sqrt(q) z)], z ~ N(0, 1).
    """
    z, w = np.polynomial.hermite_e.hermegauss(101)
    w = w / w.sum()
    q = 1.0
    for _ in range(300):
        q = g * g * np.sum(w * np.tanh(math.sqrt(q) * z) ** 2)
    return 0.5 * math.log(g * g * np.sum(w * (1 - np.tanh(math.sqrt(q) * z) ** 2) ** 2))


def test_lyapunov_chaotic_phase_is_positive_and_matches_mean_field():
    lam = stats.lyapunov_exponent(_random_W(500, 34), 3.0, 300, rng(35))
    theory = _mean_field_lyapunov(3.0)  # 0.312
    assert lam > 0.2
    assert lam == pytest.approx(theory, abs=0.03)


def test_lyapunov_increases_with_gain():
    W = _random_W(200, 36)
    lams = [stats.lyapunov_exponent(W, g, 200, rng(37)) for g in (0.5, 0.9, 1.5, 3.0)]
    assert np.all(np.diff(lams) > 0), lams


def test_lyapunov_deterministic_and_h0():
    W = _random_W(100, 38)
    a = stats.lyapunov_exponent(W, 2.0, 50, rng(39))
    assert a == stats.lyapunov_exponent(W, 2.0, 50, rng(39))
    assert a != stats.lyapunov_exponent(W, 2.0, 50, rng(40))
    h0 = rng(41).standard_normal(100)
    b = stats.lyapunov_exponent(W, 2.0, 50, rng(39), h0=h0, burn_in=0)
    assert b == stats.lyapunov_exponent(W, 2.0, 50, rng(39), h0=h0.tolist(), burn_in=0)


@pytest.mark.parametrize(
    "kwargs, exc, match",
    [
        ({"W": np.ones((3, 4))}, ValueError, "W must be square"),
        ({"W": np.ones(3)}, ValueError, "W must be a 2-d array"),
        ({"W": np.full((2, 2), np.nan)}, ValueError, "W must contain only finite"),
        ({"g": 0.0}, ValueError, "g must be > 0.0, got 0.0"),
        ({"g": "1"}, TypeError, "g must be a real number"),
        ({"steps": 0}, ValueError, "steps must be >= 1, got 0"),
        ({"steps": 2.5}, TypeError, "steps must be an integer"),
        ({"rng": 0}, TypeError, "rng must be a numpy.random.Generator"),
        ({"h0": np.ones(5)}, ValueError, r"h0 must have shape \(4,\)"),
        ({"h0": np.full(4, np.inf)}, ValueError, "h0 must contain only finite"),
        ({"eps": 0.0}, ValueError, "eps must be > 0.0"),
        ({"burn_in": -1}, ValueError, "burn_in must be >= 0"),
    ],
)
def test_lyapunov_validation(kwargs, exc, match):
    args = {"W": np.eye(4), "g": 1.0, "steps": 10, "rng": rng()} | kwargs
    with pytest.raises(exc, match=match):
        stats.lyapunov_exponent(**args)
