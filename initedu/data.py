"""Small synthetic data sets, made on the spot from a random generator (nothing is downloaded).

Every function takes an explicit ``rng`` (a ``numpy.random.Generator``): the same seed gives the same arrays.

Shapes and types:

* inputs ``X`` are float64, one example per row (sequence tasks: ``(T, n, features)``, time first);
* classification labels ``y`` are int64 of shape ``(n,)`` with values ``0 .. classes-1``;
* regression targets ``y`` are float64 of shape ``(n, 1)``, a column, so that they line up with an MLP output
  of shape ``(n, 1)``. (A target of shape ``(n,)`` subtracted from an output of shape ``(n, 1)`` would
  silently broadcast to an ``(n, n)`` matrix.)

Classification sets are balanced: class sizes differ by at most one, and the rows are shuffled.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._validate import check_float, check_int, check_rng

__all__ = [
    "adding_problem",
    "copy_task",
    "gaussian_blobs",
    "linear_regression",
    "pattern_images",
    "sine_regression",
    "spirals",
    "train_test_split",
    "xor",
]


def _check_bool(value: Any, name: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool (True or False), got {type(value).__name__}: {value!r}")


def _balanced_labels(n: int, classes: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` labels in ``0..classes-1`` whose counts differ by at most one, in random order."""
    return rng.permutation(np.arange(n) % classes).astype(np.int64)


def spirals(
    n: int,
    rng: np.random.Generator,
    *,
    classes: int = 2,
    noise: float = 0.2,
    turns: float = 1.5,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Interleaved 2-D spirals, one arm per class (the CS231n toy problem).

    A point of class ``c`` at radius ``r ~ U(0, 1)`` has angle

    .. math:: \theta = \frac{2\pi c}{\text{classes}} + 2\pi \cdot \text{turns} \cdot r
              + \text{noise}\cdot\epsilon, \quad \epsilon \sim N(0, 1), \qquad
              x = (r \cos\theta,\ r \sin\theta)

    Parameters
    ----------
    n : int, >= classes
        Number of points (class sizes differ by at most one).
    rng : numpy.random.Generator
        Source of randomness.
    classes : int, >= 2
        Number of arms.
    noise : float, >= 0
        Standard deviation of the angular noise, in radians.
    turns : float, > 0
        Number of full turns of each arm from the centre to radius 1.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2), float64
    y : numpy.ndarray, shape (n,), int64

    References
    ----------
    Stanford CS231n, "Putting it together: minimal neural network case study".
    """
    classes = check_int(classes, "classes", minimum=2)
    n = check_int(n, "n", minimum=classes)
    check_rng(rng)
    noise = check_float(noise, "noise", minimum=0.0)
    turns = check_float(turns, "turns", minimum=0.0, strict_min=True)
    y = _balanced_labels(n, classes, rng)
    r = rng.uniform(0.0, 1.0, size=n)
    theta = 2.0 * np.pi * y / classes + 2.0 * np.pi * turns * r + noise * rng.standard_normal(n)
    X = np.column_stack([r * np.cos(theta), r * np.sin(theta)])
    return X, y


def gaussian_blobs(
    n: int,
    rng: np.random.Generator,
    *,
    centers: int = 3,
    dim: int = 2,
    spread: float = 1.0,
    return_centers: bool = False,
) -> tuple[np.ndarray, ...]:
    r"""Isotropic Gaussian clusters, one per class.

    The centres are drawn once, ``mu_c ~ U(-5, 5)^dim``; a point of class ``c`` is

    .. math:: x = \mu_c + \text{spread}\cdot\epsilon, \quad \epsilon \sim N(0, I_{\text{dim}})

    Parameters
    ----------
    n : int, >= centers
        Number of points (class sizes differ by at most one).
    rng : numpy.random.Generator
        Source of randomness.
    centers : int, >= 2
        Number of clusters (= classes).
    dim : int, >= 1
        Dimension of the points.
    spread : float, >= 0
        Standard deviation of each cluster along every axis.
    return_centers : bool
        Also return the centres.

    Returns
    -------
    X : numpy.ndarray, shape (n, dim), float64
    y : numpy.ndarray, shape (n,), int64
    mu : numpy.ndarray, shape (centers, dim), float64
        Only if ``return_centers``.
    """
    centers = check_int(centers, "centers", minimum=2)
    n = check_int(n, "n", minimum=centers)
    check_rng(rng)
    dim = check_int(dim, "dim", minimum=1)
    spread = check_float(spread, "spread", minimum=0.0)
    _check_bool(return_centers, "return_centers")
    mu = rng.uniform(-5.0, 5.0, size=(centers, dim))
    y = _balanced_labels(n, centers, rng)
    X = mu[y] + spread * rng.standard_normal((n, dim))
    return (X, y, mu) if return_centers else (X, y)


def linear_regression(
    n: int,
    rng: np.random.Generator,
    *,
    dim: int = 5,
    noise: float = 0.1,
    scale: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A noisy linear model, with its true weights.

    .. math:: X_{ij} \sim N(0, 1), \quad w_j \sim N(0, \text{scale}^2 / \text{dim}), \quad
              y = X w + \text{noise}\cdot\epsilon, \ \epsilon \sim N(0, 1)

    so that ``Var(y) ≈ scale² + noise²`` whatever ``dim`` (the fan-in argument of 8.4 applied to data).

    Parameters
    ----------
    n : int, >= 1
        Number of examples.
    rng : numpy.random.Generator
        Source of randomness.
    dim : int, >= 1
        Number of features.
    noise : float, >= 0
        Standard deviation of the additive noise.
    scale : float, >= 0
        Typical size of the noiseless targets.

    Returns
    -------
    X : numpy.ndarray, shape (n, dim), float64
    y : numpy.ndarray, shape (n, 1), float64
    w : numpy.ndarray, shape (dim, 1), float64
        The true weights: ``y = X @ w + noise``.
    """
    n = check_int(n, "n", minimum=1)
    check_rng(rng)
    dim = check_int(dim, "dim", minimum=1)
    noise = check_float(noise, "noise", minimum=0.0)
    scale = check_float(scale, "scale", minimum=0.0)
    w = rng.normal(0.0, scale / math.sqrt(dim), size=(dim, 1))
    X = rng.standard_normal((n, dim))
    y = X @ w + noise * rng.standard_normal((n, 1))
    return X, y, w


def sine_regression(
    n: int,
    rng: np.random.Generator,
    *,
    noise: float = 0.1,
    y_scale: float = 1.0,
    y_shift: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Noisy samples of a sine on [-3, 3], with a target scale and offset to play with.

    .. math:: x \sim U(-3, 3), \qquad
              y = \text{y\_shift} + \text{y\_scale}\,(\sin x + \text{noise}\cdot\epsilon), \
              \epsilon \sim N(0, 1)

    The noise is relative to the unit sine, so ``y_scale`` and ``y_shift`` change only the units of the
    target: a network whose output bias and scale start far from ``y_shift`` and ``y_scale`` has to spend
    its first steps moving there (the output-bias/variance question of section 8.4).

    Parameters
    ----------
    n : int, >= 1
        Number of examples.
    rng : numpy.random.Generator
        Source of randomness.
    noise : float, >= 0
        Standard deviation of the noise before scaling.
    y_scale : float
        Multiplies the target (may be large or negative).
    y_shift : float
        Added to the target.

    Returns
    -------
    x : numpy.ndarray, shape (n, 1), float64
    y : numpy.ndarray, shape (n, 1), float64
    """
    n = check_int(n, "n", minimum=1)
    check_rng(rng)
    noise = check_float(noise, "noise", minimum=0.0)
    y_scale = check_float(y_scale, "y_scale")
    y_shift = check_float(y_shift, "y_shift")
    x = rng.uniform(-3.0, 3.0, size=(n, 1))
    y = y_shift + y_scale * (np.sin(x) + noise * rng.standard_normal((n, 1)))
    return x, y


def xor(n: int, rng: np.random.Generator, *, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    r"""The XOR problem: noisy copies of the four corners of a square.

    Corner ``(a, b)``, ``a, b ∈ {-1, +1}``, has label ``1`` if ``a ≠ b`` and ``0`` otherwise; a point is the
    corner plus ``noise · N(0, I_2)``. The label is the corner's, even when large noise moves the point into
    another quadrant. No linear model separates the classes.

    Parameters
    ----------
    n : int, >= 4
        Number of points (corner counts differ by at most one).
    rng : numpy.random.Generator
        Source of randomness.
    noise : float, >= 0
        Standard deviation of the Gaussian noise.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2), float64
    y : numpy.ndarray, shape (n,), int64
    """
    n = check_int(n, "n", minimum=4)
    check_rng(rng)
    noise = check_float(noise, "noise", minimum=0.0)
    corner = _balanced_labels(n, 4, rng)
    a = np.where(corner & 1, 1.0, -1.0)
    b = np.where(corner & 2, 1.0, -1.0)
    X = np.column_stack([a, b]) + noise * rng.standard_normal((n, 2))
    y = (a != b).astype(np.int64)
    return X, y


def pattern_images(
    n: int,
    rng: np.random.Generator,
    *,
    size: int = 8,
    noise: float = 0.3,
    n_classes: int = 4,
    return_latent: bool = False,
) -> tuple[Any, ...]:
    r"""Noisy ``size × size`` images made of a few horizontal and vertical bars; label = number of bars - 1.

    A low-dimensional structure in a high-dimensional space: each image is determined by ``2·size`` binary
    latent factors (which rows carry a horizontal bar, which columns a vertical bar) but lives in
    ``size²`` pixels. Generation of one image:

    1. ``k ~ U{1, …, n_classes}`` bars (so the classes are balanced), of which ``k_h ~ Binomial(k, 1/2)``
       are horizontal and ``k_v = k - k_h`` vertical;
    2. the horizontal bars occupy ``k_h`` distinct random rows, the vertical bars ``k_v`` distinct random
       columns;
    3. pixel ``(i, j)`` is 1 if row ``i`` or column ``j`` carries a bar, else 0 (crossings stay 1), plus
       ``noise · N(0, 1)``; the image is flattened row by row.

    The label is ``k - 1``. With ``return_latent=True`` the factors come back too, so that a *related task*
    on the same inputs can be defined, e.g. ``latent["n_horizontal"] > latent["n_vertical"]`` (dominant
    orientation) or ``latent["rows"][:, :size // 2].any(axis=1)`` (a bar in the top half) — the setting for
    initializing from a network pretrained on another task.

    Parameters
    ----------
    n : int, >= n_classes
        Number of images (class sizes differ by at most one).
    rng : numpy.random.Generator
        Source of randomness.
    size : int, 4..64
        Side of the square image; there are ``size²`` features.
    noise : float, >= 0
        Standard deviation of the pixel noise.
    n_classes : int, 2..size
        Number of classes = largest number of bars.
    return_latent : bool
        Also return the latent factors.

    Returns
    -------
    X : numpy.ndarray, shape (n, size²), float64
    y : numpy.ndarray, shape (n,), int64
        Number of bars minus one.
    latent : dict of numpy.ndarray
        Only if ``return_latent``: ``"rows"`` (n, size) bool, ``"cols"`` (n, size) bool, ``"n_horizontal"``
        (n,) int64, ``"n_vertical"`` (n,) int64.
    """
    size = check_int(size, "size", minimum=4, maximum=64)
    n_classes = check_int(n_classes, "n_classes", minimum=2, maximum=size)
    n = check_int(n, "n", minimum=n_classes)
    check_rng(rng)
    noise = check_float(noise, "noise", minimum=0.0)
    _check_bool(return_latent, "return_latent")
    y = _balanced_labels(n, n_classes, rng)
    k = y + 1
    k_h = rng.binomial(k, 0.5).astype(np.int64)
    k_v = k - k_h
    # Distinct random positions: rank a row of random keys and keep the k smallest.
    row_rank = np.argsort(np.argsort(rng.random((n, size)), axis=1), axis=1)
    col_rank = np.argsort(np.argsort(rng.random((n, size)), axis=1), axis=1)
    rows = row_rank < k_h[:, None]
    cols = col_rank < k_v[:, None]
    img = rows[:, :, None] | cols[:, None, :]
    X = img.reshape(n, size * size).astype(np.float64) + noise * rng.standard_normal((n, size * size))
    if return_latent:
        latent = {"rows": rows, "cols": cols, "n_horizontal": k_h, "n_vertical": k_v}
        return X, y, latent
    return X, y


def adding_problem(n: int, T: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    r"""The adding problem, a long-memory test for recurrent networks.

    Each of the ``n`` sequences has ``T`` steps with two input channels: channel 0 holds values
    ``v_t ~ U(0, 1)``, channel 1 is a marker equal to 1 at exactly two steps, one in the first half
    ``[0, T/2)`` and one in the second half ``[T/2, T)``, and 0 elsewhere. The target is the sum of the two
    marked values,

    .. math:: y = \sum_t v_t m_t \in [0, 2],

    which forces the network to remember the first marked value for at least about ``T/2`` steps. Always
    predicting 1 gives a mean squared error of 1/6 ≈ 0.167, the baseline to beat.

    Parameters
    ----------
    n : int, >= 1
        Number of sequences.
    T : int, >= 2
        Sequence length.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    X : numpy.ndarray, shape (T, n, 2), float64
        Time first.
    y : numpy.ndarray, shape (n, 1), float64

    References
    ----------
    Hochreiter & Schmidhuber (1997), "Long short-term memory"; Le, Jaitly & Hinton (2015), "A simple way to
    initialize recurrent networks of rectified linear units".
    """
    n = check_int(n, "n", minimum=1)
    T = check_int(T, "T", minimum=2)
    check_rng(rng)
    half = T // 2
    values = rng.uniform(0.0, 1.0, size=(T, n))
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, T, size=n)
    markers = np.zeros((T, n))
    cols = np.arange(n)
    markers[first, cols] = 1.0
    markers[second, cols] = 1.0
    X = np.stack([values, markers], axis=2)
    y = (values[first, cols] + values[second, cols])[:, None]
    return X, y


def copy_task(
    n: int,
    T: int,
    rng: np.random.Generator,
    *,
    n_symbols: int = 4,
    delay: int = 10,
) -> tuple[np.ndarray, np.ndarray]:
    r"""The copy (memory) task: read ``T`` symbols, wait ``delay`` steps, then write them back.

    Token ids: 0 = blank, ``1 .. n_symbols`` = symbols, ``n_symbols + 1`` = "recall" cue. One sequence has
    ``L = 2T + delay + 1`` steps:

    ========================  =======================  =======================
    steps                     input token              target
    ========================  =======================  =======================
    ``0 .. T-1``              random symbols ``s_t``   blank
    next ``delay`` steps      blank                    blank
    step ``T + delay``        recall cue               blank
    last ``T`` steps          blank                    ``s_0, …, s_{T-1}``
    ========================  =======================  =======================

    Inputs are one-hot. A model that outputs blanks, then symbols at random, has cross-entropy
    ``T log(n_symbols) / L`` per step, the baseline to beat.

    Parameters
    ----------
    n : int, >= 1
        Number of sequences.
    T : int, >= 1
        Number of symbols to copy.
    rng : numpy.random.Generator
        Source of randomness.
    n_symbols : int, >= 1
        Alphabet size.
    delay : int, >= 0
        Number of blank steps between the last symbol and the recall cue.

    Returns
    -------
    X : numpy.ndarray, shape (L, n, n_symbols + 2), float64
        One-hot input tokens, time first.
    y : numpy.ndarray, shape (L, n), int64
        Target token ids in ``0 .. n_symbols``.

    References
    ----------
    Hochreiter & Schmidhuber (1997); Arjovsky, Shah & Bengio (2016), "Unitary evolution recurrent neural
    networks".
    """
    n = check_int(n, "n", minimum=1)
    T = check_int(T, "T", minimum=1)
    check_rng(rng)
    n_symbols = check_int(n_symbols, "n_symbols", minimum=1)
    delay = check_int(delay, "delay", minimum=0)
    L = 2 * T + delay + 1
    symbols = rng.integers(1, n_symbols + 1, size=(T, n))
    tokens = np.zeros((L, n), dtype=np.int64)
    tokens[:T] = symbols
    tokens[T + delay] = n_symbols + 1
    y = np.zeros((L, n), dtype=np.int64)
    y[L - T :] = symbols
    X = np.eye(n_symbols + 2)[tokens]
    return X, y


def train_test_split(
    X: Any,
    y: Any,
    rng: np.random.Generator,
    *,
    test_fraction: float = 0.3,
    x_axis: int = 0,
    y_axis: int = 0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the examples and split them into a training and a test part.

    ``round(test_fraction · n)`` examples go to the test part, at least one to each part.

    Parameters
    ----------
    X, y : array_like
        Inputs and targets with the same number ``n >= 2`` of examples along ``x_axis`` and ``y_axis``
        (dtypes are kept, so integer labels stay integers).
    rng : numpy.random.Generator
        Draws the permutation.
    test_fraction : float in (0, 1)
        Share of the examples in the test part.
    x_axis, y_axis : int
        Example axis of ``X`` and ``y``; e.g. ``x_axis=1`` for the time-first sequences of
        :func:`adding_problem`.

    Returns
    -------
    X_train, X_test, y_train, y_test : numpy.ndarray
        In scikit-learn's order.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    check_rng(rng)
    test_fraction = check_float(test_fraction, "test_fraction", minimum=0.0, strict_min=True, maximum=1.0)
    if test_fraction == 1.0:
        raise ValueError(f"test_fraction must be < 1, got {test_fraction}")
    x_axis = check_int(x_axis, "x_axis", minimum=-X.ndim if X.ndim else 0, maximum=max(X.ndim - 1, 0))
    y_axis = check_int(y_axis, "y_axis", minimum=-y.ndim if y.ndim else 0, maximum=max(y.ndim - 1, 0))
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays with an example axis, got shapes {X.shape} and {y.shape}")
    n = X.shape[x_axis]
    if y.shape[y_axis] != n:
        raise ValueError(
            f"y must have as many examples as X: X has {n} along x_axis={x_axis}, "
            f"y has {y.shape[y_axis]} along y_axis={y_axis}"
        )
    if n < 2:
        raise ValueError(f"X must have at least 2 examples to split, got {n}")
    n_test = min(max(round(test_fraction * n), 1), n - 1)
    perm = rng.permutation(n)
    test, train = perm[:n_test], perm[n_test:]
    return (
        np.take(X, train, axis=x_axis),
        np.take(X, test, axis=x_axis),
        np.take(y, train, axis=y_axis),
        np.take(y, test, axis=y_axis),
    )
