"""Small neural networks with hand-written backpropagation: an MLP, a vanilla tanh RNN and an LSTM.

Everything is float64 numpy, written to be read. Layout: a dense weight has shape ``(fan_in, fan_out)`` and is
used as ``x @ W`` (Keras/JAX); PyTorch stores ``(out, in)`` and computes ``x @ W.T``.

Every model has the same interface, which :func:`initedu.optim.train` relies on:

* ``params``: list of arrays (the model's own arrays: updating them in place changes the model);
* ``grads``: list of arrays of the same shapes, filled in place by ``backward``;
* ``param_names``: names of ``params`` for plots;
* ``forward(X)`` returns the output and caches what ``backward`` needs;
* ``backward(grad_out)`` takes d loss / d output and returns d loss / d X;
* ``batch_axis``: the axis of ``X`` that indexes examples (0 for the MLP, 1 for the sequence models).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validate import check_array, check_choice, check_float, check_int, check_rng
from .init import INITIALIZERS
from .losses import sigmoid

__all__ = ["ACTIVATIONS", "LSTM", "MLP", "Activation", "TanhRNN", "activation"]

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """An elementwise nonlinearity ``f`` and its derivative ``df`` with respect to the pre-activation z."""

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _tanh_df(z: np.ndarray) -> np.ndarray:
    t = np.tanh(z)
    return 1.0 - t * t


def _sigmoid_df(z: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - s)


#: Name -> :class:`Activation`. Derivatives at the kink z = 0: relu'(0) = 0, leaky_relu'(0) = 0.01.
ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation("linear", lambda z: z, np.ones_like),
    "tanh": Activation("tanh", np.tanh, _tanh_df),
    "relu": Activation("relu", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.float64)),
    "leaky_relu": Activation(
        "leaky_relu",
        lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
        lambda z: np.where(z > 0, 1.0, LEAKY_SLOPE),
    ),
    "sigmoid": Activation("sigmoid", sigmoid, _sigmoid_df),
}


def activation(name: str) -> Activation:
    """Return the :class:`Activation` called ``name`` (one of ``ACTIVATIONS``)."""
    return ACTIVATIONS[check_choice(name, "name", ACTIVATIONS)]


def _initializer(value: Any, name: str) -> Callable[..., np.ndarray]:
    """Resolve an initializer given by name (in ``INITIALIZERS``) or as a callable ``f(shape, rng)``."""
    if callable(value):
        return value
    if isinstance(value, str) and value in INITIALIZERS:
        return INITIALIZERS[value]
    raise ValueError(f"{name} must be a callable or one of {sorted(INITIALIZERS)}, got {value!r}")


def _init_name(value: Any) -> str:
    """A readable name for an initializer argument (for ``__repr__``)."""
    return value if isinstance(value, str) else getattr(value, "__name__", type(value).__name__)


def _sample(
    init: Callable[..., np.ndarray], shape: tuple[int, int], rng: np.random.Generator, name: str
) -> np.ndarray:
    """Call ``init(shape, rng)`` and check that it returned a float array of that shape (a new copy)."""
    w = np.array(init(shape, rng), dtype=np.float64)
    if w.shape != shape:
        raise ValueError(f"{name} must return an array of shape {shape}, got shape {w.shape}")
    return w


def _per_layer(value: Any, name: str, n_layers: int) -> list[Any]:
    """Return ``value`` once per layer, or ``value`` itself if it is a list with one entry per layer."""
    if isinstance(value, (list, tuple)):
        if len(value) != n_layers:
            raise ValueError(f"{name} must have one entry per layer ({n_layers}), got {len(value)}: {value}")
        return list(value)
    return [value] * n_layers


def _check_input(X: Any, name: str, ndim: int, n_features: int, what: str) -> np.ndarray:
    arr = check_array(X, name)
    if arr.ndim != ndim or arr.shape[-1] != n_features:
        raise ValueError(f"{name} must have shape {what}, got shape {arr.shape}")
    return arr


def _check_state(value: Any, name: str, batch: int, n_hidden: int) -> np.ndarray:
    arr = check_array(value, name)
    if arr.shape != (batch, n_hidden):
        raise ValueError(f"{name} must have shape (batch, n_hidden) = {(batch, n_hidden)}, got {arr.shape}")
    return arr


def _check_grad(grad: Any, name: str, shape: tuple[int, ...] | None) -> np.ndarray:
    if shape is None:
        raise RuntimeError("backward() needs the values cached by forward(): call forward(X) first")
    arr = check_array(grad, name)
    if arr.shape != shape:
        raise ValueError(f"{name} must have the shape of the last forward output, {shape}, got {arr.shape}")
    return arr


class MLP:
    r"""Multilayer perceptron with manual backpropagation.

    Layer l (0-based) computes :math:`z_l = h_l W_l + b_l` and :math:`h_{l+1} = \phi_l(z_l)` with
    :math:`h_0 = X`. Weights have shape ``(fan_in, fan_out)`` and are used as ``x @ W`` (Keras/JAX layout;
    PyTorch's ``nn.Linear`` stores ``(out, in)`` and computes ``x @ W.T``). Everything is float64.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. ``[2, 16, 16, 1]`` (length >= 2, each >= 1).
    activation : str
        Nonlinearity of the hidden layers, a name in :data:`ACTIVATIONS`.
    init : str, callable, or a list of those (one per layer)
        Weight initializer: a name in :data:`initedu.init.INITIALIZERS` or a function ``f(shape, rng)``.
    bias_init : float or list of float (one per layer)
        Constant value of the biases.
    output_activation : str or None
        Nonlinearity of the last layer; ``None`` means linear (outputs are logits or regression values).
    rng : numpy.random.Generator
        Source of randomness for the initializers.

    Attributes
    ----------
    Ws, bs : list of ndarray
        Weights ``(sizes[l], sizes[l+1])`` and biases ``(sizes[l+1],)``.
    params : list of ndarray
        ``[W0, b0, W1, b1, ...]``: the same array objects as ``Ws`` and ``bs``.
    grads : list of ndarray
        Gradients of the last ``backward`` call, in the order and shapes of ``params``.
    param_names : list of str
        ``["W1", "b1", "W2", "b2", ...]`` (layers numbered from 1).
    activation, output_activation : str
        Names of the hidden and output nonlinearities (``"linear"`` if ``output_activation=None`` was given).
    activations : list of str
        Activation name of each layer (the hidden ones, then the output one).
    n_layers : int
        Number of weight layers, ``len(sizes) - 1``.
    zs : list of ndarray
        After ``forward``: ``zs[l]`` is the pre-activation of layer l, shape ``(batch, sizes[l+1])``.
    hs : list of ndarray
        After ``forward``: ``hs[0] = X`` and ``hs[l+1] = act_l(zs[l])``; ``hs[-1]`` is the output.
        ``len(hs) == n_layers + 1``.
    grad_zs : list of ndarray
        After ``backward``: ``grad_zs[l]`` = d loss / d ``zs[l]`` (same shapes as ``zs``).
    grad_hs : list of ndarray
        After ``backward``: ``grad_hs[k]`` = d loss / d ``hs[k]`` for every k (same length and shapes as
        ``hs``): ``grad_hs[0]`` is the gradient with respect to the input X (also returned by ``backward``),
        ``grad_hs[l+1]`` the one with respect to the output of layer l, ``grad_hs[-1]`` is ``grad_out``.
    """

    batch_axis = 0

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "tanh",
        *,
        init: str | Callable[..., np.ndarray] | Sequence[str | Callable[..., np.ndarray]] = "glorot_uniform",
        bias_init: float | Sequence[float] = 0.0,
        output_activation: str | None = None,
        rng: np.random.Generator,
    ) -> None:
        if not isinstance(sizes, (list, tuple)):
            raise TypeError(
                f"sizes must be a list of layer widths like [2, 16, 1], got {type(sizes).__name__}: {sizes!r}"
            )
        if len(sizes) < 2:
            raise ValueError(f"sizes must have length >= 2 (input and output width), got {list(sizes)!r}")
        self.sizes = [check_int(s, f"sizes[{i}]", minimum=1) for i, s in enumerate(sizes)]
        self.n_layers = len(self.sizes) - 1
        check_choice(activation, "activation", ACTIVATIONS)
        if output_activation is None:
            output_activation = "linear"
        check_choice(output_activation, "output_activation", ACTIVATIONS)
        self.activation, self.output_activation = activation, output_activation
        self.activations = [activation] * (self.n_layers - 1) + [output_activation]
        check_rng(rng)

        inits = _per_layer(init, "init", self.n_layers)
        init_fns = [_initializer(v, f"init[{i}]" if isinstance(init, (list, tuple)) else "init")
                    for i, v in enumerate(inits)]
        biases = _per_layer(bias_init, "bias_init", self.n_layers)
        biases = [check_float(v, f"bias_init[{i}]" if isinstance(bias_init, (list, tuple)) else "bias_init")
                  for i, v in enumerate(biases)]
        self._init_repr: Any = [_init_name(v) for v in inits]
        if not isinstance(init, (list, tuple)):
            self._init_repr = _init_name(init)

        self.Ws: list[np.ndarray] = []
        self.bs: list[np.ndarray] = []
        for k in range(self.n_layers):
            shape = (self.sizes[k], self.sizes[k + 1])
            self.Ws.append(_sample(init_fns[k], shape, rng, "init"))
            self.bs.append(np.full(self.sizes[k + 1], biases[k]))
        self.params: list[np.ndarray] = [p for W, b in zip(self.Ws, self.bs, strict=True) for p in (W, b)]
        self.grads: list[np.ndarray] = [np.zeros_like(p) for p in self.params]
        self.param_names = [f"{kind}{k + 1}" for k in range(self.n_layers) for kind in ("W", "b")]

        self.zs: list[np.ndarray] | None = None
        self.hs: list[np.ndarray] | None = None
        self.grad_zs: list[np.ndarray] | None = None
        self.grad_hs: list[np.ndarray] | None = None

    def forward(self, X: Any) -> np.ndarray:
        """Compute the output for inputs ``X`` of shape ``(batch, sizes[0])``; cache ``zs`` and ``hs``."""
        X = _check_input(X, "X", 2, self.sizes[0], f"(batch, {self.sizes[0]})")
        hs = [X]
        zs = []
        for W, b, name in zip(self.Ws, self.bs, self.activations, strict=True):
            z = hs[-1] @ W + b
            zs.append(z)
            hs.append(ACTIVATIONS[name].f(z))
        self.zs, self.hs = zs, hs
        return hs[-1]

    def backward(self, grad_out: Any) -> np.ndarray:
        r"""Backpropagate d loss / d output; fill ``grads`` in place and return d loss / d X.

        For layer l, from the last to the first: :math:`\delta_l = g_{l+1} \odot \phi_l'(z_l)`,
        :math:`\partial W_l = h_l^\top \delta_l`, :math:`\partial b_l = \sum_{batch} \delta_l`,
        :math:`g_l = \delta_l W_l^\top`, where :math:`g_k` = d loss / d :math:`h_k` (stored in ``grad_hs``)
        and :math:`\delta_l` = d loss / d :math:`z_l` (stored in ``grad_zs``).
        """
        g = _check_grad(grad_out, "grad_out", None if self.hs is None else self.hs[-1].shape)
        grad_hs: list[np.ndarray] = [g]
        grad_zs: list[np.ndarray] = []
        for k in reversed(range(self.n_layers)):
            delta = g * ACTIVATIONS[self.activations[k]].df(self.zs[k])
            self.grads[2 * k][...] = self.hs[k].T @ delta
            self.grads[2 * k + 1][...] = delta.sum(axis=0)
            g = delta @ self.Ws[k].T
            grad_zs.append(delta)
            grad_hs.append(g)
        self.grad_zs = grad_zs[::-1]
        self.grad_hs = grad_hs[::-1]
        return g

    def copy(self) -> MLP:
        """Return a deep copy (its ``params`` are new arrays, still shared with its own ``Ws``/``bs``)."""
        return copy.deepcopy(self)

    def __repr__(self) -> str:
        return (
            f"MLP(sizes={self.sizes}, activation={self.activation!r}, "
            f"output_activation={self.output_activation!r}, "
            f"init={self._init_repr!r})"
        )


class _Recurrent:
    """What the recurrent models share: sizes, weight sampling in a fixed order, the linear readout, copy."""

    batch_axis = 1

    def _build(self, n_in: Any, n_hidden: Any, n_out: Any, rng: Any, init: Any, recurrent_init: Any, *,
               gates: int, recurrent_scale: float = 1.0) -> None:
        """Validate the sizes and draw ``Wx (n_in, gates·H)``, ``Wh (H, gates·H)``, ``Wy (H, n_out)`` from ``rng``
        in that order; biases start at 0."""
        self.n_in = check_int(n_in, "n_in", minimum=1)
        self.n_hidden = H = check_int(n_hidden, "n_hidden", minimum=1)
        self.n_out = check_int(n_out, "n_out", minimum=1)
        check_rng(rng)
        init_fn = _initializer(init, "init")
        rec_fn = _initializer(recurrent_init, "recurrent_init")
        self._init_repr = (_init_name(init), _init_name(recurrent_init))
        self.Wx = _sample(init_fn, (self.n_in, gates * H), rng, "init")
        self.Wh = _sample(rec_fn, (H, gates * H), rng, "recurrent_init") * recurrent_scale
        self.b = np.zeros(gates * H)
        self.Wy = _sample(init_fn, (H, self.n_out), rng, "init")
        self.by = np.zeros(self.n_out)
        self.params = [self.Wx, self.Wh, self.b, self.Wy, self.by]
        self.grads = [np.zeros_like(p) for p in self.params]
        self.param_names = ["Wx", "Wh", "b", "Wy", "by"]

    def copy(self):
        """Return a deep copy."""
        return copy.deepcopy(self)


class TanhRNN(_Recurrent):
    r"""Vanilla (Elman) recurrent network with a tanh state and a linear readout, trained by BPTT.

    .. math:: h_t = \tanh(x_t W_x + h_{t-1} W_h + b), \qquad y_t = h_t W_y + b_y, \qquad h_{-1} = h_0

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Input, state and output widths.
    rng : numpy.random.Generator
        Source of randomness for the initializers.
    init : str or callable
        Initializer of the input weights ``Wx`` ``(n_in, n_hidden)`` and readout ``Wy`` ``(n_hidden, n_out)``.
    recurrent_init : str or callable
        Initializer of ``Wh`` ``(n_hidden, n_hidden)``, then multiplied by ``recurrent_gain``.
    recurrent_gain : float, >= 0
        Scale of the recurrent weights. With an orthogonal ``Wh`` every singular value equals the gain:
        gradients through time shrink for a gain below 1 and may explode above 1.

    Attributes
    ----------
    params : list of ndarray
        ``[Wx, Wh, b, Wy, by]`` (the same objects as the attributes of these names).
    hs : ndarray, shape (T + 1, batch, n_hidden)
        After ``forward``: ``hs[0] = h0`` and ``hs[t + 1] = h_t``.
    grad_hs : ndarray, shape (T + 1, batch, n_hidden)
        After ``backward``: ``grad_hs[k]`` = d loss / d ``hs[k]``, the total gradient including every path
        through later time steps. Its norm over k shows vanishing or exploding gradients through time.
    grad_h0 : ndarray, shape (batch, n_hidden)
        After ``backward``: d loss / d h0 (equal to ``grad_hs[0]``).
    """

    def __init__(
        self,
        n_in: int,
        n_hidden: int,
        n_out: int,
        *,
        rng: np.random.Generator,
        init: str | Callable[..., np.ndarray] = "glorot_uniform",
        recurrent_init: str | Callable[..., np.ndarray] = "orthogonal",
        recurrent_gain: float = 1.0,
    ) -> None:
        self.recurrent_gain = check_float(recurrent_gain, "recurrent_gain", minimum=0.0)
        self._build(n_in, n_hidden, n_out, rng, init, recurrent_init, gates=1, recurrent_scale=self.recurrent_gain)

        self.X: np.ndarray | None = None
        self.hs: np.ndarray | None = None
        self.Y: np.ndarray | None = None
        self.grad_hs: np.ndarray | None = None
        self.grad_h0: np.ndarray | None = None

    def forward(self, X: Any, h0: Any = None) -> np.ndarray:
        """Run the sequence ``X`` of shape ``(T, batch, n_in)``; return outputs ``(T, batch, n_out)``.

        ``h0`` is the initial state ``(batch, n_hidden)``, zeros if ``None``.
        """
        X = _check_input(X, "X", 3, self.n_in, f"(T, batch, {self.n_in})")
        T, B = X.shape[:2]
        hs = np.zeros((T + 1, B, self.n_hidden))
        if h0 is not None:
            hs[0] = _check_state(h0, "h0", B, self.n_hidden)
        for t in range(T):
            hs[t + 1] = np.tanh(X[t] @ self.Wx + hs[t] @ self.Wh + self.b)
        self.X, self.hs = X, hs
        self.Y = hs[1:] @ self.Wy + self.by
        return self.Y

    def backward(self, grad_Y: Any) -> np.ndarray:
        r"""Backpropagation through time: fill ``grads`` in place, return d loss / d X ``(T, batch, n_in)``.

        ``grad_Y`` = d loss / d Y, shape ``(T, batch, n_out)``; zeros for steps without a loss are fine.
        Going back in time: :math:`g_t = (\partial L/\partial y_t) W_y^\top + \delta_{t+1} W_h^\top` is
        d loss / d :math:`h_t` (``grad_hs[t + 1]``) and :math:`\delta_t = g_t \odot (1 - h_t^2)` is
        d loss / d of the pre-activation at step t.
        """
        gY = _check_grad(grad_Y, "grad_Y", None if self.Y is None else self.Y.shape)
        X, hs = self.X, self.hs
        T, B, H = X.shape[0], X.shape[1], self.n_hidden
        dWx, dWh, db, dWy, dby = (np.zeros_like(p) for p in self.params)
        dWy[...] = hs[1:].reshape(-1, H).T @ gY.reshape(-1, self.n_out)
        dby[...] = gY.sum(axis=(0, 1))
        dH_direct = gY @ self.Wy.T
        dX = np.zeros_like(X)
        grad_hs = np.zeros_like(hs)
        dh_from_next = np.zeros((B, H))
        for t in reversed(range(T)):
            dh = dH_direct[t] + dh_from_next
            grad_hs[t + 1] = dh
            delta = dh * (1.0 - hs[t + 1] ** 2)
            dWx += X[t].T @ delta
            dWh += hs[t].T @ delta
            db += delta.sum(axis=0)
            dX[t] = delta @ self.Wx.T
            dh_from_next = delta @ self.Wh.T
        grad_hs[0] = dh_from_next
        for g, new in zip(self.grads, (dWx, dWh, db, dWy, dby), strict=True):
            g[...] = new
        self.grad_hs, self.grad_h0 = grad_hs, dh_from_next
        return dX

    def __repr__(self) -> str:
        return (
            f"TanhRNN(n_in={self.n_in}, n_hidden={self.n_hidden}, n_out={self.n_out}, "
            f"init={self._init_repr[0]!r}, recurrent_init={self._init_repr[1]!r}, "
            f"recurrent_gain={self.recurrent_gain})"
        )


class LSTM(_Recurrent):
    r"""Minimal LSTM layer with a linear readout, trained by BPTT.

    Gate order i, f, g, o (as PyTorch), stacked along the last axis of ``Wx`` ``(n_in, 4H)``,
    ``Wh`` ``(H, 4H)`` and ``b`` ``(4H,)``; gate k uses columns ``k*H:(k+1)*H``.
    With :math:`a_t = x_t W_x + h_{t-1} W_h + b`:

    .. math::
        i_t = \sigma(a_t^{(i)}),\ f_t = \sigma(a_t^{(f)}),\ g_t = \tanh(a_t^{(g)}),\ o_t = \sigma(a_t^{(o)}),

        c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t), \qquad y_t = h_t W_y + b_y

    Parameters
    ----------
    n_in, n_hidden, n_out : int
        Input, state (H) and output widths.
    rng : numpy.random.Generator
        Source of randomness for the initializers.
    init : str or callable
        Initializer of ``Wx`` (one ``(n_in, 4H)`` draw, as Keras does) and of the readout ``Wy``.
    recurrent_init : str or callable
        Initializer of ``Wh`` (one ``(H, 4H)`` draw, as Keras does).
    forget_bias : float
        Value of the forget-gate bias ``b[H:2H]`` (the other biases are 0). 1 is the usual choice
        (Gers et al. 2000; Jozefowicz et al. 2015; Keras ``unit_forget_bias=True``). Frameworks with two bias
        vectors per gate (PyTorch ``b_ih`` and ``b_hh``) add them, so setting both to 1 gives an effective 2.

    Attributes
    ----------
    params : list of ndarray
        ``[Wx, Wh, b, Wy, by]``.
    gates : ndarray, shape (T, batch, 4H)
        After ``forward``: the gate values after their nonlinearity, ``[i, f, g, o]`` along the last axis.
    cs, hs : ndarray, shape (T + 1, batch, H)
        After ``forward``: ``cs[0] = c0``, ``hs[0] = h0``, and ``cs[t + 1] = c_t``, ``hs[t + 1] = h_t``.
    grad_cs, grad_hs : ndarray, shape (T + 1, batch, H)
        After ``backward``: total d loss / d ``cs[k]`` and d loss / d ``hs[k]``.
    grad_c0, grad_h0 : ndarray, shape (batch, H)
        After ``backward``: the gradient reaching the initial cell and hidden state.
    """

    def __init__(
        self,
        n_in: int,
        n_hidden: int,
        n_out: int,
        *,
        rng: np.random.Generator,
        init: str | Callable[..., np.ndarray] = "glorot_uniform",
        recurrent_init: str | Callable[..., np.ndarray] = "orthogonal",
        forget_bias: float = 1.0,
    ) -> None:
        self.forget_bias = check_float(forget_bias, "forget_bias")
        self._build(n_in, n_hidden, n_out, rng, init, recurrent_init, gates=4)
        H = self.n_hidden
        self.b[H : 2 * H] = self.forget_bias

        self.X: np.ndarray | None = None
        self.gates: np.ndarray | None = None
        self.cs: np.ndarray | None = None
        self.hs: np.ndarray | None = None
        self.Y: np.ndarray | None = None
        self.grad_cs: np.ndarray | None = None
        self.grad_hs: np.ndarray | None = None
        self.grad_c0: np.ndarray | None = None
        self.grad_h0: np.ndarray | None = None

    def forward(self, X: Any, h0: Any = None, c0: Any = None) -> np.ndarray:
        """Run the sequence ``X`` ``(T, batch, n_in)``; return outputs ``(T, batch, n_out)``.

        ``h0`` and ``c0`` are the initial hidden and cell states ``(batch, n_hidden)``, zeros if ``None``.
        """
        X = _check_input(X, "X", 3, self.n_in, f"(T, batch, {self.n_in})")
        T, B = X.shape[:2]
        H = self.n_hidden
        hs = np.zeros((T + 1, B, H))
        cs = np.zeros((T + 1, B, H))
        if h0 is not None:
            hs[0] = _check_state(h0, "h0", B, H)
        if c0 is not None:
            cs[0] = _check_state(c0, "c0", B, H)
        gates = np.zeros((T, B, 4 * H))
        for t in range(T):
            a = X[t] @ self.Wx + hs[t] @ self.Wh + self.b
            i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H : 2 * H]), sigmoid(a[:, 3 * H :])
            g = np.tanh(a[:, 2 * H : 3 * H])
            gates[t] = np.concatenate([i, f, g, o], axis=1)
            cs[t + 1] = f * cs[t] + i * g
            hs[t + 1] = o * np.tanh(cs[t + 1])
        self.X, self.gates, self.cs, self.hs = X, gates, cs, hs
        self.Y = hs[1:] @ self.Wy + self.by
        return self.Y

    def backward(self, grad_Y: Any) -> np.ndarray:
        """Backpropagation through time: fill ``grads`` in place, return d loss / d X ``(T, batch, n_in)``.

        ``grad_Y`` = d loss / d Y, shape ``(T, batch, n_out)``; zeros for steps without a loss are fine.
        """
        gY = _check_grad(grad_Y, "grad_Y", None if self.Y is None else self.Y.shape)
        X, hs, cs, gates = self.X, self.hs, self.cs, self.gates
        T, B, H = X.shape[0], X.shape[1], self.n_hidden
        dWx, dWh, db, dWy, dby = (np.zeros_like(p) for p in self.params)
        dWy[...] = hs[1:].reshape(-1, H).T @ gY.reshape(-1, self.n_out)
        dby[...] = gY.sum(axis=(0, 1))
        dH_direct = gY @ self.Wy.T
        dX = np.zeros_like(X)
        grad_hs = np.zeros_like(hs)
        grad_cs = np.zeros_like(cs)
        dh_from_next = np.zeros((B, H))
        dc_from_next = np.zeros((B, H))
        for t in reversed(range(T)):
            i, f, g, o = (gates[t][:, k * H : (k + 1) * H] for k in range(4))
            tanh_c = np.tanh(cs[t + 1])
            dh = dH_direct[t] + dh_from_next
            dc = dc_from_next + dh * o * (1.0 - tanh_c**2)
            grad_hs[t + 1], grad_cs[t + 1] = dh, dc
            da = np.concatenate(
                [
                    dc * g * i * (1.0 - i),  # input gate
                    dc * cs[t] * f * (1.0 - f),  # forget gate
                    dc * i * (1.0 - g**2),  # candidate
                    dh * tanh_c * o * (1.0 - o),  # output gate
                ],
                axis=1,
            )
            dWx += X[t].T @ da
            dWh += hs[t].T @ da
            db += da.sum(axis=0)
            dX[t] = da @ self.Wx.T
            dh_from_next = da @ self.Wh.T
            dc_from_next = dc * f
        grad_hs[0], grad_cs[0] = dh_from_next, dc_from_next
        for p_grad, new in zip(self.grads, (dWx, dWh, db, dWy, dby), strict=True):
            p_grad[...] = new
        self.grad_hs, self.grad_cs = grad_hs, grad_cs
        self.grad_h0, self.grad_c0 = dh_from_next, dc_from_next
        return dX

    def __repr__(self) -> str:
        return (
            f"LSTM(n_in={self.n_in}, n_hidden={self.n_hidden}, n_out={self.n_out}, "
            f"init={self._init_repr[0]!r}, recurrent_init={self._init_repr[1]!r}, "
            f"forget_bias={self.forget_bias})"
        )
