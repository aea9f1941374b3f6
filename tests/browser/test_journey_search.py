"""Journey: a reader types a symptom into the search box, the way Japanese readers type it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

pytestmark = pytest.mark.browser
TESTS = Path(__file__).resolve().parent.parent


def read_queries(name: str) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in (TESTS / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(row[0], row[1]) for row in rows]


def heading_text(built_site: Path, base_url: str, href: str) -> str:
    """'<h1> / <heading the #anchor names>' of the page a result links to."""
    url = urlparse(urljoin(base_url, href))
    path = unquote(url.path)[len(urlparse(base_url).path):]
    file = built_site / path
    if file.is_dir() or path == "" or path.endswith("/"):
        file = file / "index.html"
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    h1 = soup.find("h1").get_text(" ", strip=True).rstrip("¶")
    anchor = soup.find(id=unquote(url.fragment)) if url.fragment else None
    return h1 + " / " + (anchor.get_text(" ", strip=True).rstrip("¶") if anchor else "")


@pytest.fixture(scope="module")
def search_page(browser, base_url) -> Page:
    page = browser.new_page()
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    search(page, "パスワード")  # the worker builds the index after the first request
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    yield page
    page.close()


def search(page: Page, query: str) -> list[str]:
    """Type like a reader (Japanese is inserted without key events, so press End), return hrefs."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=5)
    box.press("End")
    page.wait_for_timeout(400)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a, a.md-search-result__link",
                                      "els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(h for h in hrefs if h))


def hit_rate(page: Page, built_site: Path, base_url: str, rows: list[tuple[str, str]]) -> tuple[int, list[str]]:
    hits, misses = 0, []
    for query, pattern in rows:
        found = [heading_text(built_site, base_url, h) for h in search(page, query)[:3]]
        if any(re.search(pattern, text) for text in found):
            hits += 1
        else:
            misses.append(f"{query!r} /{pattern}/ got {found}")
    return hits, misses


def test_symptom_queries_find_their_page_in_the_top_3(search_page, built_site, base_url) -> None:
    """At least 95 % of ../shared/eval/search-dev.tsv (copied to tests/) find their page."""
    rows = read_queries("search-dev.tsv")
    hits, misses = hit_rate(search_page, built_site, base_url, rows)
    print(f"search-dev hit_rate={hits}/{len(rows)}")
    assert hits / len(rows) >= 0.95, misses


def test_held_out_queries_keep_their_hit_rate(search_page, built_site, base_url) -> None:
    """Our own 15 queries, written before tuning: reported, and guarded against regressions."""
    rows = read_queries("search-own.tsv")
    hits, misses = hit_rate(search_page, built_site, base_url, rows)
    print(f"search-own hit_rate={hits}/{len(rows)} misses={misses}")
    assert len(rows) == 15
    assert hits >= 12, misses


@pytest.mark.parametrize(
    ("query", "pattern"),
    [("ルートユーザー", "ルート"), ("パスワード", "パスワード"), ("MFA", "MFA"), ("Cookie", "ブラウザ"),
     ("キャッチオール", "メール"), ("エイリアス", "アカウント ?ID|エイリアス|IAM"), ("サポート", "サポート")],
)
def test_single_words_still_find_their_page(query, pattern, search_page, built_site, base_url) -> None:
    """Single words, which Material found before, still find their page."""
    found = [heading_text(built_site, base_url, h) for h in search(search_page, query)[:3]]
    assert any(re.search(pattern, text) for text in found), found


def test_second_held_out_set_is_reported(search_page, built_site, base_url) -> None:
    """tests/search-own-2.tsv (issue 11), written before tuning; half of it is about pages that
    other branches add, so it is reported here, not asserted."""
    rows = read_queries("search-own-2.tsv")
    hits, misses = hit_rate(search_page, built_site, base_url, rows)
    print(f"search-own-2 hit_rate={hits}/{len(rows)} misses={misses}")
    assert len(rows) == 30


def test_a_result_is_at_most_160_px_tall_on_a_phone(browser, base_url) -> None:
    """390 px wide: every result (one page) fits in 160 px; no tag chips repeat the symptom."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base_url)
    page.locator("label[for=__search]").first.click()
    page.wait_for_timeout(500)
    for query in ["MFA なくした", "パスワード", "サインイン用のURL", "わかんない"]:
        search(page, query)
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        heights = page.eval_on_selector_all(".md-search-result__item",
                                            "els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and max(heights) <= 160, (query, heights)
        assert page.locator(".md-search-result .md-tag:visible").count() == 0
    page.close()


def test_missing_words_are_whole_words_the_reader_typed(search_page) -> None:
    """「検索に含まれない」 lists words as typed, never pieces of them."""
    search(search_page, "MFAが使えなくなった")
    # text content, not inner text: the lines of results folded under 「さらに表示」 are hidden
    lines = search_page.locator(".md-search-result__terms").all_text_contents()
    assert lines and all(":" in line for line in lines), lines
    words = {w for line in lines for w in line.split(":", 1)[1].split()}
    assert words <= {"MFA", "使えなくなった"}, words


def test_a_query_that_matches_nothing_relevant_says_so(search_page) -> None:
    """「請求書 ダウンロード」 matches only one of its words somewhere (請求, not 書 inside 証明書):
    the list says so and points to the triage chart and AWS Support. (「請求書 支払い」 no longer
    qualifies: そのほかのエラー lists 支払い among its symptoms, an account stopped for an unpaid bill.)"""
    search(search_page, "請求書 ダウンロード")
    help_box = search_page.locator(".search-ja-help")
    help_box.wait_for(timeout=5000)
    assert "ぴったり合うページは見つかりませんでした" in help_box.inner_text()
    links = help_box.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    paths = [urlparse(h).path for h in links]
    assert len(paths) == 2 and paths[0].endswith("/troubleshooting/") and paths[1].endswith("/troubleshooting/support/")


def test_empty_result_points_to_the_triage_chart_and_support(search_page) -> None:
    """'何も見つかりませんでした' comes with the flowchart and AWS Support."""
    assert search(search_page, "zzqqxx") == []
    help_box = search_page.locator(".search-ja-help")
    help_box.wait_for(timeout=5000)
    links = help_box.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    paths = [urlparse(h).path for h in links]
    assert len(paths) == 2 and paths[0].endswith("/troubleshooting/") and paths[1].endswith("/troubleshooting/support/")
    search(search_page, "パスワード")
    assert help_box.count() == 0


def test_search_index_is_loaded_only_when_search_is_opened(visit, base_url) -> None:
    """A reader who never searches does not download the index."""
    seen = visit(base_url + "glossary/")
    assert not [u for u in seen.requests if "search_index.json" in u]
    seen.page.locator("input.md-search__input").click()
    seen.page.wait_for_timeout(1000)
    assert [u for u in seen.requests if "search_index.json" in u]


@pytest.mark.parametrize("query", ["flowchart", "accTitle", "click"])
def test_chart_source_never_shows_up_in_results(query, search_page) -> None:
    """Words that exist only in the Mermaid source find nothing."""
    assert search(search_page, query) == []
