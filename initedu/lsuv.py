"""Sparse initialization, the initial scale as a hyperparameter, and LSUV (notebook 05).

* :func:`unit_input_variance` — Var(z) of a unit's total input under sparse and dense normalized init
  (Martens 2010);
* :func:`scaled_init` — dense or sparse initializers with the same per-unit input variance σ², so that the
  two can be searched over on one scale;
* :func:`maxout_win_shares` and :func:`steps_to_correct` — the costs of sparse init: large weights take
  gradient descent long to correct, and a maxout piece only learns on the examples it wins;
* :func:`random_search` — a small random search over (dense | sparse, σ) on a validation set;
* :func:`lsuv` — layer-sequential unit-variance initialization (Mishkin & Matas 2015).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .init import orthogonal, sparse
from .nn import ACTIVATIONS, MLP
from .optim import Momentum, train

__all__ = [
    "LSUVResult",
    "Trial",
    "lsuv",
    "maxout_win_shares",
    "random_search",
    "scaled_init",
    "steps_to_correct",
    "unit_input_variance",
]

KINDS = ("dense", "sparse")


def unit_input_variance(
    fan_in: int, rng: np.random.Generator, *, k: int = 15, n_units: int = 100, batch: int = 200
) -> dict[str, float]:
    r"""Measured variance of a unit's total input :math:`z = x^\top w` for x ~ N(0, I), sparse vs dense.

    * sparse (Martens 2010): ``min(k, m)`` nonzero N(0, 1) weights per unit, so
      :math:`\operatorname{Var}(z) = k` whatever the fan-in m;
    * dense normalized: every weight N(0, 1/m), so :math:`\operatorname{Var}(z) = 1` because each weight
      shrinks like :math:`1/\sqrt{m}`.

    Returns the measured ``var_sparse`` and ``var_dense`` (over units and examples), the mean absolute
    nonzero weight of each, and ``unit_cv_sparse``/``unit_cv_dense``: the coefficient of variation of the
    per-unit variance :math:`\|w_j\|^2` across units (how different the units are).
    """
    fan_in = check_int(fan_in, "fan_in", minimum=1)
    check_rng(rng)
    k = check_int(k, "k", minimum=1)
    n_units = check_int(n_units, "n_units", minimum=2)
    batch = check_int(batch, "batch", minimum=2)
    w_s = sparse((fan_in, n_units), rng, k=k)
    w_d = rng.normal(0.0, 1.0 / math.sqrt(fan_in), size=(fan_in, n_units))
    x = rng.standard_normal((batch, fan_in))
    unit_s, unit_d = (w_s * w_s).sum(axis=0), (w_d * w_d).sum(axis=0)
    return {
        "var_sparse": float((x @ w_s).var()),
        "var_dense": float((x @ w_d).var()),
        "abs_w_sparse": float(np.abs(w_s[w_s != 0]).mean()),
        "abs_w_dense": float(np.abs(w_d).mean()),
        "unit_cv_sparse": float(unit_s.std() / unit_s.mean()),
        "unit_cv_dense": float(unit_d.std() / unit_d.mean()),
    }


def scaled_init(kind: str, sigma: float, k: int = 15) -> Callable[[tuple[int, ...], np.ndarray], np.ndarray]:
    r"""An initializer ``f(shape, rng)`` giving every unit an input variance of σ² times that of its inputs.

    * ``"dense"``: :math:`W_{ij} \sim N(0, \sigma^2 / m)` with m the fan-in;
    * ``"sparse"``: ``min(k, m)`` nonzero weights per unit, each :math:`N(0, \sigma^2 / \min(k, m))`
      (Martens 2010 with its scale made explicit).

    With the same σ both give :math:`\operatorname{Var}(z) = \sigma^2\, \mathbb{E}[x^2]`, so σ and the kind
    can be searched independently.
    """
    check_choice(kind, "kind", KINDS)
    sigma = check_float(sigma, "sigma", minimum=0.0, strict_min=True)
    k = check_int(k, "k", minimum=1)

    def f(shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
        m = shape[0]
        if kind == "dense":
            return rng.normal(0.0, sigma / math.sqrt(m), size=shape)
        return sparse(shape, rng, k=k, std=sigma / math.sqrt(min(k, m)))

    f.__name__ = f"{kind}_sigma{sigma:g}"
    return f


def maxout_win_shares(W: Any, X: Any, pieces: int) -> np.ndarray:
    r"""For maxout units :math:`h_u = \max_j x^\top w_{u,j}`: the share of examples each piece wins.

    ``W`` has shape ``(fan_in, units * pieces)``; columns ``u*pieces .. u*pieces + pieces - 1`` are the
    pieces of unit u. Only the winning piece receives a gradient (Goodfellow et al. 2013, "Maxout
    networks"), so a piece that wins a share p of the examples learns on a share p of them.

    Returns an array ``(units, pieces)`` whose rows sum to 1.
    """
    W = check_array(W, "W", ndim=2)
    X = check_array(X, "X", ndim=2)
    pieces = check_int(pieces, "pieces", minimum=1)
    if W.shape[1] % pieces:
        raise ValueError(f"W must have a multiple of pieces={pieces} columns, got shape {W.shape}")
    if X.shape[1] != W.shape[0]:
        raise ValueError(f"X must have {W.shape[0]} columns (the fan-in of W), got shape {X.shape}")
    z = (X @ W).reshape(X.shape[0], -1, pieces)
    win = z.argmax(axis=2)
    return np.stack([(win == j).mean(axis=0) for j in range(pieces)], axis=1)


def steps_to_correct(
    w0: Any,
    rng: np.random.Generator,
    *,
    lr: float = 0.05,
    tol: float = 0.05,
    gate: float = 1.0,
    batch: int = 32,
    max_steps: int = 5000,
) -> int:
    r"""SGD steps until a linear unit's weights are all within ``tol`` of a teacher's.

    The teacher is :math:`w^* \sim N(0, 1/m)` (a small, dense, "correct" solution); inputs x ~ N(0, I);
    the loss is the squared error :math:`(x^\top w - x^\top w^*)^2`. Each error decays on average like
    :math:`(1 - 2\,\eta\, g)^t`, so the time to fix a weight grows with the log of its initial error.
    ``gate`` is the share of examples on which the unit receives a gradient (1 for an ordinary unit; a maxout
    piece only learns on the examples it wins, see :func:`maxout_win_shares`).

    Returns the number of steps (``max_steps`` if never reached).
    """
    w = check_array(w0, "w0", ndim=1).copy()
    check_rng(rng)
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    tol = check_float(tol, "tol", minimum=0.0, strict_min=True)
    gate = check_float(gate, "gate", minimum=0.0, strict_min=True, maximum=1.0)
    batch = check_int(batch, "batch", minimum=1)
    max_steps = check_int(max_steps, "max_steps", minimum=1)
    m = w.size
    w_star = rng.normal(0.0, 1.0 / math.sqrt(m), size=m)
    for step in range(max_steps):
        if np.max(np.abs(w - w_star)) < tol:
            return step
        x = rng.standard_normal((batch, m))
        mask = rng.random(batch) < gate
        err = (x @ (w - w_star)) * mask
        w -= lr * 2.0 * (x.T @ err) / batch
    return max_steps


@dataclass(frozen=True)
class Trial:
    """One point of :func:`random_search`: the kind, σ, and the validation loss reached."""

    kind: str
    sigma: float
    val_loss: float


def random_search(
    X: Any,
    y: Any,
    X_val: Any,
    y_val: Any,
    rng: np.random.Generator,
    *,
    hidden: Sequence[int] = (64, 64),
    n_trials: int = 12,
    sigma_range: tuple[float, float] = (0.1, 10.0),
    steps: int = 150,
    lr: float = 0.05,
    batch_size: int = 64,
) -> list[Trial]:
    r"""Random search over the initial scale σ (log-uniform) and dense vs sparse, for a ReLU MLP classifier.

    Each trial draws ``kind`` uniformly from {dense, sparse} and :math:`\log\sigma` uniformly in
    ``sigma_range``, initializes every layer with :func:`scaled_init`, trains with momentum SGD
    (softmax cross-entropy) and records the final validation loss (``inf`` if training diverged).
    Bergstra & Bengio (2012) for random search; Goodfellow et al., Deep Learning 8.4, for treating the
    scale and the sparsity of the initialization as hyperparameters.
    """
    X = check_array(X, "X", ndim=2)
    X_val = check_array(X_val, "X_val", ndim=2)
    check_rng(rng)
    n_trials = check_int(n_trials, "n_trials", minimum=1)
    lo, hi = (check_float(s, "sigma_range", minimum=0.0, strict_min=True) for s in sigma_range)
    if lo > hi:
        raise ValueError(f"sigma_range must be (low, high) with low <= high, got {sigma_range!r}")
    n_classes = int(np.max(y)) + 1
    sizes = [X.shape[1], *[check_int(h, "hidden", minimum=1) for h in hidden], n_classes]
    trials = []
    for _ in range(n_trials):
        kind = KINDS[int(rng.integers(2))]
        sigma = float(math.exp(rng.uniform(math.log(lo), math.log(hi))))
        model = MLP(sizes, "relu", init=scaled_init(kind, sigma), rng=rng)
        hist = train(model, "softmax_cross_entropy", X, y, optimizer=Momentum(lr), steps=steps,
                     batch_size=batch_size, rng=rng, X_val=X_val, y_val=y_val, record_every=steps)
        val = float(hist.val_loss[-1]) if hist.diverged_at is None else float("inf")
        trials.append(Trial(kind, sigma, val if np.isfinite(val) else float("inf")))
    return trials


@dataclass(frozen=True)
class LSUVResult:
    """What :func:`lsuv` returns.

    Attributes
    ----------
    Ws : list of ndarray
        The rescaled weights, ``(fan_in, fan_out)`` each.
    iterations : ndarray of int, shape (n_layers,)
        Number of rescalings each layer needed (0 if the orthonormal start was already within tolerance).
    std_before, std_after : ndarray, shape (n_layers,)
        Std of each layer's output (pre-activation) on the minibatch with the orthonormal start (all layers
        orthonormal) and after LSUV.
    """

    Ws: list[np.ndarray]
    iterations: np.ndarray
    std_before: np.ndarray
    std_after: np.ndarray


def _layer_outputs(Ws: Sequence[np.ndarray], X: np.ndarray, activation: str) -> np.ndarray:
    f = ACTIVATIONS[activation].f
    h, stds = X, []
    for W in Ws:
        z = h @ W
        stds.append(z.std())
        h = f(z)
    return np.array(stds)


def lsuv(
    sizes: Sequence[int],
    X: Any,
    rng: np.random.Generator,
    *,
    activation: str = "relu",
    tol: float = 0.1,
    max_iter: int = 10,
) -> LSUVResult:
    r"""Layer-sequential unit-variance initialization (Mishkin & Matas 2015, "All you need is a good init").

    1. Initialize every layer with an orthonormal matrix (:func:`initedu.init.orthogonal`).
    2. For each layer l from the first to the last: push the minibatch ``X`` through, measure the variance
       of the layer's output :math:`z_l = h_{l-1} W_l` and, while :math:`|\operatorname{Var}(z_l) - 1| \ge`
       ``tol`` (at most ``max_iter`` times), divide :math:`W_l` by :math:`\sqrt{\operatorname{Var}(z_l)}`.

    Here the output is measured before the nonlinearity and on the same minibatch every time, so the layer's
    input is fixed while it is rescaled and one division makes the variance exactly 1, for any activation:
    each layer needs at most one iteration. (The paper reports 1-5 iterations; a fresh minibatch per
    iteration or a measurement after the nonlinearity would need more.)

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output (biases are taken as 0).
    X : array_like, shape (batch, sizes[0])
        The minibatch.
    rng : numpy.random.Generator
        For the orthonormal start.
    activation : str
        Nonlinearity between layers (a key of :data:`initedu.nn.ACTIVATIONS`).
    tol : float, > 0
        Accepted margin around variance 1.
    max_iter : int, >= 1
        Most rescalings per layer.
    """
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError(f"sizes must be a list of at least 2 layer widths, got {sizes!r}")
    sizes = [check_int(s, f"sizes[{i}]", minimum=1) for i, s in enumerate(sizes)]
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != sizes[0]:
        raise ValueError(f"X must have sizes[0] = {sizes[0]} columns, got shape {X.shape}")
    check_rng(rng)
    check_choice(activation, "activation", ACTIVATIONS)
    tol = check_float(tol, "tol", minimum=0.0, strict_min=True)
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    f = ACTIVATIONS[activation].f
    Ws = [orthogonal((a, b), rng) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    std_before = _layer_outputs(Ws, X, activation)
    iterations = np.zeros(len(Ws), dtype=int)
    h = X
    for layer, W in enumerate(Ws):
        z = h @ W
        while abs(z.var() - 1.0) >= tol and iterations[layer] < max_iter:
            W /= math.sqrt(z.var())
            iterations[layer] += 1
            z = h @ W
        h = f(z)
    return LSUVResult(Ws=Ws, iterations=iterations, std_before=std_before,
                      std_after=_layer_outputs(Ws, X, activation))


def set_weights(model: MLP, Ws: Sequence[np.ndarray]) -> MLP:
    """Copy ``Ws`` into ``model.Ws`` in place (shapes must match) and return the model."""
    if len(Ws) != len(model.Ws):
        raise ValueError(f"Ws must have one matrix per layer ({len(model.Ws)}), got {len(Ws)}")
    for i, (dst, src) in enumerate(zip(model.Ws, Ws, strict=True)):
        src = check_array(src, f"Ws[{i}]", ndim=2)
        if src.shape != dst.shape:
            raise ValueError(f"Ws[{i}] must have shape {dst.shape}, got {src.shape}")
        dst[...] = src
    return model


