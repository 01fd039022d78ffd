"""Notebook 03 live demo: pick an initializer, activation, depth and width; see activations and gradients."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .. import init as _init
from .._validate import check_choice, check_int
from ..glorot import propagate
from ..i18n import register as register_strings
from ..i18n import t
from ..plotting import layer_std_panel
from ..widgets import LiveDemo, register

register_strings({
    "n3_title_std": {"en": "std per layer", "ko": "층별 표준편차"},
    "n3_title_act": {"en": "activations (5 layers)", "ko": "활성화 값 (5개 층)"},
    "n3_title_grad": {"en": "back-propagated gradients", "ko": "역전파된 그레이디언트"},
    "n3_act": {"en": "activations", "ko": "활성화"},
    "n3_grad": {"en": "gradients", "ko": "그레이디언트"},
    "n3_first": {"en": "first layer", "ko": "첫 층"},
    "n3_last": {"en": "last layer", "ko": "마지막 층"},
    "n3_gradient_value": {"en": "gradient value", "ko": "그레이디언트 값"},
    "n3_act_std_first": {"en": "act std layer 1", "ko": "1층 활성화 표준편차"},
    "n3_act_std_last": {"en": "act std last layer", "ko": "마지막 층 활성화 표준편차"},
    "n3_grad_std_first": {"en": "grad std layer 1", "ko": "1층 그레이디언트 표준편차"},
    "n3_grad_std_last": {"en": "grad std last layer", "ko": "마지막 층 그레이디언트 표준편차"},
    "n3_heuristic": {"en": "heuristic U(-1/√m, 1/√m)", "ko": "경험적 방법 U(-1/√m, 1/√m)"},
    "n3_normalized": {"en": "normalized (Glorot)", "ko": "정규화 초기화 (Glorot)"},
    "n3_layer_k": {"en": "layer {k}", "ko": "{k}층"},
    "n3_train_title": {"en": "{depth} ReLU layers: training loss", "ko": "ReLU {depth}개 층: 학습 손실"},
    "n3_rms_title": {"en": "RMS of activations / RMS of input", "ko": "활성화 RMS / 입력 RMS"},
    "n3_mean_abs_w": {"en": "mean |W|", "ko": "|W|의 평균"},
    "n3_fan_in": {"en": "fan-in m", "ko": "팬인 m"},
})

#: The initializers offered in the dropdown (i.i.d., fan-scaled; orthogonal is notebook 04's subject).
DEMO_INITS = ("heuristic_uniform", "lecun_normal", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal")
DEMO_ACTIVATIONS = ("tanh", "relu", "linear")
DEMO_WIDTHS = (32, 64, 128, 256)
MAX_DEPTH = 30
BATCH = 32
N_SHOWN = 5
ACT_EDGES = np.linspace(-2.0, 2.0, 41)
GRAD_EDGES = np.linspace(-3.0, 3.0, 41)
STD_LIMITS = (1e-13, 1e5)


@functools.cache
def _base_draws() -> dict[str, np.ndarray]:
    """Standard draws shared by every initializer: U(-1, 1) and a normal truncated to [-2, 2] (read-only).

    Shape ``(MAX_DEPTH, max width, max width)``, drawn once with a fixed seed.
    """
    rng = np.random.default_rng(3)
    n = max(DEMO_WIDTHS)
    base = {
        "uniform": rng.uniform(-1.0, 1.0, size=(MAX_DEPTH, n, n)),
        "truncated_normal": _init._truncated_standard_normal((MAX_DEPTH, n, n), rng),
    }
    for a in base.values():
        a.flags.writeable = False
    return base


def weights(init_name: str, width: int) -> np.ndarray:
    r"""``MAX_DEPTH`` square weight matrices of ``init_name`` at ``width``, from the shared standard draws.

    Every demo initializer is a fixed distribution times a scale set by the fan: U(-L, L) with
    :math:`L = 1/\sqrt{m}` (heuristic) or :math:`L = \sqrt{3\,\text{scale}/\text{fan}}`, or a normal truncated
    at ±2σ with :math:`\sigma = \sqrt{\text{scale}/\text{fan}}/0.8796`. The top-left ``width x width`` block of
    the shared standard draw, times that scale, therefore has exactly the distribution of
    ``INITIALIZERS[init_name]((width, width), rng)``, and switching initializer or width draws nothing new
    (the slider stays fast).
    """
    check_choice(init_name, "init_name", DEMO_INITS)
    if width not in DEMO_WIDTHS:
        raise ValueError(f"width must be one of {list(DEMO_WIDTHS)}, got {width!r}")
    base = _base_draws()
    fan = float(width)  # square layers: fan_in = fan_out = fan_avg
    if init_name == "heuristic_uniform":
        return base["uniform"][:, :width, :width] / np.sqrt(fan)
    fn = _init.INITIALIZERS[init_name]
    if fn.distribution == "uniform":
        return base["uniform"][:, :width, :width] * np.sqrt(3.0 * fn.scale / fan)
    return base["truncated_normal"][:, :width, :width] * (np.sqrt(fn.scale / fan) / _init.TRUNCATED_NORMAL_STD)


@functools.cache
def _batch(width: int) -> tuple[np.ndarray, np.ndarray]:
    """Fixed standard-normal inputs and top-layer gradient for a width (shared by every initializer)."""
    rng = np.random.default_rng(4)
    return rng.standard_normal((BATCH, width)), rng.standard_normal((BATCH, width))


def shown_layers(depth: int) -> np.ndarray:
    """The (up to 5) layers, 1-based, whose histograms are drawn: evenly spaced from the first to the last."""
    depth = check_int(depth, "depth", minimum=1)
    return np.unique(np.round(np.linspace(1, depth, N_SHOWN)).astype(int))


@functools.lru_cache(maxsize=256)
def init_profile(init_name: str, activation: str, depth: int, width: int) -> dict[str, Any]:
    r"""Per-layer activation and back-propagated gradient statistics of a freshly initialized network.

    .. math:: h_l = f(h_{l-1} W_l), \qquad g_{l-1} = (g_l \odot f'(h_{l-1} W_l)) W_l^\top

    with ``depth`` square layers of ``width`` units, weights from ``init_name`` (:func:`weights`), standard-normal
    inputs and a standard-normal gradient at the top (:func:`initedu.glorot.propagate`). Returns the std of the
    activations ``h_l`` and of the gradients ``g_l`` per layer (non-finite values give ``inf``/``nan``), and
    histograms (fractions) of both at the layers :func:`shown_layers` picks.
    """
    check_choice(init_name, "init_name", DEMO_INITS)
    check_choice(activation, "activation", DEMO_ACTIVATIONS)
    depth = check_int(depth, "depth", minimum=1, maximum=MAX_DEPTH)
    width = check_int(width, "width", minimum=1)
    if width not in DEMO_WIDTHS:
        raise ValueError(f"width must be one of {list(DEMO_WIDTHS)}, got {width}")
    X, g_top = _batch(width)
    out = propagate(list(weights(init_name, width)[:depth]), X, activation, g_top)
    with np.errstate(over="ignore", invalid="ignore"):
        act_std = np.array([h.std() for h in out["hs"]])
        grad_std = np.array([g.std() for g in out["grads"]])
    layers = shown_layers(depth)
    n = BATCH * width
    act_hist = np.array([np.histogram(out["hs"][k - 1], bins=ACT_EDGES)[0] / n for k in layers])
    grad_hist = np.array([np.histogram(out["grads"][k - 1], bins=GRAD_EDGES)[0] / n for k in layers])
    return {
        "layers": np.arange(1, depth + 1),
        "act_std": act_std,
        "grad_std": grad_std,
        "shown": layers,
        "act_hist": act_hist,
        "grad_hist": grad_hist,
        "nonfinite": int(np.sum(~np.isfinite(act_std)) + np.sum(~np.isfinite(grad_std))),
    }


@register
class InitProfileDemo(LiveDemo):
    """Initializer, activation, depth and width against per-layer activation and gradient statistics."""

    name = "nb03.init_profile"
    figsize = (9.6, 3.2)

    @classmethod
    def controls_for(cls, lang: str) -> dict[str, Any]:
        import ipywidgets as w

        return {
            "init_name": w.Dropdown(options=list(DEMO_INITS), value="glorot_uniform",
                                    description=t("initializer", lang), style={"description_width": "initial"}),
            "activation": w.Dropdown(options=list(DEMO_ACTIVATIONS), value="tanh",
                                     description=t("activation", lang), style={"description_width": "initial"}),
            "depth": w.IntSlider(value=10, min=1, max=MAX_DEPTH, step=1, description=t("depth", lang),
                                 continuous_update=True),
            "width": w.Dropdown(options=list(DEMO_WIDTHS), value=128, description=t("width", lang)),
        }

    @staticmethod
    def compute(init_name: str, activation: str, depth: int, width: int) -> dict[str, Any]:
        return init_profile(init_name, activation, depth, width)

    def layout(self) -> dict[str, Any]:
        return {"ncols": 3}

    def build(self, fig: Any, lang: str) -> None:
        ax_std, ax_act, ax_grad = self.axes
        self.line_act, self.line_grad = self.dynamic(*layer_std_panel(
            ax_std, lang, (t("n3_act", lang), t("n3_grad", lang)), max_depth=MAX_DEPTH, limits=STD_LIMITS,
            ylabel=t("n3_title_std", lang)))
        colors = [plt_color(i) for i in range(N_SHOWN)]
        labels = [t("n3_first", lang)] + ["_"] * (N_SHOWN - 2) + [t("n3_last", lang)]
        self.act_stairs, self.grad_stairs = [], []
        for i in range(N_SHOWN):
            self.act_stairs.append(ax_act.stairs(np.zeros(len(ACT_EDGES) - 1), ACT_EDGES, color=colors[i],
                                                 lw=1.3, label=labels[i]))
            self.grad_stairs.append(ax_grad.stairs(np.zeros(len(GRAD_EDGES) - 1), GRAD_EDGES, color=colors[i],
                                                   lw=1.3))
        self.dynamic(*self.act_stairs, *self.grad_stairs)
        for ax, edges, key, xlabel in ((ax_act, ACT_EDGES, "n3_title_act", "activation_value"),
                                       (ax_grad, GRAD_EDGES, "n3_title_grad", "n3_gradient_value")):
            ax.set_xlim(edges[0], edges[-1])
            ax.set_ylim(0, 0.3)  # a spike above 0.3 (everything near 0, or ReLU's zeros) is cut
            ax.set_xlabel(t(xlabel, lang))
            ax.set_ylabel(t("fraction", lang))
            ax.set_title(t(key, lang))
        ax_act.legend(loc="upper right")

    def draw(self, data: dict[str, Any]) -> None:
        self.line_act.set_data(data["layers"], data["act_std"])
        self.line_grad.set_data(data["layers"], data["grad_std"])
        k = len(data["shown"])
        # With fewer than 5 layers the first and last curves stay the first and last layer.
        order = list(range(k - 1)) + [N_SHOWN - 1] if k < N_SHOWN else list(range(N_SHOWN))
        for i in range(N_SHOWN):
            self.act_stairs[i].set_visible(i in order)
            self.grad_stairs[i].set_visible(i in order)
        for j, i in enumerate(order):
            self.act_stairs[i].set_data(data["act_hist"][j])
            self.grad_stairs[i].set_data(data["grad_hist"][j])

    def summary(self, data: dict[str, Any], lang: str) -> list[tuple[str, Any]]:
        return [
            (t("n3_act_std_first", lang), data["act_std"][0]),
            (t("n3_act_std_last", lang), data["act_std"][-1]),
            (t("n3_grad_std_first", lang), data["grad_std"][0]),
            (t("n3_grad_std_last", lang), data["grad_std"][-1]),
        ]


def plt_color(i: int) -> tuple[float, float, float, float]:
    """Colour ``i`` of a light-to-dark ramp (first layer light, last layer dark)."""
    from matplotlib import colormaps

    return colormaps["viridis"](0.85 - 0.8 * i / (N_SHOWN - 1))


def init_profile_demo(lang: str | None = None, **values: Any) -> InitProfileDemo:
    """Build notebook 03's live demo; the notebook cell displays it."""
    return InitProfileDemo(lang=lang, **values)
