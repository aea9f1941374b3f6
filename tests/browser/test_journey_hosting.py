"""Journey: the site as hosted, under a sub-path (/aws-signin-guide/), with its 404 page;
feedback and printing on any page."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from browsing import charts_on, serve
from sitebuild import ROOT, build_site
from test_journey_flowcharts import PAGES, landing_ok, url_of

pytestmark = pytest.mark.browser
PREFIX = "aws-signin-guide"


@pytest.fixture(scope="module")
def hosted(tmp_path_factory, monkeypatch_module):
    """The site built with SITE_URL for a project site, served under /aws-signin-guide/."""
    monkeypatch_module.setenv("SITE_URL", f"https://example.github.io/{PREFIX}/")
    site_dir = tmp_path_factory.mktemp("hosted")
    build_site(ROOT / "mkdocs.yml", site_dir=str(site_dir))
    server, url = serve(site_dir, PREFIX)
    yield site_dir, url
    server.shutdown()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.parametrize("src", [p for p in PAGES if p in {"index.md", "troubleshooting/index.md",
                                                           "troubleshooting/mfa.md", "iam-sign-in.md"}])
def test_diagram_links_work_under_the_sub_path(src, hosted, visit) -> None:
    site_dir, url = hosted
    seen = visit(url + url_of(src))
    charts_on(seen.page)
    links = [h for d in seen.diagram_links() for h in d]
    assert links and all(landing_ok(site_dir, url, urljoin(seen.page.url, h)) for h in links)
    assert seen.outside_requests() == [] and seen.errors == []


def test_search_works_under_the_sub_path(hosted, visit) -> None:
    _, url = hosted
    page = visit(url).page
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("() => window.searchJa && window.searchJa.workerUrl")
    for _ in range(20):
        box.fill("")
        box.press_sequentially("ログインできない")
        box.press("End")
        page.wait_for_timeout(300)
        if page.locator(".md-search-result__item").count():
            break
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert first.startswith(url) or not first.startswith("/")


def test_404_page_offers_search_and_the_triage_choices(hosted, visit) -> None:
    """A missing page at any depth: Japanese message, search box, and the triage chart's choices."""
    site_dir, url = hosted
    seen = visit(url + "no/such/page/")
    page = seen.page
    assert page.locator("h1").inner_text() == "ページが見つかりません"
    assert page.locator("input.md-search__input").count() == 1
    choices = page.locator("article li a")
    assert choices.count() == 6  # the first question of the triage chart: what the reader signs in with
    choices.first.click()
    page.wait_for_url(re.compile(rf"/{PREFIX}/troubleshooting/#root$"))
    assert seen.errors == [] or all("404" in e for e in seen.errors)


def test_feedback_question_answers_locally(visit, base_url) -> None:
    """'いいえ' offers the triage chart, the symptom list and support; nothing is requested."""
    seen = visit(base_url + "troubleshooting/mfa/")
    page = seen.page
    before = len(seen.requests)
    feedback = page.locator("[data-page-feedback]")
    feedback.get_by_role("button", name="いいえ").click()
    assert feedback.get_by_role("button").count() == 0 or not feedback.get_by_role("button", name="はい").is_visible()
    assert feedback.get_by_role("link", name="症状から探す").is_visible()
    assert seen.requests[before:] == []


def test_every_page_shows_when_it_was_last_reviewed(visit, base_url) -> None:
    page = visit(base_url + "glossary/").page
    reviewed = re.search(r"^reviewed: (\d{4})-(\d\d)-(\d\d)$", (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"), re.M)
    year, month, day = reviewed.groups()
    assert page.locator(".page-reviewed time").get_attribute("datetime") == f"{year}-{month}-{day}"
    assert page.locator(".page-reviewed").inner_text().startswith(f"最終確認日: {year}年{int(month)}月{int(day)}日")


def test_print_shows_the_diagram_and_its_text_version_open(visit, base_url, tmp_path) -> None:
    """Printing opens every text version and keeps the drawn chart."""
    page = visit(base_url + "troubleshooting/").page
    assert charts_on(page) >= 2
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details").evaluate_all("els => els.every(d => d.open)")
    assert page.locator("figure.flow-figure svg").first.is_visible()
    assert all(not guide.is_visible() for guide in page.locator("[data-guide]").all())
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.locator("details").first.evaluate("d => d.open")
