"""The live-demo layer: pure compute, in-place updates driven from Python, no figure leaks, validation."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # this test process only; the notebook kernels keep the inline backend

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import initedu.demos  # noqa: E402,F401
from initedu.demos.overview import DepthScaleDemo, depth_scale_stats  # noqa: E402
from initedu.widgets import REGISTRY, LiveDemo, format_value, register  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name", sorted(REGISTRY))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_demo_drives_from_python(name, lang):
    cls = REGISTRY[name]
    demo = cls(lang=lang)
    box = demo.widget
    assert demo.widget is box, "the widget box is built once"
    first_png, figure = demo.png, demo.fig
    assert first_png.startswith(PNG_MAGIC)
    key, control = next(iter(demo.controls.items()))
    options = getattr(control, "options", None)
    if options:
        opts = [o[1] if isinstance(o, tuple) else o for o in options]
        new = next(o for o in opts if o != control.value)
    elif isinstance(control.value, bool):
        new = not control.value
    else:
        new = control.max if control.value != control.max else control.min
    before = demo.updates
    control.value = new  # what a browser message does
    assert demo.updates == before + 1
    assert demo.fig is figure, "no new figure per move"
    assert demo._image.value == demo.png and demo.png != first_png, "the displayed image changed"
    assert demo.summary_lines(), "the readout shows key numbers"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_no_figure_leak(name):
    demo = REGISTRY[name](lang="en")
    before = plt.get_fignums()
    key, control = next(iter(demo.controls.items()))
    values = [o[1] if isinstance(o, tuple) else o for o in control.options] if getattr(control, "options", None) \
        else [control.min, control.max]
    for i in range(60):
        control.value = values[i % len(values)]
    assert plt.get_fignums() == before
    assert len(demo.fig.axes) == len(REGISTRY[name](lang="en").fig.axes)


def test_depth_scale_drawn_data_is_computed_data():
    demo = DepthScaleDemo(lang="en")
    data = demo.set(sigma=1.3, depth=17)
    expected = depth_scale_stats(1.3, 17)
    np.testing.assert_array_equal(demo.line_tanh.get_ydata(), expected["std_tanh"])
    np.testing.assert_array_equal(demo.line_relu.get_ydata(), expected["std_relu"])
    np.testing.assert_array_equal(demo.line_tanh.get_xdata(), np.arange(1, 18))
    assert data["std_tanh"].shape == (17,)


def test_depth_scale_physics():
    # ReLU with Var(W) = σ²/n: E[h²] scales by σ²/2 per layer, so the std by σ/√2 (He et al. 2015).
    for sigma in (1.0, np.sqrt(2), 2.0):
        s = depth_scale_stats(sigma, 30)["std_relu"]
        per_layer = (s[-1] / s[0]) ** (1 / 29)
        assert per_layer == pytest.approx(sigma / np.sqrt(2), rel=0.03)
    # tanh with small σ vanishes; with σ=1 it decays slowly; with large σ it saturates
    assert depth_scale_stats(0.5, 30)["std_tanh"][-1] < 1e-6
    assert depth_scale_stats(3.0, 30)["saturated"] > 0.3
    assert depth_scale_stats(1.0, 30)["saturated"] < 0.01


def test_compute_is_pure_and_deterministic():
    a, b = depth_scale_stats(1.1, 12), depth_scale_stats(1.1, 12)
    np.testing.assert_array_equal(a["std_tanh"], b["std_tanh"])
    assert not np.array_equal(depth_scale_stats(1.1, 12, seed=1)["std_tanh"], a["std_tanh"])


def test_blitting_gives_the_same_picture_as_a_full_redraw():
    demo = DepthScaleDemo(lang="en")
    demo.set(sigma=1.7, depth=25)
    fast = demo.png
    assert demo.full_redraws == 1, "limits are fixed, so updates blit"
    demo.invalidate()
    demo.refresh()
    assert demo.full_redraws == 2
    assert demo.png == fast


def test_snapshot_prints_key_numbers(capsys):
    demo = DepthScaleDemo(lang="ko")
    demo.snapshot(sigma=1.0, depth=10)
    out = capsys.readouterr().out
    assert "[sigma=1.0000, depth=10]" in out
    assert "마지막 층 표준편차 (tanh)" in out
    assert demo.params() == {"sigma": 1.0, "depth": 10}


def test_validation():
    with pytest.raises(ValueError, match="unknown control.*'width'"):
        DepthScaleDemo(lang="en", width=3)
    with pytest.raises(ValueError, match="lang"):
        DepthScaleDemo(lang="jp")
    with pytest.raises(ValueError, match="depth must be <= 50"):
        depth_scale_stats(1.0, 51)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        depth_scale_stats(0.0, 5)
    with pytest.raises(TypeError, match="name"):
        register(type("Nameless", (LiveDemo,), {}))


def test_format_value():
    assert format_value(0.123456) == "0.1235"
    assert format_value(1.5e-7) == "1.500e-07"
    assert format_value(12) == "12"
    assert format_value(float("nan")) == "nan"
