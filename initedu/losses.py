"""Loss functions with their gradients, and the stable helpers they use.

Every loss has the signature ``f(pred, y) -> (loss, dpred)``: ``loss`` is a Python float, the *mean* over
the examples, and ``dpred`` is d loss / d pred, an array of the same shape as ``pred``. Because the loss is a
mean, ``dpred`` already contains the factor 1/N; pass it straight to ``model.backward``.

The losses work on any leading shape: a batch ``(batch, ...)`` from an MLP or a sequence ``(T, batch, ...)``
from an RNN (then the mean runs over every time step and example).

All functions are computed in float64 in forms that do not overflow (no ``exp`` of a large positive number),
so they raise no numpy warnings for any finite input.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import check_array

__all__ = [
    "LOSSES",
    "binary_cross_entropy",
    "gaussian_nll",
    "logit",
    "mse",
    "sigmoid",
    "softmax",
    "softmax_cross_entropy",
]

Loss = Callable[[Any, Any], tuple[float, np.ndarray]]

LOG_2PI = float(np.log(2.0 * np.pi))


# ----------------------------------------------------------------------------------------------- helpers


def sigmoid(z: Any) -> np.ndarray:
    r"""Logistic sigmoid :math:`\sigma(z) = 1 / (1 + e^{-z})`, computed without overflow.

    With :math:`e = e^{-|z|} \le 1`: :math:`\sigma(z) = 1/(1+e)` for :math:`z \ge 0` and :math:`e/(1+e)` for
    :math:`z < 0`, so ``exp`` never sees a large positive argument.
    """
    z = check_array(z, "z")
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def softmax(z: Any, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: :math:`\mathrm{softmax}(z)_k = e^{z_k - m} / \sum_j e^{z_j - m}`, m = max z.

    Subtracting the maximum changes nothing mathematically and keeps every ``exp`` argument <= 0.
    """
    z = check_array(z, "z")
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def logit(p: Any) -> np.ndarray:
    r"""Inverse of the sigmoid: :math:`\mathrm{logit}(p) = \log p - \log(1 - p)`, for p in [0, 1].

    ``logit(0) = -inf`` and ``logit(1) = inf`` (returned quietly). Useful to initialize an output bias so that
    the untrained model predicts the class frequency ``p``.
    """
    p = check_array(p, "p")
    if np.any(~((p >= 0.0) & (p <= 1.0))):
        raise ValueError(f"p must be in [0, 1], got values from {np.nanmin(p)} to {np.nanmax(p)} (or nan)")
    with np.errstate(divide="ignore"):
        return np.log(p) - np.log1p(-p)


def _match_target(pred: np.ndarray, y: np.ndarray, pred_name: str) -> np.ndarray:
    """Return ``y`` with the shape of ``pred``; shape ``pred.shape[:-1]`` is accepted if the last axis is 1.

    Refusing other shapes avoids the classic silent bug ``(batch, 1) - (batch,) -> (batch, batch)``.
    """
    if y.shape == pred.shape:
        return y
    if pred.ndim >= 1 and pred.shape[-1] == 1 and y.shape == pred.shape[:-1]:
        return y[..., None]
    raise ValueError(
        f"y must have the shape of {pred_name} {pred.shape} (or {pred.shape[:-1]} when the last axis is 1), "
        f"got shape {y.shape}"
    )


# ----------------------------------------------------------------------------------------------- losses


def mse(pred: Any, y: Any) -> tuple[float, np.ndarray]:
    r"""Mean squared error over all elements, without a factor 1/2.

    .. math:: L = \frac{1}{n} \sum_i (\hat y_i - y_i)^2, \qquad
              \frac{\partial L}{\partial \hat y_i} = \frac{2}{n} (\hat y_i - y_i)

    ``n`` is the number of elements of ``pred`` (as PyTorch ``MSELoss`` and Keras ``mean_squared_error``).
    ``y`` has the shape of ``pred``, or ``pred.shape[:-1]`` if the last axis of ``pred`` is 1.
    """
    pred = check_array(pred, "pred")
    y = _match_target(pred, check_array(y, "y"), "pred")
    if pred.size == 0:
        raise ValueError(f"pred must not be empty, got shape {pred.shape}")
    diff = pred - y
    return float(np.mean(diff * diff)), 2.0 * diff / diff.size


def binary_cross_entropy(logits: Any, y: Any) -> tuple[float, np.ndarray]:
    r"""Binary cross-entropy computed from logits z (not probabilities), mean over all elements.

    .. math:: \ell = -y \log\sigma(z) - (1 - y)\log(1 - \sigma(z))
                   = \mathrm{softplus}(z) - y z, \qquad
              \frac{\partial L}{\partial z} = \frac{\sigma(z) - y}{n}

    ``softplus(z) = log(1 + e^z)`` is computed as ``np.logaddexp(0, z)``, which never overflows.
    ``y`` holds labels in {0, 1} or soft targets in [0, 1], with the shape of ``logits`` (or
    ``logits.shape[:-1]`` if the last axis of ``logits`` is 1).
    """
    z = check_array(logits, "logits")
    y = _match_target(z, check_array(y, "y"), "logits")
    if z.size == 0:
        raise ValueError(f"logits must not be empty, got shape {z.shape}")
    if np.any(~((y >= 0.0) & (y <= 1.0))):
        raise ValueError(f"y must be in [0, 1], got values from {np.nanmin(y)} to {np.nanmax(y)} (or nan)")
    loss = np.mean(np.logaddexp(0.0, z) - y * z)
    return float(loss), (sigmoid(z) - y) / z.size


def _class_labels(y: Any, n_classes: int, shape: tuple[int, ...]) -> np.ndarray:
    """Return ``y`` as an int array of the given shape with values in [0, n_classes)."""
    arr = np.asarray(y)
    if arr.dtype.kind in "iu":
        labels = arr.astype(np.int64)
    elif arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
        labels = arr.astype(np.int64)
    else:
        raise TypeError(f"y must hold integer class labels, got dtype {arr.dtype}: {arr!r}")
    if labels.shape != shape:
        raise ValueError(f"y must have shape {shape} (logits.shape[:-1]), got shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"y must hold class labels in [0, {n_classes - 1}], "
            f"got values from {labels.min()} to {labels.max()}"
        )
    return labels


def softmax_cross_entropy(logits: Any, y: Any) -> tuple[float, np.ndarray]:
    r"""Softmax cross-entropy from logits z with integer class labels, mean over the examples.

    .. math:: \ell = \log\sum_k e^{z_k} - z_y, \qquad
              \frac{\partial L}{\partial z_k} = \frac{\mathrm{softmax}(z)_k - [k = y]}{N}

    ``logits`` has shape ``(batch, C)`` (or ``(T, batch, C)``); ``y`` has shape ``logits.shape[:-1]`` and
    holds labels in ``0 .. C-1``. ``N`` is the number of examples (``batch`` or ``T * batch``). The
    log-sum-exp is computed after subtracting the row maximum, so it cannot overflow.
    """
    z = check_array(logits, "logits")
    if z.ndim < 2:
        raise ValueError(f"logits must have shape (batch, n_classes), got shape {z.shape}")
    if z.size == 0:
        raise ValueError(f"logits must not be empty, got shape {z.shape}")
    labels = _class_labels(y, z.shape[-1], z.shape[:-1])
    m = np.max(z, axis=-1, keepdims=True)
    e = np.exp(z - m)
    sum_e = np.sum(e, axis=-1, keepdims=True)
    log_sum_exp = (m + np.log(sum_e))[..., 0]
    n = labels.size
    dz = e / sum_e
    idx = labels[..., None]
    np.put_along_axis(dz, idx, np.take_along_axis(dz, idx, axis=-1) - 1.0, axis=-1)
    z_true = np.take_along_axis(z, idx, axis=-1)[..., 0]
    return float(np.mean(log_sum_exp - z_true)), dz / n


def gaussian_nll(out: Any, y: Any) -> tuple[float, np.ndarray]:
    r"""Gaussian negative log-likelihood with a predicted mean and log-variance, mean over the examples.

    ``out[..., 0]`` is the mean :math:`\mu`, ``out[..., 1]`` the log-variance :math:`s = \log\sigma^2`:

    .. math:: \ell = \tfrac12\left(\log 2\pi + s + (y - \mu)^2 e^{-s}\right), \qquad
              \frac{\partial \ell}{\partial \mu} = -(y - \mu)\, e^{-s}, \qquad
              \frac{\partial \ell}{\partial s} = \tfrac12\left(1 - (y - \mu)^2 e^{-s}\right)

    ``out`` has shape ``(batch, 2)`` (or ``(T, batch, 2)``); ``y`` has shape ``(batch,)`` or ``(batch, 1)``.
    The returned gradient has the shape of ``out`` and includes the 1/N of the mean.
    """
    out = check_array(out, "out")
    if out.ndim < 2 or out.shape[-1] != 2:
        raise ValueError(
            f"out must have shape (batch, 2) (column 0 = mean, column 1 = log-variance), got {out.shape}"
        )
    y = check_array(y, "y")
    if y.shape == out.shape[:-1] + (1,):
        y = y[..., 0]
    if y.shape != out.shape[:-1]:
        raise ValueError(f"y must have shape {out.shape[:-1]} or {(*out.shape[:-1], 1)}, got shape {y.shape}")
    if y.size == 0:
        raise ValueError(f"out must not be empty, got shape {out.shape}")
    mu, s = out[..., 0], out[..., 1]
    r = y - mu
    inv_var = np.exp(-s)
    n = y.size
    loss = 0.5 * (LOG_2PI + s + r * r * inv_var)
    dout = np.stack([-r * inv_var, 0.5 * (1.0 - r * r * inv_var)], axis=-1) / n
    return float(np.mean(loss)), dout


#: Name -> loss ``f(pred, y) -> (loss, dpred)``, for ``optim.train(loss=...)`` and dropdowns.
LOSSES: dict[str, Loss] = {
    "mse": mse,
    "binary_cross_entropy": binary_cross_entropy,
    "softmax_cross_entropy": softmax_cross_entropy,
    "gaussian_nll": gaussian_nll,
}
