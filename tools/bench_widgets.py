"""Slider benchmark: drive every registered live demo through its controls and time each update.

    python tools/bench_widgets.py [--moves 40] [--lang en]

An update is what a browser message causes: set a control's ``value`` -> observer -> compute -> in-place
redraw -> PNG into the Image widget. For each demo it prints the median and 95th percentile over the moves,
and how many of the updates needed a full (non-blitted) redraw. Target: median <= 50 ms, p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import time

import numpy as np


def control_values(control, moves: int) -> list:
    """A sweep of values for one control: a slider's range there and back, a dropdown's options, a toggle."""
    if hasattr(control, "options") and control.options:
        opts = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [opts[i % len(opts)] for i in range(1, moves + 1)]
    if isinstance(control.value, bool):
        return [bool(i % 2 == 0) for i in range(1, moves + 1)]
    lo, hi = control.min, control.max
    sweep = np.linspace(lo, hi, max(moves // 2, 2))
    values = np.concatenate([sweep, sweep[::-1]])[:moves]
    if isinstance(control.value, int):
        return [int(round(v)) for v in values]
    return [float(v) for v in values]


def bench(cls, lang: str, moves: int) -> dict:
    demo = cls(lang=lang)
    _ = demo.widget  # build the ipywidgets box, as in a notebook
    times = []
    redraws_before = demo.full_redraws
    for control in demo.controls.values():
        for value in control_values(control, moves):
            if value == control.value:
                continue
            start = time.perf_counter()
            control.value = value
            times.append(time.perf_counter() - start)
    ms = np.array(times) * 1000
    return {
        "demo": cls.name,
        "updates": len(ms),
        "median_ms": float(np.median(ms)),
        "p95_ms": float(np.percentile(ms, 95)),
        "full_redraws": demo.full_redraws - redraws_before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="values per control (default 40)")
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    args = parser.parse_args()

    import initedu.demos  # noqa: F401  (registers the demos)
    from initedu.widgets import REGISTRY

    print(f"{'demo':40s} {'updates':>7s} {'median ms':>10s} {'p95 ms':>8s} {'full redraws':>13s}  target")
    for name in sorted(REGISTRY):
        r = bench(REGISTRY[name], args.lang, args.moves)
        ok = r["median_ms"] <= 50 and r["p95_ms"] <= 100
        print(f"{r['demo']:40s} {r['updates']:7d} {r['median_ms']:10.1f} {r['p95_ms']:8.1f} "
              f"{r['full_redraws']:13d}  {'ok' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
