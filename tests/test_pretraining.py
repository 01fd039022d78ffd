"""Notebook 08 helpers: data, autoencoder, encoder copy, fine-tuning, accuracy."""

from __future__ import annotations

import numpy as np
import pytest

from initedu import pretraining as pt
from initedu.nn import MLP


@pytest.fixture(scope="module")
def small():
    return pt.make_dataset(1, n_unlabeled=300, n_labeled=40, n_test=60)


def test_dataset_shapes_and_read_only(small):
    assert small["X_unlabeled"].shape == (300, 64) and small["related_labels"].shape == (300,)
    assert small["X_labeled"].shape == (40, 64) and small["X_test"].shape == (60, 64)
    assert set(np.unique(small["y_test"])) == {0, 1, 2, 3}
    assert small["related_labels"].min() >= 0 and small["related_labels"].max() <= 4
    with pytest.raises(ValueError):
        small["X_test"][0, 0] = 1.0
    assert pt.make_dataset(1, n_unlabeled=300, n_labeled=40, n_test=60) is small  # cached


def test_autoencoder_learns_to_reconstruct(small):
    X = small["X_unlabeled"]
    model, losses = pt.autoencoder(X, 16, np.random.default_rng(0), steps=150)
    mean_image_mse = float(np.mean((X - X.mean(axis=0)) ** 2))
    recon = float(np.mean((model.forward(X) - X) ** 2))
    assert recon < 0.6 * mean_image_mse  # better than the best constant image
    assert losses[-1] < losses[0]


def test_pretrain_shapes_and_random(small):
    assert pt.pretrain("random", small, 8, np.random.default_rng(0)) is None
    rel = pt.pretrain("related", small, 8, np.random.default_rng(0), steps=5)
    unr = pt.pretrain("unrelated", small, 8, np.random.default_rng(0), steps=5)
    assert rel.sizes == [64, 8, int(small["related_labels"].max()) + 1] and unr.sizes == [64, 8, 4]


def test_copy_encoder_and_fine_tune_start_from_it(small):
    enc = MLP([64, 8, 64], "tanh", rng=np.random.default_rng(3))
    clf = pt.copy_encoder(enc, MLP([64, 8, 4], "tanh", rng=np.random.default_rng(4)))
    np.testing.assert_array_equal(clf.Ws[0], enc.Ws[0])
    np.testing.assert_array_equal(clf.bs[0], enc.bs[0])
    with pytest.raises(ValueError, match="shape"):
        pt.copy_encoder(MLP([64, 5, 64], "tanh", rng=np.random.default_rng(0)), clf)
    r = pt.fine_tune(enc, small, 20, 8, np.random.default_rng(0), steps=1, lr=1e-9)
    np.testing.assert_allclose(r["model"].Ws[0], enc.Ws[0], atol=1e-6)
    r2 = pt.fine_tune(None, small, 20, 8, np.random.default_rng(0), steps=1, lr=1e-9)
    assert not np.allclose(r2["model"].Ws[0], enc.Ws[0])


def test_fine_tune_fits_the_labels(small):
    r = pt.fine_tune(None, small, 20, 16, np.random.default_rng(0), steps=200)
    assert r["train_acc"] == 1.0 and r["loss"][-1] < 0.1 * r["loss"][0]
    assert 0.0 <= r["test_acc"] <= 1.0


def test_accuracy_matches_a_direct_count():
    model = MLP([3, 4, 2], "tanh", rng=np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((300, 3))
    logits = model.forward(X)
    y = np.where(np.arange(300) % 3 == 0, 0, 1)
    expected = sum(int(np.argmax(logits[i]) == y[i]) for i in range(300)) / 300
    assert pt.accuracy(model, X, y) == pytest.approx(expected)


def test_validation(small):
    with pytest.raises(ValueError, match="strategy"):
        pt.pretrain("imagenet", small, 8, np.random.default_rng(0))
    with pytest.raises(ValueError, match="n"):
        pt.fine_tune(None, small, 41, 8, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        pt.autoencoder(small["X_unlabeled"], 8, 0)
