"""User-facing strings in English and Korean, chosen by the notebook's language.

One table holds every plot title, axis label, widget label and checker message, so the two languages cannot
drift apart silently: a test checks that every key has both languages and that the Korean text is Korean.
Notebook-specific modules add their own keys with :func:`register`.
"""

from __future__ import annotations

from ._validate import check_choice

LANGS = ("en", "ko")

_state = {"lang": "en"}

STRINGS: dict[str, dict[str, str]] = {
    # generic axis labels and words
    "layer": {"en": "layer", "ko": "층"},
    "activation_std": {"en": "activation std", "ko": "활성화 표준편차"},
    "activation_value": {"en": "activation value", "ko": "활성화 값"},
    "gradient_std": {"en": "gradient std", "ko": "그레이디언트 표준편차"},
    "count": {"en": "count", "ko": "개수"},
    "density": {"en": "density", "ko": "밀도"},
    "fraction": {"en": "fraction", "ko": "비율"},
    "step": {"en": "step", "ko": "스텝"},
    "loss": {"en": "loss", "ko": "손실"},
    "depth": {"en": "depth", "ko": "깊이"},
    "width": {"en": "width", "ko": "너비"},
    "activation": {"en": "activation", "ko": "활성화 함수"},
    "initializer": {"en": "initializer", "ko": "초기화 방법"},
    "weight_scale": {"en": "weight scale σ", "ko": "가중치 스케일 σ"},
    "overflow_at": {"en": "overflow at layer {layer}", "ko": "{layer}번째 층에서 오버플로"},
    # exercise checker
    "check_correct": {"en": "Correct! {detail}", "ko": "정답입니다! {detail}"},
    "check_wrong": {"en": "Not yet. Hint: {hint}", "ko": "아직 아닙니다. 힌트: {hint}"},
    "check_missing": {
        "en": "No answer yet: replace None with your answer and run the cell again.",
        "ko": "아직 답이 없습니다. None 자리에 답을 넣고 셀을 다시 실행하세요.",
    },
    "check_type": {
        "en": "Your answer should be a number, got {got}.",
        "ko": "답은 숫자여야 합니다. 지금 값: {got}",
    },
}


def register(strings: dict[str, dict[str, str]]) -> None:
    """Add keys to the table; each needs an ``en`` and a ``ko`` text. A key may not be defined twice."""
    for key, texts in strings.items():
        if key in STRINGS and STRINGS[key] != texts:
            raise ValueError(f"string key {key!r} is already defined with other texts")
        missing = [lang for lang in LANGS if lang not in texts]
        if missing:
            raise ValueError(f"string key {key!r} is missing languages {missing}")
        STRINGS[key] = dict(texts)


def set_lang(lang: str) -> None:
    """Set the language used when a function is called with ``lang=None`` (``initedu.setup`` calls this)."""
    _state["lang"] = check_choice(lang, "lang", LANGS)


def get_lang(lang: str | None = None) -> str:
    """Return ``lang`` if given (validated), else the language chosen by the last ``setup``/``set_lang``."""
    if lang is None:
        return _state["lang"]
    return check_choice(lang, "lang", LANGS)


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The text of ``key`` in ``lang`` (default: the current language), formatted with ``fields``."""
    if key not in STRINGS:
        raise KeyError(f"no string {key!r} in the table; known keys start with {sorted(STRINGS)[:5]}...")
    text = STRINGS[key][get_lang(lang)]
    return text.format(**fields) if fields else text
