r"""Symmetry breaking (notebook 01): why hidden units must start with different parameters.

Two hidden units with the same activation, connected to the same inputs and started from the same parameters,
receive the same gradient; under a deterministic algorithm (full-batch gradient descent, no dropout) they stay
equal forever, so a layer of H units computes what one unit computes (Goodfellow, Bengio & Courville 2016,
section 8.4). The experiments here train a one-hidden-layer tanh network on XOR from several initial points:

* a constant initialization (every incoming weight equal, constant biases), optionally plus noise of size ε;
* random weights from a Gaussian, a uniform or an orthogonal (Gram–Schmidt/QR) distribution, biases constant;
* constant weights with random biases;
* a constant start trained with dropout (its random masks break the symmetry during training).

The training loop is written out (:func:`train_one_hidden`) so that dropout can be added with an explicit
random generator; without dropout it is exactly the :class:`initedu.nn.MLP` + :class:`initedu.optim.SGD` loop.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import data
from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .init import orthogonal
from .losses import binary_cross_entropy, sigmoid

__all__ = [
    "INIT_KINDS",
    "SymmetryRun",
    "distinct_units",
    "initial_params",
    "min_unit_distance",
    "symmetry_run",
    "train_one_hidden",
    "unit_spread",
    "xor_data",
]

#: Initial points compared in notebook 01.
INIT_KINDS = ("constant", "gaussian", "uniform", "orthogonal", "random_bias")

HIDDEN = 16
CONSTANT_WEIGHT = 0.3
CONSTANT_BIAS = 0.1
LR = 0.5
STEPS = 1500


def _unit_matrix(W: Any, b: Any = None) -> np.ndarray:
    """Incoming parameters of each hidden unit as columns: W (fan_in, H) stacked with b (H,) if given."""
    W = check_array(W, "W", ndim=2)
    if b is None:
        return W
    b = check_array(b, "b", ndim=1)
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape ({W.shape[1]},) (one bias per unit of W), got {b.shape}")
    return np.vstack([W, b[None, :]])


def unit_spread(W: Any, b: Any = None) -> float:
    r"""Largest difference between two hidden units' incoming parameters.

    .. math:: \max_i \left(\max_j V_{ij} - \min_j V_{ij}\right)

    where column j of V holds unit j's incoming weights (and its bias if ``b`` is given). It is exactly 0
    when every unit has the same parameters.

    Parameters
    ----------
    W : array_like, shape (fan_in, H)
        Incoming weights, one column per hidden unit.
    b : array_like, shape (H,), optional
        The units' biases.
    """
    V = _unit_matrix(W, b)
    return float(np.max(np.ptp(V, axis=1)))


def min_unit_distance(W: Any, b: Any = None) -> float:
    r"""Smallest Euclidean distance between two hidden units' incoming parameter vectors.

    .. math:: \min_{j \ne k} \lVert V_{:,j} - V_{:,k} \rVert_2

    0 means at least two units are identical (they compute the same function).
    """
    V = _unit_matrix(W, b)
    if V.shape[1] < 2:
        raise ValueError(f"W must have at least 2 units (columns), got shape {V.shape}")
    diff = V[:, :, None] - V[:, None, :]
    d = np.sqrt(np.sum(diff * diff, axis=0))
    d[np.diag_indices_from(d)] = np.inf
    return float(np.min(d))


def distinct_units(W: Any, b: Any = None, tol: float = 1e-3) -> int:
    r"""Number of groups of hidden units whose incoming parameters differ by at most ``tol``.

    Units j and k are linked when :math:`\lVert V_{:,j} - V_{:,k} \rVert_\infty \le \text{tol}`; the result is
    the number of connected groups (single linkage). H units from a constant start give 1.
    """
    V = _unit_matrix(W, b)
    tol = check_float(tol, "tol", minimum=0.0)
    n = V.shape[1]
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    close = np.max(np.abs(V[:, :, None] - V[:, None, :]), axis=0) <= tol
    for j in range(n):
        for k in range(j + 1, n):
            if close[j, k]:
                parent[find(j)] = find(k)
    return len({find(i) for i in range(n)})


def train_one_hidden(
    X: Any,
    y: Any,
    params: dict[str, np.ndarray],
    *,
    lr: float,
    steps: int,
    dropout: float = 0.0,
    rng: np.random.Generator | None = None,
) -> dict[str, np.ndarray]:
    r"""Full-batch gradient descent on a 1-hidden-layer tanh network with a sigmoid output (BCE loss).

    .. math:: h = \tanh(X W_1 + b_1), \quad \tilde h = h \odot m / (1 - p), \quad
              \hat y = \sigma(\tilde h W_2 + b_2), \qquad m_{ij} \sim \text{Bernoulli}(1 - p)

    With ``dropout = p > 0`` each step draws a new mask ``m`` per example and unit (inverted dropout,
    Srivastava et al. 2014) from ``rng``; with ``p = 0`` the algorithm is deterministic and equals
    :class:`initedu.nn.MLP` trained by :class:`initedu.optim.SGD`.

    Parameters
    ----------
    X : array_like, shape (n, d)
    y : array_like, shape (n, 1)
        Labels in {0, 1}.
    params : dict with "W1" (d, H), "b1" (H,), "W2" (H, 1), "b2" (1,)
        Initial parameters (copied, not modified).
    lr : float, > 0
        Learning rate.
    steps : int, >= 1
        Number of updates.
    dropout : float in [0, 1)
        Probability of dropping a hidden unit's output.
    rng : numpy.random.Generator
        Source of the dropout masks (required when ``dropout > 0``).

    Returns
    -------
    dict
        ``loss`` (steps + 1,): the clean (no-dropout) training loss before each update and after the last;
        ``spread`` (steps + 1,): :func:`unit_spread` of W1 at the same moments; the final ``W1, b1, W2, b2``.
    """
    X = check_array(X, "X", ndim=2)
    y = check_array(y, "y", ndim=2)
    if y.shape != (X.shape[0], 1):
        raise ValueError(f"y must have shape ({X.shape[0]}, 1), got {y.shape}")
    missing = {"W1", "b1", "W2", "b2"} - set(params)
    if missing:
        raise ValueError(f"params must have keys W1, b1, W2, b2; missing {sorted(missing)}")
    W1, b1 = check_array(params["W1"], "W1", ndim=2).copy(), check_array(params["b1"], "b1", ndim=1).copy()
    W2, b2 = check_array(params["W2"], "W2", ndim=2).copy(), check_array(params["b2"], "b2", ndim=1).copy()
    if W1.shape[0] != X.shape[1] or b1.shape != (W1.shape[1],) or W2.shape != (W1.shape[1], 1) or b2.shape != (1,):
        raise ValueError(
            f"params shapes must chain: W1 ({X.shape[1]}, H), b1 (H,), W2 (H, 1), b2 (1,); got "
            f"{W1.shape}, {b1.shape}, {W2.shape}, {b2.shape}"
        )
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    steps = check_int(steps, "steps", minimum=1)
    p = check_float(dropout, "dropout", minimum=0.0)
    if p >= 1.0:
        raise ValueError(f"dropout must be in [0, 1), got {p}")
    if p > 0.0:
        check_rng(rng)
    loss = np.empty(steps + 1)
    spread = np.empty(steps + 1)
    for step in range(steps + 1):
        h = np.tanh(X @ W1 + b1)
        clean, dclean = binary_cross_entropy(h @ W2 + b2, y)
        loss[step] = clean
        spread[step] = float(np.max(np.ptp(W1, axis=1)))
        if step == steps:
            break
        if p > 0.0:
            mask = (rng.random(h.shape) >= p) / (1.0 - p)
            hd = h * mask
            _, d = binary_cross_entropy(hd @ W2 + b2, y)
        else:
            mask, hd, d = 1.0, h, dclean
        gW2, gb2 = hd.T @ d, d.sum(axis=0)
        gz = (d @ W2.T) * mask * (1.0 - h * h)
        gW1, gb1 = X.T @ gz, gz.sum(axis=0)
        W1 -= lr * gW1
        b1 -= lr * gb1
        W2 -= lr * gW2
        b2 -= lr * gb2
    return {"loss": loss, "spread": spread, "W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initial_params(kind: str, rng: np.random.Generator, *, hidden: int = HIDDEN, eps: float = 0.0,
                   n_in: int = 2) -> dict[str, np.ndarray]:
    r"""Initial parameters of the 1-hidden-layer network for one of :data:`INIT_KINDS`.

    * ``constant``: every weight 0.3, every bias 0.1, plus ε·N(0, 1) on every weight (ε = ``eps``);
    * ``gaussian``: weights N(0, 1/fan_in); ``uniform``: U(-√(3/fan_in), √(3/fan_in)) (the same variance);
      ``orthogonal``: a (semi-)orthogonal matrix (QR of a Gaussian, i.e. Gram–Schmidt) times √(fan_out/fan_in)
      for W1; biases 0.1 (the usual practice: random weights, constant biases);
    * ``random_bias``: weights constant 0.3, biases N(0, 1).
    """
    check_choice(kind, "kind", INIT_KINDS)
    check_rng(rng)
    hidden = check_int(hidden, "hidden", minimum=2)
    n_in = check_int(n_in, "n_in", minimum=1)
    eps = check_float(eps, "eps", minimum=0.0)
    s1, s2 = (n_in, hidden), (hidden, 1)
    b1, b2 = np.full(hidden, CONSTANT_BIAS), np.full(1, CONSTANT_BIAS)
    if kind == "constant":
        W1 = CONSTANT_WEIGHT + eps * rng.standard_normal(s1)
        W2 = CONSTANT_WEIGHT + eps * rng.standard_normal(s2)
    elif kind == "gaussian":
        W1 = rng.normal(0.0, 1.0 / math.sqrt(n_in), s1)
        W2 = rng.normal(0.0, 1.0 / math.sqrt(hidden), s2)
    elif kind == "uniform":
        W1 = rng.uniform(-math.sqrt(3.0 / n_in), math.sqrt(3.0 / n_in), s1)
        W2 = rng.uniform(-math.sqrt(3.0 / hidden), math.sqrt(3.0 / hidden), s2)
    elif kind == "orthogonal":
        W1 = orthogonal(s1, rng, gain=math.sqrt(hidden / n_in))
        W2 = orthogonal(s2, rng)
    else:  # random_bias
        W1 = np.full(s1, CONSTANT_WEIGHT)
        W2 = np.full(s2, CONSTANT_WEIGHT)
        b1 = rng.standard_normal(hidden)
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


@functools.cache
def xor_data(seed: int = 0, n: int = 200, noise: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """The XOR training set of notebook 01 (read-only arrays; ``y`` is a float column)."""
    X, y = data.xor(n, np.random.default_rng(seed), noise=noise)
    y = y[:, None].astype(np.float64)
    X.flags.writeable = False
    y.flags.writeable = False
    return X, y


@dataclass(frozen=True)
class SymmetryRun:
    """Result of :func:`symmetry_run`: loss and spread curves and the final hidden weights."""

    kind: str
    eps: float
    dropout: float
    loss: np.ndarray
    spread: np.ndarray
    W1: np.ndarray
    b1: np.ndarray

    @property
    def final_loss(self) -> float:
        return float(self.loss[-1])

    @property
    def max_difference(self) -> float:
        """Largest difference between two units' incoming weights and biases after training."""
        return unit_spread(self.W1, self.b1)

    @property
    def n_distinct(self) -> int:
        return distinct_units(self.W1, self.b1)


@functools.cache
def symmetry_run(kind: str = "constant", eps: float = 0.0, dropout: float = 0.0, *, steps: int = STEPS,
                 seed: int = 1) -> SymmetryRun:
    """Train the XOR network of notebook 01 from one initial point (cached; returned arrays are read-only).

    ``seed`` seeds the initialization noise; the dropout masks use ``seed + 100``. The data is
    :func:`xor_data` (seed 0). Learning rate 0.5, full batch, ``steps`` updates.
    """
    check_choice(kind, "kind", INIT_KINDS)
    eps = check_float(eps, "eps", minimum=0.0)
    check_int(seed, "seed", minimum=0)
    X, y = xor_data()
    params = initial_params(kind, np.random.default_rng(seed), eps=eps)
    out = train_one_hidden(X, y, params, lr=LR, steps=steps, dropout=dropout,
                           rng=np.random.default_rng(seed + 100))
    for key in ("loss", "spread", "W1", "b1"):
        out[key].flags.writeable = False
    return SymmetryRun(kind=kind, eps=eps, dropout=float(dropout), loss=out["loss"], spread=out["spread"],
                       W1=out["W1"], b1=out["b1"])


def predict_proba(run_params: dict[str, np.ndarray], X: Any) -> np.ndarray:
    """Output probabilities of the 1-hidden-layer network for inputs ``X``."""
    X = check_array(X, "X", ndim=2)
    h = np.tanh(X @ run_params["W1"] + run_params["b1"])
    return sigmoid(h @ run_params["W2"] + run_params["b2"])


def initial_point_study(scale: float, seed: int, *, steps: int = STEPS, target: float = 0.1,
                        n_test: int = 1000) -> dict[str, Any]:
    r"""Train the XOR network from Gaussian weights of a given scale and report what the initial point decided.

    .. math:: W_1 \sim \mathcal{N}(0, s^2 / 2), \quad W_2 \sim \mathcal{N}(0, s^2 / H), \quad b = 0.1

    Returns the final training loss, the first step whose loss is below ``target`` (``None`` if never) and
    the accuracy on ``n_test`` fresh XOR points (seed 5), i.e. speed, cost and generalization.
    """
    scale = check_float(scale, "scale", minimum=0.0, strict_min=True)
    seed = check_int(seed, "seed", minimum=0)
    target = check_float(target, "target", minimum=0.0, strict_min=True)
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.normal(0.0, scale / math.sqrt(2), (2, HIDDEN)),
        "b1": np.full(HIDDEN, CONSTANT_BIAS),
        "W2": rng.normal(0.0, scale / math.sqrt(HIDDEN), (HIDDEN, 1)),
        "b2": np.full(1, CONSTANT_BIAS),
    }
    X, y = xor_data()
    out = train_one_hidden(X, y, params, lr=LR, steps=steps)
    Xt, yt = data.xor(check_int(n_test, "n_test", minimum=4), np.random.default_rng(5), noise=0.3)
    acc = float(np.mean((predict_proba(out, Xt)[:, 0] > 0.5) == yt))
    below = np.flatnonzero(out["loss"] < target)
    return {"final_loss": float(out["loss"][-1]), "steps_to_target": int(below[0]) if below.size else None,
            "test_accuracy": acc}
