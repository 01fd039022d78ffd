r"""Normalized (Glorot) initialization and its relatives, measured (notebook 03).

* :func:`propagate`: forward activations and back-propagated gradients of a plain stack of layers
  :math:`h_l = f(h_{l-1} W_l)`, layer by layer (the quantities of Glorot & Bengio 2010, figures 6-7).
* :func:`glorot_check`: the paper's setting (5 tanh layers of width 1000, standard-normal inputs) for one
  initializer: per-layer activation std, gradient variance and histograms.
* :func:`relu_rms_ratios`: He et al. (2015): RMS of the activations through a deep ReLU stack with
  Var(W) = scale / n, relative to the input.
* :func:`train_deep_relu`: a small training comparison of a deep ReLU MLP under several initializers.
* :func:`weight_magnitude`: mean |W| of an initializer as the fan-in grows (why sparse init exists).

Every random draw comes from an explicit seed or ``rng``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import init as _init
from ._validate import check_choice, check_float, check_int, check_rng
from .nn import ACTIVATIONS

__all__ = [
    "glorot_check",
    "propagate",
    "relu_rms_ratios",
    "train_deep_relu",
    "weight_magnitude",
]


def _check_init_name(name: Any) -> str:
    return check_choice(name, "init_name", sorted(_init.INITIALIZERS))


def propagate(Ws: Sequence[np.ndarray], X: np.ndarray, activation: str, grad_top: np.ndarray) -> dict[str, Any]:
    r"""Forward activations and back-propagated gradients through a stack of bias-free layers.

    .. math:: z_l = h_{l-1} W_l,\quad h_l = f(z_l),\qquad
              g_L = \text{grad\_top},\quad g_{l-1} = (g_l \odot f'(z_l))\, W_l^\top,\quad
              \frac{\partial C}{\partial W_l} = h_{l-1}^\top (g_l \odot f'(z_l))

    ``g_l`` is the gradient with respect to the layer output ``h_l`` (what Glorot & Bengio 2010 call the
    back-propagated gradient). Overflow is not warned about: the arithmetic runs under ``np.errstate`` and a
    non-finite value shows up as ``inf``/``nan`` in the returned arrays.

    Parameters
    ----------
    Ws : sequence of ndarray, each (n, n) or chaining (fan_in, fan_out)
        Weights, used as ``h @ W``.
    X : ndarray, shape (batch, Ws[0].shape[0])
        Inputs ``h_0``.
    activation : str
        A key of ``initedu.nn.ACTIVATIONS``.
    grad_top : ndarray, shape (batch, Ws[-1].shape[1])
        Gradient of the cost with respect to the last output ``h_L``.

    Returns
    -------
    dict
        ``hs`` (list of the L outputs ``h_1..h_L``), ``grads`` (list of ``g_1..g_L``), ``weight_grads``
        (list of ``dC/dW_1..dC/dW_L``).
    """
    check_choice(activation, "activation", ACTIVATIONS)
    Ws = list(Ws)
    if not Ws:
        raise ValueError("Ws must contain at least one weight matrix, got an empty sequence")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != Ws[0].shape[0]:
        raise ValueError(f"X must have shape (batch, {Ws[0].shape[0]}), got {X.shape}")
    grad_top = np.asarray(grad_top, dtype=np.float64)
    if grad_top.shape != (X.shape[0], Ws[-1].shape[1]):
        raise ValueError(f"grad_top must have shape {(X.shape[0], Ws[-1].shape[1])}, got {grad_top.shape}")
    act = ACTIVATIONS[activation]
    hs, zs = [X], []
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for W in Ws:
            z = hs[-1] @ W
            zs.append(z)
            hs.append(act.f(z))
        grads: list[np.ndarray] = [grad_top]
        weight_grads: list[np.ndarray] = []
        g = grad_top
        for k in reversed(range(len(Ws))):
            delta = g * act.df(zs[k])
            weight_grads.append(hs[k].T @ delta)
            g = delta @ Ws[k].T
            if k > 0:
                grads.append(g)
    return {"hs": hs[1:], "grads": grads[::-1], "weight_grads": weight_grads[::-1]}


def glorot_check(
    init_name: str,
    *,
    depth: int = 5,
    width: int = 1000,
    batch: int = 200,
    activation: str = "tanh",
    seed: int = 0,
    bins: np.ndarray | None = None,
) -> dict[str, Any]:
    r"""Glorot & Bengio (2010)'s measurement for one initializer: activation and gradient statistics per layer.

    Standard-normal inputs go through ``depth`` square layers of ``width`` units initialized by ``init_name``;
    a standard-normal gradient is back-propagated from the top. The inputs and the top gradient depend only
    on ``seed`` (the same for every initializer); the weights are drawn from ``seed + 1``.

    Returns
    -------
    dict
        ``act_std`` (std of ``h_l``), ``grad_var`` (variance of ``g_l``, the gradient w.r.t. ``h_l``),
        ``weight_grad_var`` (variance of ``dC/dW_l``), ``act_hist`` and ``grad_hist`` (per-layer fractions of
        the values in ``bins``; default 51 bins on [-1, 1] for activations and [-3, 3] for gradients, values
        outside are not counted), ``act_edges``/``grad_edges``.

    References
    ----------
    Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural networks",
    sections 4.2-4.3, figures 6-7.
    """
    name = _check_init_name(init_name)
    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    batch = check_int(batch, "batch", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    data_rng = np.random.default_rng(seed)
    X = data_rng.standard_normal((batch, width))
    grad_top = data_rng.standard_normal((batch, width))
    w_rng = np.random.default_rng(seed + 1)
    Ws = [_init.INITIALIZERS[name]((width, width), w_rng) for _ in range(depth)]
    out = propagate(Ws, X, activation, grad_top)
    act_edges = np.linspace(-1.0, 1.0, 52) if bins is None else np.asarray(bins, dtype=np.float64)
    grad_edges = np.linspace(-3.0, 3.0, 52) if bins is None else np.asarray(bins, dtype=np.float64)
    n = batch * width
    return {
        "layers": np.arange(1, depth + 1),
        "act_std": np.array([h.std() for h in out["hs"]]),
        "grad_var": np.array([g.var() for g in out["grads"]]),
        "weight_grad_var": np.array([g.var() for g in out["weight_grads"]]),
        "act_hist": np.array([np.histogram(h, bins=act_edges)[0] / n for h in out["hs"]]),
        "grad_hist": np.array([np.histogram(g, bins=grad_edges)[0] / n for g in out["grads"]]),
        "act_edges": act_edges,
        "grad_edges": grad_edges,
    }


def relu_rms_ratios(scale: float, *, depth: int = 30, width: int = 512, batch: int = 64,
                    seed: int = 0) -> np.ndarray:
    r"""RMS of the activations of a deep ReLU stack, layer by layer, divided by the RMS of the input.

    Weights ``W_l ~ N(0, scale / n)``, inputs standard normal. Since a ReLU keeps half of the second moment,

    .. math:: \mathbb{E}[h_l^2] = \frac{\text{scale}}{2}\,\mathbb{E}[h_{l-1}^2]
              \ (l \ge 2), \qquad \mathbb{E}[h_1^2] = \frac{\text{scale}}{2}\,\mathbb{E}[x^2],

    so the ratio at layer ``l`` is :math:`(\text{scale}/2)^{l/2}`: 1 for He's scale = 2 and
    :math:`2^{-l/2}` for scale = 1. Overflow/underflow is handled by :func:`initedu.stats.forward_stats`.

    References
    ----------
    He, Zhang, Ren & Sun (2015), "Delving deep into rectifiers", section 2.2.
    """
    from .stats import forward_stats

    scale = check_float(scale, "scale", minimum=0.0, strict_min=True)
    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    batch = check_int(batch, "batch", minimum=1)
    seed = check_int(seed, "seed", minimum=0)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, width))
    Ws = [rng.normal(0.0, np.sqrt(scale / width), size=(width, width)) for _ in range(depth)]
    prop = forward_stats(Ws, X, "relu")
    with np.errstate(over="ignore"):
        rms = np.sqrt(prop.std**2 + np.nan_to_num(prop.mean, nan=np.inf) ** 2)
    ratios = rms / float(np.sqrt(np.mean(X * X)))
    return ratios


def train_deep_relu(
    init_names: Sequence[str],
    *,
    depth: int = 10,
    width: int = 32,
    steps: int = 300,
    lr: float = 0.02,
    n: int = 300,
    seed: int = 0,
) -> dict[str, dict[str, Any]]:
    """Train one deep ReLU MLP per initializer on the same 3-class spirals, with SGD + momentum (full batch).

    The data come from ``seed``; every network's weights from ``seed + 1`` (the same generator state for each
    initializer, so only the initializer differs). Architecture ``[2] + [width] * depth + [3]``, biases 0,
    softmax cross-entropy.

    Returns
    -------
    dict
        ``init_name -> {"loss": ndarray (steps,), "accuracy": float (training accuracy at the end),
        "diverged_at": int or None}``.

    References
    ----------
    In the spirit of He, Zhang, Ren & Sun (2015), figure 3 (22- and 30-layer ReLU nets, Xavier vs theirs).
    """
    from . import data, nn, optim

    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    n = check_int(n, "n", minimum=3)
    seed = check_int(seed, "seed", minimum=0)
    X, y = data.spirals(n, np.random.default_rng(seed), classes=3)
    out: dict[str, dict[str, Any]] = {}
    for name in init_names:
        _check_init_name(name)
        model = nn.MLP([2] + [width] * depth + [3], "relu", init=name, rng=np.random.default_rng(seed + 1))
        hist = optim.train(model, "softmax_cross_entropy", X, y, optimizer=optim.Momentum(lr), steps=steps)
        acc = float(np.mean(model.forward(X).argmax(axis=1) == y))
        out[name] = {"loss": hist.loss, "accuracy": acc, "diverged_at": hist.diverged_at}
    return out


def weight_magnitude(init_name: str, fan_ins: Sequence[int], rng: np.random.Generator,
                     *, fan_out: int = 100) -> np.ndarray:
    r"""Mean absolute weight of ``init_name`` for each fan-in (shape ``(fan_in, fan_out)``).

    For Glorot uniform, :math:`\mathbb{E}|W| = L/2` with :math:`L = \sqrt{6/(m+n)}`: every single weight
    shrinks like :math:`1/\sqrt{m}` as the layer gets wider (the caveat that motivates sparse
    initialization, Martens 2010).
    """
    _check_init_name(init_name)
    check_rng(rng)
    fan_out = check_int(fan_out, "fan_out", minimum=1)
    fan_ins = [check_int(m, "fan_ins[i]", minimum=1) for m in fan_ins]
    return np.array([np.mean(np.abs(_init.INITIALIZERS[init_name]((m, fan_out), rng))) for m in fan_ins])
