r"""Orthogonal initialization with a gain, deep linear networks and random-walk initialization (notebook 04).

* :func:`train_deep_linear`: full-batch gradient descent on a deep linear network
  :math:`P = W_1 W_2 \cdots W_L` fitted to a target matrix (whitened inputs), as in Saxe, McClelland & Ganguli
  (2013).
* :func:`orthogonal_layers` / :func:`gaussian_layers`: the two initializations compared.
* :func:`steps_vs_depth`: steps to reach a loss threshold for several depths.
* :func:`norm_propagation`: forward signal norm and backward gradient norm through ``L`` layers.
* :func:`log_norm_walk`: the log of the back-propagated norm layer by layer (Sussillo & Abbott 2014).

Every random draw comes from an explicit ``rng`` or seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import init as _init
from ._validate import check_choice, check_float, check_int, check_rng

__all__ = [
    "gaussian_layers",
    "log_norm_walk",
    "norm_propagation",
    "orthogonal_layers",
    "spd_target",
    "steps_vs_depth",
    "train_deep_linear",
]


def spd_target(width: int, rng: np.random.Generator, *, lo: float = 0.5, hi: float = 2.0) -> np.ndarray:
    r"""A symmetric positive definite target :math:`M = Q \operatorname{diag}(s) Q^\top`, ``s`` evenly in [lo, hi]."""
    width = check_int(width, "width", minimum=1)
    check_rng(rng)
    lo = check_float(lo, "lo", minimum=0.0, strict_min=True)
    hi = check_float(hi, "hi", minimum=lo)
    q = _init.orthogonal((width, width), rng)
    return q @ np.diag(np.linspace(lo, hi, width)) @ q.T


def orthogonal_layers(depth: int, width: int, rng: np.random.Generator, *, product: np.ndarray | None = None,
                      gain: float = 1.0) -> list[np.ndarray]:
    r"""``depth`` Haar-orthogonal ``width x width`` layers times ``gain``.

    If ``product`` (an orthogonal matrix) is given, the last layer is chosen as
    :math:`W_L = (W_1 \cdots W_{L-1})^\top R` so that the product of the layers is exactly ``gain**depth * R``;
    every layer is still orthogonal. This lets networks of different depths start from the same end-to-end map.
    """
    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    check_rng(rng)
    g = check_float(gain, "gain", minimum=0.0, strict_min=True)
    ws = [_init.orthogonal((width, width), rng) for _ in range(depth)]
    if product is not None:
        r = np.asarray(product, dtype=np.float64)
        if r.shape != (width, width) or not np.allclose(r.T @ r, np.eye(width), atol=1e-8):
            raise ValueError(f"product must be an orthogonal ({width}, {width}) matrix, got shape {r.shape}")
        p = np.eye(width)
        for w in ws[:-1]:
            p = p @ w
        ws[-1] = p.T @ r
    return [g * w for w in ws]


def gaussian_layers(depth: int, width: int, rng: np.random.Generator, *, gain: float = 1.0) -> list[np.ndarray]:
    r"""``depth`` layers with i.i.d. :math:`N(0, g^2/n)` entries (the "scaled Gaussian" of Saxe et al. 2013)."""
    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    check_rng(rng)
    g = check_float(gain, "gain", minimum=0.0, strict_min=True)
    return [rng.normal(0.0, g / np.sqrt(width), size=(width, width)) for _ in range(depth)]


def train_deep_linear(Ws: Sequence[np.ndarray], target: np.ndarray, *, lr: float, steps: int,
                      threshold: float) -> dict[str, Any]:
    r"""Full-batch gradient descent on a deep linear network with whitened inputs.

    .. math:: P = W_1 W_2 \cdots W_L, \qquad C = \frac{1}{2n}\lVert P - M \rVert_F^2, \qquad
              \frac{\partial C}{\partial W_l} = (W_1\cdots W_{l-1})^\top \frac{P - M}{n} (W_{l+1}\cdots W_L)^\top

    (with whitened inputs, :math:`\mathbb{E}[x^\top x] = I`, the mean squared error of ``x @ P`` against
    ``x @ M`` is this :math:`C` up to a constant). Stops at the first step whose loss is below ``threshold``.
    The input ``Ws`` are copied, not modified.

    Returns
    -------
    dict
        ``loss`` (ndarray of the losses recorded, one per step), ``steps`` (the step at which the loss first
        fell below ``threshold``, or ``None`` if it did not within ``steps``).

    References
    ----------
    Saxe, McClelland & Ganguli (2013), "Exact solutions to the nonlinear dynamics of learning in deep linear
    neural networks".
    """
    ws = [np.array(w, dtype=np.float64) for w in Ws]
    if not ws:
        raise ValueError("Ws must contain at least one layer, got an empty sequence")
    m = np.asarray(target, dtype=np.float64)
    n = m.shape[0]
    if m.shape != (n, n) or any(w.shape != (n, n) for w in ws):
        raise ValueError(f"target and every layer must be square of the same size, got target {m.shape}")
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    steps = check_int(steps, "steps", minimum=1)
    threshold = check_float(threshold, "threshold", minimum=0.0)
    losses = []
    reached = None
    eye = np.eye(n)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(steps):
            prefix = [eye]
            for w in ws:
                prefix.append(prefix[-1] @ w)
            err = prefix[-1] - m
            loss = 0.5 * float(np.sum(err * err)) / n
            losses.append(loss)
            if not np.isfinite(loss):
                break
            if loss < threshold:
                reached = step
                break
            e = err / n
            suffix = eye
            grads = [eye] * len(ws)
            for k in reversed(range(len(ws))):
                grads[k] = prefix[k].T @ e @ suffix.T
                suffix = ws[k] @ suffix
            for w, g in zip(ws, grads, strict=True):
                w -= lr * g
    return {"loss": np.array(losses), "steps": reached}


def steps_vs_depth(depths: Sequence[int], *, width: int = 16, lr_scale: float = 1.0, lr_power: float = 0.5,
                   steps: int = 3000, rel_threshold: float = 1e-3, seed: int = 0) -> dict[str, list[int | None]]:
    r"""Steps of gradient descent to reach ``rel_threshold`` times the initial-target loss, for each depth.

    The target is :func:`spd_target`; the learning rate is ``lr_scale / depth**lr_power``. Orthogonal networks
    of every depth start from the same end-to-end rotation ``R`` (with :math:`\det R = +1`, like the target's
    positive determinant; see :func:`orthogonal_layers`); Gaussian networks use ``N(0, 1/n)`` layers.
    The threshold is ``rel_threshold * ||M||_F^2 / (2n)`` (the loss of the all-zero map).

    Returns
    -------
    dict
        ``{"orthogonal": [...], "gaussian": [...]}``: steps per depth, ``None`` where the threshold was not
        reached within ``steps``.
    """
    width = check_int(width, "width", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    lr_scale = check_float(lr_scale, "lr_scale", minimum=0.0, strict_min=True)
    lr_power = check_float(lr_power, "lr_power", minimum=0.0)
    rng = np.random.default_rng(seed)
    target = spd_target(width, rng)
    rotation = _init.orthogonal((width, width), rng)
    if np.linalg.det(rotation) < 0:
        rotation[:, 0] *= -1.0
    threshold = check_float(rel_threshold, "rel_threshold", minimum=0.0) * 0.5 * float(np.sum(target**2)) / width
    out: dict[str, list[int | None]] = {"orthogonal": [], "gaussian": []}
    for depth in depths:
        depth = check_int(depth, "depth", minimum=1)
        lr = lr_scale / depth**lr_power
        layer_rng = np.random.default_rng([seed, depth])
        for kind, ws in (("orthogonal", orthogonal_layers(depth, width, layer_rng, product=rotation)),
                         ("gaussian", gaussian_layers(depth, width, layer_rng))):
            out[kind].append(train_deep_linear(ws, target, lr=lr, steps=steps, threshold=threshold)["steps"])
    return out


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(a * a)))


def norm_propagation(Ws: Sequence[np.ndarray], X: np.ndarray, activation: str) -> dict[str, np.ndarray]:
    r"""Norm of the signal after each layer (forward) and of the gradient reaching each layer (backward).

    Forward :math:`h_l = f(h_{l-1} W_l)`; backward from a standard-normal gradient at the top (seeded by the
    input's shape, fixed), :math:`g_{l-1} = (g_l \odot f'(z_l)) W_l^\top`. Both are reported as RMS over the
    batch relative to layer 0 (``fwd[l] = rms(h_l)/rms(h_0)``, ``bwd[l] = rms(g_l)/rms(g_L)``, so ``bwd[L] = 1``
    and ``bwd[0]`` is what reaches the input). Non-finite values are reported as ``inf``/``nan``, not warned about.
    """
    from .glorot import propagate
    from .nn import ACTIVATIONS

    X = np.asarray(X, dtype=np.float64)
    g_top = np.random.default_rng(list(X.shape)).standard_normal((X.shape[0], Ws[-1].shape[1]))
    out = propagate(Ws, X, activation, g_top)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        g0 = (out["grads"][0] * ACTIVATIONS[activation].df(X @ Ws[0])) @ Ws[0].T  # gradient w.r.t. the input
        fwd = np.array([1.0] + [_rms(h) / _rms(X) for h in out["hs"]])
        bwd = np.array([_rms(g) / _rms(g_top) for g in [g0, *out["grads"]]])
    return {"fwd": fwd, "bwd": bwd}


def log_norm_walk(g: float, depth: int, width: int, rng: np.random.Generator, *, trials: int = 20,
                  activation: str = "linear") -> np.ndarray:
    r"""Log of the back-propagated gradient norm, layer by layer, for Gaussian layers :math:`N(0, g^2/N)`.

    .. math:: \ln \frac{\lVert \delta_d \rVert}{\lVert \delta_0 \rVert}, \qquad
              \delta_{d} = (\delta_{d-1} W_d^\top) \odot f'(z_d)

    For a linear network each step multiplies the squared norm by :math:`g^2 \chi^2_N / N`, whose log has mean
    :math:`2\ln g + \psi(N/2) - \ln(N/2) \approx 2 \ln g - 1/N`: with ``g = 1`` the walk drifts down by about
    ``1/(2N)`` per layer in the norm, and ``g = exp(1/(2N))`` removes the drift. For ReLU the forward pass is
    run on a standard-normal input so that ``f'(z)`` is the unit's 0/1 mask.

    Returns
    -------
    ndarray, shape (trials, depth + 1)
        ``walk[t, d]``, with ``walk[:, 0] = 0``.

    References
    ----------
    Sussillo & Abbott (2014), "Random walk initialization for training very deep feedforward networks".
    """
    g = check_float(g, "g", minimum=0.0, strict_min=True)
    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    trials = check_int(trials, "trials", minimum=1)
    check_rng(rng)
    check_choice(activation, "activation", ("linear", "relu", "tanh"))
    walk = np.zeros((trials, depth + 1))
    for t in range(trials):
        h = rng.standard_normal(width)
        delta = rng.standard_normal(width)
        log0 = np.log(np.linalg.norm(delta))
        for d in range(depth):
            w = rng.normal(0.0, g / np.sqrt(width), size=(width, width))
            z = h @ w
            if activation == "linear":
                h, deriv = z, 1.0
            elif activation == "relu":
                h, deriv = np.maximum(z, 0.0), (z > 0).astype(np.float64)
            else:
                h = np.tanh(z)
                deriv = 1.0 - h * h
            delta = (delta @ w.T) * deriv
            walk[t, d + 1] = np.log(np.linalg.norm(delta)) - log0
    return walk
