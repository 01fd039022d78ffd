"""Weight initializers.

Layout: a dense weight has shape ``(fan_in, fan_out)`` and is used as ``x @ W`` (the Keras/JAX layout; PyTorch
stores ``(out, in)`` and computes ``x @ W.T``). A convolution kernel has shape ``(*kernel, in, out)``.

Every named initializer is one setting of a single engine, :func:`variance_scaling`: the variance of each
weight is ``scale / fan`` where ``fan`` is the fan-in, the fan-out or their average. LeCun, Glorot (Xavier)
and He (Kaiming) initialization are presets of it; ``xavier_*`` and ``kaiming_*`` are the same objects as
``glorot_*`` and ``he_*``.

Every sampler takes an explicit ``rng`` (a ``numpy.random.Generator``) and returns a new float64 array.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ._validate import check_choice, check_float, check_int, check_rng, check_shape

__all__ = [
    "INITIALIZERS",
    "TRUNCATED_NORMAL_STD",
    "constant",
    "fans",
    "gain",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "heuristic_uniform",
    "identity",
    "kaiming_normal",
    "kaiming_uniform",
    "lecun_normal",
    "lecun_uniform",
    "normal",
    "orthogonal",
    "random_walk",
    "random_walk_gain",
    "sparse",
    "uniform",
    "variance_scaling",
    "xavier_normal",
    "xavier_uniform",
    "zeros",
]

Shape = tuple[int, ...] | list[int] | int
Initializer = Callable[..., np.ndarray]

#: Standard deviation of a standard normal truncated to [-2, 2]. Dividing by it makes a truncated normal
#: sample have the intended variance (the constant Keras and JAX use).
TRUNCATED_NORMAL_STD = 0.87962566103423978

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("normal", "truncated_normal", "uniform")


def fans(shape: Shape) -> tuple[int, int]:
    """Return ``(fan_in, fan_out)`` of a weight of the given shape.

    * rank 1 ``(n,)``: ``(n, n)``;
    * rank 2 ``(m, n)``: ``(m, n)`` (dense layer, used as ``x @ W``);
    * rank >= 3 ``(*kernel, in, out)``: ``(in * r, out * r)`` with ``r = prod(kernel)`` the receptive field.

    Rank 0 raises ``ValueError``: a scalar has no fans.
    """
    shape = check_shape(shape, "shape")
    if len(shape) == 0:
        raise ValueError("shape must have rank >= 1 to have fans, got rank 0: ()")
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


_GAINS: dict[str, float] = {
    "linear": 1.0,
    "conv1d": 1.0,
    "conv2d": 1.0,
    "conv3d": 1.0,
    "conv_transpose1d": 1.0,
    "conv_transpose2d": 1.0,
    "conv_transpose3d": 1.0,
    "sigmoid": 1.0,
    "tanh": 5.0 / 3.0,
    "relu": math.sqrt(2.0),
    "selu": 3.0 / 4.0,
}
NONLINEARITIES = (*_GAINS, "leaky_relu")


def gain(nonlinearity: str, param: float | None = None) -> float:
    """Recommended gain for a nonlinearity (PyTorch's table, ``torch.nn.init.calculate_gain``).

    ======================  ============================
    nonlinearity            gain
    ======================  ============================
    linear, conv*, sigmoid  1
    tanh                    5/3
    relu                    sqrt(2)
    leaky_relu              sqrt(2 / (1 + a^2)), a = ``param`` (default 0.01)
    selu                    3/4
    ======================  ============================

    Multiply the standard deviation of an initializer by the gain (or its variance by gain²) to compensate
    for what the nonlinearity does to the variance of the signal.
    """
    check_choice(nonlinearity, "nonlinearity", NONLINEARITIES)
    if nonlinearity == "leaky_relu":
        a = 0.01 if param is None else check_float(param, "param")
        return math.sqrt(2.0 / (1.0 + a * a))
    if param is not None:
        raise ValueError(f"param is only used with nonlinearity='leaky_relu', got param={param!r} for {nonlinearity!r}")
    return _GAINS[nonlinearity]


def _truncated_standard_normal(size: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Standard normal samples truncated to [-2, 2] by redrawing the ones outside (about 4.6% each round)."""
    out = rng.standard_normal(size)
    bad = np.abs(out) > 2.0
    while bad.any():
        out[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2.0
    return out


def variance_scaling(
    shape: Shape,
    rng: np.random.Generator,
    *,
    scale: float = 1.0,
    mode: str = "fan_in",
    distribution: str = "normal",
) -> np.ndarray:
    r"""Sample weights with variance ``scale / fan``: the one engine behind every named initializer.

    .. math:: \operatorname{Var}(W_{ij}) = \frac{\text{scale}}{n}, \quad
              n = \text{fan\_in},\ \text{fan\_out}\ \text{or}\ (\text{fan\_in} + \text{fan\_out}) / 2

    Parameters
    ----------
    shape : tuple of int
        ``(fan_in, fan_out)`` for a dense layer, ``(*kernel, in, out)`` for a convolution.
    rng : numpy.random.Generator
        Source of randomness.
    scale : float, > 0
        Numerator of the variance (1 for LeCun and Glorot, 2 for He; the square of a :func:`gain`).
    mode : {"fan_in", "fan_out", "fan_avg"}
        Which fan divides.
    distribution : {"normal", "truncated_normal", "uniform"}
        ``normal``: N(0, var). ``truncated_normal``: a normal cut at ±2σ whose σ is divided by
        ``TRUNCATED_NORMAL_STD`` so that the realized variance is ``var``. ``uniform``: U(-L, L) with
        ``L = sqrt(3 var)`` (the variance of U(-L, L) is L²/3).

    References
    ----------
    The Keras/JAX ``VarianceScaling`` initializer; PyTorch builds the same numbers in ``xavier_*`` and
    ``kaiming_*``.
    """
    shape = check_shape(shape, "shape")
    check_rng(rng)
    scale = check_float(scale, "scale", minimum=0.0, strict_min=True)
    check_choice(mode, "mode", MODES)
    check_choice(distribution, "distribution", DISTRIBUTIONS)
    fan_in, fan_out = fans(shape)
    fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[mode]
    variance = scale / fan
    if distribution == "normal":
        return rng.normal(0.0, math.sqrt(variance), size=shape)
    if distribution == "truncated_normal":
        std = math.sqrt(variance) / TRUNCATED_NORMAL_STD
        return std * _truncated_standard_normal(shape, rng)
    limit = math.sqrt(3.0 * variance)
    return rng.uniform(-limit, limit, size=shape)


def _preset(name: str, scale: float, mode: str, distribution: str, doc: str) -> Initializer:
    """Build a named initializer as one fixed setting of :func:`variance_scaling`."""

    def init(shape: Shape, rng: np.random.Generator) -> np.ndarray:
        return variance_scaling(shape, rng, scale=scale, mode=mode, distribution=distribution)

    init.__name__ = init.__qualname__ = name
    init.__doc__ = doc
    init.scale = scale  # type: ignore[attr-defined]
    init.mode = mode  # type: ignore[attr-defined]
    init.distribution = distribution  # type: ignore[attr-defined]
    return init


_NORMAL_NOTE = (
    "Like Keras and JAX, the *_normal presets draw from a normal truncated at ±2σ, rescaled so the variance is "
    "exact; PyTorch's ``xavier_normal_``/``kaiming_normal_`` use an untruncated normal of the same variance."
)

lecun_normal = _preset(
    "lecun_normal", 1.0, "fan_in", "truncated_normal",
    f"""LeCun normal: truncated normal with Var(W) = 1 / fan_in.

    ``variance_scaling(shape, rng, scale=1, mode="fan_in", distribution="truncated_normal")``.
    LeCun, Bottou, Orr & Müller (1998), "Efficient BackProp". {_NORMAL_NOTE}
    """,
)
lecun_uniform = _preset(
    "lecun_uniform", 1.0, "fan_in", "uniform",
    """LeCun uniform: U(-L, L) with L = sqrt(3 / fan_in), so Var(W) = 1 / fan_in.

    ``variance_scaling(shape, rng, scale=1, mode="fan_in", distribution="uniform")``.
    LeCun, Bottou, Orr & Müller (1998), "Efficient BackProp".
    """,
)
glorot_normal = _preset(
    "glorot_normal", 1.0, "fan_avg", "truncated_normal",
    f"""Glorot (Xavier) normal: truncated normal with Var(W) = 2 / (fan_in + fan_out).

    ``variance_scaling(shape, rng, scale=1, mode="fan_avg", distribution="truncated_normal")``.
    Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural networks".
    Also known as ``xavier_normal``. {_NORMAL_NOTE}
    """,
)
glorot_uniform = _preset(
    "glorot_uniform", 1.0, "fan_avg", "uniform",
    """Glorot (Xavier) uniform, the "normalized initialization": U(-L, L), L = sqrt(6 / (fan_in + fan_out)).

    Var(W) = 2 / (fan_in + fan_out): the compromise between keeping the activation variance (fan_in) and
    the back-propagated gradient variance (fan_out) constant from layer to layer.
    ``variance_scaling(shape, rng, scale=1, mode="fan_avg", distribution="uniform")``.
    Glorot & Bengio (2010). Also known as ``xavier_uniform``.
    """,
)
he_normal = _preset(
    "he_normal", 2.0, "fan_in", "truncated_normal",
    f"""He (Kaiming) normal: truncated normal with Var(W) = 2 / fan_in, for ReLU networks.

    ``variance_scaling(shape, rng, scale=2, mode="fan_in", distribution="truncated_normal")``.
    He, Zhang, Ren & Sun (2015), "Delving deep into rectifiers". Also known as ``kaiming_normal``.
    {_NORMAL_NOTE}
    """,
)
he_uniform = _preset(
    "he_uniform", 2.0, "fan_in", "uniform",
    """He (Kaiming) uniform: U(-L, L) with L = sqrt(6 / fan_in), so Var(W) = 2 / fan_in.

    ``variance_scaling(shape, rng, scale=2, mode="fan_in", distribution="uniform")``.
    He, Zhang, Ren & Sun (2015). Also known as ``kaiming_uniform``.
    """,
)
xavier_normal = glorot_normal
xavier_uniform = glorot_uniform
kaiming_normal = he_normal
kaiming_uniform = he_uniform


def heuristic_uniform(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    r"""The "common heuristic" U(-1/√m, 1/√m) with m = fan_in.

    .. math:: W_{ij} \sim U\left(-\tfrac{1}{\sqrt{m}}, \tfrac{1}{\sqrt{m}}\right), \quad
              \operatorname{Var}(W_{ij}) = \frac{1}{3m}

    The baseline that Glorot & Bengio (2010) compare against (Deep Learning book, eq. 8.23).
    """
    shape = check_shape(shape, "shape")
    check_rng(rng)
    limit = 1.0 / math.sqrt(fans(shape)[0])
    return rng.uniform(-limit, limit, size=shape)


def normal(shape: Shape, rng: np.random.Generator, std: float = 1.0) -> np.ndarray:
    """Independent N(0, std²) weights."""
    shape = check_shape(shape, "shape")
    check_rng(rng)
    std = check_float(std, "std", minimum=0.0)
    return rng.normal(0.0, std, size=shape)


def uniform(shape: Shape, rng: np.random.Generator, limit: float = 1.0) -> np.ndarray:
    """Independent U(-limit, limit) weights; Var = limit² / 3."""
    shape = check_shape(shape, "shape")
    check_rng(rng)
    limit = check_float(limit, "limit", minimum=0.0)
    return rng.uniform(-limit, limit, size=shape)


def zeros(shape: Shape, rng: np.random.Generator | None = None) -> np.ndarray:
    """All zeros (the usual bias initialization). ``rng`` is accepted for a uniform signature and ignored."""
    return np.zeros(check_shape(shape, "shape"))


def constant(shape: Shape, rng: np.random.Generator | None = None, value: float | None = None) -> np.ndarray:
    """Every entry equal to ``value`` (required). With weights this does *not* break symmetry."""
    shape = check_shape(shape, "shape")
    if value is None:
        raise TypeError("constant() needs value=<number>, got value=None")
    return np.full(shape, check_float(value, "value"))


def identity(shape: Shape, rng: np.random.Generator | None = None, gain: float = 1.0) -> np.ndarray:
    """``gain`` times the identity matrix (ones on the main diagonal of a rank-2, possibly non-square, shape)."""
    shape = check_shape(shape, "shape")
    if len(shape) != 2:
        raise ValueError(f"shape must have rank 2 for identity, got {shape!r}")
    return check_float(gain, "gain") * np.eye(shape[0], shape[1])


def orthogonal(shape: Shape, rng: np.random.Generator, gain: float = 1.0) -> np.ndarray:
    r"""A (semi-)orthogonal matrix times ``gain``, uniformly (Haar) distributed.

    Take the QR decomposition of a standard Gaussian matrix and multiply each column of Q by the sign of the
    matching diagonal entry of R; without that sign correction Q is not uniformly distributed. For a
    non-square shape the rows or the columns are orthonormal, whichever are fewer:
    :math:`W^\top W = g^2 I` if ``fan_in >= fan_out``, else :math:`W W^\top = g^2 I`. A convolution kernel
    ``(*kernel, in, out)`` is flattened to ``(prod(kernel) * in, out)`` first.

    Saxe, McClelland & Ganguli (2013), "Exact solutions to the nonlinear dynamics of learning in deep linear
    neural networks"; Mezzadri (2007) for the sign correction.
    """
    shape = check_shape(shape, "shape")
    check_rng(rng)
    if len(shape) < 2:
        raise ValueError(f"shape must have rank >= 2 for orthogonal, got {shape!r}")
    g = check_float(gain, "gain")
    rows, cols = math.prod(shape[:-1]), shape[-1]
    a = rng.standard_normal((max(rows, cols), min(rows, cols)))
    q, r = np.linalg.qr(a)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return (g * q).reshape(shape)


def sparse(shape: Shape, rng: np.random.Generator, k: int = 15, std: float = 1.0) -> np.ndarray:
    """Sparse initialization: every unit gets exactly ``min(k, fan_in)`` nonzero incoming weights.

    The positions are chosen uniformly at random for each output unit (column); the nonzero values are
    N(0, std²); every other entry is exactly 0. The total input to a unit then has variance ``k·std²·E[x²]``,
    independent of the fan-in, while each weight stays large. If ``k`` exceeds the fan-in every incoming weight
    is nonzero (the matrix is dense). A convolution kernel is treated as ``(prod(kernel) * in, out)``.

    Martens (2010), "Deep learning via Hessian-free optimization" (k = 15).
    """
    shape = check_shape(shape, "shape")
    check_rng(rng)
    k = check_int(k, "k", minimum=1)
    std = check_float(std, "std", minimum=0.0)
    if len(shape) < 2:
        raise ValueError(f"shape must have rank >= 2 for sparse, got {shape!r}")
    fan_in, n_units = math.prod(shape[:-1]), shape[-1]
    k = min(k, fan_in)
    rows = np.argsort(rng.random((fan_in, n_units)), axis=0)[:k]
    w = np.zeros((fan_in, n_units))
    w[rows, np.arange(n_units)] = rng.normal(0.0, std, size=(k, n_units))
    return w.reshape(shape)


def random_walk_gain(n: int, nonlinearity: str = "linear") -> float:
    r"""The gain g of random-walk initialization for width ``n``.

    * linear: :math:`g = e^{1/(2N)}` (Sussillo & Abbott 2014);
    * relu: :math:`g = \sqrt{2}\, e^{1.2 / (\max(N, 6) - 2.4)}` (Sussillo & Abbott 2014);
    * tanh: the paper gives no closed form (its tanh gains were tuned numerically). We use
      :math:`g = \tfrac{5}{3} e^{1/(2N)}`: PyTorch's tanh gain times the linear correction. This is our
      choice, not the paper's, and notebook 04 shows it is **too large for very deep tanh networks**: at
      N = 100 over 200 layers the log gradient norm drifts by +17.6 (explodes), while the drift is near zero
      for g ≈ 1.1. Use it for a few tanh layers; for very deep ones pick g by measuring the drift.
    """
    n = check_int(n, "n", minimum=1)
    check_choice(nonlinearity, "nonlinearity", ("linear", "relu", "tanh"))
    if nonlinearity == "linear":
        return math.exp(1.0 / (2.0 * n))
    if nonlinearity == "relu":
        return math.sqrt(2.0) * math.exp(1.2 / (max(n, 6) - 2.4))
    return 5.0 / 3.0 * math.exp(1.0 / (2.0 * n))


def random_walk(shape: Shape, rng: np.random.Generator, nonlinearity: str = "linear") -> np.ndarray:
    r"""Random-walk initialization: N(0, g²/N) with N = fan_in and g from :func:`random_walk_gain`.

    Chosen so that the log of the back-propagated gradient norm performs an unbiased random walk across
    layers instead of drifting up or down with depth.

    Sussillo & Abbott (2014), "Random walk initialization for training very deep feedforward networks".
    """
    shape = check_shape(shape, "shape")
    check_rng(rng)
    n = fans(shape)[0]
    g = random_walk_gain(n, nonlinearity)
    return rng.normal(0.0, g / math.sqrt(n), size=shape)


#: Name -> initializer ``f(shape, rng)``, for dropdowns and ``MLP(init=...)``. Aliases map to the same objects.
INITIALIZERS: dict[str, Initializer] = {
    "heuristic_uniform": heuristic_uniform,
    "lecun_normal": lecun_normal,
    "lecun_uniform": lecun_uniform,
    "glorot_normal": glorot_normal,
    "glorot_uniform": glorot_uniform,
    "xavier_normal": xavier_normal,
    "xavier_uniform": xavier_uniform,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "kaiming_normal": kaiming_normal,
    "kaiming_uniform": kaiming_uniform,
    "orthogonal": orthogonal,
    "sparse": sparse,
    "random_walk": random_walk,
    "normal": normal,
    "uniform": uniform,
    "zeros": zeros,
}


def get(name_or_fn: Any, what: str = "init") -> Initializer:
    """Look up an initializer by name in :data:`INITIALIZERS`, or pass a callable through."""
    if callable(name_or_fn):
        return name_or_fn
    if isinstance(name_or_fn, str) and name_or_fn in INITIALIZERS:
        return INITIALIZERS[name_or_fn]
    raise ValueError(f"{what} must be a callable or one of {sorted(INITIALIZERS)}, got {name_or_fn!r}")
