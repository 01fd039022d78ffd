"""Self-check for the exercises at the end of each notebook.

Each exercise has a key (``"00.1"``: notebook 00, exercise 1), a function that *recomputes* the right answer
(the answers are never written in the notebooks), a tolerance and a hint in both languages. In a notebook::

    answer = None  # your answer
    initedu.check("00.1", answer)

prints, in the notebook's language, whether the answer is right, or a hint.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .i18n import get_lang, t

__all__ = ["EXERCISES", "Exercise", "check", "evaluate", "register"]


@dataclass(frozen=True)
class Exercise:
    """One self-checked exercise: ``solve()`` recomputes the answer; ``rtol``/``atol`` say how close is right."""

    key: str
    solve: Callable[[], float]
    hint: dict[str, str]
    rtol: float = 0.02
    atol: float = 0.0


EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add an exercise (keys are unique; the hint needs both languages)."""
    if exercise.key in EXERCISES:
        raise ValueError(f"exercise key {exercise.key!r} is already registered")
    missing = {"en", "ko"} - set(exercise.hint)
    if missing:
        raise ValueError(f"exercise {exercise.key!r} hint is missing languages {sorted(missing)}")
    EXERCISES[exercise.key] = exercise
    return exercise


def evaluate(key: str, answer: Any, lang: str | None = None) -> tuple[bool, str]:
    """Return ``(correct, message)`` for ``answer`` to exercise ``key``, the message in ``lang``."""
    _load_all()
    if key not in EXERCISES:
        raise ValueError(f"key must be one of {sorted(EXERCISES)}, got {key!r}")
    lang = get_lang(lang)
    ex = EXERCISES[key]
    if answer is None:
        return False, t("check_missing", lang)
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        return False, t("check_type", lang, got=repr(answer))
    expected = float(ex.solve())
    if math.isclose(float(answer), expected, rel_tol=ex.rtol, abs_tol=ex.atol):
        return True, t("check_correct", lang, detail="")
    return False, t("check_wrong", lang, hint=ex.hint[lang])


def check(key: str, answer: Any, lang: str | None = None) -> None:
    """Print whether ``answer`` to exercise ``key`` is right, in the notebook's language (or a hint)."""
    print(evaluate(key, answer, lang)[1].rstrip())


def _load_all() -> None:
    """Import the modules that define exercises (they register on import)."""
    from .exercise_defs import load_all

    load_all()
