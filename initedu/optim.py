"""Optimizers, gradient clipping and a small training loop that records what the notebooks plot.

An optimizer's ``step(params, grads)`` updates the arrays of ``params`` in place, so a model whose ``params``
are its own weight arrays (every model of :mod:`initedu.nn`) is changed by it. Optimizer state (velocities,
moment estimates) is created lazily, one entry per position in ``params``: use one optimizer per model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .losses import LOSSES

__all__ = ["SGD", "Adam", "History", "Momentum", "Optimizer", "clip_by_global_norm", "train"]


def _check_params_and_grads(params: Any, grads: Any) -> None:
    """Check that params and grads are equally long lists of float arrays of matching shapes."""
    for name, arrays in (("params", params), ("grads", grads)):
        if not isinstance(arrays, (list, tuple)):
            raise TypeError(f"{name} must be a list of numpy arrays, got {type(arrays).__name__}")
        for i, a in enumerate(arrays):
            if not isinstance(a, np.ndarray):
                raise TypeError(f"{name}[{i}] must be a numpy array, got {type(a).__name__}")
    if len(params) != len(grads):
        raise ValueError(f"grads must have one array per parameter ({len(params)}), got {len(grads)}")
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        if not np.issubdtype(p.dtype, np.floating):
            raise TypeError(f"params[{i}] must be a float array (updated in place), got dtype {p.dtype}")
        if p.shape != g.shape:
            raise ValueError(f"grads[{i}] must have the shape of params[{i}] {p.shape}, got {g.shape}")


def _check_beta(value: Any, name: str) -> float:
    value = check_float(value, name, minimum=0.0)
    if value >= 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return value


class Optimizer:
    """Base class: argument checks and per-parameter state keyed by the position in ``params``."""

    def __init__(self, lr: float) -> None:
        self.lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
        self.state: dict[int, dict[str, np.ndarray]] = {}

    def _slot(self, i: int, p: np.ndarray, *names: str) -> dict[str, np.ndarray]:
        """The state arrays of parameter ``i`` (zeros the first time)."""
        if i not in self.state:
            self.state[i] = {name: np.zeros_like(p) for name in names}
        slot = self.state[i]
        if slot[names[0]].shape != p.shape:
            raise ValueError(
                f"params[{i}] has shape {p.shape} but this optimizer's state for it has shape "
                f"{slot[names[0]].shape}: use a new optimizer for a different model"
            )
        return slot

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """Update every array of ``params`` in place using ``grads`` (same order and shapes)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in vars(self).items() if k not in ("state", "t"))
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    r"""Plain gradient descent: :math:`\theta \leftarrow \theta - \epsilon g`, learning rate ε = ``lr``."""

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        _check_params_and_grads(params, grads)
        for p, g in zip(params, grads, strict=True):
            p -= self.lr * g


class Momentum(Optimizer):
    r"""SGD with momentum, as in the Deep Learning book (algorithm 8.2).

    .. math:: v \leftarrow \beta v - \epsilon g, \qquad \theta \leftarrow \theta + v, \qquad v_0 = 0

    With a constant learning rate this is the same trajectory as PyTorch's ``SGD(momentum=beta)``, which
    keeps :math:`u \leftarrow \beta u + g` and steps :math:`\theta \leftarrow \theta - \epsilon u`
    (so :math:`v = -\epsilon u`).
    """

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        super().__init__(lr)
        self.beta = _check_beta(beta, "beta")

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        _check_params_and_grads(params, grads)
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            v = self._slot(i, p, "v")["v"]
            v *= self.beta
            v -= self.lr * g
            p += v


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015; Deep Learning book, algorithm 8.7).

    At step t = 1, 2, ...:

    .. math::
        m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad v \leftarrow \beta_2 v + (1 - \beta_2) g^2,

        \hat m = m / (1 - \beta_1^t), \qquad \hat v = v / (1 - \beta_2^t), \qquad
        \theta \leftarrow \theta - \epsilon\, \hat m / (\sqrt{\hat v} + \text{eps})

    ``t`` counts calls of ``step`` (one counter for all parameters).
    """

    def __init__(self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.beta1 = _check_beta(beta1, "beta1")
        self.beta2 = _check_beta(beta2, "beta2")
        self.eps = check_float(eps, "eps", minimum=0.0, strict_min=True)
        self.t = 0

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        _check_params_and_grads(params, grads)
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            slot = self._slot(i, p, "m", "v")
            m, v = slot["m"], slot["v"]
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            m_hat = m / (1.0 - self.beta1**self.t)
            v_hat = v / (1.0 - self.beta2**self.t)
            p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def clip_by_global_norm(grads: Sequence[np.ndarray], max_norm: float) -> tuple[list[np.ndarray], float]:
    r"""Rescale gradients so that their global norm is at most ``max_norm``.

    .. math:: \|g\| = \sqrt{\textstyle\sum_k \|g_k\|_2^2}, \qquad
              g_k \leftarrow g_k \cdot \min(1, \text{max\_norm} / \|g\|)

    Returns ``(clipped, norm_before)``: new arrays (the inputs are not modified) and the global norm before
    clipping. Every gradient is scaled by the same factor, so the direction is kept (Pascanu et al. 2013).
    """
    if not isinstance(grads, (list, tuple)):
        raise TypeError(f"grads must be a list of numpy arrays, got {type(grads).__name__}")
    arrays = [check_array(g, f"grads[{i}]") for i, g in enumerate(grads)]
    max_norm = check_float(max_norm, "max_norm", minimum=0.0, strict_min=True)
    norm = float(np.sqrt(sum(float(np.sum(g * g)) for g in arrays)))
    scale = max_norm / norm if norm > max_norm else 1.0
    return [g * scale for g in arrays], norm


class Model(Protocol):
    """What :func:`train` needs from a model (every model of :mod:`initedu.nn` has it)."""

    params: list[np.ndarray]
    grads: list[np.ndarray]

    def forward(self, X: Any) -> np.ndarray: ...

    def backward(self, grad_out: Any) -> np.ndarray: ...


@dataclass
class History:
    """What :func:`train` recorded. Step s means: measured after s updates.

    Attributes
    ----------
    loss : ndarray, shape (n_steps,)
        Training loss of step s's minibatch, before that step's update. If training diverged, the last entry
        is the non-finite loss that stopped it.
    val_loss, val_steps : ndarray
        Validation loss measured after ``val_steps[k]`` updates: every ``record_every`` steps and once more
        after the last update. Empty without validation data.
    grad_norms : ndarray, shape (n_steps, n_params)
        L2 norm of each parameter's gradient at each step (before clipping). NaN on the diverged step.
    update_ratios : ndarray, shape (n_steps, n_params)
        ``std(update) / std(param before the update)`` per step and parameter; NaN where ``std(param) == 0``
        (e.g. a zero-initialized bias at step 0, or a bias with a single entry) and on the diverged step.
    param_names : list of str
        Names of the columns of ``grad_norms`` and ``update_ratios``.
    diverged_at : int or None
        The step whose loss was not finite (training stopped there), or ``None``.
    """

    loss: np.ndarray
    val_loss: np.ndarray
    val_steps: np.ndarray
    grad_norms: np.ndarray
    update_ratios: np.ndarray
    param_names: list[str] = field(default_factory=list)
    diverged_at: int | None = None


def _std_ratio(update: np.ndarray, param: np.ndarray) -> float:
    std_param = float(np.std(param))
    if std_param == 0.0:
        return float("nan")
    return float(np.std(update)) / std_param


def train(
    model: Model,
    loss: str | Callable[[Any, Any], tuple[float, np.ndarray]],
    X: Any,
    y: Any,
    *,
    optimizer: Optimizer,
    steps: int,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    X_val: Any = None,
    y_val: Any = None,
    clip: float | None = None,
    record_every: int = 1,
) -> History:
    """Train ``model`` for ``steps`` optimizer steps and record losses, gradient norms and update ratios.

    Each step: forward on a minibatch, record the loss, backward, record each parameter's gradient norm,
    optionally clip the gradients by global norm (``clip``), let ``optimizer`` update ``model.params`` in
    place, record ``std(update) / std(param)``.

    Parameters
    ----------
    model
        An :class:`initedu.nn.MLP`, :class:`~initedu.nn.TanhRNN` or :class:`~initedu.nn.LSTM` (anything with
        ``forward``, ``backward``, ``params`` and ``grads``). Examples are indexed along ``model.batch_axis``:
        axis 0 for the MLP (``X`` is ``(n, features)``), axis 1 for the sequence models (``X`` is
        ``(T, n, features)``, ``y`` is ``(T, n, ...)``).
    loss : str or callable
        A name in :data:`initedu.losses.LOSSES` or a function ``f(pred, y) -> (loss, dpred)``.
    X, y : array_like
        Training data; ``y`` is passed to the loss unchanged (integer labels stay integers).
    optimizer : Optimizer
        E.g. ``Adam(1e-3)``; its state is kept, so calling ``train`` again continues the run.
    steps : int, >= 1
        Number of optimizer steps.
    batch_size : int or None
        ``None``: every step uses all examples. Otherwise each step draws ``batch_size`` distinct examples at
        random with ``rng`` (required then).
    rng : numpy.random.Generator or None
        Source of the minibatches.
    X_val, y_val : array_like or None
        Validation data (both or neither), evaluated every ``record_every`` steps and after the last one.
    clip : float or None
        If given, the gradients are clipped to this global norm before the update.
    record_every : int, >= 1
        Spacing of validation measurements, in steps.

    Returns
    -------
    History
        If the training loss becomes inf or nan, training stops at that step and ``History.diverged_at`` is
        set. Numpy floating-point warnings (overflow, invalid value) are silenced inside this function so
        that an exploding run shows up in the history rather than as a stream of warnings.
    """
    for attr in ("forward", "backward", "params", "grads"):
        if not hasattr(model, attr):
            raise TypeError(f"model must have forward, backward, params and grads; {type(model).__name__} "
                            f"has no {attr!r}")
    if isinstance(loss, str):
        loss_fn = LOSSES[check_choice(loss, "loss", LOSSES)]
    elif callable(loss):
        loss_fn = loss
    else:
        raise TypeError(f"loss must be a name in {list(LOSSES)} or a function, got {type(loss).__name__}")
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(params, grads) method, got {type(optimizer).__name__}")
    steps = check_int(steps, "steps", minimum=1)
    record_every = check_int(record_every, "record_every", minimum=1)
    if clip is not None:
        clip = check_float(clip, "clip", minimum=0.0, strict_min=True)
    axis = getattr(model, "batch_axis", 0)
    X = check_array(X, "X")
    y = np.asarray(y)
    if X.ndim <= axis or y.ndim <= axis or X.shape[axis] != y.shape[axis]:
        raise ValueError(
            f"X and y must have the same number of examples along axis {axis}, "
            f"got shapes {X.shape} and {y.shape}"
        )
    n = X.shape[axis]
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", minimum=1, maximum=n)
        if rng is None:
            raise ValueError("rng must be a numpy.random.Generator when batch_size is given, got rng=None")
    if rng is not None:
        check_rng(rng)
    if (X_val is None) != (y_val is None):
        raise ValueError(
            f"X_val and y_val must be given together, got X_val={type(X_val).__name__}, "
            f"y_val={type(y_val).__name__}"
        )
    if X_val is not None:
        X_val = check_array(X_val, "X_val")
        y_val = np.asarray(y_val)

    n_params = len(model.params)
    names = list(getattr(model, "param_names", [f"p{i}" for i in range(n_params)]))
    losses: list[float] = []
    val_losses: list[float] = []
    val_steps: list[int] = []
    grad_norms: list[list[float]] = []
    ratios: list[list[float]] = []
    diverged_at = None
    with np.errstate(all="ignore"):
        for step in range(steps + 1):
            if X_val is not None and (step % record_every == 0 or step == steps):
                val_losses.append(loss_fn(model.forward(X_val), y_val)[0])
                val_steps.append(step)
            if step == steps:
                break
            Xb, yb = X, y
            if batch_size is not None:
                idx = rng.choice(n, size=batch_size, replace=False)
                Xb, yb = np.take(X, idx, axis=axis), np.take(y, idx, axis=axis)
            value, dpred = loss_fn(model.forward(Xb), yb)
            losses.append(float(value))
            if not np.isfinite(value):
                diverged_at = step
                grad_norms.append([float("nan")] * n_params)
                ratios.append([float("nan")] * n_params)
                break
            model.backward(dpred)
            grad_norms.append([float(np.sqrt(np.sum(g * g))) for g in model.grads])
            grads = model.grads if clip is None else clip_by_global_norm(model.grads, clip)[0]
            before = [p.copy() for p in model.params]
            optimizer.step(model.params, grads)
            ratios.append([_std_ratio(p - b, b) for p, b in zip(model.params, before, strict=True)])
    return History(
        loss=np.array(losses),
        val_loss=np.array(val_losses),
        val_steps=np.array(val_steps, dtype=int),
        grad_norms=np.array(grad_norms).reshape(-1, n_params),
        update_ratios=np.array(ratios).reshape(-1, n_params),
        param_names=names,
        diverged_at=diverged_at,
    )
