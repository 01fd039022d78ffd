"""Render the README gallery: each live demo's figure at its gallery setting, in English and Korean.

    python tools/make_images.py

Writes ``images/{en,ko}/<demo name>.png`` through ``LiveDemo.static`` — the same code the notebooks' static
companion cells run — so the gallery shows exactly what a notebook shows. Deterministic: running it twice gives
the same files.
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


if __name__ == "__main__":
    main()
    sys.exit(0)
