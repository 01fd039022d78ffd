r"""Scale of the initial weights (notebook 02): exploding and vanishing signals, chaos in RNNs, clipping, and the
initial point as a prior.

* :func:`repeated_product` — a fixed n×n matrix applied again and again: N(0, 1) entries multiply the norm by about
  √n per step until float32/float64 overflows; scaled by 1/√n the norm stays near 1.
* :func:`propagation` — a deep stack of random layers W ~ N(0, σ²/n): per-layer activation and back-propagated
  gradient std, saturation and dead-ReLU fractions (Glorot & Bengio 2010).
* :func:`rnn_divergence`, :func:`lyapunov_curve` — the random tanh recurrence h ← tanh(g h W), W ~ N(0, 1/N):
  order for g < 1, chaos for g > 1 (Sompolinsky, Crisanti & Sommers 1988).
* :func:`clipping_step` — one SGD step of a tanh RNN with and without gradient clipping (Pascanu et al. 2013).
* :func:`early_stopping_path`, :func:`ridge_from` — gradient descent with early stopping from θ0 behaves like
  weight decay centred at θ0 (Goodfellow et al. 2016, section 7.8).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from . import data, losses, nn, optim
from ._validate import check_array, check_choice, check_float, check_int
from .stats import lyapunov_exponent

__all__ = [
    "ACTS",
    "clipping_step",
    "early_stopping_path",
    "lyapunov_curve",
    "propagation",
    "repeated_product",
    "ridge_from",
    "rnn_divergence",
]

ACTS = ("tanh", "relu", "linear")
WIDTH = 64
BATCH = 64
MAX_DEPTH = 50
HIST_EDGES = np.linspace(-3.0, 3.0, 49)
RNN_N = 500


# ------------------------------------------------------------------------------------ repeated matrix product


def repeated_product(n: int = 512, steps: int = 300, *, dtype: str = "float64", scaled: bool = False,
                     seed: int = 0) -> dict[str, Any]:
    r"""Apply one fixed matrix W with N(0, 1) entries (or N(0, 1/n) if ``scaled``) to a vector, ``steps`` times.

    .. math:: h_k = h_{k-1} W, \qquad \lVert h_k \rVert \approx \rho(W)^k \lVert h_0 \rVert, \quad
              \rho(W) \approx \sqrt{n} \ (\text{circular law})

    Runs in ``dtype`` under ``np.errstate`` (the overflow is the result, not a warning).

    Returns
    -------
    dict
        ``norm_ratio`` (steps,): ‖h_k‖ / ‖h_0‖ computed in float64 from the ``dtype`` values (inf after the
        overflow); ``overflow_at``: first step k whose vector is not finite, or ``None``;
        ``growth``: geometric mean growth per step over the finite steps.
    """
    n = check_int(n, "n", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    check_choice(dtype, "dtype", ("float32", "float64"))
    check_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n, n))
    if scaled:
        W = W / math.sqrt(n)
    h = rng.standard_normal(n).astype(dtype)
    A = W.astype(dtype)
    n0 = float(np.linalg.norm(h.astype(np.float64)))
    ratio = np.full(steps, np.inf)
    overflow_at = None
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps):
            h = h @ A
            if not np.all(np.isfinite(h)):
                overflow_at = k + 1
                break
            hv = h.astype(np.float64)
            m = float(np.max(np.abs(hv)))
            ratio[k] = m * float(np.linalg.norm(hv / m)) / n0 if m > 0 else 0.0
    finite = ratio[np.isfinite(ratio)]
    growth = float(finite[-1] ** (1.0 / finite.size)) if finite.size else math.nan
    return {"norm_ratio": ratio, "overflow_at": overflow_at, "growth": growth}


# ------------------------------------------------------------------------------------- deep signal propagation


@functools.cache
def _draws(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((BATCH, WIDTH))
    ws = rng.standard_normal((MAX_DEPTH, WIDTH, WIDTH))
    g_out = rng.standard_normal((BATCH, WIDTH))
    for a in (x, ws, g_out):
        a.flags.writeable = False
    return x, ws, g_out


def propagation(sigma: float, depth: int, activation: str, *, seed: int = 0) -> dict[str, Any]:
    r"""Forward and backward pass through ``depth`` random layers of width 64, W ~ N(0, σ²/n), no biases.

    .. math:: h_l = \phi(h_{l-1} W_l), \qquad
              g_{l-1} = (g_l \odot \phi'(h_{l-1} W_l))\, W_l^\top

    The backward pass starts from a standard-normal gradient at the last layer. For a linear network
    :math:`\operatorname{Var}(h_l) = (n \operatorname{Var}(W))^l \operatorname{Var}(x)` and likewise for the
    gradients going down (Glorot & Bengio 2010): geometric in depth unless n·Var(W) = σ² = 1.

    Returns per-layer ``act_std`` and ``grad_std`` (index l = layer l+1; ``grad_std[l]`` is the std of the
    gradient with respect to the *input* of layer l+1), the histogram of the last layer's activations on
    :data:`HIST_EDGES` (values beyond ±3 counted in the edge bins), the tanh saturated fraction (|h| > 0.97)
    and the dead-ReLU fraction (units never positive on the batch) over all layers, and ``overflow``.
    """
    sigma = check_float(sigma, "sigma", minimum=0.0, strict_min=True)
    depth = check_int(depth, "depth", minimum=1, maximum=MAX_DEPTH)
    check_choice(activation, "activation", ACTS)
    x, ws, g_out = _draws(check_int(seed, "seed", minimum=0))
    act = nn.ACTIVATIONS[activation]
    scale = sigma / math.sqrt(WIDTH)
    h = x
    zs, act_std = [], np.full(depth, np.inf)
    sat = dead = 0.0
    overflow = False
    with np.errstate(over="ignore", invalid="ignore"):
        for layer in range(depth):
            z = (h @ ws[layer]) * scale
            h = act.f(z)
            if not np.all(np.isfinite(h)):
                overflow = True
                break
            zs.append(z)
            act_std[layer] = float(np.std(h)) if np.max(np.abs(h)) < 1e150 else np.inf
            sat += float(np.mean(np.abs(h) > 0.97)) if activation == "tanh" else 0.0
            dead += float(np.mean(np.all(z <= 0.0, axis=0))) if activation == "relu" else 0.0
        grad_std = np.full(depth, np.nan)
        if not overflow:
            g = g_out
            for layer in reversed(range(depth)):
                g = ((g * act.df(zs[layer])) @ ws[layer].T) * scale
                if not np.all(np.isfinite(g)) or np.max(np.abs(g)) > 1e150:
                    break
                grad_std[layer] = float(np.std(g))
    counts, _ = np.histogram(np.clip(h, -3.0, 3.0) if not overflow else np.zeros(1), bins=HIST_EDGES)
    return {
        "layers": np.arange(1, depth + 1),
        "act_std": act_std,
        "grad_std": grad_std,
        "hist": counts / max(counts.sum(), 1),
        "saturated": sat / depth,
        "dead": dead / depth,
        "overflow": overflow,
    }


# ------------------------------------------------------------------------------------------------ RNN chaos


@functools.cache
def _rnn_draws(seed: int, n: int = RNN_N) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    W = rng.normal(0.0, 1.0 / math.sqrt(n), (n, n))
    h0 = rng.standard_normal(n)
    u = rng.standard_normal(n)
    u /= np.linalg.norm(u)
    for a in (W, h0, u):
        a.flags.writeable = False
    return W, h0, u


def rnn_divergence(g: float, *, steps: int = 60, delta: float = 1e-6, seed: int = 0) -> dict[str, np.ndarray]:
    r"""Two trajectories of :math:`h_{t+1} = \tanh(g\, h_t W)`, W ~ N(0, 1/N), N = 500, started ``delta`` apart.

    Returns ``distance`` (steps + 1,): ‖h_t − h'_t‖ and ``rms`` (steps + 1,): the root-mean-square activity
    √(mean h_t²) of the first trajectory. For g < 1 both go to 0 (and the distance with them); for g > 1 the
    activity stays finite and the distance grows until it is as large as the states themselves.
    """
    g = check_float(g, "g", minimum=0.0, strict_min=True)
    steps = check_int(steps, "steps", minimum=1)
    delta = check_float(delta, "delta", minimum=0.0, strict_min=True)
    W, h0, u = _rnn_draws(check_int(seed, "seed", minimum=0))
    A = g * W
    h, p = h0.copy(), h0 + delta * u
    dist, rms = np.empty(steps + 1), np.empty(steps + 1)
    for t in range(steps + 1):
        dist[t] = float(np.linalg.norm(h - p))
        rms[t] = float(np.sqrt(np.mean(h * h)))
        h, p = np.tanh(h @ A), np.tanh(p @ A)
    return {"distance": dist, "rms": rms}


@functools.cache
def lyapunov_curve(gs: tuple[float, ...], *, steps: int = 300, burn_in: int = 100, seed: int = 0) -> np.ndarray:
    r"""Largest Lyapunov exponent λ(g) of h ← tanh(g h W), W ~ N(0, 1/N), N = 500, for each g in ``gs``.

    Uses :func:`initedu.stats.lyapunov_exponent` (Benettin's method) with the same W for every g and a
    generator seeded by ``seed + 1``. Theory (Sompolinsky, Crisanti & Sommers 1988): λ = log g < 0 for g < 1
    (the origin is stable), λ > 0 for g > 1 (chaos), crossing 0 at g = 1.
    """
    if not isinstance(gs, tuple) or not gs:
        raise TypeError(f"gs must be a non-empty tuple of floats (hashable, for the cache), got {gs!r}")
    W, _, _ = _rnn_draws(check_int(seed, "seed", minimum=0))
    out = np.array([lyapunov_exponent(W, check_float(g, "g", minimum=0.0, strict_min=True), steps,
                                      np.random.default_rng(seed + 1), burn_in=burn_in) for g in gs])
    out.flags.writeable = False
    return out


# ------------------------------------------------------------------------------------------ gradient clipping


def clipping_step(g: float = 3.0, *, lr: float = 0.01, max_norm: float = 1.0, hidden: int = 64, T: int = 50,
                  seed: int = 0) -> dict[str, float]:
    r"""One SGD step of a tanh RNN (recurrent weights g·N(0, 1/H)) on a delayed-copy task, clipped or not.

    Task: inputs x_t ~ N(0, 1) (batch 32), target y_t = x_{t-5} (0 for t < 5), mean squared error. The step is
    :math:`\theta \leftarrow \theta - \epsilon\, \hat g` with :math:`\hat g = g` (unclipped) or
    :math:`\hat g = g \min(1, c / \lVert g \rVert)` (clipped by global norm c, Pascanu, Mikolov & Bengio 2013).

    Returns the loss before, the global gradient norm, the step length ‖Δθ‖ and the loss after each step.
    """
    g = check_float(g, "g", minimum=0.0)
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    max_norm = check_float(max_norm, "max_norm", minimum=0.0, strict_min=True)
    hidden = check_int(hidden, "hidden", minimum=1)
    T = check_int(T, "T", minimum=6)
    rng = np.random.default_rng(check_int(seed, "seed", minimum=0))
    X = rng.standard_normal((T, 32, 1))
    Y = np.zeros_like(X)
    Y[5:] = X[:-5]
    model = nn.TanhRNN(1, hidden, 1, rng=rng,
                       recurrent_init=lambda shape, r: r.normal(0.0, 1.0 / math.sqrt(hidden), shape),
                       recurrent_gain=g)
    loss0, d = losses.mse(model.forward(X), Y)
    model.backward(d)
    clipped, norm = optim.clip_by_global_norm(model.grads, max_norm)
    out: dict[str, float] = {"loss_before": loss0, "grad_norm": norm}
    for name, grads in (("unclipped", [gr.copy() for gr in model.grads]), ("clipped", clipped)):
        m = model.copy()
        optim.SGD(lr).step(m.params, grads)
        out[f"step_{name}"] = lr * float(np.sqrt(sum(float(np.sum(gr * gr)) for gr in grads)))
        with np.errstate(over="ignore", invalid="ignore"):
            out[f"loss_{name}"] = losses.mse(m.forward(X), Y)[0]
    return out


# --------------------------------------------------------------------------------- the initial point as prior


@functools.cache
def regression_data(seed: int = 0, n_train: int = 20, n_test: int = 500, dim: int = 50,
                    noise: float = 0.1) -> tuple[np.ndarray, ...]:
    """An over-parameterized linear regression (more features than training examples), read-only arrays."""
    rng = np.random.default_rng(seed)
    X, y, w = data.linear_regression(n_train + n_test, rng, dim=dim, noise=noise)
    arrays = (X[:n_train], y[:n_train], X[n_train:], y[n_train:], w)
    for a in arrays:
        a.flags.writeable = False
    return arrays


def _hessian(X: np.ndarray) -> np.ndarray:
    return 2.0 * X.T @ X / X.shape[0]


def early_stopping_path(theta0: Any, *, steps: int = 2000, lr: float | None = None,
                        seed: int = 0) -> dict[str, np.ndarray]:
    r"""Full-batch gradient descent on :math:`J(\theta) = \frac1n \lVert X\theta - y \rVert^2` from ``theta0``.

    .. math:: \theta_{t+1} = \theta_t - \epsilon \nabla J(\theta_t), \qquad \epsilon = 1 / \lambda_{max}(H)
              \text{ by default}, \quad H = \tfrac{2}{n} X^\top X

    Returns ``thetas`` (steps + 1, d), ``dist`` ‖θ_t − θ0‖, ``train`` and ``test`` mean squared errors at
    every step, and the learning rate ``lr`` used.
    """
    Xtr, ytr, Xte, yte, _ = regression_data(check_int(seed, "seed", minimum=0))
    theta0 = check_array(theta0, "theta0", ndim=2)
    if theta0.shape != (Xtr.shape[1], 1):
        raise ValueError(f"theta0 must have shape ({Xtr.shape[1]}, 1), got {theta0.shape}")
    steps = check_int(steps, "steps", minimum=1)
    H = _hessian(Xtr)
    if lr is None:
        lr = 1.0 / float(np.linalg.eigvalsh(H)[-1])
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    theta = theta0.copy()
    thetas = np.empty((steps + 1, theta.shape[0]))
    for t in range(steps + 1):
        thetas[t] = theta[:, 0]
        if t < steps:
            theta = theta - lr * (2.0 / Xtr.shape[0]) * Xtr.T @ (Xtr @ theta - ytr)
    train = np.mean((thetas @ Xtr.T - ytr[:, 0]) ** 2, axis=1)
    test = np.mean((thetas @ Xte.T - yte[:, 0]) ** 2, axis=1)
    dist = np.linalg.norm(thetas - theta0[:, 0], axis=1)
    return {"thetas": thetas, "dist": dist, "train": train, "test": test, "lr": lr}


def ridge_from(theta0: Any, alpha: float, *, seed: int = 0) -> np.ndarray:
    r"""Weight decay centred at θ0: the minimizer of :math:`J(\theta) + \frac{\alpha}{2}\lVert\theta-\theta_0\rVert^2`.

    .. math:: \theta_\alpha = \theta_0 - (H + \alpha I)^{-1} \nabla J(\theta_0), \qquad H = \tfrac{2}{n} X^\top X

    With α ≈ 1/(tε) it approximates t steps of gradient descent with learning rate ε started at θ0
    (Goodfellow, Bengio & Courville 2016, section 7.8).
    """
    Xtr, ytr, _, _, _ = regression_data(check_int(seed, "seed", minimum=0))
    theta0 = check_array(theta0, "theta0", ndim=2)
    if theta0.shape != (Xtr.shape[1], 1):
        raise ValueError(f"theta0 must have shape ({Xtr.shape[1]}, 1), got {theta0.shape}")
    alpha = check_float(alpha, "alpha", minimum=0.0, strict_min=True)
    H = _hessian(Xtr)
    grad = (2.0 / Xtr.shape[0]) * Xtr.T @ (Xtr @ theta0 - ytr)
    return theta0 - np.linalg.solve(H + alpha * np.eye(H.shape[0]), grad)
