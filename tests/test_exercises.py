"""Exercise checkers: the recomputed answer passes, wrong answers get a hint, in both languages."""

from __future__ import annotations

import pytest

from initedu import exercises
from initedu.exercises import EXERCISES, evaluate

exercises._load_all()


@pytest.mark.parametrize("key", sorted(EXERCISES))
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_right_and_wrong_answers(key, lang):
    right = EXERCISES[key].solve()
    ok, msg = evaluate(key, right, lang)
    assert ok, msg
    for wrong in (right * 2 + 1, -right - 1, right * 0.5 if right else 1.0):
        ok, msg = evaluate(key, wrong, lang)
        assert not ok
        assert EXERCISES[key].hint[lang] in msg


def test_messages_follow_language():
    assert "정답" in evaluate("00.3", 2 ** 0.5, "ko")[1]
    assert "Correct" in evaluate("00.3", 2 ** 0.5, "en")[1]
    assert "None" in evaluate("00.3", None, "ko")[1]
    assert not evaluate("00.3", "1.41", "en")[0]


def test_unknown_key():
    with pytest.raises(ValueError, match="key.*'99.9'"):
        evaluate("99.9", 1.0)


def test_known_answers():
    assert EXERCISES["00.1"].solve() == pytest.approx(1 / 768)
    assert EXERCISES["00.2"].solve() == pytest.approx((1 / 2 ** 0.5) ** 10, rel=0.25)
