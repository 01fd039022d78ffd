r"""Diagnostics of a network at initialization, and a few theory helpers.

The per-layer health check follows Karpathy's "makemore part 3" lecture (Building makemore Part 3:
Activations & Gradients, BatchNorm): after a forward (and optionally a backward) pass look at, per layer,

* the mean and standard deviation of the activations ``hs[l+1]`` (they should neither shrink to 0 nor grow);
* the fraction of saturated tanh/sigmoid units (where the derivative is almost 0);
* the fraction of dead ReLUs (never positive on the batch, so they pass no gradient);
* the standard deviation of the gradient with respect to the activations, and the ratio
  ``std(dW) / std(W)`` of each weight (the "grad:data ratio"; with a learning rate it becomes the
  "update:data ratio", about 1e-3 being a healthy order of magnitude).

The theory helpers compute the input-output Jacobian of an MLP (its singular values measure dynamical
isometry, Saxe et al. 2014; Pennington et al. 2017) and the largest Lyapunov exponent of a random tanh
recurrence (order for g < 1, chaos for g > 1; Sompolinsky, Crisanti & Sommers 1988).

Nothing here draws random numbers except :func:`lyapunov_exponent`, which takes an explicit ``rng``. This
module imports neither matplotlib nor anything that changes global state.

Conventions: standard deviations and means are over *all* entries of an array (``np.std`` with ``ddof=0``,
like ``t.std()`` in the lecture except for Bessel's correction). A statistic that does not apply to a
layer is ``nan``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .nn import ACTIVATIONS

__all__ = [
    "SATURATION_ACTIVATIONS",
    "DEAD_ACTIVATIONS",
    "Propagation",
    "dead_fraction",
    "forward_stats",
    "grad_data_ratio",
    "jacobian",
    "jacobian_singular_values",
    "layer_stats",
    "lyapunov_exponent",
    "saturation_fraction",
    "update_data_ratio",
]

#: Activations for which ``saturated`` is defined (bounded, with a derivative that vanishes in the tails).
SATURATION_ACTIVATIONS = ("tanh", "sigmoid")
#: Activations for which ``dead`` is defined (piecewise linear with a kink at 0).
DEAD_ACTIVATIONS = ("relu", "leaky_relu")


def _nonempty(a: Any, name: str, *, ndim: int | None = None) -> np.ndarray:
    """``check_array`` plus a check that the array has at least one entry."""
    arr = check_array(a, name, ndim=ndim)
    if arr.size == 0:
        raise ValueError(f"{name} must have at least one entry, got shape {arr.shape}")
    return arr


def _moments(a: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of all entries, without overflow for huge finite values.

    ``np.std`` squares its input, so values above ~1e154 would overflow (and warn) although their spread is
    representable. Dividing by ``m = max|a|`` first keeps every intermediate in [-1, 1]:
    ``mean = m * mean(a / m)``, ``std = m * std(a / m)``. Non-finite input gives ``(nan, inf)``.
    """
    if not np.all(np.isfinite(a)):
        return math.nan, math.inf
    m = float(np.max(np.abs(a)))
    if m == 0.0:
        return 0.0, 0.0
    s = a / m
    return m * float(np.mean(s)), m * float(np.std(s))


def _ratio(num: float, den: float) -> float:
    """``num / den`` for non-negative spreads: ``inf`` if only ``den`` is 0, ``nan`` if both are."""
    if den == 0.0:
        return math.inf if num > 0.0 else math.nan
    return num / den


# ----------------------------------------------------------------------------------------------- raw arrays


def saturation_fraction(h: Any, threshold: float = 0.97, *, activation: str = "tanh") -> float:
    r"""Fraction of activations in the flat tails of a tanh or sigmoid.

    .. math:: \text{tanh: } \frac{1}{|h|}\#\{|h_i| > \tau\}, \qquad
              \text{sigmoid: } \frac{1}{|h|}\#\{h_i > \tau \text{ or } 1 - h_i > \tau\}

    At ``|tanh| = 0.97`` the derivative ``1 - tanh²`` is 0.06: the unit passes almost no gradient.

    Parameters
    ----------
    h : array_like
        Activations (any shape, at least one entry), i.e. outputs of the nonlinearity.
    threshold : float in (0, 1)
        ``τ``; for ``activation="sigmoid"`` it must be >= 0.5 (the tails are ``h > τ`` and ``1 - h > τ``).
    activation : {"tanh", "sigmoid"}
        Which nonlinearity produced ``h``.

    Returns
    -------
    float
        A fraction in [0, 1].

    References
    ----------
    A. Karpathy, "Building makemore Part 3: Activations & Gradients, BatchNorm" (2022).
    """
    h = _nonempty(h, "h")
    check_choice(activation, "activation", SATURATION_ACTIVATIONS)
    lo = 0.5 if activation == "sigmoid" else 0.0
    threshold = check_float(threshold, "threshold", minimum=lo, strict_min=activation == "tanh", maximum=1.0)
    if threshold == 1.0:
        raise ValueError(f"threshold must be < 1, got {threshold}")
    if activation == "tanh":
        return float(np.mean(np.abs(h) > threshold))
    # ``1 - h > τ`` rather than ``h < 1 - τ``: the same in exact arithmetic, but symmetric in float64
    # (1 - 0.97 is 0.030000000000000027, which would count h = 0.03 as saturated).
    return float(np.mean((h > threshold) | (1.0 - h > threshold)))


def dead_fraction(z: Any) -> float:
    r"""Fraction of units whose pre-activation is <= 0 for every example of the batch.

    .. math:: \frac{1}{n}\#\{j : z_{ij} \le 0 \text{ for all } i\}

    For a ReLU such a unit outputs 0 on the whole batch and receives no gradient ("dead"); for a leaky ReLU
    it stays in the low-slope regime. Rows are examples (axis 0), columns are units.

    Parameters
    ----------
    z : array_like, shape (batch, units)
        Pre-activations of one layer, at least one row and one column.

    Returns
    -------
    float
        A fraction in [0, 1].
    """
    z = _nonempty(z, "z", ndim=2)
    return float(np.mean(np.all(z <= 0.0, axis=0)))


def _spread_ratio(num: Any, den: Any, num_name: str, den_name: str) -> float:
    a = _nonempty(num, num_name)
    p = _nonempty(den, den_name)
    if a.shape != p.shape:
        raise ValueError(f"{num_name} and {den_name} must have the same shape, got {a.shape} and {p.shape}")
    return _ratio(_moments(a)[1], _moments(p)[1])


def grad_data_ratio(grad: Any, param: Any) -> float:
    r"""Ratio of the spread of a gradient to the spread of its parameter.

    .. math:: \frac{\operatorname{std}(\partial L / \partial W)}{\operatorname{std}(W)}

    Returns ``inf`` if ``std(param) == 0`` (e.g. zero-initialized weights) but the gradient is not constant,
    ``nan`` if both spreads are 0.

    References
    ----------
    A. Karpathy, "Building makemore Part 3: Activations & Gradients, BatchNorm" (2022).
    """
    return _spread_ratio(grad, param, "grad", "param")


def update_data_ratio(update: Any, param: Any) -> float:
    r"""Ratio of the spread of an update to the spread of its parameter.

    .. math:: \frac{\operatorname{std}(\Delta W)}{\operatorname{std}(W)}, \quad
              \Delta W = -\eta \, \partial L / \partial W \text{ for SGD}

    About ``1e-3`` (``-3`` on a log10 plot) is the rule of thumb for a healthy learning rate: much larger
    and the weights are rewritten every step, much smaller and they barely move. Same zero conventions as
    :func:`grad_data_ratio`.

    References
    ----------
    A. Karpathy, "Building makemore Part 3: Activations & Gradients, BatchNorm" (2022).
    """
    return _spread_ratio(update, param, "update", "param")


# ------------------------------------------------------------------------------------------- forward pass


@dataclass(frozen=True)
class Propagation:
    """Per-layer statistics of a signal pushed through a stack of layers (result of :func:`forward_stats`).

    Attributes
    ----------
    std : numpy.ndarray, shape (n_layers,)
        Standard deviation of the activations after each layer; ``inf`` from ``overflow_at`` on.
    mean : numpy.ndarray, shape (n_layers,)
        Mean of the activations after each layer; ``nan`` from ``overflow_at`` on.
    overflow_at : int or None
        Index of the first layer whose pre-activations or activations were not finite in float64 (``inf``
        or ``nan``), or ``None`` if the signal stayed finite through every layer.
    """

    std: np.ndarray
    mean: np.ndarray
    overflow_at: int | None


def _check_weights(Ws: Any, bs: Any) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    if isinstance(Ws, np.ndarray) and Ws.ndim == 2:
        raise TypeError(
            "Ws must be a sequence of 2-d weight arrays, got a single 2-d array (wrap it in a list: [W])"
        )
    try:
        Ws = list(Ws)
    except TypeError as e:
        raise TypeError(f"Ws must be a sequence of 2-d weight arrays, got {type(Ws).__name__}") from e
    if not Ws:
        raise ValueError("Ws must contain at least one weight matrix, got an empty sequence")
    Ws = [check_array(W, f"Ws[{i}]", ndim=2) for i, W in enumerate(Ws)]
    for i in range(1, len(Ws)):
        if Ws[i].shape[0] != Ws[i - 1].shape[1]:
            raise ValueError(
                f"Ws[{i}] must have {Ws[i - 1].shape[1]} rows (the fan_out of Ws[{i - 1}]), "
                f"got shape {Ws[i].shape}"
            )
    if bs is None:
        return Ws, None
    try:
        bs = list(bs)
    except TypeError as e:
        raise TypeError(f"bs must be None or a sequence of 1-d bias arrays, got {type(bs).__name__}") from e
    if len(bs) != len(Ws):
        raise ValueError(f"bs must have one bias per weight ({len(Ws)}), got {len(bs)}")
    bs = [check_array(b, f"bs[{i}]", ndim=1) for i, b in enumerate(bs)]
    for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        if b.shape != (W.shape[1],):
            raise ValueError(
                f"bs[{i}] must have shape {(W.shape[1],)} (the fan_out of Ws[{i}]), got {b.shape}"
            )
    return Ws, bs


def forward_stats(Ws: Any, X: Any, activation: str, bs: Any = None) -> Propagation:
    r"""Push a batch through a stack of dense layers and record the mean and spread after each layer.

    .. math:: h_0 = X, \qquad h_{l+1} = f(h_l W_l + b_l), \qquad
              \text{std}[l] = \operatorname{std}(h_{l+1})

    A fast path for widgets that only need the forward statistics, not a full :class:`initedu.nn.MLP`.

    Overflow is reported, not warned about: deep stacks of badly scaled layers (e.g. 512x512 N(0, 1)
    matrices with a linear activation, which multiply the scale by about sqrt(512) per layer) leave float64
    within a few dozen layers. The matrix products run under ``np.errstate(over="ignore", invalid="ignore")``
    on purpose, because the overflow is the *result* being demonstrated: numpy would otherwise emit a
    ``RuntimeWarning`` per slider move (an error under ``filterwarnings=error``). Instead every layer is
    checked with ``np.isfinite``; at the first non-finite layer propagation stops, ``overflow_at`` is set to
    its index and the remaining ``std`` entries are ``inf`` (``mean`` entries ``nan``). Statistics of huge but
    finite activations are computed without squaring overflow (values are divided by their maximum first).

    Parameters
    ----------
    Ws : sequence of array_like, each of shape (fan_in, fan_out)
        Weights, used as ``h @ W``; consecutive shapes must chain.
    X : array_like, shape (batch, Ws[0].shape[0])
        Input batch.
    activation : str
        Name of the nonlinearity applied after *every* layer, a key of ``initedu.nn.ACTIVATIONS``
        (``"linear"``, ``"tanh"``, ``"relu"``, ``"leaky_relu"``, ``"sigmoid"``).
    bs : sequence of array_like of shape (fan_out,), optional
        Biases; ``None`` means no bias.

    Returns
    -------
    Propagation
        ``std`` and ``mean`` arrays of length ``len(Ws)`` and ``overflow_at``.
    """
    Ws, bs = _check_weights(Ws, bs)
    X = _nonempty(X, "X", ndim=2)
    if X.shape[1] != Ws[0].shape[0]:
        raise ValueError(f"X must have {Ws[0].shape[0]} columns (the fan_in of Ws[0]), got shape {X.shape}")
    check_choice(activation, "activation", ACTIVATIONS)
    f = ACTIVATIONS[activation].f
    n = len(Ws)
    std = np.full(n, np.inf)
    mean = np.full(n, np.nan)
    h = X
    with np.errstate(over="ignore", invalid="ignore"):
        for layer, W in enumerate(Ws):
            z = h @ W
            if bs is not None:
                z = z + bs[layer]
            h = f(z)
            if not (np.all(np.isfinite(z)) and np.all(np.isfinite(h))):
                return Propagation(std=std, mean=mean, overflow_at=layer)
            mean[layer], std[layer] = _moments(h)
    return Propagation(std=std, mean=mean, overflow_at=None)


# ------------------------------------------------------------------------------------------------ a model


def _grad_for_output(model: Any, layer: int) -> np.ndarray | None:
    """Gradient w.r.t. ``hs[layer + 1]`` from ``model.grad_hs``, whichever way that list is indexed."""
    grad_hs = getattr(model, "grad_hs", None)
    if not grad_hs:
        return None
    n = len(model.Ws)
    if len(grad_hs) == n + 1:  # indexed like hs: grad_hs[l] is the gradient w.r.t. hs[l]
        g = grad_hs[layer + 1]
    elif len(grad_hs) == n:  # one entry per layer output
        g = grad_hs[layer]
    else:
        raise ValueError(f"model.grad_hs must have {n} or {n + 1} entries, got {len(grad_hs)}")
    if g is None:
        return None
    g = np.asarray(g, dtype=np.float64)
    # A backward pass of an earlier batch of another size cannot describe the current forward pass.
    return g if g.shape == np.shape(model.hs[layer + 1]) else None


def _check_model(model: Any) -> int:
    for attr in ("Ws", "bs", "activations"):
        if not hasattr(model, attr):
            raise TypeError(f"model must be an initedu.nn.MLP (needs .{attr}), got {type(model).__name__}")
    return len(model.Ws)


def layer_stats(model: Any) -> list[dict[str, Any]]:
    r"""Per-layer health check of an MLP after ``model.forward(X)`` (and optionally ``model.backward``).

    For each layer ``l`` (0-based) the dict has

    ``layer``
        ``l``.
    ``activation``
        Name of the layer's nonlinearity, ``model.activations[l]``.
    ``mean``, ``std``
        Mean and standard deviation of all entries of ``hs[l+1]``.
    ``saturated``
        :func:`saturation_fraction` of ``hs[l+1]`` with threshold 0.97 (tanh: ``|h| > 0.97``; sigmoid:
        ``h > 0.97`` or ``1 - h > 0.97``); ``nan`` for other activations, where saturation is not defined.
    ``dead``
        :func:`dead_fraction` of ``zs[l]`` for relu and leaky_relu (units whose pre-activation is <= 0 on the
        whole batch); ``nan`` for other activations.

    If the model has gradients (``model.backward`` was called), also

    ``grad_std``
        Standard deviation of the gradient of the loss w.r.t. ``hs[l+1]``.
    ``weight_grad_std``
        Standard deviation of ``dL/dW_l``.
    ``grad_data_ratio``
        ``std(dL/dW_l) / std(W_l)`` (:func:`grad_data_ratio`; ``inf`` for zero-initialized weights).

    These gradient entries come from the *last* backward call. They are left out if that call was for a
    batch of another size than the last forward pass; a stale backward of a batch of the same size cannot
    be detected, so call ``backward`` again after every new ``forward``.

    Parameters
    ----------
    model : initedu.nn.MLP
        A network on which ``forward`` has been run.

    Returns
    -------
    list of dict
        One dict per layer, input side first.

    References
    ----------
    A. Karpathy, "Building makemore Part 3: Activations & Gradients, BatchNorm" (2022).
    """
    n = _check_model(model)
    hs = getattr(model, "hs", None)
    zs = getattr(model, "zs", None)
    if not hs or not zs or len(hs) != n + 1 or len(zs) != n:
        raise ValueError(
            "model has no forward pass to describe: call model.forward(X) before layer_stats(model)"
        )
    grads = getattr(model, "grads", None)
    has_grad = bool(grads) and all(_grad_for_output(model, layer) is not None for layer in range(n))
    out = []
    for layer in range(n):
        name = model.activations[layer]
        h = np.asarray(hs[layer + 1], dtype=np.float64)
        mean, std = _moments(h)
        row: dict[str, Any] = {"layer": layer, "activation": name, "mean": mean, "std": std}
        row["saturated"] = (
            saturation_fraction(h, 0.97, activation=name) if name in SATURATION_ACTIVATIONS else math.nan
        )
        row["dead"] = dead_fraction(zs[layer]) if name in DEAD_ACTIVATIONS else math.nan
        if has_grad:
            row["grad_std"] = _moments(_grad_for_output(model, layer))[1]
            dW = np.asarray(grads[2 * layer], dtype=np.float64)
            row["weight_grad_std"] = _moments(dW)[1]
            row["grad_data_ratio"] = grad_data_ratio(dW, model.Ws[layer])
        out.append(row)
    return out


def jacobian(model: Any, x: Any) -> np.ndarray:
    r"""Input-output Jacobian of an MLP at one input, computed analytically.

    With ``z_l = h_l W_l + b_l`` and ``h_{l+1} = f_l(z_l)`` (row vectors, ``W_l`` of shape (fan_in, fan_out)),

    .. math:: J = \frac{\partial h_L}{\partial x}
              = D_{L-1} W_{L-1}^\top \cdots D_1 W_1^\top D_0 W_0^\top, \qquad
              D_l = \operatorname{diag}(f_l'(z_l))

    Orientation: ``J[i, j] = ∂ output_i / ∂ x_j``, shape ``(n_out, n_in)`` (the usual mathematical
    convention, so a small input change ``dx`` changes the output by ``J @ dx``).

    The forward pass is recomputed here from ``model.Ws``, ``model.bs`` and ``model.activations``, so the
    model's cached ``zs``/``hs`` are left untouched.

    Parameters
    ----------
    model : initedu.nn.MLP
        The network.
    x : array_like, shape (n_in,)
        One input.

    Returns
    -------
    numpy.ndarray, shape (n_out, n_in)

    References
    ----------
    Saxe, McClelland & Ganguli (2014), "Exact solutions to the nonlinear dynamics of learning in deep linear
    neural networks"; Pennington, Schoenholz & Ganguli (2017), "Resurrecting the sigmoid in deep learning
    through dynamical isometry".
    """
    n = _check_model(model)
    x = _nonempty(x, "x", ndim=1)
    n_in = model.Ws[0].shape[0]
    if x.shape != (n_in,):
        raise ValueError(f"x must have shape ({n_in},) (the model's input size), got {x.shape}")
    h = x
    J = np.eye(n_in)
    for layer in range(n):
        W = np.asarray(model.Ws[layer], dtype=np.float64)
        z = h @ W + np.asarray(model.bs[layer], dtype=np.float64)
        act = ACTIVATIONS[model.activations[layer]]
        J = (W.T @ J) * act.df(z)[:, None]
        h = act.f(z)
    return J


def jacobian_singular_values(model: Any, x: Any) -> np.ndarray:
    r"""Singular values of :func:`jacobian` at ``x``, largest first.

    .. math:: J = U \operatorname{diag}(\sigma) V^\top, \quad \sigma_1 \ge \sigma_2 \ge \dots \ge 0

    All of them near 1 ("dynamical isometry") means every input direction reaches the output with its
    length preserved, and every output-gradient direction reaches the input likewise.

    Returns
    -------
    numpy.ndarray, shape (min(n_out, n_in),)
    """
    return np.linalg.svd(jacobian(model, x), compute_uv=False)


# ----------------------------------------------------------------------------------------------- dynamics


def lyapunov_exponent(
    W: Any,
    g: float,
    steps: int,
    rng: np.random.Generator,
    *,
    h0: Any = None,
    eps: float = 1e-8,
    burn_in: int = 100,
) -> float:
    r"""Largest Lyapunov exponent of the random tanh map ``h -> tanh(g h W)`` (Benettin's method).

    Two trajectories start ``eps`` apart; after every step the distance ``d_t`` between them is measured and
    the second one is pulled back to distance ``eps`` along the same direction. The exponent is the average
    log growth per step after ``burn_in`` steps (which let both the trajectory and the perturbation direction
    settle on the attractor):

    .. math:: \lambda = \frac{1}{T} \sum_{t=1}^{T} \log \frac{d_t}{\varepsilon}

    With ``W_ij ~ N(0, 1/N)`` and ``g < 1`` the origin is a stable fixed point whose Jacobian is ``g W``
    (spectral radius ≈ ``g``), so ``λ ≈ log g < 0``: perturbations die out (order). For ``g`` well above 1
    the network is chaotic and ``λ > 0``: nearby states separate exponentially, the regime where gradients
    explode.

    Parameters
    ----------
    W : array_like, shape (N, N)
        Recurrent weights, used as ``h @ W``.
    g : float, > 0
        Gain multiplying the recurrent input.
    steps : int, >= 1
        Number of steps averaged over (after the burn-in).
    rng : numpy.random.Generator
        Draws ``h0`` (if not given, ``N(0, 1)`` entries) and the initial perturbation direction.
    h0 : array_like, shape (N,), optional
        Initial state.
    eps : float, > 0
        Size (Euclidean norm) of the perturbation; small enough to stay in the linear regime, large enough
        to be far above round-off of the state (1e-8 for float64).
    burn_in : int, >= 0
        Steps run (with renormalization) before averaging starts.

    Returns
    -------
    float
        ``λ`` in nats per step; ``-inf`` if the perturbation vanished exactly.

    References
    ----------
    Benettin, Galgani, Giorgilli & Strelcyn (1980), Meccanica 15; Sompolinsky, Crisanti & Sommers (1988),
    "Chaos in random neural networks", Phys. Rev. Lett. 61.
    """
    W = _nonempty(W, "W", ndim=2)
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (N, N), got shape {W.shape}")
    if not np.all(np.isfinite(W)):
        raise ValueError("W must contain only finite values")
    g = check_float(g, "g", minimum=0.0, strict_min=True)
    steps = check_int(steps, "steps", minimum=1)
    check_rng(rng)
    eps = check_float(eps, "eps", minimum=0.0, strict_min=True, maximum=1.0)
    burn_in = check_int(burn_in, "burn_in", minimum=0)
    N = W.shape[0]
    if h0 is None:
        h = rng.standard_normal(N)
    else:
        h = check_array(h0, "h0", ndim=1)
        if h.shape != (N,):
            raise ValueError(f"h0 must have shape ({N},) to match W, got {h.shape}")
        if not np.all(np.isfinite(h)):
            raise ValueError("h0 must contain only finite values")
    u = rng.standard_normal(N)
    u /= np.linalg.norm(u)
    A = g * W
    total = 0.0
    for t in range(burn_in + steps):
        h_next = np.tanh(h @ A)
        p_next = np.tanh((h + eps * u) @ A)
        delta = p_next - h_next
        d = float(np.linalg.norm(delta))
        if d == 0.0:
            return -math.inf
        if t >= burn_in:
            total += math.log(d / eps)
        u = delta / d
        h = h_next
    return total / steps
