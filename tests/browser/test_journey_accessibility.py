"""Journey: a reader with a screen reader or keyboard only, in either palette."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import charts_on
from test_journey_flowcharts import PAGES, url_of

pytestmark = pytest.mark.browser
WCAG = {"resultTypes": ["violations"],
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_no_serious_or_critical_wcag_violation_on_any_page(color_scheme, browser, base_url) -> None:
    """axe-core, WCAG 2.1 A and AA, every page, both palettes."""
    axe = Axe()
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    found = []
    for src in PAGES:
        page.goto(base_url + url_of(src))
        page.wait_for_load_state("networkidle")
        for violation in axe.run(page, options=WCAG).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{src}: {violation['id']} x{len(violation['nodes'])}")
    context.close()
    assert found == []


def test_diagram_links_are_reached_by_tab_and_followed_with_enter(visit, base_url) -> None:
    """Each linked box and answer is a Tab stop; Enter opens its page."""
    seen = visit(base_url)
    page = seen.page
    charts_on(page, 1)
    page.locator("#start-here").scroll_into_view_if_needed()
    page.locator("#start-here a.headerlink").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        label = page.evaluate("""() => { const a = document.activeElement;
            return a && a.closest("figure.flow-figure svg") ? a.textContent.trim() : null; }""")
        if label == "ユーザーを見分ける":
            break
    else:
        pytest.fail("Tab never reached the diagram's first link")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/user-types/#how-to-tell$"))


def test_every_chart_has_an_accessible_name_and_description(visit, base_url) -> None:
    """accTitle and accDescr become the SVG's <title> and <desc>."""
    seen = visit(base_url + "troubleshooting/")
    names = seen.page.evaluate("""() => [...document.querySelectorAll("figure.flow-figure svg")].map(svg => {
        const by = id => document.getElementById(id)?.textContent || "";
        return [by(svg.getAttribute("aria-labelledby")), by(svg.getAttribute("aria-describedby"))]; })""")
    assert names[0][0] == "何でサインインするかを選ぶ"
    assert names[0][1].startswith("ルートユーザーのメールアドレス")
    assert all(title and description for title, description in names)
