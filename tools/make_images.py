"""Render the README gallery: each live demo's figure at its gallery setting, in English and Korean.

    python tools/make_images.py

Writes ``images/{en,ko}/<demo name>.png`` through ``LiveDemo.static`` — the same code the notebooks' static
companion cells run — so the gallery shows exactly what a notebook shows. Deterministic: running it twice gives
the same files. It also rewrites the gallery table in README.md (between the ``gallery`` markers): one row per
notebook with the first figure of that notebook's demos (``nbNN.*``; the overview's is ``overview.*``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    import initedu.demos  # noqa: F401  (registers the demos)
    from initedu.widgets import REGISTRY

    for lang in ("en", "ko"):
        out = ROOT / "images" / lang
        out.mkdir(parents=True, exist_ok=True)
        for name, cls in sorted(REGISTRY.items()):
            path = out / f"{name}.png"
            path.write_bytes(cls.static(lang, **cls.gallery).png)
            print(path.relative_to(ROOT))


def readme_gallery() -> None:
    import re

    from initedu.widgets import REGISTRY

    sys.path.insert(0, str(ROOT / "tools"))
    from navigation import SECTIONS

    rows = ["| notebook | figure |", "|---|---|"]
    for fname, (title, _) in SECTIONS.items():
        number = fname[:2]
        prefix = "overview." if number == "00" else f"nb{number}."
        names = sorted(n for n in REGISTRY if n.startswith(prefix))
        if not names or not (ROOT / "notebooks" / "en" / fname).exists():
            continue
        images = " ".join(f"![{n}](images/en/{n}.png)" for n in names[:1])
        rows.append(f"| [{number} {title}](notebooks/en/{fname}) | {images} |")
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- gallery:start -->\n).*?(\n<!-- gallery:end -->)", lambda m: m.group(1) + "\n".join(rows)
                 + m.group(2), text, flags=re.S)
    readme.write_text(new, encoding="utf-8")
    print("README.md gallery:", len(rows) - 2, "rows")


if __name__ == "__main__":
    main()
    readme_gallery()
    sys.exit(0)
