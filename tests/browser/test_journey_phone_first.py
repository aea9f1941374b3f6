"""Journey: someone locked out opens the home page on a phone (or a desktop) and finds the first
question on the first screen, before any script has run, and it does not move once they have."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}
BOXES = """() => Object.fromEntries([
    ["panel", "[data-guide]"], ["question", "[data-guide] .flow-guide__question"],
    ["answer", "[data-guide] button[data-to]"]].map(([name, selector]) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return [name, {top: box.top, bottom: box.bottom, height: box.height, width: box.width}];
}))"""


def open_home(browser, base_url, screen: str, color_scheme: str, scripts: bool):
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=color_scheme,
                                  is_mobile=screen == "phone", has_touch=screen == "phone")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if not scripts:  # the first paint: nothing heavy (no script at all) has run yet
        page.route("**/*.{js,mjs}", lambda route: route.abort())
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    return context, page, errors


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_first_question_is_on_the_first_screen_and_stays_put(browser, base_url, screen, color_scheme) -> None:
    width, height = SCREENS[screen]
    context, page, _ = open_home(browser, base_url, screen, color_scheme, scripts=False)
    assert page.locator("[data-guide] .flow-guide__question").is_visible()
    before = page.evaluate(BOXES)
    context.close()
    context, page, errors = open_home(browser, base_url, screen, color_scheme, scripts=True)
    after = page.evaluate(BOXES)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    context.close()
    assert scheme == ("slate" if color_scheme == "dark" else "default")
    # the question and its first answer are on the first screen, whole
    assert after["question"]["top"] >= 0 and after["answer"]["bottom"] <= height
    assert after["answer"]["width"] >= 44 and after["answer"]["height"] >= 24  # a thumb-sized target
    # written at build: the same place and size before and after the scripts (no layout shift)
    assert after == before
    assert errors == []


def test_the_first_step_is_in_the_html(built_site) -> None:
    """Not drawn by a script: the answers are in the page as served, just before the chart whose
    diamond asks the question."""
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    panel = soup.select_one("article [data-guide]")
    assert panel.select_one(".flow-guide__question").get_text()
    assert len(panel.select("button[data-to]")) >= 2
    assert panel.find_next("figure") is soup.select_one("article figure.flow-figure")
