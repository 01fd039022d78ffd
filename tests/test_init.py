"""Initializers against their formulas: measured variances, bounds, orthogonality, sparsity, validation.

Sample sizes: a variance estimated from N independent normal draws has relative standard error sqrt(2/N);
with N >= 250,000 that is <= 0.28%, so a 2% tolerance is > 7 standard errors wide, while a wrong formula
(a factor 2 from fan_in vs fan_avg, 3 from uniform vs normal, 0.77 from an uncorrected truncated normal) is
far outside it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from initedu import init

RTOL = 0.02


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- fans and gain ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, expected",
    [
        ((7,), (7, 7)),
        ((3, 5), (3, 5)),
        ((3, 3, 16, 32), (9 * 16, 9 * 32)),
        ((5, 4, 8), (5 * 4, 5 * 8)),
        ((2, 3, 3, 4, 6), (18 * 4, 18 * 6)),
    ],
)
def test_fans(shape, expected):
    assert init.fans(shape) == expected


def test_fans_rank0_raises():
    with pytest.raises(ValueError, match="shape"):
        init.fans(())


@pytest.mark.parametrize(
    "name, param, expected",
    [
        ("linear", None, 1.0),
        ("conv2d", None, 1.0),
        ("sigmoid", None, 1.0),
        ("tanh", None, 5 / 3),
        ("relu", None, math.sqrt(2)),
        ("leaky_relu", None, math.sqrt(2 / (1 + 0.01**2))),
        ("leaky_relu", 0.2, math.sqrt(2 / 1.04)),
        ("selu", None, 0.75),
    ],
)
def test_gain_table(name, param, expected):
    assert init.gain(name, param) == pytest.approx(expected, rel=1e-12)


def test_gain_unknown_lists_known():
    with pytest.raises(ValueError, match=r"nonlinearity.*tanh.*'swish'"):
        init.gain("swish")


def test_gain_param_only_for_leaky_relu():
    with pytest.raises(ValueError, match="param"):
        init.gain("relu", 0.1)


# --- the variance-scaling engine ---------------------------------------------------------------------------

SHAPE = (400, 700)  # 280,000 draws; fan_in != fan_out so every mode gives a different variance


@pytest.mark.parametrize("mode", ["fan_in", "fan_out", "fan_avg"])
@pytest.mark.parametrize("distribution", ["normal", "truncated_normal", "uniform"])
@pytest.mark.parametrize("scale", [1.0, 2.0, 0.3])
def test_variance_scaling_variance(mode, distribution, scale):
    w = init.variance_scaling(SHAPE, rng(1), scale=scale, mode=mode, distribution=distribution)
    fan = {"fan_in": 400, "fan_out": 700, "fan_avg": 550}[mode]
    assert w.shape == SHAPE and w.dtype == np.float64
    assert w.var() == pytest.approx(scale / fan, rel=RTOL)
    assert abs(w.mean()) < 5 * math.sqrt(scale / fan / w.size)


def test_truncated_normal_is_cut_at_two_sigma():
    w = init.variance_scaling(SHAPE, rng(2), scale=1.0, mode="fan_in", distribution="truncated_normal")
    sigma = math.sqrt(1 / 400) / init.TRUNCATED_NORMAL_STD
    assert np.abs(w).max() <= 2 * sigma
    # close to the cut there are samples (it is a normal cut at 2σ, not something narrower)
    assert np.abs(w).max() > 1.95 * sigma


def test_truncated_normal_constant():
    # Std of N(0,1) conditioned on |x| <= 2, computed independently from the formula
    # Var = 1 - 2·2·φ(2) / (Φ(2) - Φ(-2)).
    phi = math.exp(-2) / math.sqrt(2 * math.pi)
    mass = math.erf(2 / math.sqrt(2))
    assert init.TRUNCATED_NORMAL_STD == pytest.approx(math.sqrt(1 - 4 * phi / mass), rel=1e-12)


def test_uniform_limit():
    w = init.variance_scaling(SHAPE, rng(3), scale=2.0, mode="fan_in", distribution="uniform")
    limit = math.sqrt(3 * 2 / 400)
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.999 * limit


# --- presets and aliases -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, variance, bound",
    [
        ("lecun_normal", 1 / 400, None),
        ("lecun_uniform", 1 / 400, math.sqrt(3 / 400)),
        ("glorot_normal", 2 / 1100, None),
        ("glorot_uniform", 2 / 1100, math.sqrt(6 / 1100)),
        ("he_normal", 2 / 400, None),
        ("he_uniform", 2 / 400, math.sqrt(6 / 400)),
        ("heuristic_uniform", 1 / (3 * 400), 1 / math.sqrt(400)),
    ],
)
def test_presets(name, variance, bound):
    w = init.INITIALIZERS[name](SHAPE, rng(4))
    assert w.var() == pytest.approx(variance, rel=RTOL)
    if bound is not None:
        assert np.abs(w).max() <= bound
        assert np.abs(w).max() > 0.999 * bound


def test_presets_are_settings_of_the_engine():
    # Same rng stream -> identical numbers: a preset is variance_scaling with fixed arguments.
    for fn in (init.lecun_normal, init.glorot_uniform, init.he_normal, init.he_uniform):
        a = fn((30, 20), rng(5))
        b = init.variance_scaling((30, 20), rng(5), scale=fn.scale, mode=fn.mode, distribution=fn.distribution)
        np.testing.assert_array_equal(a, b)


def test_aliases_are_the_same_objects():
    assert init.xavier_uniform is init.glorot_uniform
    assert init.xavier_normal is init.glorot_normal
    assert init.kaiming_uniform is init.he_uniform
    assert init.kaiming_normal is init.he_normal
    assert init.INITIALIZERS["xavier_uniform"] is init.glorot_uniform


@pytest.mark.parametrize("name", sorted(init.INITIALIZERS))
def test_docstrings_name_formula_or_paper(name):
    doc = init.INITIALIZERS[name].__doc__
    assert doc and len(doc.strip().splitlines()[0]) > 10


@pytest.mark.parametrize("name", sorted(set(init.INITIALIZERS) - {"zeros"}))
def test_same_seed_same_array_new_seed_differs(name):
    fn = init.INITIALIZERS[name]
    a, b, c = fn((20, 30), rng(7)), fn((20, 30), rng(7)), fn((20, 30), rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    generator = rng(9)
    assert not np.array_equal(fn((20, 30), generator), fn((20, 30), generator))


def test_conv_shapes_use_receptive_field():
    w = init.he_normal((3, 3, 64, 128), rng(10))
    assert w.shape == (3, 3, 64, 128)
    assert w.var() == pytest.approx(2 / (9 * 64), rel=RTOL)


# --- simple samplers --------------------------------------------------------------------------------------


def test_normal_uniform_zeros_constant_identity():
    assert init.normal(SHAPE, rng(11), std=0.5).std() == pytest.approx(0.5, rel=0.01)
    u = init.uniform(SHAPE, rng(12), limit=0.3)
    assert np.abs(u).max() <= 0.3 and u.var() == pytest.approx(0.09 / 3, rel=RTOL)
    assert not init.zeros((3, 4)).any() and init.zeros((3, 4)).shape == (3, 4)
    np.testing.assert_array_equal(init.constant((2, 3), value=0.7), np.full((2, 3), 0.7))
    np.testing.assert_array_equal(init.identity((3, 3), gain=2.0), 2 * np.eye(3))
    np.testing.assert_array_equal(init.identity((2, 4)), np.eye(2, 4))


# --- orthogonal --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(64, 64), (100, 30), (30, 100), (3, 3, 8, 16), (3, 3, 8, 100)])
@pytest.mark.parametrize("g", [1.0, 1.7, 0.5])
def test_orthogonal(shape, g):
    w = init.orthogonal(shape, rng(13), gain=g)
    assert w.shape == shape
    m = w.reshape(-1, shape[-1])
    rows, cols = m.shape
    gram = m.T @ m if rows >= cols else m @ m.T
    np.testing.assert_allclose(gram, g**2 * np.eye(min(rows, cols)), atol=1e-10)


def test_orthogonal_is_haar_distributed():
    # Without the sign correction, QR of a Gaussian gives a matrix whose diagonal is biased (R's diagonal is
    # positive by LAPACK's convention, so Q's diagonal tends to be positive). Under the Haar measure, for n = 4
    # each diagonal entry has mean 0; the uncorrected version has mean around +0.4.
    diag = np.array([np.diag(init.orthogonal((4, 4), generator)) for generator in [rng(100 + i) for i in range(3000)]])
    assert np.abs(diag.mean(axis=0)).max() < 0.05
    # Also: the trace of a Haar orthogonal matrix has mean 0 and variance 1.
    assert diag.sum(axis=1).var() == pytest.approx(1.0, abs=0.1)


# --- sparse ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fan_in, fan_out, k", [(100, 50, 15), (1000, 20, 15), (10, 40, 15), (50, 50, 1)])
def test_sparse_exact_counts(fan_in, fan_out, k):
    w = init.sparse((fan_in, fan_out), rng(14), k=k, std=1.0)
    np.testing.assert_array_equal((w != 0).sum(axis=0), np.full(fan_out, min(k, fan_in)))


def test_sparse_values_and_positions():
    w = init.sparse((200, 5000), rng(15), k=15, std=2.0)
    nonzero = w[w != 0]
    assert nonzero.var() == pytest.approx(4.0, rel=0.03)
    # positions are uniform over the rows: each row is chosen with probability k / fan_in
    per_row = (w != 0).sum(axis=1)
    assert per_row.mean() == pytest.approx(15 * 5000 / 200)
    assert per_row.std() < 3 * math.sqrt(5000 * (15 / 200) * (1 - 15 / 200))


def test_sparse_unit_input_variance_independent_of_fan_in():
    for m in (100, 1000, 10000):
        x = rng(m).standard_normal((200, m))
        z = x @ init.sparse((m, 300), rng(m + 1), k=15)
        assert z.var() == pytest.approx(15, rel=0.1)


# --- random walk ------------------------------------------------------------------------------------------


def test_random_walk_gains():
    assert init.random_walk_gain(100, "linear") == pytest.approx(math.exp(1 / 200))
    assert init.random_walk_gain(100, "relu") == pytest.approx(math.sqrt(2) * math.exp(1.2 / 97.6))
    assert init.random_walk_gain(4, "relu") == pytest.approx(math.sqrt(2) * math.exp(1.2 / 3.6))
    assert init.random_walk_gain(100, "tanh") == pytest.approx(5 / 3 * math.exp(1 / 200))


@pytest.mark.parametrize("nonlinearity", ["linear", "relu", "tanh"])
def test_random_walk_variance(nonlinearity):
    w = init.random_walk((500, 600), rng(16), nonlinearity)
    g = init.random_walk_gain(500, nonlinearity)
    assert w.var() == pytest.approx(g**2 / 500, rel=RTOL)


# --- validation --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (lambda: init.variance_scaling((3, -1), rng()), ValueError, r"shape\[1\].*-1"),
        (lambda: init.variance_scaling((3, 0), rng()), ValueError, r"shape\[1\]"),
        (lambda: init.variance_scaling((3, 2.5), rng()), TypeError, r"shape\[1\].*2.5"),
        (lambda: init.variance_scaling("ab", rng()), TypeError, "shape"),
        (lambda: init.variance_scaling((3, 3), rng(), mode="fan_sum"), ValueError, r"mode.*fan_avg.*fan_sum"),
        (lambda: init.variance_scaling((3, 3), rng(), distribution="cauchy"), ValueError, "distribution.*cauchy"),
        (lambda: init.variance_scaling((3, 3), rng(), scale=0.0), ValueError, "scale"),
        (lambda: init.variance_scaling((3, 3), rng(), scale=-1.0), ValueError, "scale"),
        (lambda: init.variance_scaling((3, 3), 0), TypeError, "rng.*Generator.*int"),
        (lambda: init.glorot_uniform((3, 3), np.random.RandomState(0)), TypeError, "rng.*RandomState"),
        (lambda: init.he_normal((3, 3), None), TypeError, "rng"),
        (lambda: init.orthogonal((5,), rng()), ValueError, "rank >= 2"),
        (lambda: init.sparse((5, 5), rng(), k=0), ValueError, "k must be >= 1"),
        (lambda: init.sparse((5, 5), rng(), k=2.5), TypeError, "k must be an integer"),
        (lambda: init.sparse((5, 5), rng(), std=-1.0), ValueError, "std"),
        (lambda: init.random_walk((5, 5), rng(), "swish"), ValueError, "nonlinearity.*swish"),
        (lambda: init.normal((2, 2), rng(), std=-0.1), ValueError, "std"),
        (lambda: init.uniform((2, 2), rng(), limit=float("nan")), ValueError, "limit"),
        (lambda: init.constant((2, 2)), TypeError, "value"),
        (lambda: init.identity((2, 2, 2)), ValueError, "rank 2"),
    ],
)
def test_invalid_arguments(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_sparse_k_larger_than_fan_in_is_dense():
    w = init.sparse((5, 8), rng(17), k=15)
    assert (w != 0).all()


def test_no_global_random_state_touched():
    state = np.random.get_state()[1].copy()  # noqa: NPY002 (reading the legacy global state on purpose)
    for fn in init.INITIALIZERS.values():
        fn((10, 10), rng(18))
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # noqa: NPY002
