"""Synthetic data sets: shapes, dtypes, determinism, balance, each generative formula checked on the output.

Statistical checks use n >= 20,000 where a standard deviation is estimated (relative standard error
<= sqrt(1/(2n)) = 0.5%), so the 3-5% tolerances are wide against chance and narrow against a wrong factor.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from initedu import data


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# (function, positional args after rng, keyword args) for the generic checks
GENERATORS = {
    "spirals": (lambda r: data.spirals(101, r)),
    "spirals3": (lambda r: data.spirals(100, r, classes=3, noise=0.0, turns=0.5)),
    "gaussian_blobs": (lambda r: data.gaussian_blobs(90, r, centers=4, dim=3)),
    "linear_regression": (lambda r: data.linear_regression(50, r, dim=4)),
    "sine_regression": (lambda r: data.sine_regression(50, r, y_scale=100.0, y_shift=5.0)),
    "xor": (lambda r: data.xor(41, r)),
    "pattern_images": (lambda r: data.pattern_images(40, r, return_latent=True)),
    "adding_problem": (lambda r: data.adding_problem(30, 12, r)),
    "copy_task": (lambda r: data.copy_task(30, 5, r, n_symbols=3, delay=4)),
}


def _flatten(out):
    arrays = []
    for item in out:
        if isinstance(item, dict):
            arrays.extend(item[k] for k in sorted(item))
        else:
            arrays.append(item)
    return arrays


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_determinism(name):
    make = GENERATORS[name]
    a, b, c = _flatten(make(rng(7))), _flatten(make(rng(7))), _flatten(make(rng(8)))
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert not all(np.array_equal(x, z) for x, z in zip(a, c, strict=True))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_dtypes(name):
    X, y = GENERATORS[name](rng())[:2]
    assert X.dtype == np.float64
    assert y.dtype in (np.float64, np.int64)


def test_no_global_state():
    before = np.random.get_state()  # noqa: NPY002 (reading the legacy global generator on purpose)
    for make in GENERATORS.values():
        make(rng())
    after = np.random.get_state()  # noqa: NPY002
    assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]


# --- spirals ------------------------------------------------------------------------------------------------


def test_spirals_shapes_and_balance():
    X, y = data.spirals(301, rng(), classes=3)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert sorted(np.bincount(y)) == [100, 100, 101]
    assert np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.0 + 1e-12)
    assert np.any(np.diff(y) < 0)  # shuffled, not sorted by class


@pytest.mark.parametrize("classes, turns", [(2, 1.5), (3, 0.75), (5, 2.0)])
def test_spirals_angle_formula(classes, turns):
    # Without noise every point is exactly on its arm: theta = 2 pi c / classes + 2 pi turns r (mod 2 pi).
    X, y = data.spirals(500, rng(1), classes=classes, noise=0.0, turns=turns)
    r = np.hypot(X[:, 0], X[:, 1])
    expected = 2 * np.pi * y / classes + 2 * np.pi * turns * r
    diff = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    np.testing.assert_allclose(diff, 0.0, atol=1e-9)


def test_spirals_noise_is_angular_std():
    X, y = data.spirals(40000, rng(2), noise=0.2, turns=1.0)
    r = np.hypot(X[:, 0], X[:, 1])
    expected = np.pi * y + 2 * np.pi * r
    diff = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - expected)))
    assert np.std(diff) == pytest.approx(0.2, rel=0.03)


# --- gaussian blobs -----------------------------------------------------------------------------------------


def test_gaussian_blobs_centres_and_spread():
    X, y, mu = data.gaussian_blobs(30000, rng(3), centers=3, dim=4, spread=0.5, return_centers=True)
    assert X.shape == (30000, 4) and y.shape == (30000,) and mu.shape == (3, 4)
    assert np.all(np.abs(mu) <= 5.0)
    assert np.bincount(y).tolist() == [10000, 10000, 10000]
    for c in range(3):
        pts = X[y == c]
        np.testing.assert_allclose(pts.mean(axis=0), mu[c], atol=0.03)  # se = 0.5 / 100 = 0.005
        np.testing.assert_allclose(pts.std(axis=0), 0.5, rtol=0.04)


def test_gaussian_blobs_default_returns_two():
    assert len(data.gaussian_blobs(10, rng())) == 2


# --- regression ---------------------------------------------------------------------------------------------


def test_linear_regression_formula():
    X, y, w = data.linear_regression(20000, rng(4), dim=400, noise=0.3, scale=2.0)
    assert X.shape == (20000, 400) and y.shape == (20000, 1) and w.shape == (400, 1)
    resid = y - X @ w
    assert np.std(resid) == pytest.approx(0.3, rel=0.03)
    # w ~ N(0, scale^2 / dim): |w|^2 ~ scale^2 (chi^2_400 / 400 has relative sd 7%)
    assert np.sum(w**2) == pytest.approx(4.0, rel=0.25)
    assert np.var(y) == pytest.approx(np.sum(w**2) + 0.09, rel=0.05)
    w_hat = np.linalg.lstsq(X[:4000], y[:4000], rcond=None)[0]
    np.testing.assert_allclose(w_hat, w, atol=0.025)  # se of each coefficient ~ 0.3 / sqrt(3600) = 0.005


def test_linear_regression_noiseless_is_exact():
    X, y, w = data.linear_regression(10, rng(), dim=3, noise=0.0)
    np.testing.assert_allclose(y, X @ w, rtol=0, atol=1e-14)


def test_sine_regression_formula():
    x, y = data.sine_regression(30000, rng(5), noise=0.1, y_scale=50.0, y_shift=-7.0)
    assert x.shape == (30000, 1) and y.shape == (30000, 1)
    assert x.min() >= -3.0 and x.max() <= 3.0 and x.min() < -2.99 and x.max() > 2.99
    assert np.std((y + 7.0) / 50.0 - np.sin(x)) == pytest.approx(0.1, rel=0.03)
    x0, y0 = data.sine_regression(20, rng(), noise=0.0, y_scale=3.0, y_shift=1.0)
    np.testing.assert_allclose(y0, 1.0 + 3.0 * np.sin(x0), atol=1e-14)


# --- xor ----------------------------------------------------------------------------------------------------


def test_xor():
    X, y = data.xor(4003, rng(6), noise=0.0)
    assert X.shape == (4003, 2) and y.shape == (4003,)
    assert set(np.unique(X)) == {-1.0, 1.0}
    np.testing.assert_array_equal(y, (X[:, 0] != X[:, 1]).astype(np.int64))
    corners, counts = np.unique(X, axis=0, return_counts=True)
    assert len(corners) == 4 and counts.max() - counts.min() <= 1
    Xn, yn = data.xor(40000, rng(6), noise=0.25)
    centre = np.sign(Xn)  # with noise 0.25 almost every point stays in its quadrant
    assert np.mean((centre[:, 0] != centre[:, 1]) == yn) > 0.99
    assert np.std(Xn - np.where(Xn > 0, 1.0, -1.0)) == pytest.approx(0.25, rel=0.05)


# --- pattern images -----------------------------------------------------------------------------------------


def test_pattern_images_structure():
    n, size = 2000, 8
    X, y, lat = data.pattern_images(n, rng(9), size=size, noise=0.0, n_classes=4, return_latent=True)
    assert X.shape == (n, size * size) and y.shape == (n,)
    assert np.bincount(y).tolist() == [500] * 4
    rows, cols = lat["rows"], lat["cols"]
    assert rows.shape == cols.shape == (n, size) and rows.dtype == cols.dtype == bool
    np.testing.assert_array_equal(rows.sum(1), lat["n_horizontal"])
    np.testing.assert_array_equal(cols.sum(1), lat["n_vertical"])
    np.testing.assert_array_equal(lat["n_horizontal"] + lat["n_vertical"], y + 1)
    # The image is exactly the union of the bars (row-major flattening) ...
    img = X.reshape(n, size, size)
    np.testing.assert_array_equal(img, (rows[:, :, None] | cols[:, None, :]).astype(float))
    # ... so counting full rows and full columns recovers the label (k_v < size here, so no row is full by
    # accident).
    full = img.all(axis=2).sum(1) + img.all(axis=1).sum(1)
    np.testing.assert_array_equal(full, y + 1)
    # Orientation is Binomial(k, 1/2): about half the bars are horizontal, every position is used.
    assert lat["n_horizontal"].sum() / (y + 1).sum() == pytest.approx(0.5, abs=0.03)
    assert rows.any(axis=0).all() and cols.any(axis=0).all()


def test_pattern_images_noise_and_default_return():
    out = data.pattern_images(3000, rng(10), size=6, noise=0.3)
    assert len(out) == 2
    X, y = out
    assert X.shape == (3000, 36)
    clean = data.pattern_images(3000, rng(10), size=6, noise=0.3, return_latent=True)[2]
    img = (clean["rows"][:, :, None] | clean["cols"][:, None, :]).reshape(3000, 36)
    assert np.std(X - img) == pytest.approx(0.3, rel=0.03)


# --- sequence tasks -----------------------------------------------------------------------------------------


def test_adding_problem():
    n, T = 5000, 20
    X, y = data.adding_problem(n, T, rng(11))
    assert X.shape == (T, n, 2) and y.shape == (n, 1)
    values, markers = X[:, :, 0], X[:, :, 1]
    assert values.min() >= 0.0 and values.max() <= 1.0
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert np.all(markers[: T // 2].sum(0) == 1) and np.all(markers[T // 2 :].sum(0) == 1)
    np.testing.assert_allclose(y[:, 0], (values * markers).sum(0))
    # Both marker positions are spread over their half.
    assert set(np.argmax(markers[: T // 2], axis=0)) == set(range(T // 2))


def test_adding_problem_baseline_mse():
    _, y = data.adding_problem(40000, 6, rng(12))
    assert np.mean((y - 1.0) ** 2) == pytest.approx(1.0 / 6.0, rel=0.03)


def test_adding_problem_odd_length():
    X, _ = data.adding_problem(200, 3, rng())
    assert np.all(X[0, :, 1] == 1) and np.all(X[1:, :, 1].sum(0) == 1)


def test_copy_task():
    n, T, k, delay = 400, 6, 5, 7
    X, y = data.copy_task(n, T, rng(13), n_symbols=k, delay=delay)
    L = 2 * T + delay + 1
    assert X.shape == (L, n, k + 2) and y.shape == (L, n) and y.dtype == np.int64
    np.testing.assert_array_equal(X.sum(axis=2), 1.0)
    tokens = X.argmax(axis=2)
    assert set(np.unique(tokens[:T])) == set(range(1, k + 1))
    assert np.all(tokens[T : T + delay] == 0)
    assert np.all(tokens[T + delay] == k + 1)
    assert np.all(tokens[T + delay + 1 :] == 0)
    np.testing.assert_array_equal(y[L - T :], tokens[:T])
    assert np.all(y[: L - T] == 0)


def test_copy_task_zero_delay():
    X, y = data.copy_task(3, 2, rng(), delay=0)
    assert X.shape == (5, 3, 6)
    assert np.all(X[2, :, 5] == 1)


# --- split --------------------------------------------------------------------------------------------------


def test_train_test_split_partition():
    X = np.arange(200, dtype=float).reshape(100, 2)
    y = np.arange(100)
    Xtr, Xte, ytr, yte = data.train_test_split(X, y, rng(14), test_fraction=0.25)
    assert Xtr.shape == (75, 2) and Xte.shape == (25, 2) and ytr.shape == (75,) and yte.shape == (25,)
    assert ytr.dtype == np.int64
    np.testing.assert_array_equal(Xtr[:, 0], 2 * ytr)  # rows stay aligned with their labels
    np.testing.assert_array_equal(Xte[:, 0], 2 * yte)
    assert sorted(np.concatenate([ytr, yte]).tolist()) == list(range(100))
    assert not np.array_equal(ytr, np.sort(ytr))  # shuffled


def test_train_test_split_sequence_axis():
    X, y = data.adding_problem(50, 8, rng(15))
    Xtr, Xte, ytr, yte = data.train_test_split(X, y, rng(16), test_fraction=0.2, x_axis=1)
    assert Xtr.shape == (8, 40, 2) and Xte.shape == (8, 10, 2)
    np.testing.assert_allclose(yte[:, 0], (Xte[:, :, 0] * Xte[:, :, 1]).sum(0))


def test_train_test_split_keeps_both_parts_nonempty():
    Xtr, Xte, _, _ = data.train_test_split(np.zeros((3, 1)), np.zeros(3), rng(), test_fraction=0.01)
    assert len(Xte) == 1 and len(Xtr) == 2
    Xtr, Xte, _, _ = data.train_test_split(np.zeros((3, 1)), np.zeros(3), rng(), test_fraction=0.99)
    assert len(Xte) == 2 and len(Xtr) == 1


# --- validation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: data.spirals(1, rng()), ValueError, "n must be >= 2, got 1"),
        (lambda: data.spirals(10, rng(), classes=1), ValueError, "classes"),
        (lambda: data.spirals(10, rng(), noise=-0.1), ValueError, "noise"),
        (lambda: data.spirals(10, rng(), turns=0), ValueError, "turns"),
        (lambda: data.spirals(10.0, rng()), TypeError, "n must be an integer"),
        (lambda: data.spirals(10, 0), TypeError, "rng must be a numpy.random.Generator"),
        (lambda: data.spirals(10, np.random.RandomState(0)), TypeError, "rng"),
        (lambda: data.gaussian_blobs(10, rng(), centers=1), ValueError, "centers"),
        (lambda: data.gaussian_blobs(10, rng(), dim=0), ValueError, "dim"),
        (lambda: data.gaussian_blobs(10, rng(), spread=-1.0), ValueError, "spread"),
        (lambda: data.gaussian_blobs(10, rng(), return_centers=1), TypeError, "return_centers"),
        (lambda: data.linear_regression(0, rng()), ValueError, "n"),
        (lambda: data.linear_regression(5, rng(), scale=float("nan")), ValueError, "scale must be finite"),
        (lambda: data.linear_regression(5, rng(), noise=-1), ValueError, "noise"),
        (lambda: data.sine_regression(5, rng(), y_scale="big"), TypeError, "y_scale"),
        (lambda: data.sine_regression(5, rng(), y_shift=math.inf), ValueError, "y_shift"),
        (lambda: data.xor(3, rng()), ValueError, "n must be >= 4"),
        (lambda: data.pattern_images(10, rng(), size=3), ValueError, "size must be >= 4"),
        (lambda: data.pattern_images(10, rng(), size=5, n_classes=6), ValueError, "n_classes must be <= 5"),
        (lambda: data.pattern_images(10, rng(), noise=-1.0), ValueError, "noise"),
        (lambda: data.pattern_images(10, rng(), return_latent="yes"), TypeError, "return_latent"),
        (lambda: data.adding_problem(5, 1, rng()), ValueError, "T must be >= 2, got 1"),
        (lambda: data.adding_problem(0, 5, rng()), ValueError, "n must be >= 1"),
        (lambda: data.copy_task(5, 0, rng()), ValueError, "T must be >= 1"),
        (lambda: data.copy_task(5, 3, rng(), delay=-1), ValueError, "delay"),
        (lambda: data.copy_task(5, 3, rng(), n_symbols=0), ValueError, "n_symbols"),
        (lambda: data.train_test_split(np.zeros((4, 2)), np.zeros(3), rng()), ValueError, "y must have"),
        (
            lambda: data.train_test_split(np.zeros((4, 2)), np.zeros(4), rng(), test_fraction=1.0),
            ValueError,
            "test_fraction",
        ),
        (
            lambda: data.train_test_split(np.zeros((4, 2)), np.zeros(4), rng(), test_fraction=0),
            ValueError,
            "test_fraction",
        ),
        (lambda: data.train_test_split(np.zeros((1, 2)), np.zeros(1), rng()), ValueError, "at least 2"),
        (lambda: data.train_test_split(np.zeros((4, 2)), np.zeros(4), rng(), x_axis=2), ValueError, "x_axis"),
        (lambda: data.train_test_split(np.zeros((4, 2)), np.zeros(4), None), TypeError, "rng"),
    ],
)
def test_validation(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
