r"""Variance and precision parameters: how to initialize the predicted σ² of a Gaussian output (notebook 07).

A regression network that predicts a mean μ(x) and a log-variance s(x) = log σ²(x) is trained by the Gaussian
negative log-likelihood (:func:`initedu.losses.gaussian_nll`). Its output biases are extra parameters that
must be initialized. The convention sets the variance to 1 (s = 0). The chapter's alternative (Goodfellow,
Bengio & Courville 2016, section 8.4): with output weights small enough that the output is set by the biases,
put the mean's bias at the marginal mean of the training targets and the variance at their marginal variance;
the untrained model then *is* the best constant Gaussian, and its NLL is the marginal NLL

.. math:: \mathrm{NLL}_{\text{marg}} = \tfrac12\left(\log 2\pi + \log \operatorname{Var}(y) + 1\right).

The module also measures the related convention γ = 1, β = 0 of a normalization layer, and how a smaller γ on
the last layer makes the initial predictions less confident.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .data import sine_regression
from .losses import gaussian_nll, softmax, softmax_cross_entropy
from .nn import MLP
from .optim import Adam, train

__all__ = [
    "STRATEGIES",
    "first_gradient_norm",
    "initial_confidence",
    "marginal_nll",
    "nll_curve",
    "normalize_output",
    "regression_net",
    "steps_to",
]

#: Ways to initialize the two output biases (mean, log-variance):
#: ``"zero"`` (μ-bias 0, σ² = 1: every bias 0, the convention), ``"mean_only"`` (μ-bias = mean(y), σ² = 1),
#: ``"marginal"`` (μ-bias = mean(y), σ² = Var(y)), ``"value"`` (μ-bias = mean(y), σ² = a given value).
STRATEGIES = ("zero", "mean_only", "marginal", "value")

LOG_2PI = math.log(2.0 * math.pi)


def _targets(y: Any) -> np.ndarray:
    y = check_array(y, "y").reshape(-1)
    if y.size < 2:
        raise ValueError(f"y must hold at least 2 targets to have a variance, got {y.size}")
    return y


def marginal_nll(y: Any) -> float:
    r"""Gaussian NLL of the best constant prediction: μ = mean(y), σ² = Var(y) (population variance).

    .. math:: \tfrac1N\sum_i \tfrac12\left(\log 2\pi + \log\sigma^2 + (y_i-\mu)^2/\sigma^2\right)
              = \tfrac12\left(\log 2\pi + \log \operatorname{Var}(y) + 1\right)
    """
    y = _targets(y)
    var = float(y.var())
    if var <= 0:
        raise ValueError(f"y must not be constant (its variance is {var}), the marginal NLL is -inf")
    return 0.5 * (LOG_2PI + math.log(var) + 1.0)


def regression_net(
    y: Any,
    strategy: str,
    rng: np.random.Generator,
    *,
    hidden: int = 16,
    out_scale: float = 0.1,
    variance: float = 1.0,
) -> MLP:
    r"""A tanh MLP ``[1, hidden, hidden, 2]`` whose output is (mean, log-variance), with its output biases set.

    The output layer's Glorot weights are multiplied by ``out_scale`` (small: the output is then set by the
    biases, the chapter's assumption). The biases ``b = (b_μ, b_s)`` follow ``strategy`` (see
    :data:`STRATEGIES`): ``"zero"`` b = (0, 0); ``"mean_only"`` b = (ȳ, 0); ``"marginal"`` b = (ȳ, log Var(y));
    ``"value"`` b = (ȳ, log ``variance``).

    Parameters
    ----------
    y : array_like
        Training targets (only their mean and variance are used).
    strategy : str
        One of :data:`STRATEGIES`.
    rng : numpy.random.Generator
        Draws the weights.
    hidden : int, >= 1
        Width of the two hidden layers.
    out_scale : float, > 0
        Factor on the output layer's weights.
    variance : float, > 0
        Initial σ² for ``strategy="value"``.
    """
    y = _targets(y)
    strategy = check_choice(strategy, "strategy", STRATEGIES)
    check_rng(rng)
    hidden = check_int(hidden, "hidden", minimum=1)
    out_scale = check_float(out_scale, "out_scale", minimum=0.0, strict_min=True)
    variance = check_float(variance, "variance", minimum=0.0, strict_min=True)
    net = MLP([1, hidden, hidden, 2], "tanh", init="glorot_uniform", rng=rng)
    net.Ws[-1] *= out_scale
    if strategy != "zero":
        net.bs[-1][0] = y.mean()
    if strategy == "marginal":
        net.bs[-1][1] = math.log(float(y.var()))
    elif strategy == "value":
        net.bs[-1][1] = math.log(variance)
    return net


def first_gradient_norm(net: MLP, x: Any, y: Any) -> float:
    """Global L2 norm of the gradient of the Gaussian NLL at the current parameters (one forward/backward)."""
    _, dout = gaussian_nll(net.forward(x), y)
    net.backward(dout)
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in net.grads)))


def steps_to(curve: Any, threshold: float) -> int | None:
    """First step whose loss is <= ``threshold`` (``None`` if the curve never gets there)."""
    curve = check_array(curve, "curve", ndim=1)
    threshold = check_float(threshold, "threshold")
    hits = np.flatnonzero(curve <= threshold)
    return int(hits[0]) if hits.size else None


@functools.cache
def _curve(y_scale: float, strategy: str, variance: float, steps: int, lr: float, n: int, seed: int):
    rng = np.random.default_rng(seed)
    x, y = sine_regression(n, rng, y_scale=y_scale, y_shift=2.0 * y_scale)
    net = regression_net(y, strategy, rng, variance=variance)
    grad0 = first_gradient_norm(net, x, y)
    hist = train(net, "gaussian_nll", x, y, optimizer=Adam(lr), steps=steps)
    loss = np.full(steps, np.nan)
    loss[: hist.loss.size] = hist.loss
    loss.flags.writeable = False
    return loss, grad0, marginal_nll(y), float(y.mean()), float(y.std()), hist.diverged_at


def nll_curve(
    y_scale: float,
    strategy: str,
    *,
    variance: float = 1.0,
    steps: int = 300,
    lr: float = 0.01,
    n: int = 128,
    seed: int = 0,
) -> dict[str, Any]:
    r"""Train the mean/log-variance regressor on scaled sine targets and return its NLL curve (cached, pure).

    Targets: ``sine_regression(n, rng, y_scale=y_scale, y_shift=2·y_scale)`` (mean ≈ 2·y_scale, std ≈
    0.73·y_scale); network: :func:`regression_net` with ``strategy``; full-batch Adam(``lr``) for ``steps``
    steps; everything seeded by ``seed``, so two strategies see the same data and the same weights.

    Returns
    -------
    dict
        ``loss`` (steps,) training NLL before each update (NaN after a divergence), ``initial`` NLL,
        ``grad0`` first gradient norm, ``marginal`` NLL, ``y_mean``, ``y_std``, ``diverged_at``.
    """
    y_scale = check_float(y_scale, "y_scale", minimum=0.0, strict_min=True)
    strategy = check_choice(strategy, "strategy", STRATEGIES)
    variance = check_float(variance, "variance", minimum=0.0, strict_min=True)
    steps = check_int(steps, "steps", minimum=1)
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    n = check_int(n, "n", minimum=2)
    seed = check_int(seed, "seed", minimum=0)
    loss, grad0, marg, y_mean, y_std, diverged = _curve(y_scale, strategy, variance, steps, lr, n, seed)
    return {"loss": loss, "initial": float(loss[0]), "grad0": grad0, "marginal": marg, "y_mean": y_mean,
            "y_std": y_std, "diverged_at": diverged}


def normalize_output(z: Any, gamma: float = 1.0, beta: float = 0.0, eps: float = 1e-5) -> np.ndarray:
    r"""Layer normalization of each row, then scale γ and shift β (Ba, Kiros & Hinton 2016).

    .. math:: \hat z = \frac{z - \operatorname{mean}(z)}{\sqrt{\operatorname{Var}(z) + \epsilon}}, \qquad
              \text{out} = \gamma \hat z + \beta

    With γ = 1, β = 0 (the usual initialization) every row leaves with mean 0 and standard deviation ≈ 1.
    """
    z = check_array(z, "z", ndim=2)
    gamma = check_float(gamma, "gamma")
    beta = check_float(beta, "beta")
    eps = check_float(eps, "eps", minimum=0.0)
    mu = z.mean(axis=1, keepdims=True)
    var = z.var(axis=1, keepdims=True)
    return gamma * (z - mu) / np.sqrt(var + eps) + beta


def initial_confidence(
    gamma: float, rng: np.random.Generator, *, n: int = 2000, n_classes: int = 10, dim: int = 32, hidden: int = 64
) -> dict[str, float]:
    r"""Confidence of an untrained classifier whose logits pass through a normalization layer with scale γ.

    A tanh MLP ``[dim, hidden, n_classes]`` (Glorot) maps Gaussian inputs to raw logits; the logits are
    layer-normalized and scaled by γ (β = 0), then softmaxed. Labels are uniform at random (an untrained
    model knows nothing). For γ → 0 the prediction is uniform: max probability 1/K, cross-entropy log K.

    Returns
    -------
    dict
        ``max_prob`` mean largest probability, ``cross_entropy`` against random labels, ``log_k`` = log K,
        ``logit_std`` std of the normalized logits.
    """
    gamma = check_float(gamma, "gamma", minimum=0.0)
    check_rng(rng)
    n = check_int(n, "n", minimum=1)
    n_classes = check_int(n_classes, "n_classes", minimum=2)
    dim = check_int(dim, "dim", minimum=1)
    hidden = check_int(hidden, "hidden", minimum=1)
    net = MLP([dim, hidden, n_classes], "tanh", init="glorot_uniform", rng=rng)
    x = rng.standard_normal((n, dim))
    labels = rng.integers(0, n_classes, size=n)
    logits = normalize_output(net.forward(x), gamma=gamma)
    p = softmax(logits)
    ce, _ = softmax_cross_entropy(logits, labels)
    return {"max_prob": float(p.max(axis=1).mean()), "cross_entropy": ce, "log_k": math.log(n_classes),
            "logit_std": float(logits.std(axis=1).mean())}
