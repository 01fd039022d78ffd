"""Every notebook, in both languages, in a real JupyterLab driven by headless Chromium.

For each notebook: open it with ``?reset``, clear the stored outputs, Run All, wait until every code cell has run
and the kernel is idle; assert no error and no stderr output appeared and that every live widget rendered; for
each live widget press a key on its first control and assert the displayed image changed (recording the time from
the key press to the new image for the first widget of each notebook); save a screenshot.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import LATENCIES, ROOT, SCREENSHOTS

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*/*.ipynb"))

ALL_PROMPTS_NUMBERED = """() => {
    const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
}"""
NO_PROMPT_NUMBERED = """() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
    .every(p => !/\\d/.test(p.textContent))"""
WATCH_IMAGE = """(img) => {
    window.__keyAt = null; window.__imageAt = null;
    const observer = new MutationObserver(() => {
        if (window.__imageAt === null) { window.__imageAt = performance.now(); observer.disconnect(); }
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
    document.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, {capture: true, once: true});
}"""
CONTROLS = ".noUi-handle, select, input[type='checkbox'], button.widget-toggle-button"


def live_widget_cells(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum("nbval-ignore-output" in c.get("metadata", {}).get("tags", []) for c in nb["cells"])


def menu(page, top: str, item: str) -> None:
    page.click(f".lm-MenuBar-itemLabel:text-is('{top}')")
    page.click(f".lm-Menu-itemLabel:text-is('{item}')")


def run_all(page) -> None:
    """Run All and wait until every code cell has a number and the kernel is idle (one retry: on a loaded
    machine the first Run All of a session can be swallowed while the kernel is still connecting)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2):
        menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(ALL_PROMPTS_NUMBERED, timeout=90_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)


def press_first_control(page, box) -> None:
    control = box.locator(CONTROLS).first
    control.focus()
    tag = control.evaluate("e => e.tagName.toLowerCase()")
    if tag == "select":
        # Home/End, not the arrows: in command mode JupyterLab's notebook shortcuts take ArrowUp/ArrowDown
        # (they move the cell selection) before a focused dropdown sees them.
        key = "Home" if control.evaluate("e => e.selectedIndex === e.options.length - 1") else "End"
    elif tag in ("input", "button"):
        key = "Space"
    else:  # noUiSlider handle
        at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
    page.keyboard.press(key)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_in_jupyterlab(path, lab_server, browser):
    rel = path.relative_to(ROOT)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{lab_server}/lab/tree/{rel.as_posix()}?reset")
        page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
        # The kernel is really up when the status bar names it and says Idle (the toolbar indicator says idle
        # before the first kernel has started).
        page.wait_for_selector(".jp-StatusBar-Widget :text('| Idle')", timeout=120_000)
        menu(page, "Edit", "Clear Outputs of All Cells")
        page.wait_for_function(NO_PROMPT_NUMBERED, timeout=30_000)
        run_all(page)

        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert errors.count() == 0, f"{rel}: error or stderr output: {errors.first.inner_text()[:500]}"

        expected = live_widget_cells(path)
        images = page.locator(".jp-OutputArea-output .widget-image")
        assert images.count() >= expected, f"{rel}: {images.count()} live widgets rendered, expected {expected}"

        for i in range(images.count()):
            image = images.nth(i)
            box = image.locator("xpath=..")
            image.scroll_into_view_if_needed()
            before = image.get_attribute("src")
            image.evaluate(WATCH_IMAGE)
            press_first_control(page, box)
            page.wait_for_function("() => window.__imageAt !== null", timeout=30_000)
            assert image.get_attribute("src") != before, f"{rel}: widget {i} did not redraw"
            if i == 0:
                latency = page.evaluate("() => window.__imageAt - window.__keyAt")
                LATENCIES.append((rel.as_posix(), latency))
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=60_000)
            assert errors.count() == 0, f"{rel}: widget {i} wrote an error: {errors.first.inner_text()[:500]}"

        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        if images.count():
            images.first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{rel.parent.name}_{rel.stem}.png"))
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"FAILED_{rel.parent.name}_{rel.stem}.png"))
        raise
    finally:
        page.close()
