"""Re-execute notebooks in place, deterministically: the maintainers' command.

    python tools/run_notebooks.py                  # every notebook under notebooks/
    python tools/run_notebooks.py notebooks/ko/00_overview.ipynb

Each notebook runs top to bottom on a clean kernel of this environment, from its own folder, with the same
warning filters as the tests (a missing Korean glyph is an error). Afterwards the notebook is cleaned so that
re-running gives the same file: execution timing metadata removed, no stored widget state, live-widget
outputs dropped (they cannot render without a kernel; each has a static companion cell), execution counts
renumbered from 1. It also sets the slide metadata for lecture mode (``jupyter nbconvert --to slides``): the title
and every ``#``/``##`` section start a slide, the setup cell and live-widget cells are skipped (a deck has no
kernel), each static companion figure is a sub-slide, everything else continues the current slide.
It stops with an error if any cell fails or writes to stderr. Prints the Run-All time.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from conftest import KERNEL_WARNING_FILTERS  # noqa: E402

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def slide_type(cells: list, i: int) -> str:
    """Lecture-mode role of cell ``i`` (see the module docstring)."""
    cell = cells[i]
    live = "nbval-ignore-output" in cell.metadata.get("tags", [])
    if i == 0 or (cell.cell_type == "markdown" and re.match(r"#{1,2} ", cell.source)):
        return "slide"
    if cell.cell_type == "code" and (live or i == next(j for j, c in enumerate(cells) if c.cell_type == "code")):
        return "skip"
    if i > 0 and "nbval-ignore-output" in cells[i - 1].metadata.get("tags", []):
        return "subslide"
    return "-"


def clean(nb: nbformat.NotebookNode) -> list[str]:
    """Strip volatile metadata and widget outputs; return a list of problems (stderr, errors)."""
    problems = []
    nb.metadata.pop("widgets", None)
    count = 0
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        cell.metadata["slideshow"] = {"slide_type": slide_type(nb.cells, i)}
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        kept = []
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr: {out.text[:300]}")
            if out.output_type in ("display_data", "execute_result") and WIDGET_MIME in out.get("data", {}):
                continue
            if out.output_type == "execute_result":
                out.execution_count = count
            kept.append(out)
        cell.outputs = kept
    return problems


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    env_filters = os.environ.get("PYTHONWARNINGS", "")
    if KERNEL_WARNING_FILTERS not in env_filters:
        os.environ["PYTHONWARNINGS"] = ",".join(f for f in (env_filters, KERNEL_WARNING_FILTERS) if f)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    problems = clean(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    if problems:
        raise SystemExit(f"{path}:\n  " + "\n  ".join(problems))
    return elapsed


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*/*.ipynb"))
    for path in paths:
        elapsed = run(path)
        print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: Run All {elapsed:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
