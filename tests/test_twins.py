"""English/Korean notebook twins: same cells, same code, same numbers; natural Korean with the glossary's terms.

Covers every notebook pair that exists, without edits when new ones are added.
"""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"
EN = sorted(p.name for p in (NB / "en").glob("*.ipynb"))
KO = sorted(p.name for p in (NB / "ko").glob("*.ipynb"))
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")


def load(lang: str, name: str) -> dict:
    return json.loads((NB / lang / name).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def code_skeleton(src: str) -> list[str]:
    """Tokens of a code cell with comments removed and every string literal replaced by a placeholder."""
    out = []
    tokens = tokenize.generate_tokens(io.StringIO(src).readline)
    depth = 0
    for tok in tokens:
        kind = tok.type
        if kind in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                    tokenize.ENDMARKER):
            continue
        fstart = getattr(tokenize, "FSTRING_START", None)
        fend = getattr(tokenize, "FSTRING_END", None)
        if fstart is not None and kind == fstart:
            depth += 1
            continue
        if fend is not None and kind == fend:
            depth -= 1
            if depth == 0:
                out.append("<STR>")
            continue
        if depth:
            continue
        out.append("<STR>" if kind == tokenize.STRING else tok.string)
    return out


def markdown_text(cell: dict) -> str:
    """Prose of a markdown cell: without math, inline code, link targets, HTML tags."""
    text = source(cell)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def output_numbers(cell: dict) -> list[str]:
    nums = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            text = out["text"] if isinstance(out["text"], str) else "".join(out["text"])
        elif "text/plain" in out.get("data", {}):
            t = out["data"]["text/plain"]
            text = t if isinstance(t, str) else "".join(t)
        else:
            continue
        nums += NUMBER.findall(text)
    return nums


def glossary() -> list[tuple[str, str, list[str]]]:
    rows = []
    for line in (NB / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and HANGUL.search(cells[1]) and not cells[1].startswith("한국어"):
            avoid = [a.strip() for a in cells[2].split(",") if a.strip()]
            rows.append((cells[0], cells[1], avoid))
    return rows


def test_every_notebook_has_a_twin():
    assert EN, "no English notebooks found"
    assert EN == KO


def test_glossary_is_read():
    rows = glossary()
    assert len(rows) >= 20
    terms = {en: ko for en, ko, _ in rows}
    assert terms["gradient"] == "그레이디언트" and terms["layer"] == "층" and terms["weight"] == "가중치"
    kos = [ko for _, ko, _ in rows]
    assert len(kos) == len(set(kos)), "one Korean word per concept"


@pytest.mark.parametrize("name", EN)
def test_same_cells_same_code(name):
    en, ko = load("en", name), load("ko", name)
    assert [c["cell_type"] for c in en["cells"]] == [c["cell_type"] for c in ko["cells"]]
    for i, (a, b) in enumerate(zip(en["cells"], ko["cells"], strict=True)):
        assert a.get("metadata", {}).get("tags", []) == b.get("metadata", {}).get("tags", []), f"cell {i} tags"
        if a["cell_type"] == "code":
            assert code_skeleton(source(a)) == code_skeleton(source(b)), f"cell {i}: code differs beyond strings"


@pytest.mark.parametrize("name", EN)
def test_same_numbers_printed(name):
    """Identical code must print identical numbers in both languages (labels aside)."""
    en, ko = load("en", name), load("ko", name)
    for i, (a, b) in enumerate(zip(en["cells"], ko["cells"], strict=True)):
        if a["cell_type"] == "code" and "nbval-ignore-output" not in a.get("metadata", {}).get("tags", []):
            assert output_numbers(a) == output_numbers(b), f"cell {i}: printed numbers differ"


@pytest.mark.parametrize("name", KO)
def test_korean_markdown_is_korean(name):
    for i, cell in enumerate(load("ko", name)["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = markdown_text(cell)
        hangul, latin = len(HANGUL.findall(text)), len(LATIN.findall(text))
        if hangul + latin == 0:
            continue
        assert hangul >= 0.5 * latin and hangul > 0, f"cell {i} does not read as Korean: {text[:120]!r}"


@pytest.mark.parametrize("name", KO)
def test_glossary_terms(name):
    nb = load("ko", name)
    # Prose only: the navigation cell and the section map name other notebooks (titles from
    # tools/navigation.py), and a link's label is such a name too.
    prose = "\n".join(
        markdown_text({"source": re.sub(r"\[[^\]]*\]\([^)]*\)", " ", source(c))})
        for c in nb["cells"]
        if c["cell_type"] == "markdown" and not source(c).startswith(("---", "## 절별 안내"))
    )
    everything = "\n".join(source(c) for c in nb["cells"])
    for english, korean, avoid in glossary():
        for bad in avoid:
            assert bad not in everything, f"{name}: use {korean!r} ({english}), not {bad!r}"
        if len(korean) < 2:
            continue
        match = re.search(rf"(?<![\uac00-\ud7a3]){re.escape(korean)}", prose)
        if match:
            after = prose[match.end():match.end() + len(english) + 3]
            found = prose[match.start():match.end() + 20]
            stem = english if len(english) <= 5 else english[:5]  # "normalized" counts for "normalization"
            assert re.match(rf"\s?\({re.escape(stem)}", after, flags=re.I), (
                f"{name}: first use of {korean!r} should read {korean}({english}), found {found!r}"
            )


def test_skeleton_ignores_strings_and_comments_only():
    a = 'x = f("hello", n=3)  # comment\nprint(f"{x:.4f} done")'
    b = 'x = f("안녕", n=3)  # 주석\nprint(f"{x:.4f} 완료")'
    c = 'x = f("hello", n=4)\nprint(f"{x:.4f} done")'
    assert code_skeleton(a) == code_skeleton(b)
    assert code_skeleton(a) != code_skeleton(c)


ALL_NOTEBOOKS = sorted((NB / "en").glob("*.ipynb")) + sorted((NB / "ko").glob("*.ipynb"))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_relative_links_exist(path):
    """Every link or image a notebook points to in the repository exists (navigation, section map, images)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", source(cell)):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: broken link {target}"
