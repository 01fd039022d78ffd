"""Slider benchmark: drive every registered live demo through its controls and time each update.

    python tools/bench_widgets.py [--moves 40] [--lang en] [--stress 1000]

An update is what a browser message causes: set a control's ``value`` -> observer -> compute -> in-place
redraw -> PNG into the Image widget. For each demo it prints the median and 95th percentile over the moves,
how many updates needed a full (non-blitted) redraw, and the same moves done the naive way (a new figure built,
laid out and drawn for every move, as ``interact`` does) with the speed-up ratio.
Targets: median <= 50 ms, p95 <= 100 ms, >= 3x faster than naive.
``--stress N`` then makes N updates per demo and reports open pyplot figures before/after and the growth of
the resident memory (target < 20 MB).
"""

from __future__ import annotations

import argparse
import gc
import os
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


def moves_for(demo, moves: int) -> list[tuple[str, object]]:
    """The sequence of (control, value) moves: each control swept in turn, skipping no-op moves."""
    out, current = [], dict(demo.params())
    for key, control in demo.controls.items():
        for value in control_values(control, moves):
            if value != current[key]:
                out.append((key, value))
                current[key] = value
    return out


def bench(cls, lang: str, moves: int) -> dict:
    demo = cls(lang=lang)
    _ = demo.widget  # build the ipywidgets box, as in a notebook
    plan = moves_for(demo, moves)
    times = []
    redraws_before = demo.full_redraws
    for key, value in plan:
        start = time.perf_counter()
        demo.controls[key].value = value
        times.append(time.perf_counter() - start)
    # The naive way, on the same moves: a new demo (new figure, layout, full draw, PNG) per move.
    naive, params = [], cls(lang=lang).params()
    for key, value in plan[: max(len(plan) // 4, 5)]:
        params[key] = value
        start = time.perf_counter()
        cls(lang=lang, **params)
        naive.append(time.perf_counter() - start)
    ms, naive_ms = np.array(times) * 1000, np.array(naive) * 1000
    return {
        "demo": cls.name,
        "updates": len(ms),
        "median_ms": float(np.median(ms)),
        "p95_ms": float(np.percentile(ms, 95)),
        "full_redraws": demo.full_redraws - redraws_before,
        "naive_median_ms": float(np.median(naive_ms)),
        "speedup": float(np.median(naive_ms) / np.median(ms)),
    }


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def stress(cls, lang: str, updates: int) -> dict:
    import matplotlib.pyplot as plt

    demo = cls(lang=lang)
    _ = demo.widget
    plan = moves_for(demo, 40) or [(next(iter(demo.controls)), demo.params()[next(iter(demo.controls))])]
    figs_before = len(plt.get_fignums())
    for key, value in plan[:20]:  # warm-up: caches filled, allocator settled
        demo.controls[key].value = value
    gc.collect()
    rss_before = rss_mb()
    for i in range(updates):
        key, value = plan[i % len(plan)]
        demo.controls[key].value = value
    gc.collect()
    return {"figures": (figs_before, len(plt.get_fignums())), "rss_growth_mb": rss_mb() - rss_before}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="values per control (default 40)")
    parser.add_argument("--lang", default="en", choices=["en", "ko"])
    parser.add_argument("--stress", type=int, default=0, help="updates per demo for the leak check (e.g. 1000)")
    args = parser.parse_args()

    import initedu.demos  # noqa: F401  (registers the demos)
    from initedu.widgets import REGISTRY

    print(f"{'demo':34s} {'updates':>7s} {'median ms':>9s} {'p95 ms':>7s} {'full redraws':>12s} "
          f"{'naive ms':>9s} {'speed-up':>8s}  target")
    for name in sorted(REGISTRY):
        r = bench(REGISTRY[name], args.lang, args.moves)
        ok = r["median_ms"] <= 50 and r["p95_ms"] <= 100 and r["speedup"] >= 3
        print(f"{r['demo']:34s} {r['updates']:7d} {r['median_ms']:9.1f} {r['p95_ms']:7.1f} {r['full_redraws']:12d} "
              f"{r['naive_median_ms']:9.1f} {r['speedup']:7.1f}x  {'ok' if ok else 'MISSED'}")
    if args.stress:
        print(f"\nstress: {args.stress} updates per demo")
        for name in sorted(REGISTRY):
            r = stress(REGISTRY[name], args.lang, args.stress)
            ok = r["figures"][0] == r["figures"][1] and r["rss_growth_mb"] < 20
            print(f"{name:34s} open figures {r['figures'][0]} -> {r['figures'][1]}, "
                  f"resident memory +{r['rss_growth_mb']:.1f} MB  {'ok' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
