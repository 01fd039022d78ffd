"""Bias initialization, measured (notebook 06): output marginals, ReLU 0.1, the LSTM forget gate, visible biases.

* :func:`expected_bce` — the initial binary cross-entropy of a constant prediction σ(b) for a positive rate p;
* :func:`imbalanced_curves` — training curves with the output bias at 0 or at logit(p) (the "hockey stick");
* :func:`relu_bias_effect` — dead ReLU units and early loss against the hidden bias value;
* :func:`bias_drift` — what a constant bias does to a deep random-walk-initialized ReLU network;
* :func:`forget_gate_gradients` — the gradient reaching c_0 from step T in an LSTM, against σ(b_f)^T;
* :func:`adding_curves` — the LSTM on the adding problem with b_f = 0 or 1;
* :func:`visible_bias_error` — the initial reconstruction error of a sigmoid decoder with b = 0 or logit(marginals).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validate import check_array, check_float, check_int, check_rng
from .data import adding_problem, spirals
from .init import random_walk
from .losses import binary_cross_entropy, logit, mse, sigmoid
from .nn import LSTM, MLP
from .optim import SGD, Adam, train

__all__ = [
    "adding_curves",
    "bias_drift",
    "expected_bce",
    "forget_gate_gradients",
    "imbalanced_curves",
    "imbalanced_data",
    "relu_bias_effect",
    "visible_bias_error",
]


def expected_bce(p: float, b: float) -> float:
    r"""Binary cross-entropy of the constant prediction σ(b) when a share p of the labels is 1.

    .. math:: L(b) = -p \log\sigma(b) - (1 - p)\log(1 - \sigma(b)),

    minimized at :math:`b = \operatorname{logit}(p)`, where it equals the entropy of the labels
    (0.056 nats for p = 0.01, against log 2 = 0.693 at b = 0).
    """
    p = check_float(p, "p", minimum=0.0, maximum=1.0)
    b = check_float(b, "b")
    return float(p * np.logaddexp(0.0, -b) + (1.0 - p) * np.logaddexp(0.0, b))


def imbalanced_data(n: int, rng: np.random.Generator, *, p: float = 0.01, dim: int = 10,
                    shift: float = 1.5) -> tuple[np.ndarray, np.ndarray]:
    """A rare-positive binary task: x ~ N(0, I) for negatives, N(shift·u, I) for positives (share p)."""
    n = check_int(n, "n", minimum=2)
    check_rng(rng)
    p = check_float(p, "p", minimum=0.0, maximum=1.0, strict_min=True)
    dim = check_int(dim, "dim", minimum=1)
    shift = check_float(shift, "shift")
    y = (rng.random(n) < p).astype(np.float64)
    u = np.ones(dim) / math.sqrt(dim)
    X = rng.standard_normal((n, dim)) + shift * y[:, None] * u
    return X, y[:, None]


def imbalanced_curves(X: Any, y: Any, *, output_bias: float, seed: int = 0, steps: int = 200,
                      lr: float = 0.5, hidden: int = 16) -> np.ndarray:
    r"""Full-batch training loss of a tanh MLP with the output bias initialized to ``output_bias``.

    Setting it to :math:`\operatorname{logit}(\bar y)` makes the untrained model predict the class frequency;
    at 0 it predicts 0.5 and the first steps are spent learning the marginal (the "hockey stick").
    The weights use the same seed for every bias, so only the bias differs.
    """
    X = check_array(X, "X", ndim=2)
    output_bias = check_float(output_bias, "output_bias")
    model = MLP([X.shape[1], hidden, 1], "tanh", bias_init=[0.0, output_bias], rng=np.random.default_rng(seed))
    return train(model, binary_cross_entropy, X, y, optimizer=SGD(lr), steps=steps).loss


def relu_bias_effect(biases: Sequence[float], *, depth: int = 6, width: int = 16, n: int = 256, steps: int = 100,
                     lr: float = 0.05, seeds: Sequence[int] = (0, 1, 2, 3)) -> dict[str, np.ndarray]:
    r"""Dead ReLU units at initialization and the early training loss, for each hidden-bias value.

    A ``depth``-hidden-layer, ``width``-wide ReLU MLP (He-normal weights, all hidden biases = b, output bias
    0) on the two-spirals task. A unit is *dead* on the data if its pre-activation is <= 0 for every example:
    it then passes no gradient at all. Averaged over ``seeds``.

    Returns ``dead`` (fraction of dead hidden units, per bias) and ``loss`` (mean training loss over the
    first ``steps`` SGD steps, per bias).
    """
    depth = check_int(depth, "depth", minimum=1)
    width = check_int(width, "width", minimum=1)
    steps = check_int(steps, "steps", minimum=1)
    dead = np.zeros(len(biases))
    loss = np.zeros(len(biases))
    for s in seeds:
        X, y = spirals(n, np.random.default_rng(1000 + s))
        for i, b in enumerate(biases):
            b = check_float(b, f"biases[{i}]")
            model = MLP([2] + [width] * depth + [2], "relu", init="he_normal", bias_init=[b] * depth + [0.0],
                        rng=np.random.default_rng(s))
            model.forward(X)
            dead[i] += np.mean([np.all(z <= 0.0, axis=0).mean() for z in model.zs[:-1]])
            hist = train(model, "softmax_cross_entropy", X, y, optimizer=SGD(lr), steps=steps)
            loss[i] += hist.loss.mean()
    return {"bias": np.asarray(biases, dtype=float), "dead": dead / len(seeds), "loss": loss / len(seeds)}


def bias_drift(bias: float, rng: np.random.Generator, *, depth: int = 50, width: int = 64,
               n: int = 128) -> np.ndarray:
    r"""Share of the top-layer signal that still depends on the input, layer by layer, in a deep ReLU network.

    Weights from random-walk initialization (Sussillo & Abbott 2014, gain tuned for ReLU, no bias
    expected), every bias equal to ``bias``. For layer l returns
    :math:`\overline{\operatorname{Var}_x(h)} / \overline{\mathbb{E}_x[h^2]}`: 1 when each unit's output
    varies around 0 with the input, near 0 when every input gives the same output (the bias dominates).
    """
    bias = check_float(bias, "bias")
    check_rng(rng)
    depth = check_int(depth, "depth", minimum=1)
    h = rng.standard_normal((check_int(n, "n", minimum=2), width))
    out = np.empty(depth)
    for layer in range(depth):
        h = np.maximum(h @ random_walk((width, width), rng, "relu") + bias, 0.0)
        out[layer] = h.var(axis=0).mean() / max((h * h).mean(), 1e-300)
    return out


def forget_gate_gradients(forget_bias: float, T: int, *, n_hidden: int = 16, batch: int = 32,
                          seed: int = 0) -> dict[str, Any]:
    r"""Norm of d loss / d c_t for t = T..0 in an LSTM whose loss sits on the last step only.

    Along the cell path :math:`\partial c_t / \partial c_{t-1} = \operatorname{diag}(f_t)` with
    :math:`f_t = \sigma(b_f + \dots) \approx \sigma(b_f)`, so the gradient reaching :math:`c_0` from step T
    scales roughly like :math:`\sigma(b_f)^T` (Gers, Schmidhuber & Cummins 2000; Jozefowicz, Zaremba &
    Sutskever 2015). Inputs are N(0, 1), weights the package defaults from ``seed``; the loss is the sum of
    the last output.

    Returns ``steps`` (0..T), ``ratio`` (||dL/dc_t|| / ||dL/dc_T||), ``theory`` (σ(b_f)^(T - t)) and
    ``mean_f`` (mean forget-gate value).
    """
    forget_bias = check_float(forget_bias, "forget_bias")
    T = check_int(T, "T", minimum=1)
    rng = np.random.default_rng(seed)
    model = LSTM(2, n_hidden, 1, rng=rng, forget_bias=forget_bias)
    X = rng.standard_normal((T, batch, 2))
    Y = model.forward(X)
    g = np.zeros_like(Y)
    g[-1] = 1.0
    model.backward(g)
    norms = np.sqrt((model.grad_cs**2).sum(axis=(1, 2)))
    steps = np.arange(T + 1)
    H = n_hidden
    return {
        "steps": steps,
        "ratio": norms / norms[-1],
        "theory": float(sigmoid(forget_bias)) ** (T - steps),
        "mean_f": float(model.gates[:, :, H:2 * H].mean()),
    }


def _last_step_mse(pred: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    value, g = mse(pred[-1], y[0])
    grad = np.zeros_like(pred)
    grad[-1] = g
    return value, grad


def adding_curves(forget_bias: float, seeds: Sequence[int], *, T: int = 30, n: int = 1000, n_hidden: int = 16,
                  steps: int = 300, lr: float = 0.01, batch_size: int = 50) -> np.ndarray:
    """Training-loss curves (one row per seed) of the LSTM on the adding problem, Adam, loss on the last step.

    Always predicting 1 gives MSE 1/6 ≈ 0.167 (the baseline to beat).
    """
    forget_bias = check_float(forget_bias, "forget_bias")
    curves = []
    for s in seeds:
        X, y = adding_problem(n, T, np.random.default_rng(s))
        model = LSTM(2, n_hidden, 1, rng=np.random.default_rng(100 + s), forget_bias=forget_bias)
        hist = train(model, _last_step_mse, X, y[None], optimizer=Adam(lr), steps=steps, batch_size=batch_size,
                     rng=np.random.default_rng(200 + s))
        curves.append(hist.loss)
    return np.array(curves)


def visible_bias_error(X: Any, rng: np.random.Generator, *, n_hidden: int = 32, eps: float = 1e-3) -> dict[str, float]:
    r"""Initial reconstruction cross-entropy of a one-hidden-layer sigmoid autoencoder, visible bias 0 vs marginals.

    Encoder and decoder weights are small, N(0, 0.01²), so the reconstruction is about σ(b). With
    :math:`b_i = \operatorname{logit}(\bar x_i)` (marginals clipped to [eps, 1 - eps]) the initial error is
    about the entropy of each pixel; with b = 0 it is log 2 per pixel whatever the data.
    """
    X = check_array(X, "X", ndim=2)
    check_rng(rng)
    eps = check_float(eps, "eps", minimum=0.0, strict_min=True, maximum=0.5)
    d = X.shape[1]
    W1 = rng.normal(0.0, 0.01, size=(d, n_hidden))
    W2 = rng.normal(0.0, 0.01, size=(n_hidden, d))
    b_marg = logit(np.clip(X.mean(axis=0), eps, 1.0 - eps))
    hid = sigmoid(X @ W1)
    out = {}
    for name, b in (("zero", np.zeros(d)), ("marginal", b_marg)):
        out[name] = binary_cross_entropy(hid @ W2 + b, X)[0]
    return out
