"""Rewrite the navigation cell of every notebook and the overview's section map from one table of titles.

    python tools/navigation.py

Only markdown changes (no outputs), so no re-execution is needed. A notebook that does not exist yet is named in
plain text, never linked. Run it whenever a notebook is added or renamed.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

#: file -> (English title, Korean title). The single source of the section titles.
SECTIONS = {
    "00_overview.ipynb": ("Overview", "개요"),
    "01_symmetry_breaking.ipynb": ("Symmetry breaking", "대칭성 깨기"),
    "02_scale.ipynb": ("Scale of the initial weights", "초기 가중치의 크기"),
    "03_normalized_init.ipynb": ("Normalized (Glorot) initialization", "정규화 초기화"),
    "04_orthogonal_gain.ipynb": ("Orthogonal matrices with a gain", "이득을 곱한 직교 행렬"),
    "05_sparse_init.ipynb": ("Sparse initialization and the scale", "희소 초기화와 스케일"),
    "06_biases.ipynb": ("Biases", "편향"),
    "07_variance_params.ipynb": ("Variance and precision parameters", "분산과 정밀도 파라미터"),
    "08_pretraining_transfer.ipynb": ("Initializing from pretraining", "사전 학습으로 초기화하기"),
}
NAV_MARK = "---\n"
MAP_HEADINGS = ("## Map of the sections", "## 절별 안내")
LATER = {"en": "in preparation", "ko": "준비 중"}


def title(fname: str, lang: str) -> str:
    en, ko = SECTIONS[fname]
    number = fname[:2]
    return f"{number} — {en if lang == 'en' else ko}"


def link(fname: str, lang: str, text: str) -> str:
    if (ROOT / "notebooks" / lang / fname).exists():
        return f"[{text}]({fname})"
    return f"{text} ({LATER[lang]})"


def navigation(fname: str, lang: str) -> str:
    names = list(SECTIONS)
    i = names.index(fname)
    parts = [f"**{SECTIONS[fname][0 if lang == 'en' else 1]}**" if i == 0 else
             link(names[0], lang, SECTIONS[names[0]][0 if lang == "en" else 1])]
    if i > 1:
        parts.append(link(names[i - 1], lang, "← " + title(names[i - 1], lang)))
    if i + 1 < len(names):
        parts.append(link(names[i + 1], lang, title(names[i + 1], lang) + " →"))
    return NAV_MARK + " · ".join(parts)


def section_map(lang: str, heading: str) -> str:
    header = "| # | Notebook |" if lang == "en" else "| # | 노트북 |"
    rows = [f"| {f[:2]} | {link(f, lang, SECTIONS[f][0 if lang == 'en' else 1])} |" for f in list(SECTIONS)[1:]]
    return "\n".join([heading, "", header, "|---|---|", *rows])


def main() -> None:
    for lang in ("en", "ko"):
        for path in sorted((ROOT / "notebooks" / lang).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            last = nb.cells[-1]
            if last.cell_type != "markdown" or not last.source.startswith(NAV_MARK):
                raise SystemExit(f"{path}: the last cell must be the navigation cell starting with '---'")
            last.source = navigation(path.name, lang)
            for cell in nb.cells:
                for heading in MAP_HEADINGS:
                    if cell.cell_type == "markdown" and cell.source.startswith(heading):
                        cell.source = section_map(lang, heading)
            nbformat.write(nb, path)
            print(path.relative_to(ROOT), "|", re.sub(r"\s+", " ", last.source)[:120])


if __name__ == "__main__":
    main()
