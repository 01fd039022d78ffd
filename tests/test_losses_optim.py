"""Losses (values, gradients, stability), optimizers against hand computations, clipping, and train().

Loss gradients are compared with central differences (eps = 1e-6, float64) over every entry of the
prediction, requiring a relative error < 1e-6 (a correct gradient gives ~1e-9; a wrong factor gives >= 1e-1).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from initedu import losses, nn, optim

EPS = 1e-6


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def numerical_grad(loss_fn, pred: np.ndarray, y) -> np.ndarray:
    grad = np.zeros_like(pred)
    for idx in np.ndindex(pred.shape):
        old = pred[idx]
        pred[idx] = old + EPS
        f_plus = loss_fn(pred, y)[0]
        pred[idx] = old - EPS
        f_minus = loss_fn(pred, y)[0]
        pred[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * EPS)
    return grad


# --- losses: gradients --------------------------------------------------------------------------------------

r = rng(0)
GRADIENT_CASES = {
    "mse": (losses.mse, r.normal(size=(5, 3)), r.normal(size=(5, 3))),
    "mse_column_target": (losses.mse, r.normal(size=(6, 1)), r.normal(size=6)),
    "bce_hard": (losses.binary_cross_entropy, 2 * r.normal(size=(6, 2)), r.integers(0, 2, size=(6, 2))),
    "bce_soft": (losses.binary_cross_entropy, 2 * r.normal(size=(7, 1)), r.uniform(size=7)),
    "softmax_ce": (losses.softmax_cross_entropy, 2 * r.normal(size=(6, 4)), r.integers(0, 4, size=6)),
    "softmax_ce_sequence": (
        losses.softmax_cross_entropy, r.normal(size=(3, 2, 4)), r.integers(0, 4, size=(3, 2))
    ),
    "gaussian_nll": (losses.gaussian_nll, r.normal(size=(6, 2)), r.normal(size=6)),
    "gaussian_nll_column_target": (losses.gaussian_nll, r.normal(size=(5, 2)), r.normal(size=(5, 1))),
}


@pytest.mark.parametrize("case", list(GRADIENT_CASES))
def test_loss_gradient_matches_central_difference(case):
    fn, pred, y = GRADIENT_CASES[case]
    pred = pred.copy()
    value, grad = fn(pred, y)
    assert isinstance(value, float)
    assert grad.shape == pred.shape
    err = rel_error(grad, numerical_grad(fn, pred, y))
    assert err < 1e-6, f"relative error {err:.2e}"


def test_losses_dict():
    assert losses.LOSSES == {
        "mse": losses.mse,
        "binary_cross_entropy": losses.binary_cross_entropy,
        "softmax_cross_entropy": losses.softmax_cross_entropy,
        "gaussian_nll": losses.gaussian_nll,
    }


# --- losses: values -----------------------------------------------------------------------------------------


def test_mse_value_is_plain_mean_of_squares():
    value, grad = losses.mse(np.array([[1.0], [3.0]]), np.array([0.0, 1.0]))
    assert value == pytest.approx((1 + 4) / 2, rel=1e-15)
    np.testing.assert_allclose(grad, [[1.0], [2.0]])  # 2 (pred - y) / n


def test_bce_value_matches_probability_form():
    z = np.array([-3.0, -0.5, 0.0, 0.7, 4.0])
    y = np.array([0.0, 1.0, 1.0, 0.0, 0.3])
    p = 1 / (1 + np.exp(-z))
    expected = np.mean(-y * np.log(p) - (1 - y) * np.log(1 - p))
    assert losses.binary_cross_entropy(z, y)[0] == pytest.approx(expected, rel=1e-13)


def test_softmax_cross_entropy_value():
    z = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, -1.0]])
    y = np.array([2, 0])
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    expected = -np.mean(np.log(p[[0, 1], y]))
    assert losses.softmax_cross_entropy(z, y)[0] == pytest.approx(expected, rel=1e-14)
    # labels given as whole floats are accepted
    assert losses.softmax_cross_entropy(z, y.astype(float))[0] == pytest.approx(expected, rel=1e-14)


def test_gaussian_nll_value_is_the_normal_log_density():
    out = np.array([[0.5, math.log(4.0)], [-1.0, 0.0]])
    y = np.array([1.5, 0.0])
    # -log N(y; mu, sigma^2) = 0.5 log(2 pi sigma^2) + (y - mu)^2 / (2 sigma^2)
    nll = [0.5 * math.log(2 * math.pi * 4.0) + 1.0 / 8.0, 0.5 * math.log(2 * math.pi) + 0.5]
    assert losses.gaussian_nll(out, y)[0] == pytest.approx(np.mean(nll), rel=1e-14)


def test_losses_are_stable_for_extreme_logits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z, y = np.array([1000.0, -1000.0, 1000.0]), np.array([1.0, 1.0, 0.0])
        value, grad = losses.binary_cross_entropy(z, y)
        assert value == pytest.approx((0 + 1000 + 1000) / 3, rel=1e-12)
        np.testing.assert_allclose(grad, [0.0, -1 / 3, 1 / 3])
        value, grad = losses.softmax_cross_entropy(np.array([[1000.0, 0.0, -1000.0]]), np.array([1]))
        assert value == pytest.approx(1000.0, rel=1e-12)
        np.testing.assert_allclose(grad, [[1.0, -1.0, 0.0]], atol=1e-300)
        np.testing.assert_array_equal(losses.sigmoid(np.array([-1e5, 1e5])), [0.0, 1.0])
        s = losses.softmax(np.array([[1e4, 1e4 - math.log(3)]]))
        np.testing.assert_allclose(s, [[0.75, 0.25]], rtol=1e-12)
        np.testing.assert_array_equal(losses.logit(np.array([0.0, 1.0])), [-np.inf, np.inf])


def test_logit_inverts_sigmoid():
    z = np.linspace(-10, 10, 41)  # beyond that, 1 - sigmoid(z) itself has lost digits
    np.testing.assert_allclose(losses.logit(losses.sigmoid(z)), z, rtol=1e-10, atol=1e-12)
    assert losses.logit(0.25) == pytest.approx(math.log(1 / 3), rel=1e-15)


Z = np.zeros
INVALID_LOSS_CALLS = [
    (losses.mse, Z((4, 3)), Z(4), ValueError, r"y must have the shape of pred \(4, 3\)"),
    (losses.mse, Z((0, 1)), Z(0), ValueError, r"pred must not be empty"),
    (losses.mse, "abc", Z(3), TypeError, r"pred must be an array of numbers"),
    (losses.binary_cross_entropy, Z(3), np.array([0, 1, 2]), ValueError, r"y must be in \[0, 1\]"),
    (losses.binary_cross_entropy, Z((3, 2)), Z(3), ValueError, r"y must have the shape of logits"),
    (losses.softmax_cross_entropy, Z(3), Z(3), ValueError, r"logits must have shape \(batch, n_classes\)"),
    (losses.softmax_cross_entropy, Z((2, 3)), [0.5, 1], TypeError, r"y must hold integer class labels"),
    (losses.softmax_cross_entropy, Z((2, 3)), [0, 3], ValueError, r"y must hold class labels in \[0, 2\]"),
    (losses.softmax_cross_entropy, Z((2, 3)), [0, 1, 2], ValueError, r"y must have shape \(2,\)"),
    (losses.gaussian_nll, Z((4, 3)), Z(4), ValueError, r"out must have shape \(batch, 2\)"),
    (losses.gaussian_nll, Z((4, 2)), Z(3), ValueError, r"y must have shape \(4,\)"),
]


@pytest.mark.parametrize("fn, pred, y, error, pattern", INVALID_LOSS_CALLS)
def test_loss_invalid_arguments(fn, pred, y, error, pattern):
    with pytest.raises(error, match=pattern):
        fn(pred, y)


def test_logit_invalid_argument():
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\]"):
        losses.logit(np.array([0.5, 1.5]))


# --- optimizers ---------------------------------------------------------------------------------------------


def test_sgd_step():
    p = [np.array([1.0, 2.0]), np.array([[3.0]])]
    optim.SGD(0.1).step(p, [np.array([0.5, -1.0]), np.array([[2.0]])])
    np.testing.assert_allclose(p[0], [0.95, 2.1], rtol=1e-15)
    np.testing.assert_allclose(p[1], [[2.8]], rtol=1e-15)


def test_momentum_two_steps_by_hand():
    p = np.array([1.0])
    opt = optim.Momentum(0.1, beta=0.9)
    opt.step([p], [np.array([2.0])])  # v = -0.1 * 2 = -0.2
    np.testing.assert_allclose(p, [0.8], rtol=1e-15)
    opt.step([p], [np.array([-1.0])])  # v = 0.9 * -0.2 + 0.1 = -0.08
    np.testing.assert_allclose(p, [0.72], rtol=1e-14)


def test_adam_two_steps_by_hand():
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    p = np.array([1.0, -2.0])
    opt = optim.Adam(lr)
    # step 1: m = 0.1 g, v = 0.001 g^2, m_hat = g, v_hat = g^2 -> p -= lr * g / (|g| + eps)
    opt.step([p], [np.array([0.5, -3.0])])
    np.testing.assert_allclose(p, [1.0 - lr * 0.5 / (0.5 + eps), -2.0 + lr * 3.0 / (3.0 + eps)], rtol=1e-15)
    # step 2 for the first entry, written out: g1 = 0.5, g2 = 0.1
    m = b1 * (1 - b1) * 0.5 + (1 - b1) * 0.1  # 0.055
    v = b2 * (1 - b2) * 0.25 + (1 - b2) * 0.01  # 0.00025975
    expected = p[0] - lr * (m / (1 - b1**2)) / (math.sqrt(v / (1 - b2**2)) + eps)
    opt.step([p], [np.array([0.1, 1.0])])
    assert m == pytest.approx(0.055, rel=1e-14) and v == pytest.approx(0.00025975, rel=1e-12)
    assert p[0] == pytest.approx(expected, rel=1e-14)
    assert p[0] == pytest.approx(0.99 - 0.0080304, abs=1e-7)  # the number by hand, to 7 digits
    assert opt.t == 2


def test_optimizer_state_is_per_position_and_checked():
    opt = optim.Momentum(1.0, beta=0.5)
    a, b = np.zeros(2), np.zeros(3)
    opt.step([a, b], [np.ones(2), 2 * np.ones(3)])
    opt.step([a, b], [np.ones(2), 2 * np.ones(3)])
    np.testing.assert_allclose(a, -1.0 - 1.5)
    np.testing.assert_allclose(b, -2.0 - 3.0)
    with pytest.raises(ValueError, match=r"params\[0\] has shape \(3,\) but this optimizer's state"):
        opt.step([np.zeros(3)], [np.zeros(3)])


@pytest.mark.parametrize(
    "make, error, pattern",
    [
        (lambda: optim.SGD(0.0), ValueError, r"lr must be > 0.0, got 0.0"),
        (lambda: optim.SGD("0.1"), TypeError, r"lr must be a real number"),
        (lambda: optim.Momentum(0.1, beta=1.0), ValueError, r"beta must be in \[0, 1\), got 1.0"),
        (lambda: optim.Momentum(0.1, beta=-0.1), ValueError, r"beta must be >= 0.0"),
        (lambda: optim.Adam(beta1=1.0), ValueError, r"beta1 must be in \[0, 1\)"),
        (lambda: optim.Adam(beta2=2.0), ValueError, r"beta2 must be in \[0, 1\)"),
        (lambda: optim.Adam(eps=0.0), ValueError, r"eps must be > 0.0"),
        (lambda: optim.Adam(lr=float("inf")), ValueError, r"lr must be finite"),
    ],
)
def test_optimizer_invalid_arguments(make, error, pattern):
    with pytest.raises(error, match=pattern):
        make()


@pytest.mark.parametrize(
    "params, grads, error, pattern",
    [
        ([np.zeros(2)], [np.zeros(2), np.zeros(2)], ValueError, r"grads must have one array per parameter"),
        ([np.zeros(2)], [np.zeros(3)], ValueError, r"grads\[0\] must have the shape of params\[0\] \(2,\)"),
        ([np.zeros(2, dtype=int)], [np.zeros(2)], TypeError, r"params\[0\] must be a float array"),
        ([[0.0, 1.0]], [np.zeros(2)], TypeError, r"params\[0\] must be a numpy array"),
        (np.zeros(2), [np.zeros(2)], TypeError, r"params must be a list"),
    ],
)
def test_optimizer_step_invalid_arguments(params, grads, error, pattern):
    for opt in (optim.SGD(0.1), optim.Momentum(0.1), optim.Adam()):
        with pytest.raises(error, match=pattern):
            opt.step(params, grads)


def test_optimizer_repr():
    assert repr(optim.Adam(0.01)) == "Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)"
    assert repr(optim.Momentum(0.1)) == "Momentum(lr=0.1, beta=0.9)"


# --- clipping -----------------------------------------------------------------------------------------------


def test_clip_by_global_norm():
    grads = [np.array([3.0]), np.array([[0.0, 4.0]])]
    clipped, norm = optim.clip_by_global_norm(grads, 1.0)
    assert norm == 5.0
    np.testing.assert_allclose(clipped[0], [0.6], rtol=1e-15)
    np.testing.assert_allclose(clipped[1], [[0.0, 0.8]], rtol=1e-15)
    np.testing.assert_array_equal(grads[0], [3.0])  # inputs unchanged
    np.testing.assert_array_equal(grads[1], [[0.0, 4.0]])
    same, norm = optim.clip_by_global_norm(grads, 10.0)
    assert norm == 5.0
    assert same[0] is not grads[0]
    np.testing.assert_array_equal(same[1], grads[1])
    zeros, norm = optim.clip_by_global_norm([np.zeros(3)], 1.0)
    assert norm == 0.0
    np.testing.assert_array_equal(zeros[0], 0.0)


def test_clip_invalid_arguments():
    with pytest.raises(ValueError, match=r"max_norm must be > 0.0, got 0.0"):
        optim.clip_by_global_norm([np.ones(2)], 0.0)
    with pytest.raises(TypeError, match=r"grads must be a list"):
        optim.clip_by_global_norm(np.ones(2), 1.0)


# --- train --------------------------------------------------------------------------------------------------


def linear_problem(n: int = 200):
    g = rng(10)
    X = g.normal(size=(n, 3))
    A = g.normal(size=(3, 1))
    return X, X @ A + 0.5


def test_train_fits_a_linear_map_and_records_history():
    X, y = linear_problem()
    model = nn.MLP([3, 1], rng=rng(1))
    history = optim.train(model, "mse", X, y, optimizer=optim.SGD(0.1), steps=100)
    assert history.loss.shape == (100,)
    assert history.grad_norms.shape == history.update_ratios.shape == (100, 2)
    assert history.param_names == ["W1", "b1"]
    assert history.diverged_at is None
    assert history.val_loss.size == 0 and history.val_steps.size == 0
    assert history.loss[-1] < 1e-6 * history.loss[0]  # full-batch GD on a well-conditioned least squares
    assert np.all(np.diff(history.loss) < 0)
    # b1 has one entry: std(param) = 0 -> nan, quietly
    assert np.all(np.isnan(history.update_ratios[:, 1]))
    assert np.all(np.isfinite(history.update_ratios[:, 0]))


def test_train_first_step_records_what_a_manual_step_gives():
    X, y = linear_problem(50)
    model = nn.MLP([3, 4, 2], rng=rng(1), bias_init=[0.0, 0.1])
    y2 = np.hstack([y, -y])
    reference = model.copy()
    history = optim.train(model, "mse", X, y2, optimizer=optim.SGD(0.05), steps=1)
    value, dpred = losses.mse(reference.forward(X), y2)
    reference.backward(dpred)
    assert history.loss[0] == value
    expected_norms = [np.linalg.norm(g) for g in reference.grads]
    np.testing.assert_allclose(history.grad_norms[0], expected_norms, rtol=1e-14)
    for k, (p, g) in enumerate(zip(reference.params, reference.grads, strict=True)):
        expected = np.nan if np.std(p) == 0 else np.std(0.05 * g) / np.std(p)
        np.testing.assert_allclose(history.update_ratios[0, k], expected, rtol=1e-10)
        np.testing.assert_allclose(model.params[k], p - 0.05 * g, rtol=1e-14)
    # constant biases have std 0 -> nan; the weights' ratios are finite
    assert np.all(np.isnan(history.update_ratios[0, [1, 3]]))
    assert np.all(np.isfinite(history.update_ratios[0, [0, 2]]))


def test_train_minibatches_and_validation():
    X, y = linear_problem()
    model = nn.MLP([3, 16, 1], rng=rng(1))
    history = optim.train(
        model, "mse", X[:150], y[:150], optimizer=optim.Adam(0.02), steps=300, batch_size=32, rng=rng(2),
        X_val=X[150:], y_val=y[150:], record_every=50,
    )
    np.testing.assert_array_equal(history.val_steps, [0, 50, 100, 150, 200, 250, 300])
    assert history.val_loss.shape == (7,)
    assert history.val_loss[-1] < 0.05 * history.val_loss[0]
    assert history.val_loss[-1] == pytest.approx(losses.mse(model.forward(X[150:]), y[150:])[0], rel=1e-14)
    # same rng seed -> same minibatches -> same run
    again = optim.train(
        nn.MLP([3, 16, 1], rng=rng(1)), "mse", X[:150], y[:150], optimizer=optim.Adam(0.02), steps=300,
        batch_size=32, rng=rng(2),
    )
    np.testing.assert_array_equal(again.loss, history.loss)


def test_train_classification_with_integer_labels_and_callable_loss():
    g = rng(3)
    labels = g.integers(0, 3, size=150)
    X = np.array([[2.0, 0.0], [-2.0, 0.0], [0.0, 2.5]])[labels] + 0.7 * g.normal(size=(150, 2))
    model = nn.MLP([2, 8, 3], rng=rng(1))
    loss = losses.softmax_cross_entropy
    history = optim.train(model, loss, X, labels, optimizer=optim.Adam(0.05), steps=100)
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert np.mean(model.forward(X).argmax(axis=1) == labels) > 0.95


def test_train_clip_limits_the_update():
    X, y = linear_problem(50)
    model = nn.MLP([3, 5, 1], rng=rng(1))
    before = [p.copy() for p in model.params]
    history = optim.train(model, "mse", X, 100 * y, optimizer=optim.SGD(1.0), steps=1, clip=1e-3)
    assert np.sqrt(np.sum(history.grad_norms[0] ** 2)) > 1.0  # the raw gradient is recorded, before clipping
    step_norm = np.sqrt(sum(np.sum((p - b) ** 2) for p, b in zip(model.params, before, strict=True)))
    assert step_norm == pytest.approx(1e-3, rel=1e-10)


@pytest.mark.parametrize("model_class", [nn.TanhRNN, nn.LSTM])
def test_train_sequence_models(model_class):
    # y_t = x_{t-1}[0]: needs one step of memory. Minibatches are drawn along axis 1 (the batch axis).
    g = rng(4)
    X = g.normal(size=(6, 64, 2))
    y = np.zeros((6, 64, 1))
    y[1:, :, 0] = X[:-1, :, 0]
    model = model_class(2, 8, 1, rng=rng(1))
    history = optim.train(model, "mse", X, y, optimizer=optim.Adam(0.03), steps=200, batch_size=16,
                          rng=rng(5))
    assert history.grad_norms.shape == (200, 5)
    assert losses.mse(model.forward(X), y)[0] < 0.05 * history.loss[0]


def test_train_divergence_stops_quietly():
    X, y = linear_problem()
    model = nn.MLP([3, 8, 1], "linear", rng=rng(1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = optim.train(model, "mse", X, y, optimizer=optim.SGD(10.0), steps=500, X_val=X, y_val=y)
    k = history.diverged_at
    assert k is not None and 0 < k < 500
    assert history.loss.shape == (k + 1,)
    assert not np.isfinite(history.loss[k]) and np.all(np.isfinite(history.loss[:k]))
    assert history.loss[k - 1] > 1e6 * history.loss[0]
    assert history.grad_norms.shape == history.update_ratios.shape == (k + 1, 4)
    assert np.all(np.isnan(history.grad_norms[k])) and np.all(np.isnan(history.update_ratios[k]))
    np.testing.assert_array_equal(history.val_steps, np.arange(k + 1))


def test_train_without_divergence_leaves_diverged_at_none():
    X, y = linear_problem()
    history = optim.train(nn.MLP([3, 1], rng=rng(1)), "mse", X, y, optimizer=optim.SGD(0.01), steps=5)
    assert history.diverged_at is None and np.all(np.isfinite(history.loss))


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(loss="cross_entropy"), ValueError, r"loss must be one of .*'mse'.*got 'cross_entropy'"),
        (dict(loss=3), TypeError, r"loss must be a name in"),
        (dict(optimizer=None), TypeError, r"optimizer must have a step"),
        (dict(steps=0), ValueError, r"steps must be >= 1, got 0"),
        (dict(steps=2.0), TypeError, r"steps must be an integer"),
        (dict(batch_size=8), ValueError, r"rng must be a numpy.random.Generator when batch_size is given"),
        (dict(batch_size=8, rng=0), TypeError, r"rng must be a numpy.random.Generator"),
        (dict(batch_size=21, rng=rng()), ValueError, r"batch_size must be <= 20, got 21"),
        (dict(batch_size=0, rng=rng()), ValueError, r"batch_size must be >= 1"),
        (dict(X_val=np.zeros((3, 3))), ValueError, r"X_val and y_val must be given together"),
        (dict(clip=0.0), ValueError, r"clip must be > 0.0"),
        (dict(record_every=0), ValueError, r"record_every must be >= 1"),
        (dict(y=np.zeros((19, 1))), ValueError, r"X and y must have the same number of examples along axis"),
        (dict(model=object()), TypeError, r"model must have forward, backward, params and grads"),
    ],
)
def test_train_invalid_arguments(kwargs, error, pattern):
    args = dict(model=nn.MLP([3, 1], rng=rng()), loss="mse", X=np.zeros((20, 3)), y=np.zeros((20, 1)),
                optimizer=optim.SGD(0.1), steps=3)
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        optim.train(args.pop("model"), args.pop("loss"), args.pop("X"), args.pop("y"), **args)
