"""Journey: with Material's instant navigation, a reader follows chart links, goes Back and Forward
and reloads; every chart page shows its chart each time, without a full page load in between."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CHART, serve
from sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def instant_site(tmp_path_factory) -> Iterator[str]:
    """The real site built for the address it is served at: Material navigates instantly only
    within site_url, port included."""
    site_dir: Path = tmp_path_factory.mktemp("instant-site")
    server, url = serve(site_dir)
    warnings = [line for line in build_site(ROOT / "mkdocs.yml", site_dir=str(site_dir), site_url=url)
                if line.startswith("WARNING")]
    assert warnings == []
    yield url
    server.shutdown()


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_instant_navigation_to_chart_pages_back_forward_and_reload_keep_the_charts(visit, instant_site) -> None:
    """Site navigation swaps the page in place (Material's instant navigation) and the chart of the new
    page is there at once; a chart link opens its page; Back, Forward and reload show the charts."""
    seen = visit(instant_site)
    page = seen.page
    assert page.locator(CHART).first.is_visible()
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-nav__link[href$='troubleshooting/']").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/$"))
    page.wait_for_selector(CHART, state="visible")
    assert same_document(page), "the navigation link caused a full page load"
    triage = page.url
    # a box that answers the guide's question opens the page at its chart's first step (guide.js)
    page.locator(f"{CHART} a[*|href$='mfa/#root-mfa']").first.click()
    page.wait_for_url(re.compile(r"/troubleshooting/mfa/#root-mfa$"))
    page.wait_for_selector(CHART, state="visible")
    page.go_back()
    page.wait_for_url(triage)
    page.wait_for_selector(CHART, state="visible")
    page.go_back()
    page.wait_for_url(instant_site)
    page.wait_for_selector(CHART, state="visible")
    page.go_forward()
    page.wait_for_url(triage)
    page.wait_for_selector(CHART, state="visible")
    page.reload()
    page.wait_for_selector(CHART, state="visible")
    assert page.locator(f"{CHART} a[*|href]").count() >= 2
    assert seen.outside_requests() == []
    assert seen.errors == []
