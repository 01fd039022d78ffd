"""Initializing from pretraining or from another task (notebook 08).

The last strategy of section 8.4 (Goodfellow, Bengio & Courville 2016): initialize a supervised model with
parameters learned by an unsupervised model on the same inputs, or by a model trained on a related (or even an
unrelated) task. Erhan, Bengio, Courville, Manzagol, Vincent & Bengio (2010), "Why does unsupervised
pre-training help deep learning?", report that unsupervised pretraining acts as a regularizer: similar (or
higher) training error, lower test error, most useful when labels are few.

Everything here is synthetic and small (:func:`initedu.data.pattern_images`: noisy 8×8 images of bars, label =
number of bars - 1): many unlabeled images, few labeled ones. An encoder ``64 -> hidden`` (tanh) is pretrained
in one of four ways and copied into the first layer of a classifier ``[64, hidden, 4]``, which is then
fine-tuned on ``n`` labels:

* ``"random"``: no pretraining, Glorot-uniform weights (the baseline);
* ``"autoencoder"``: the encoder of an autoencoder ``[64, hidden, 64]`` trained to reconstruct the unlabeled
  images (mean squared error);
* ``"related"``: a classifier trained on the same unlabeled images with another label, the number of horizontal
  bars (0..4) — a related task with many labels;
* ``"unrelated"``: a classifier trained on 64-dimensional Gaussian blobs (:func:`initedu.data.gaussian_blobs`),
  other inputs, another task.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .data import gaussian_blobs, pattern_images
from .losses import mse, softmax_cross_entropy
from .nn import MLP
from .optim import Adam, Momentum, Optimizer

__all__ = [
    "LABEL_SIZES",
    "STRATEGIES",
    "Dataset",
    "accuracy",
    "autoencoder",
    "copy_encoder",
    "fine_tune",
    "make_dataset",
    "pretrain",
    "transfer_grid",
]

STRATEGIES = ("random", "autoencoder", "related", "unrelated")
#: Numbers of labeled examples of the grid (notebook and live demo).
LABEL_SIZES = (12, 40, 120, 400)
N_CLASSES = 4


class Dataset(dict):
    """``X_unlabeled``, ``related_labels`` (number of horizontal bars), ``X_labeled``, ``y_labeled`` (a pool
    whose first ``n`` rows are the ``n`` labels of a run), ``X_test``, ``y_test``."""


@functools.cache
def make_dataset(seed: int = 0, n_unlabeled: int = 3000, n_labeled: int = 400, n_test: int = 500) -> Dataset:
    """The data of notebook 08, from ``np.random.default_rng(seed)`` (cached: arrays are read-only)."""
    seed = check_int(seed, "seed", minimum=0)
    n_unlabeled = check_int(n_unlabeled, "n_unlabeled", minimum=N_CLASSES)
    n_labeled = check_int(n_labeled, "n_labeled", minimum=N_CLASSES)
    n_test = check_int(n_test, "n_test", minimum=N_CLASSES)
    rng = np.random.default_rng(seed)
    Xu, _, latent = pattern_images(n_unlabeled, rng, n_classes=N_CLASSES, return_latent=True)
    Xl, yl = pattern_images(n_labeled, rng, n_classes=N_CLASSES)
    Xt, yt = pattern_images(n_test, rng, n_classes=N_CLASSES)
    ds = Dataset(X_unlabeled=Xu, related_labels=latent["n_horizontal"], X_labeled=Xl, y_labeled=yl,
                 X_test=Xt, y_test=yt)
    for arr in ds.values():
        arr.flags.writeable = False
    return ds


def _fit(model: MLP, loss: Any, X: np.ndarray, y: np.ndarray, optimizer: Optimizer, steps: int,
         batch_size: int | None, rng: np.random.Generator | None) -> list[float]:
    """A lean training loop (forward, loss, backward, step); returns the losses."""
    losses = []
    n = X.shape[0]
    for _ in range(steps):
        if batch_size is not None and batch_size < n:
            idx = rng.choice(n, size=batch_size, replace=False)
            Xb, yb = X[idx], y[idx]
        else:
            Xb, yb = X, y
        value, grad = loss(model.forward(Xb), yb)
        model.backward(grad)
        optimizer.step(model.params, model.grads)
        losses.append(value)
    return losses


def autoencoder(X: Any, hidden: int, rng: np.random.Generator, *, steps: int = 600, lr: float = 0.01,
                batch_size: int = 128) -> tuple[MLP, list[float]]:
    r"""Train an autoencoder ``[d, hidden, d]`` (tanh code, linear reconstruction) on ``X`` by MSE and Adam.

    .. math:: \min_\theta \tfrac1N\sum_i \lVert x_i - g(\tanh(x_i W_1 + b_1)) \rVert^2

    Returns the model (its first layer is the encoder) and the reconstruction losses.
    """
    X = check_array(X, "X", ndim=2)
    hidden = check_int(hidden, "hidden", minimum=1)
    check_rng(rng)
    steps = check_int(steps, "steps", minimum=1)
    lr = check_float(lr, "lr", minimum=0.0, strict_min=True)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    d = X.shape[1]
    model = MLP([d, hidden, d], "tanh", init="glorot_uniform", rng=rng)
    return model, _fit(model, mse, X, X, Adam(lr), steps, batch_size, rng)


def pretrain(strategy: str, data: Dataset, hidden: int, rng: np.random.Generator, *,
             steps: int = 600) -> MLP | None:
    """The pretrained model of ``strategy`` (see the module docstring); ``None`` for ``"random"``."""
    strategy = check_choice(strategy, "strategy", STRATEGIES)
    check_rng(rng)
    d = data["X_unlabeled"].shape[1]
    if strategy == "random":
        return None
    if strategy == "autoencoder":
        return autoencoder(data["X_unlabeled"], hidden, rng, steps=steps)[0]
    if strategy == "related":
        X, y = data["X_unlabeled"], data["related_labels"]
    else:
        X, y = gaussian_blobs(data["X_unlabeled"].shape[0], rng, centers=N_CLASSES, dim=d)
    model = MLP([d, hidden, int(y.max()) + 1], "tanh", init="glorot_uniform", rng=rng)
    _fit(model, softmax_cross_entropy, X, y, Adam(0.01), steps, 128, rng)
    return model


def copy_encoder(source: MLP, target: MLP) -> MLP:
    """Copy the first layer (weights and biases) of ``source`` into ``target`` in place; return ``target``."""
    if source.Ws[0].shape != target.Ws[0].shape:
        raise ValueError(f"source's first layer has shape {source.Ws[0].shape}, target's {target.Ws[0].shape}")
    target.Ws[0][...] = source.Ws[0]
    target.bs[0][...] = source.bs[0]
    return target


def accuracy(model: MLP, X: Any, y: Any) -> float:
    """Fraction of examples whose largest logit is the label (evaluated in chunks of 128 rows)."""
    X = check_array(X, "X", ndim=2)
    y = np.asarray(y)
    pred = np.concatenate([model.forward(X[i:i + 128]).argmax(axis=1) for i in range(0, X.shape[0], 128)])
    return float(np.mean(pred == y))


def fine_tune(encoder: MLP | None, data: Dataset, n: int, hidden: int, rng: np.random.Generator, *,
              steps: int = 200, lr: float = 0.05, batch_size: int = 64) -> dict[str, Any]:
    """Build a classifier ``[64, hidden, 4]`` (Glorot), copy ``encoder`` into its first layer (if given) and
    train every layer on the first ``n`` labeled examples (momentum SGD on minibatches of ``batch_size``, the
    full batch when ``n <= batch_size``). Returns the train and test accuracy, the training losses and the
    model."""
    n = check_int(n, "n", minimum=1, maximum=data["X_labeled"].shape[0])
    check_rng(rng)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    model = MLP([data["X_labeled"].shape[1], hidden, N_CLASSES], "tanh", init="glorot_uniform", rng=rng)
    if encoder is not None:
        copy_encoder(encoder, model)
    X, y = data["X_labeled"][:n], data["y_labeled"][:n]
    losses = _fit(model, softmax_cross_entropy, X, y, Momentum(lr), steps, batch_size, rng)
    return {"train_acc": accuracy(model, X, y), "test_acc": accuracy(model, data["X_test"], data["y_test"]),
            "loss": np.array(losses), "model": model}


@functools.cache
def transfer_grid(seeds: int = 3, hidden: int = 32, steps: int = 200, pretrain_steps: int = 600,
                  data_seed: int = 0) -> dict[str, Any]:
    """Test/train accuracy of every strategy x labeled-set size x seed (computed once, cached; read-only).

    Seed ``s`` drives the pretraining (``default_rng(1000 + s)``) and the classifier's random weights
    (``default_rng(s)``, the same for every strategy, so the strategies differ only in the first layer).

    Returns
    -------
    dict
        ``test_acc`` and ``train_acc`` arrays of shape (len(STRATEGIES), len(LABEL_SIZES), seeds), the final
        training loss ``final_loss`` (same shape), the fine-tuning loss curves ``loss`` (same shape + (steps,)),
        and ``strategies``, ``sizes``.
    """
    seeds = check_int(seeds, "seeds", minimum=1)
    data = make_dataset(data_seed)
    shape = (len(STRATEGIES), len(LABEL_SIZES), seeds)
    test, train_acc, final = np.empty(shape), np.empty(shape), np.empty(shape)
    curves = np.empty((*shape, steps))
    for s in range(seeds):
        encoders = [pretrain(k, data, hidden, np.random.default_rng(1000 + s), steps=pretrain_steps)
                    for k in STRATEGIES]
        for i, enc in enumerate(encoders):
            for j, n in enumerate(LABEL_SIZES):
                r = fine_tune(enc, data, n, hidden, np.random.default_rng(s), steps=steps)
                test[i, j, s], train_acc[i, j, s], final[i, j, s] = r["test_acc"], r["train_acc"], r["loss"][-1]
                curves[i, j, s] = r["loss"]
    for arr in (test, train_acc, final, curves):
        arr.flags.writeable = False
    return {"test_acc": test, "train_acc": train_acc, "final_loss": final, "loss": curves, "strategies": STRATEGIES,
            "sizes": LABEL_SIZES}
