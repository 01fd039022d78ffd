"""Symmetry breaking (notebook 01): exact equality from a constant start, what breaks it, the demo's data."""

from __future__ import annotations

import numpy as np
import pytest

from initedu import nn, optim, symmetry
from initedu.demos.nb01_symmetry import EPS_GRID, SymmetryDemo, symmetry_stats


def test_train_one_hidden_matches_mlp_and_sgd():
    # Independent computation: the package's MLP + SGD + BCE, same initial point, full batch.
    X, y = symmetry.xor_data()
    params = symmetry.initial_params("gaussian", np.random.default_rng(3))
    mlp = nn.MLP([2, symmetry.HIDDEN, 1], "tanh", rng=np.random.default_rng(0))
    for dst, key in zip(mlp.params, ("W1", "b1", "W2", "b2"), strict=True):
        dst[...] = params[key]
    hist = optim.train(mlp, "binary_cross_entropy", X, y, optimizer=optim.SGD(0.5), steps=50)
    out = symmetry.train_one_hidden(X, y, params, lr=0.5, steps=50)
    np.testing.assert_allclose(out["loss"][:50], hist.loss, rtol=1e-12)
    np.testing.assert_allclose(out["W1"], mlp.Ws[0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(out["W2"], mlp.Ws[1], rtol=1e-10, atol=1e-12)


def test_constant_start_stays_exactly_symmetric_and_stalls():
    const = symmetry.symmetry_run("constant", 0.0, 0.0)
    assert const.max_difference == 0.0
    assert np.all(const.spread == 0.0)
    assert const.n_distinct == 1
    rand = symmetry.symmetry_run("gaussian")
    assert const.final_loss > 0.4 and rand.final_loss < 0.02
    assert rand.n_distinct >= 14


@pytest.mark.parametrize("kind", ["gaussian", "uniform", "orthogonal", "random_bias"])
def test_random_starts_give_distinct_units(kind):
    run = symmetry.symmetry_run(kind)
    assert symmetry.min_unit_distance(run.W1, run.b1) > 1e-3


def test_dropout_and_tiny_noise_break_symmetry():
    drop = symmetry.symmetry_run("constant", 0.0, 0.2)
    assert drop.spread[0] == 0.0 and drop.spread[-1] > 1.0
    tiny = symmetry.symmetry_run("constant", 1e-8, 0.0)
    assert tiny.spread[0] < 1e-7 and tiny.spread[-1] > 1.0 and tiny.final_loss < 0.02


def test_dropout_needs_rng():
    X, y = symmetry.xor_data()
    params = symmetry.initial_params("constant", np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        symmetry.train_one_hidden(X, y, params, lr=0.5, steps=2, dropout=0.5, rng=None)
    with pytest.raises(ValueError, match="dropout"):
        symmetry.train_one_hidden(X, y, params, lr=0.5, steps=2, dropout=1.0)


def test_unit_measures_against_hand_values():
    W = np.array([[0.0, 1.0, 1.0 + 1e-4], [0.0, 0.0, 0.0]])
    assert symmetry.unit_spread(W) == pytest.approx(1.0 + 1e-4)
    assert symmetry.min_unit_distance(W) == pytest.approx(1e-4)
    assert symmetry.distinct_units(W, tol=1e-3) == 2
    assert symmetry.distinct_units(W, tol=1e-5) == 3
    with pytest.raises(ValueError, match="b must have shape"):
        symmetry.unit_spread(W, np.zeros(2))


def test_orthogonal_rows():
    p = symmetry.initial_params("orthogonal", np.random.default_rng(0))
    W = p["W1"]
    np.testing.assert_allclose(W @ W.T, (symmetry.HIDDEN / 2) * np.eye(2), atol=1e-12)


def test_demo_draws_the_cached_runs():
    demo = SymmetryDemo(lang="en")
    data = demo.set(eps=EPS_GRID[0], dropout=False)
    assert data["max_diff"] == 0.0 and data["distinct"] == 1
    np.testing.assert_array_equal(demo.line_loss.get_ydata(), symmetry.symmetry_run("constant").loss)
    assert symmetry_stats(1e-2, True)["distinct"] > 1
