"""What people see without a kernel: README gallery images, lecture slides, valid notebooks for GitHub."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

import initedu.demos  # noqa: F401
from initedu.widgets import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))
IDS = [f"{p.parent.name}/{p.name}" for p in NOTEBOOKS]


def test_readme_references_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'<img [^>]*src="([^"]+)"', text)
    local = [t for t in targets if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    assert any(t.startswith("images/") for t in local), "the README shows the gallery"
    for target in local:
        assert (ROOT / target.split("#")[0]).exists(), f"README links to missing {target}"


@pytest.mark.parametrize("name", sorted(REGISTRY))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_gallery_image_for_every_demo(name, lang):
    path = ROOT / "images" / lang / f"{name}.png"
    assert path.exists(), f"run: python tools/make_images.py (missing {path.relative_to(ROOT)})"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_renders_without_kernel(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata, "stored widget state breaks GitHub rendering"
    assert path.stat().st_size < 1.5 * 2**20, "keep notebooks under 1.5 MB"
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.outputs:
                assert "application/vnd.jupyter.widget-view+json" not in out.get("data", {}), \
                    "live-widget outputs are stripped by tools/run_notebooks.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_slides(path):
    from nbconvert import SlidesExporter

    nb = nbformat.read(path, as_version=4)
    kinds = [c.metadata.get("slideshow", {}).get("slide_type") for c in nb.cells]
    assert None not in kinds, "every cell has slide metadata (tools/run_notebooks.py sets it)"
    assert kinds[0] == "slide"
    for i, cell in enumerate(nb.cells):
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            assert kinds[i] == "skip" and kinds[i + 1] == "subslide", "live demo skipped, static figure shown"
    summary = [i for i, c in enumerate(nb.cells)
               if c.cell_type == "markdown" and re.match(r"## (Summary|요약)", c.source)]
    assert summary and kinds[summary[0]] == "slide", "the summary is a slide"
    html, _ = SlidesExporter().from_notebook_node(nb)
    assert html.count("<section") >= kinds.count("slide")


def test_notebooks_are_json_without_trailing_semicolon_tricks():
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"]).rstrip()
                assert not src.endswith(";"), f"{path.name}: a trailing ';' hides output (nbval ignores it)"
