"""Journey: a reader opens 症状から探す on a phone, types what they see into the filter box and the
list narrows to the lines that say it, the way search reads it; clearing the box brings the whole
list back; a screen reader hears the count; without JavaScript the whole list is there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import serve
from playwright.sync_api import Browser, Page
from sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LINES = ".symptom-lines > li"
STATUS = "#symptom-filter-status"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> Iterator[str]:
    """The real site built for the address it is served at, so that instant navigation works."""
    site_dir: Path = tmp_path_factory.mktemp("symptoms-site")
    server, url = serve(site_dir)
    warnings = [line for line in build_site(ROOT / "mkdocs.yml", site_dir=str(site_dir), site_url=url)
                if line.startswith("WARNING")]
    assert warnings == []
    yield url
    server.shutdown()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def visible_lines(page: Page) -> list[str]:
    return page.eval_on_selector_all(LINES, "els => els.filter(e => !e.hidden).map(e => e.textContent)")


def filter_by(page: Page, text: str) -> list[str]:
    """Type into the box and wait until the status line answers for it."""
    page.eval_on_selector(STATUS, "e => { e.textContent = ''; }")  # so an earlier answer is not taken for this one
    box = page.locator("#symptom-filter-input")
    box.fill(text)
    page.wait_for_function("""(text) => {
        const status = document.querySelector("#symptom-filter-status").textContent;
        return text.trim() ? /件の症状が当てはまります|当てはまる症状はありません/.test(status) : /すべての症状/.test(status);
    }""", arg=text, timeout=15000)
    return visible_lines(page)


def test_typing_narrows_the_list_and_clearing_restores_it(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "symptoms/")
    every = visible_lines(phone)
    assert len(every) >= 10
    narrowed = filter_by(phone, "パスワード")
    assert 0 < len(narrowed) < len(every)
    status = phone.locator(STATUS)
    assert status.inner_text() == f"{len(narrowed)} 件の症状が当てはまります。"
    assert status.get_attribute("role") == "status"
    # a group whose lines are all filtered out is hidden with them
    shown_groups = phone.eval_on_selector_all(
        ".symptom-group", "els => els.filter(e => !e.hidden).map(e => e.querySelectorAll('li:not([hidden])').length)")
    assert shown_groups and all(count > 0 for count in shown_groups)
    assert filter_by(phone, "") == every
    assert status.inner_text() == f"すべての症状（{len(every)} 件）を表示しています。"
    assert phone.locator(".symptom-group[hidden]").count() == 0


@pytest.mark.parametrize(
    ("typed", "as_search_reads_it"),
    [
        ("ﾊﾟｽﾜｰﾄﾞ", "half-width katakana is normalised"),
        ("ぱすわーど", "a katakana word typed in hiragana"),
        ("パスワ", "the last word while typing matches the words it starts"),
        ("pasword", "a one-character typo in a longer word"),
    ],
)
def test_the_box_reads_words_as_search_does(typed: str, as_search_reads_it: str, phone: Page, site_url: str) -> None:
    phone.goto(site_url + "symptoms/")
    assert filter_by(phone, typed) == filter_by(phone, "パスワード"), as_search_reads_it


def test_nothing_matches_says_so(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "symptoms/")
    assert filter_by(phone, "zzqqxx") == []
    assert phone.locator(STATUS).inner_text() == "当てはまる症状はありません。"
    assert phone.locator(".symptom-filter__none").is_visible()
    assert phone.locator(".symptom-group:not([hidden])").count() == 0


def test_the_filter_works_after_instant_navigation(phone: Page, site_url: str) -> None:
    """Reached through the site's navigation (Material swaps the page in place), the box works."""
    phone.goto(site_url)
    # Material's instant navigation takes over clicks only once it has read sitemap.xml (its click
    # stream waits for the sitemap); a click before that is a plain link, a full load, on a busy CPU
    phone.wait_for_load_state("networkidle")
    phone.evaluate("window.__sameDocument = true")
    phone.evaluate("document.querySelector(\"a.md-nav__link[href$='symptoms/']\").click()")
    phone.wait_for_url(re.compile(r"/symptoms/$"))
    phone.locator("#symptom-filter-input").wait_for(state="visible")
    assert phone.evaluate("window.__sameDocument === true"), "the navigation caused a full page load"
    assert 0 < len(filter_by(phone, "MFA")) < phone.locator(LINES).count()


def test_without_javascript_the_whole_list_shows_and_no_box(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "symptoms/")
    assert page.locator(LINES).count() >= 10
    assert page.locator(f"{LINES}:visible").count() == page.locator(LINES).count()
    assert not page.locator("[data-symptom-filter]").is_visible()
    context.close()


def test_every_line_links_to_a_section_and_the_page_fits_in_five_phone_screens(phone: Page, site_url: str) -> None:
    """Issue 16: no longer than 5 phone screens at 390×844, with plain one-line links."""
    phone.goto(site_url + "symptoms/")
    height = phone.evaluate("document.documentElement.scrollHeight")
    print(f"symptoms page height={height}px screens={height / PHONE['height']:.2f}")
    assert height <= 5 * PHONE["height"]
    assert phone.locator(f"{LINES} > a").count() == phone.locator(LINES).count()
    assert phone.locator(f"{LINES} details, .symptom-group details").count() == 0, "no collapsed groups"
