"""Package-level promises: no import side effects, setup() does what it says, Korean renders, tofu fails."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import initedu
from initedu import i18n

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def restore_globals():
    """setup() changes global state on purpose; put it back after the test."""
    import matplotlib

    rc, opts, lang = dict(matplotlib.rcParams), np.get_printoptions(), i18n.get_lang()
    yield
    matplotlib.rcParams.update(rc)
    np.set_printoptions(**opts)
    i18n.set_lang(lang)


def run_python(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, timeout=120)


def test_import_changes_no_global_state():
    code = """
        import json, warnings
        import numpy as np, matplotlib
        rc = dict(matplotlib.rcParams); opts = np.get_printoptions(); state = np.random.get_state()[1].copy()
        filters = list(warnings.filters)
        fonts = len(matplotlib.font_manager.fontManager.ttflist)
        import initedu, initedu.init, initedu.widgets, initedu.demos, initedu.exercises, initedu.plotting
        for name in ("nn", "losses", "optim", "stats", "data"):
            try:
                getattr(initedu, name)
            except ModuleNotFoundError:
                pass
        changed = [k for k in rc if matplotlib.rcParams[k] != rc[k]]
        assert not changed, changed
        assert np.get_printoptions() == opts
        assert (np.random.get_state()[1] == state).all()
        assert list(warnings.filters) == filters
        assert len(matplotlib.font_manager.fontManager.ttflist) == fonts
        import matplotlib.pyplot as plt
        assert plt.get_fignums() == []
        print("clean")
    """
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_setup_applies_settings_and_returns_seeded_rng():
    code = """
        import numpy as np, matplotlib
        import initedu
        rng = initedu.setup(lang="ko", seed=3)
        assert isinstance(rng, np.random.Generator)
        assert rng.random() == np.random.default_rng(3).random()
        fam = matplotlib.rcParams["font.family"]
        assert fam[0] == "DejaVu Sans" and "Noto Sans KR" in fam, fam
        assert np.get_printoptions()["precision"] == 4
        assert initedu.i18n.get_lang() == "ko"
        print("ok")
    """
    result = run_python(code)
    assert result.returncode == 0, result.stderr


def test_setup_validates(restore_globals):
    with pytest.raises(ValueError, match="lang.*'fr'"):
        initedu.setup(lang="fr")
    with pytest.raises(ValueError, match="seed"):
        initedu.setup(lang="en", seed=-1)


def test_missing_glyph_is_an_error_in_kernels():
    """The environment the notebook kernels inherit turns a tofu warning into an error..."""
    assert "error:Glyph:UserWarning" in os.environ["PYTHONWARNINGS"]
    tofu = """
        import io, matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(); ax.set_title("층별 활성화"); fig.savefig(io.BytesIO())
    """
    result = run_python(tofu, env=dict(os.environ))
    assert result.returncode != 0 and "Glyph" in result.stderr
    # ...while the project's font settings render the same title without any warning.
    fine = """
        import io, matplotlib
        matplotlib.use("Agg")
        import initedu
        initedu.setup(lang="ko")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(); ax.set_title("층별 활성화 −1"); fig.savefig(io.BytesIO())
    """
    result = run_python(fine, env=dict(os.environ))
    assert result.returncode == 0, result.stderr


def test_string_table_complete_and_korean():
    for key, texts in i18n.STRINGS.items():
        assert set(texts) == {"en", "ko"}, key
        assert texts["en"].strip() and texts["ko"].strip(), key
        fields_en = sorted(re.findall(r"\{(\w+)\}", texts["en"]))
        assert fields_en == sorted(re.findall(r"\{(\w+)\}", texts["ko"])), f"{key}: format fields differ"
        if HANGUL.search(texts["en"]):
            pytest.fail(f"{key}: English text contains Hangul")
        if re.search(r"[A-Za-z]{3,}", texts["en"]) and not HANGUL.search(texts["ko"]):
            # words must be translated (symbols like "σ" or "tanh" alone may stay)
            assert texts["ko"] == texts["en"] and len(texts["en"].split()) == 1, f"{key}: Korean text missing"


def test_t_validates():
    assert initedu.t("layer", "ko") == "층"
    with pytest.raises(KeyError, match="no_such_key"):
        initedu.t("no_such_key")
    with pytest.raises(ValueError, match="lang"):
        initedu.t("layer", "de")
    with pytest.raises(ValueError, match="already defined"):
        i18n.register({"layer": {"en": "tier", "ko": "층"}})
    with pytest.raises(ValueError, match="missing languages"):
        i18n.register({"only_en_key": {"en": "x"}})


def test_setup_rng_is_independent_of_global_seed(restore_globals):
    np.random.seed(123)  # noqa: NPY002 (the legacy global seed must not matter)
    a = initedu.setup(lang="en", seed=5).standard_normal(3)
    np.random.seed(456)  # noqa: NPY002
    b = initedu.setup(lang="en", seed=5).standard_normal(3)
    np.testing.assert_array_equal(a, b)
