"""MLP, TanhRNN and LSTM: shapes, caches, parameter sharing, argument checks, and gradients.

Gradient checks: the analytic gradient of L = sum(R * output) (R a fixed random array, so d L / d output = R)
is compared with central differences (f(x + eps) - f(x - eps)) / (2 eps), eps = 1e-6, in float64, for every
entry of every parameter, of the input, and of the initial states. The truncation error is O(eps^2) ~ 1e-12
and the rounding error ~ 1e-16 / eps ~ 1e-10, so a correct gradient has a relative error around 1e-9; we
require < 1e-6. A wrong formula (a missing factor, a wrong derivative) is off by far more than that, which
``test_gradient_check_catches_a_wrong_derivative`` demonstrates.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

from initedu import nn
from initedu.init import INITIALIZERS
from initedu.losses import sigmoid
from initedu.optim import SGD

EPS = 1e-6
TOL = 1e-6


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||): 0 for equal arrays, 1 for unrelated ones."""
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denom) if denom > 0 else 0.0


def numerical_grad(f, x: np.ndarray) -> np.ndarray:
    """Central differences of the scalar f() with respect to every entry of x (changed in place, restored)."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + EPS
        f_plus = f()
        x[idx] = old - EPS
        f_minus = f()
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * EPS)
    return grad


def check_all_gradients(model, X, R, *, forward_kwargs=None):
    """Compare every analytic gradient (params, X and the given initial states) with central differences."""
    forward_kwargs = forward_kwargs or {}

    def loss():
        return float(np.sum(R * model.forward(X, **forward_kwargs)))

    model.forward(X, **forward_kwargs)
    dX = model.backward(R)
    analytic = {name: g.copy() for name, g in zip(model.param_names, model.grads, strict=True)}
    analytic["X"] = dX
    for name in forward_kwargs:  # "h0", "c0": the model stores grad_h0 / grad_c0
        analytic[name] = getattr(model, f"grad_{name}").copy()
    numeric = {name: numerical_grad(loss, p) for name, p in zip(model.param_names, model.params, strict=True)}
    numeric["X"] = numerical_grad(loss, X)
    for name, value in forward_kwargs.items():
        numeric[name] = numerical_grad(loss, value)
    for name in analytic:
        assert np.linalg.norm(numeric[name]) > 1e-3, f"{name}: gradient too small for a meaningful check"
        err = rel_error(analytic[name], numeric[name])
        assert err < TOL, f"{name}: relative error {err:.2e}"
    return analytic, numeric


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- activations --------------------------------------------------------------------------------------------


def test_activation_names():
    assert set(nn.ACTIVATIONS) == {"linear", "tanh", "relu", "leaky_relu", "sigmoid"}
    for name in nn.ACTIVATIONS:
        assert nn.activation(name) is nn.ACTIVATIONS[name]


@pytest.mark.parametrize("name", list(nn.ACTIVATIONS))
def test_activation_derivative_matches_central_difference(name):
    act = nn.activation(name)
    z = np.linspace(-4, 4, 81) + 0.013  # avoids the kink at exactly 0
    numeric = (act.f(z + EPS) - act.f(z - EPS)) / (2 * EPS)
    np.testing.assert_allclose(act.df(z), numeric, rtol=1e-7, atol=1e-9)


def test_activation_values():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_array_equal(nn.activation("relu").f(z), [0, 0, 0, 0.5, 2])
    np.testing.assert_allclose(nn.activation("leaky_relu").f(z), [-0.02, -0.005, 0, 0.5, 2])
    np.testing.assert_array_equal(nn.activation("relu").df(z), [0, 0, 0, 1, 1])
    np.testing.assert_allclose(nn.activation("leaky_relu").df(z), [0.01, 0.01, 0.01, 1, 1])
    np.testing.assert_allclose(nn.activation("sigmoid").f(z), 1 / (1 + np.exp(-z)), rtol=1e-15)


def test_sigmoid_is_stable_for_large_inputs():
    z = np.array([-1e4, -800.0, -40.0, 40.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nn.activation("sigmoid").f(z)
        ds = nn.activation("sigmoid").df(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    np.testing.assert_array_equal(s[[0, 1, 4, 5]], [0.0, 0.0, 1.0, 1.0])
    np.testing.assert_allclose(s[2], np.exp(-40.0), rtol=1e-12)  # no cancellation for large negative z


def test_activation_unknown_name_lists_known_ones():
    with pytest.raises(ValueError, match=r"name must be one of .*'sigmoid'.*got 'gelu'"):
        nn.activation("gelu")


# --- MLP: structure ----------------------------------------------------------------------------------------


def test_mlp_structure_and_parameter_sharing():
    model = nn.MLP([2, 16, 8, 1], "relu", output_activation="sigmoid", bias_init=0.5, rng=rng())
    assert model.n_layers == 3
    assert [W.shape for W in model.Ws] == [(2, 16), (16, 8), (8, 1)]
    assert [b.shape for b in model.bs] == [(16,), (8,), (1,)]
    assert model.param_names == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert model.activations == ["relu", "relu", "sigmoid"]
    for k in range(3):
        assert model.params[2 * k] is model.Ws[k]
        assert model.params[2 * k + 1] is model.bs[k]
    assert [g.shape for g in model.grads] == [p.shape for p in model.params]
    assert all(p.dtype == np.float64 for p in model.params + model.grads)
    np.testing.assert_array_equal(np.concatenate(model.bs), 0.5)


def test_mlp_output_activation_none_is_linear():
    model = nn.MLP([3, 4, 2], rng=rng())
    assert model.activations == ["tanh", "linear"]
    X = rng(1).normal(size=(5, 3))
    expected = np.tanh(X @ model.Ws[0] + model.bs[0]) @ model.Ws[1] + model.bs[1]
    np.testing.assert_allclose(model.forward(X), expected, rtol=1e-14)


def test_mlp_forward_caches():
    model = nn.MLP([3, 6, 5, 2], "tanh", output_activation="sigmoid", bias_init=0.1, rng=rng())
    X = rng(1).normal(size=(7, 3))
    out = model.forward(X)
    assert out.shape == (7, 2)
    assert len(model.zs) == 3 and len(model.hs) == 4
    np.testing.assert_array_equal(model.hs[0], X)
    for k, name in enumerate(model.activations):
        np.testing.assert_array_equal(model.zs[k], model.hs[k] @ model.Ws[k] + model.bs[k])
        np.testing.assert_array_equal(model.hs[k + 1], nn.activation(name).f(model.zs[k]))
    np.testing.assert_array_equal(model.hs[-1], out)


def test_mlp_backward_caches_and_grads_filled_in_place():
    model = nn.MLP([3, 6, 5, 2], "tanh", rng=rng())
    grad_arrays = list(model.grads)
    X = rng(1).normal(size=(7, 3))
    out = model.forward(X)
    R = rng(2).normal(size=out.shape)
    dX = model.backward(R)
    assert all(a is b for a, b in zip(grad_arrays, model.grads, strict=True))
    assert len(model.grad_hs) == 4 and len(model.grad_zs) == 3
    assert [g.shape for g in model.grad_hs] == [h.shape for h in model.hs]
    assert [g.shape for g in model.grad_zs] == [z.shape for z in model.zs]
    np.testing.assert_array_equal(model.grad_hs[-1], R)
    np.testing.assert_array_equal(model.grad_hs[0], dX)
    for k in range(3):
        # the defining relations: grad_zs = grad_hs[k+1] * act'(z), dW = h^T grad_z, grad_h[k] = grad_z W^T
        act = nn.activation(model.activations[k])
        np.testing.assert_allclose(model.grad_zs[k], model.grad_hs[k + 1] * act.df(model.zs[k]), rtol=1e-14)
        np.testing.assert_allclose(model.grads[2 * k], model.hs[k].T @ model.grad_zs[k], rtol=1e-13)
        np.testing.assert_allclose(model.grad_hs[k], model.grad_zs[k] @ model.Ws[k].T, rtol=1e-13)


def test_optimizer_updates_change_the_model():
    model = nn.MLP([3, 4, 1], rng=rng())
    X = rng(1).normal(size=(5, 3))
    before = model.forward(X).copy()
    model.backward(np.ones((5, 1)))
    SGD(0.1).step(model.params, model.grads)
    after = model.forward(X)
    assert not np.allclose(before, after)
    # the update went into Ws/bs themselves
    assert np.all(model.forward(X) == after)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_mlp_accepts_every_initializer_name(name):
    model = nn.MLP([4, 3, 2], init=name, rng=rng())
    assert [W.shape for W in model.Ws] == [(4, 3), (3, 2)]
    assert all(np.all(np.isfinite(W)) for W in model.Ws)


def test_mlp_per_layer_init_and_bias_and_callable():
    def ones(shape, rng):
        return np.ones(shape)

    model = nn.MLP([2, 3, 1], init=[ones, "zeros"], bias_init=[0.25, -1.0], rng=rng())
    np.testing.assert_array_equal(model.Ws[0], 1.0)
    np.testing.assert_array_equal(model.Ws[1], 0.0)
    np.testing.assert_array_equal(model.bs[0], 0.25)
    np.testing.assert_array_equal(model.bs[1], -1.0)
    assert "ones" in repr(model) and "zeros" in repr(model)


def test_mlp_init_uses_the_given_rng():
    a = nn.MLP([4, 8, 2], init="he_normal", rng=rng(3))
    b = nn.MLP([4, 8, 2], init="he_normal", rng=rng(3))
    c = nn.MLP([4, 8, 2], init="he_normal", rng=rng(4))
    assert all(np.array_equal(x, y) for x, y in zip(a.params, b.params, strict=True))
    assert not np.array_equal(a.Ws[0], c.Ws[0])


def test_mlp_copy_is_deep_and_keeps_sharing():
    model = nn.MLP([2, 3, 1], rng=rng())
    clone = model.copy()
    assert clone.params[0] is clone.Ws[0] and clone.params[1] is clone.bs[0]
    assert clone.params[0] is not model.params[0]
    clone.Ws[0] += 1.0
    assert not np.array_equal(clone.Ws[0], model.Ws[0])
    assert clone.sizes == model.sizes and clone.activations == model.activations


def test_mlp_repr():
    text = repr(nn.MLP([2, 16, 16, 1], "relu", init=lambda shape, rng: np.zeros(shape), rng=rng()))
    assert "[2, 16, 16, 1]" in text and "'relu'" in text and "'linear'" in text
    assert "0x" not in text


# --- MLP: gradients ----------------------------------------------------------------------------------------

OUTPUTS = [None, "linear", "tanh", "relu", "leaky_relu", "sigmoid"]


@pytest.mark.parametrize("output_activation", OUTPUTS)
@pytest.mark.parametrize("hidden", list(nn.ACTIVATIONS))
def test_mlp_gradients(hidden, output_activation):
    model = nn.MLP([3, 5, 4, 2], hidden, output_activation=output_activation, bias_init=0.1, rng=rng(5))
    X = rng(6).normal(size=(4, 3))
    R = rng(7).normal(size=(4, 2))
    check_all_gradients(model, X, R)


def test_mlp_single_layer_gradients():
    model = nn.MLP([4, 3], output_activation="sigmoid", rng=rng())
    check_all_gradients(model, rng(1).normal(size=(6, 4)), rng(2).normal(size=(6, 3)))


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    wrong = nn.Activation("tanh", np.tanh, lambda z: 1.0 - np.tanh(z))  # should be 1 - tanh(z)**2
    monkeypatch.setitem(nn.ACTIVATIONS, "tanh", wrong)
    model = nn.MLP([3, 5, 2], "tanh", rng=rng(5))
    with pytest.raises(AssertionError, match="relative error"):
        check_all_gradients(model, rng(6).normal(size=(4, 3)), rng(7).normal(size=(4, 2)))


# --- MLP: argument checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(sizes=(i for i in [2, 1])), TypeError, r"sizes must be a list"),
        (dict(sizes=[3]), ValueError, r"sizes must have length >= 2"),
        (dict(sizes=[3, 0]), ValueError, r"sizes\[1\] must be >= 1, got 0"),
        (dict(sizes=[3, 2.5]), TypeError, r"sizes\[1\] must be an integer"),
        (dict(activation="gelu"), ValueError, r"activation must be one of .*'relu'.*got 'gelu'"),
        (dict(output_activation="softmax"), ValueError, r"output_activation must be one of .*got 'softmax'"),
        (dict(init="xavier"), ValueError, r"init must be a callable or one of .*'he_normal'.*got 'xavier'"),
        (dict(init=3), ValueError, r"init must be a callable or one of"),
        (dict(init=["he_normal"]), ValueError, r"init must have one entry per layer \(2\), got 1"),
        (dict(init=["he_normal", "nope"]), ValueError, r"init\[1\] must be a callable or one of"),
        (dict(init=lambda s, r: np.zeros(3)), ValueError, r"init must return an array of shape \(3, 4\)"),
        (dict(bias_init="0"), TypeError, r"bias_init must be a real number"),
        (dict(bias_init=[0.0]), ValueError, r"bias_init must have one entry per layer"),
        (dict(bias_init=[0.0, float("nan")]), ValueError, r"bias_init\[1\] must be finite"),
        (dict(rng=None), TypeError, r"rng must be a numpy.random.Generator"),
        (dict(rng=42), TypeError, r"rng must be a numpy.random.Generator.*got int"),
    ],
)
def test_mlp_invalid_arguments(kwargs, error, pattern):
    args = dict(sizes=[3, 4, 2], rng=rng())
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        nn.MLP(**args)


def test_mlp_invalid_forward_and_backward():
    model = nn.MLP([3, 4, 2], rng=rng())
    with pytest.raises(RuntimeError, match=r"call forward\(X\) first"):
        model.backward(np.zeros((5, 2)))
    with pytest.raises(ValueError, match=r"X must have shape \(batch, 3\), got shape \(5, 4\)"):
        model.forward(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"X must have shape \(batch, 3\), got shape \(3,\)"):
        model.forward(np.zeros(3))
    with pytest.raises(TypeError, match="X must be an array of numbers"):
        model.forward([["a", "b", "c"]])
    model.forward(np.zeros((5, 3)))
    message = re.escape("grad_out must have the shape of the last forward output, (5, 2), got (5, 1)")
    with pytest.raises(ValueError, match=message):
        model.backward(np.zeros((5, 1)))


# --- TanhRNN ---------------------------------------------------------------------------------------------


def test_rnn_structure_and_forward():
    model = nn.TanhRNN(3, 5, 2, rng=rng())
    assert model.param_names == ["Wx", "Wh", "b", "Wy", "by"]
    assert [p.shape for p in model.params] == [(3, 5), (5, 5), (5,), (5, 2), (2,)]
    assert model.params[0] is model.Wx and model.params[1] is model.Wh and model.params[4] is model.by
    X = rng(1).normal(size=(6, 4, 3))
    h0 = rng(2).normal(size=(4, 5))
    Y = model.forward(X, h0)
    assert Y.shape == (6, 4, 2) and model.hs.shape == (7, 4, 5)
    np.testing.assert_array_equal(model.hs[0], h0)
    for t in range(6):
        expected = np.tanh(X[t] @ model.Wx + model.hs[t] @ model.Wh + model.b)
        np.testing.assert_allclose(model.hs[t + 1], expected, rtol=1e-14)
        np.testing.assert_allclose(Y[t], model.hs[t + 1] @ model.Wy + model.by, rtol=1e-14)
    model.forward(X)
    np.testing.assert_array_equal(model.hs[0], 0.0)


def test_rnn_gradients_with_steps_without_loss():
    model = nn.TanhRNN(3, 5, 2, rng=rng(1), recurrent_gain=1.2)
    model.b[...] = rng(9).normal(scale=0.1, size=5)
    model.by[...] = 0.3
    X = rng(2).normal(size=(6, 3, 3))
    h0 = rng(3).normal(scale=0.5, size=(3, 5))
    R = rng(4).normal(size=(6, 3, 2))
    R[[0, 2]] = 0.0  # steps without a loss
    analytic, _ = check_all_gradients(model, X, R, forward_kwargs={"h0": h0})
    np.testing.assert_array_equal(model.grad_hs[0], model.grad_h0)
    assert model.grad_hs.shape == model.hs.shape


def test_rnn_grad_h0_scales_as_gain_to_the_power_T():
    # With X = 0 and h0 = 0 every state is 0, so tanh' = 1 and the gradient reaching h0 from the last step is
    # grad_hT (Wh^T)^T; an orthogonal Wh times g shrinks (g < 1) or grows (g > 1) its norm by exactly g^T.
    T = 10
    for gain in (0.8, 1.0, 1.25):
        model = nn.TanhRNN(2, 6, 3, rng=rng(0), recurrent_gain=gain)
        np.testing.assert_allclose(np.linalg.svd(model.Wh, compute_uv=False), gain, rtol=1e-12)
        model.forward(np.zeros((T, 4, 2)))
        grad_Y = np.zeros((T, 4, 3))
        grad_Y[-1] = rng(1).normal(size=(4, 3))
        model.backward(grad_Y)
        ratio = np.linalg.norm(model.grad_h0) / np.linalg.norm(model.grad_hs[T])
        np.testing.assert_allclose(ratio, gain**T, rtol=1e-12)


def test_rnn_copy_and_repr():
    model = nn.TanhRNN(3, 5, 2, rng=rng(), recurrent_gain=0.5)
    clone = model.copy()
    assert clone.params[1] is clone.Wh and clone.Wh is not model.Wh
    np.testing.assert_array_equal(clone.Wh, model.Wh)
    text = repr(model)
    assert "n_hidden=5" in text and "recurrent_gain=0.5" in text and "0x" not in text


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(n_in=0), ValueError, r"n_in must be >= 1, got 0"),
        (dict(n_hidden="5"), TypeError, r"n_hidden must be an integer"),
        (dict(n_out=1.0), TypeError, r"n_out must be an integer"),
        (dict(init="nope"), ValueError, r"init must be a callable or one of .*'orthogonal'"),
        (dict(recurrent_init="nope"), ValueError, r"recurrent_init must be a callable or one of"),
        (dict(recurrent_gain=-1.0), ValueError, r"recurrent_gain must be >= 0.0, got -1.0"),
        (dict(recurrent_init=lambda s, r: np.eye(2)), ValueError, r"recurrent_init must return an array of"),
        (dict(rng=None), TypeError, r"rng must be a numpy.random.Generator"),
    ],
)
def test_rnn_invalid_arguments(kwargs, error, pattern):
    args = dict(n_in=3, n_hidden=5, n_out=2, rng=rng())
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        nn.TanhRNN(**args)


def test_rnn_invalid_forward_and_backward():
    model = nn.TanhRNN(3, 5, 2, rng=rng())
    with pytest.raises(RuntimeError, match="call forward"):
        model.backward(np.zeros((4, 2, 2)))
    with pytest.raises(ValueError, match=r"X must have shape \(T, batch, 3\), got shape \(4, 3\)"):
        model.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"h0 must have shape \(batch, n_hidden\) = \(2, 5\), got \(3, 5\)"):
        model.forward(np.zeros((4, 2, 3)), h0=np.zeros((3, 5)))
    model.forward(np.zeros((4, 2, 3)))
    with pytest.raises(ValueError, match=r"grad_Y must have the shape .*, \(4, 2, 2\)"):
        model.backward(np.zeros((4, 2, 1)))


# --- LSTM ------------------------------------------------------------------------------------------------


def test_lstm_structure_and_forget_bias():
    H = 4
    model = nn.LSTM(3, H, 2, rng=rng(), forget_bias=1.5)
    assert model.param_names == ["Wx", "Wh", "b", "Wy", "by"]
    assert [p.shape for p in model.params] == [(3, 4 * H), (H, 4 * H), (4 * H,), (H, 2), (2,)]
    assert model.params[2] is model.b
    np.testing.assert_array_equal(model.b[H : 2 * H], 1.5)
    np.testing.assert_array_equal(model.b[:H], 0.0)
    np.testing.assert_array_equal(model.b[2 * H :], 0.0)
    # orthogonal recurrent init of the whole (H, 4H) matrix: its rows are orthonormal
    np.testing.assert_allclose(model.Wh @ model.Wh.T, np.eye(H), atol=1e-12)


def test_lstm_forward_matches_the_equations():
    H = 4
    model = nn.LSTM(3, H, 2, rng=rng(), forget_bias=1.0)
    X = rng(1).normal(size=(5, 2, 3))
    h0, c0 = rng(2).normal(size=(2, H)), rng(3).normal(size=(2, H))
    Y = model.forward(X, h0, c0)
    assert Y.shape == (5, 2, 2)
    assert model.hs.shape == model.cs.shape == (6, 2, H) and model.gates.shape == (5, 2, 4 * H)
    np.testing.assert_array_equal(model.hs[0], h0)
    np.testing.assert_array_equal(model.cs[0], c0)
    for t in range(5):
        a = X[t] @ model.Wx + model.hs[t] @ model.Wh + model.b
        i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 3 * H :])
        g = np.tanh(a[:, 2 * H : 3 * H])
        np.testing.assert_allclose(model.gates[t], np.concatenate([i, f, g, o], axis=1), rtol=1e-14)
        np.testing.assert_allclose(model.cs[t + 1], f * model.cs[t] + i * g, rtol=1e-13)
        np.testing.assert_allclose(model.hs[t + 1], o * np.tanh(model.cs[t + 1]), rtol=1e-13)
        np.testing.assert_allclose(Y[t], model.hs[t + 1] @ model.Wy + model.by, rtol=1e-13)


def test_lstm_gradients():
    model = nn.LSTM(3, 4, 2, rng=rng(1), forget_bias=1.0)
    model.b[...] += rng(8).normal(scale=0.2, size=16)
    model.by[...] = -0.2
    X = rng(2).normal(size=(5, 3, 3))
    h0 = rng(3).normal(scale=0.5, size=(3, 4))
    c0 = rng(4).normal(scale=0.5, size=(3, 4))
    R = rng(5).normal(size=(5, 3, 2))
    R[1] = 0.0
    check_all_gradients(model, X, R, forward_kwargs={"h0": h0, "c0": c0})
    np.testing.assert_array_equal(model.grad_hs[0], model.grad_h0)
    np.testing.assert_array_equal(model.grad_cs[0], model.grad_c0)


def test_lstm_copy_and_repr():
    model = nn.LSTM(3, 4, 2, rng=rng())
    clone = model.copy()
    assert clone.params[0] is clone.Wx and clone.Wx is not model.Wx
    text = repr(model)
    assert text.startswith("LSTM(n_in=3, n_hidden=4, n_out=2") and "forget_bias=1.0" in text
    assert "0x" not in text


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(n_hidden=0), ValueError, r"n_hidden must be >= 1"),
        (dict(init="nope"), ValueError, r"init must be a callable or one of"),
        (dict(recurrent_init=None), ValueError, r"recurrent_init must be a callable or one of"),
        (dict(forget_bias="1"), TypeError, r"forget_bias must be a real number"),
        (dict(rng=np.random.RandomState(0)), TypeError, r"rng must be a numpy.random.Generator"),
    ],
)
def test_lstm_invalid_arguments(kwargs, error, pattern):
    args = dict(n_in=3, n_hidden=4, n_out=2, rng=rng())
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        nn.LSTM(**args)


def test_lstm_invalid_forward_and_backward():
    model = nn.LSTM(3, 4, 2, rng=rng())
    with pytest.raises(RuntimeError, match="call forward"):
        model.backward(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"X must have shape \(T, batch, 3\)"):
        model.forward(np.zeros((2, 2, 4)))
    with pytest.raises(ValueError, match=r"c0 must have shape \(batch, n_hidden\) = \(2, 4\)"):
        model.forward(np.zeros((2, 2, 3)), c0=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"h0 must have shape"):
        model.forward(np.zeros((2, 2, 3)), h0=np.zeros(4))
    model.forward(np.zeros((2, 2, 3)))
    with pytest.raises(ValueError, match=r"grad_Y must have the shape"):
        model.backward(np.zeros((2, 2)))
