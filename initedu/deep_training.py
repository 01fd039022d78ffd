r"""Training very deep networks from a chosen initialization, and watching the norms move (notebook 04).

* :func:`gaussian_net` / :func:`orthogonal_net`: the weights of a plain deep network
  ``d_in -> width -> ... -> width -> d_out`` (no biases), Gaussian :math:`N(0, g^2/\text{fan\_in})` or
  (semi-)orthogonal times ``g``.
* :func:`train_deep`: full-batch gradient descent on the mean squared error; records the training loss at every
  step and, every ``record_every`` steps, the test loss, the forward signal ratio and the backward gradient ratio
  across the hidden layers, and the singular values of the hidden-to-hidden Jacobian at one probe input.

A lean loop (no per-parameter bookkeeping) so that networks of hundreds of layers train in a fraction of a second.
Every random draw comes from an explicit ``rng``.

References
----------
Sussillo & Abbott (2014), "Random walk initialization for training very deep feedforward networks";
Saxe, McClelland & Ganguli (2013); Pennington, Schoenholz & Ganguli (2017), "Resurrecting the sigmoid in deep
learning through dynamical isometry".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import init as _init
from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .i18n import register as _register_strings

__all__ = ["gaussian_net", "orthogonal_net", "train_deep"]

_ACTS = ("linear", "relu", "tanh")

_register_strings({
    "n4b_fwd": {"en": "signal ratio (forward)", "ko": "신호 비 (순방향)"},
    "n4b_bwd": {"en": "gradient ratio (backward)", "ko": "그레이디언트 비 (역방향)"},
    "n4b_sv_max": {"en": "largest Jacobian singular value", "ko": "야코비 행렬의 가장 큰 특잇값"},
    "n4b_sv_min": {"en": "smallest Jacobian singular value", "ko": "야코비 행렬의 가장 작은 특잇값"},
    "n4b_step": {"en": "training step", "ko": "학습 스텝"},
    "n4b_drift_title": {"en": "200 orthogonal linear layers during training",
                        "ko": "학습 중인 직교 선형 층 200개"},
})


def _shapes(depth: int, width: int, d_in: int, d_out: int) -> list[tuple[int, int]]:
    depth = check_int(depth, "depth", minimum=3)
    width = check_int(width, "width", minimum=1)
    d_in = check_int(d_in, "d_in", minimum=1)
    d_out = check_int(d_out, "d_out", minimum=1)
    return [(d_in, width)] + [(width, width)] * (depth - 2) + [(width, d_out)]


def gaussian_net(depth: int, width: int, d_in: int, d_out: int, rng: np.random.Generator, *,
                 gain: float = 1.0) -> list[np.ndarray]:
    r"""``depth`` weight matrices with i.i.d. :math:`N(0, g^2/\text{fan\_in})` entries.

    Shapes ``(d_in, width)``, ``depth - 2`` times ``(width, width)``, ``(width, d_out)``. With
    ``gain = init.random_walk_gain(width, ...)`` this is Sussillo & Abbott's (2014) random-walk initialization;
    ``gain = sqrt(fan_in)`` gives plain :math:`N(0, 1)` entries.
    """
    shapes = _shapes(depth, width, d_in, d_out)
    check_rng(rng)
    g = check_float(gain, "gain", minimum=0.0, strict_min=True)
    return [rng.normal(0.0, g / np.sqrt(m), size=(m, n)) for m, n in shapes]


def orthogonal_net(depth: int, width: int, d_in: int, d_out: int, rng: np.random.Generator, *,
                   gain: float = 1.0) -> list[np.ndarray]:
    r"""``depth`` (semi-)orthogonal weight matrices times ``gain`` (:func:`initedu.init.orthogonal`).

    The ``depth - 2`` hidden ``(width, width)`` layers satisfy :math:`W^\top W = g^2 I` exactly
    (Saxe, McClelland & Ganguli 2013).
    """
    shapes = _shapes(depth, width, d_in, d_out)
    check_rng(rng)
    g = check_float(gain, "gain", minimum=0.0, strict_min=True)
    return [_init.orthogonal(s, rng, gain=g) for s in shapes]


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a * a)))


def _forward(ws: Sequence[np.ndarray], X: np.ndarray, act: str) -> tuple[list[np.ndarray], list[np.ndarray]]:
    hs, zs = [X], []
    last = len(ws) - 1
    for k, w in enumerate(ws):
        z = hs[-1] @ w
        zs.append(z)
        if k == last or act == "linear":
            hs.append(z)
        elif act == "relu":
            hs.append(np.maximum(z, 0.0))
        else:
            hs.append(np.tanh(z))
    return hs, zs


def _deriv(z: np.ndarray, h: np.ndarray, act: str) -> np.ndarray | float:
    if act == "linear":
        return 1.0
    if act == "relu":
        return (z > 0).astype(np.float64)
    return 1.0 - h * h


def _hidden_jacobian_sv(ws: Sequence[np.ndarray], x: np.ndarray, act: str) -> np.ndarray:
    """Singular values of d h_{L-1} / d h_1 at one input ``x`` (the square hidden layers only)."""
    hs, zs = _forward(ws, x[None, :], act)
    width = ws[1].shape[0]
    jac = np.eye(width)
    for k in range(1, len(ws) - 1):
        jac = (jac @ ws[k]) * _deriv(zs[k][0], hs[k + 1][0], act)
    return np.linalg.svd(jac, compute_uv=False)


def train_deep(Ws: Sequence[np.ndarray], X: Any, y: Any, *, activation: str, lr: float, steps: int,
               record_every: int = 10, X_test: Any = None, y_test: Any = None) -> dict[str, Any]:
    r"""Full-batch gradient descent on :math:`C = \operatorname{mean}((h_L - y)^2)` for a plain deep network.

    .. math:: h_0 = X, \quad h_l = f(h_{l-1} W_l)\ (l < L), \quad h_L = h_{L-1} W_L, \qquad
              W_l \leftarrow W_l - \eta\, h_{l-1}^\top \delta_l

    (the loss is :func:`initedu.losses.mse`; no biases; the last layer is linear). ``Ws`` are copied, not
    modified. Training stops at the first step whose loss is not finite (``diverged_at``); numpy overflow
    warnings are silenced inside and the overflow shows up there instead.

    Every ``record_every`` steps (and after the last step) it records, with the current weights:

    * ``fwd``: :math:`\mathrm{rms}(h_{L-1}) / \mathrm{rms}(h_1)`, the forward signal ratio across the hidden
      ``(width, width)`` layers (1 for a norm-preserving network);
    * ``bwd``: :math:`\mathrm{rms}(\partial C/\partial h_1) / \mathrm{rms}(\partial C/\partial h_{L-1})`,
      the backward gradient ratio across the same layers;
    * ``sv_max``, ``sv_min``: extreme singular values of the Jacobian :math:`\partial h_{L-1}/\partial h_1` at the
      first training example (all equal to 1 for linear orthogonal layers: dynamical isometry);
    * ``test_loss`` if ``X_test`` and ``y_test`` are given.

    Returns
    -------
    dict
        ``loss`` (ndarray, one per step, before that step's update), ``diverged_at`` (int or None),
        ``rec_steps`` and the recorded arrays ``fwd``, ``bwd``, ``sv_max``, ``sv_min``, ``test_loss``
        (empty without test data), and ``Ws`` (the trained weights).
    """
    ws = [np.array(check_array(w, f"Ws[{i}]", ndim=2), dtype=np.float64) for i, w in enumerate(Ws)]
    if len(ws) < 3:
        raise ValueError(f"Ws must contain at least 3 layers (input, hidden, output), got {len(ws)}")
    for i in range(1, len(ws)):
        if ws[i].shape[0] != ws[i - 1].shape[1]:
            raise ValueError(f"Ws[{i}] has fan_in {ws[i].shape[0]}, but Ws[{i - 1}] has fan_out {ws[i - 1].shape[1]}")
    X = np.asarray(check_array(X, "X", ndim=2), dtype=np.float64)
    y = np.asarray(check_array(y, "y", ndim=2), dtype=np.float64)
    if X.shape[1] != ws[0].shape[0] or y.shape != (X.shape[0], ws[-1].shape[1]):
        raise ValueError(f"X must be (n, {ws[0].shape[0]}) and y (n, {ws[-1].shape[1]}), got {X.shape} and {y.shape}")
    act = check_choice(activation, "activation", _ACTS)
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    steps = check_int(steps, "steps", minimum=1)
    record_every = check_int(record_every, "record_every", minimum=1)
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test must be given together")
    if X_test is not None:
        X_test = np.asarray(check_array(X_test, "X_test", ndim=2), dtype=np.float64)
        y_test = np.asarray(check_array(y_test, "y_test", ndim=2), dtype=np.float64)
    rec: dict[str, list[float]] = {k: [] for k in ("rec_steps", "fwd", "bwd", "sv_max", "sv_min", "test_loss")}
    losses: list[float] = []
    diverged_at = None
    last = len(ws) - 1
    with np.errstate(all="ignore"):
        for step in range(steps + 1):
            hs, zs = _forward(ws, X, act)
            diff = hs[-1] - y
            loss = float(np.mean(diff * diff))
            if step < steps:
                losses.append(loss)
            if not np.isfinite(loss):
                diverged_at = step
                break
            g = 2.0 * diff / diff.size
            grads: list[np.ndarray] = [g] * len(ws)
            g_h: dict[int, np.ndarray] = {}
            for k in range(last, -1, -1):
                delta = g if k == last else g * _deriv(zs[k], hs[k + 1], act)
                grads[k] = hs[k].T @ delta
                g = delta @ ws[k].T
                g_h[k] = g  # d C / d h_k
            if step % record_every == 0 or step == steps:
                rec["rec_steps"].append(step)
                rec["fwd"].append(_rms(hs[last]) / _rms(hs[1]))
                rec["bwd"].append(_rms(g_h[1]) / _rms(g_h[last]))
                sv = _hidden_jacobian_sv(ws, X[0], act)
                rec["sv_max"].append(float(sv[0]))
                rec["sv_min"].append(float(sv[-1]))
                if X_test is not None:
                    d = _forward(ws, X_test, act)[0][-1] - y_test
                    rec["test_loss"].append(float(np.mean(d * d)))
            if step == steps:
                break
            for w, gw in zip(ws, grads, strict=True):
                w -= lr * gw
    out: dict[str, Any] = {k: np.array(v) for k, v in rec.items()}
    out["rec_steps"] = out["rec_steps"].astype(int)
    out.update(loss=np.array(losses), diverged_at=diverged_at, Ws=ws)
    return out
