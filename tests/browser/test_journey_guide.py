"""Journey: a reader answers one question at a time until the page that fixes the problem."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def guide_text(page) -> str:
    return page.locator("[data-guide]").inner_text()


def wait_for_step(page, step: str) -> None:
    """The URL changes before the guide redraws on 'hashchange'; wait for the redraw itself."""
    page.wait_for_selector(f'[data-guide][data-step="{step}"]')


def test_walk_to_a_fix_with_back_forward_reload_and_trail(visit, base_url) -> None:
    """Each answer is a new #hash; Back, Forward and reload show the same steps; the end links a page."""
    seen = visit(base_url + "troubleshooting/no-email-access/")
    page = seen.page
    guide = page.locator("[data-guide]")
    assert guide.is_visible()
    first = guide_text(page)
    assert "登録メールアドレスはどんな状態ですか？" in first
    guide.get_by_role("button", name="メールボックスに入れない").click()
    page.wait_for_url(re.compile(r"#guide-1/Q/T$"))
    wait_for_step(page, "Q/T")
    second = guide_text(page)
    guide.get_by_role("button", name="勤務先のメール").click()
    page.wait_for_url(re.compile(r"#guide-1/Q/T/WORK$"))
    wait_for_step(page, "Q/T/WORK")
    last = guide_text(page)
    assert guide.locator("button").count() == 1  # the one next step: reset the root user's password
    assert guide.get_by_role("link", name=re.compile("勤務先のメールの場合")).get_attribute("href") == "./#work-email"
    assert "これまでの回答" not in last  # the trail is labelled for screen readers, not shown as text
    page.go_back()
    wait_for_step(page, "Q/T")
    assert guide_text(page) == second
    page.go_forward()
    wait_for_step(page, "Q/T/WORK")
    assert guide_text(page) == last
    page.reload()
    wait_for_step(page, "Q/T/WORK")
    assert guide_text(page) == last
    guide.get_by_role("link", name="登録メールアドレスはどんな状態ですか？").click()
    page.wait_for_url(re.compile(r"#guide-1/Q$"))
    wait_for_step(page, "Q")
    assert guide_text(page) == first
    assert seen.errors == []


def test_keyboard_only_and_announced(visit, base_url) -> None:
    """Answers are real buttons reached by Tab; Enter answers; focus moves to the new question,
    which the live region announces."""
    seen = visit(base_url + "troubleshooting/")
    page = seen.page
    page.locator("[data-guide] button").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#guide-1/S/FC$"))
    wait_for_step(page, "S/FC")
    assert page.evaluate("document.activeElement.classList.contains('flow-guide__question')")
    assert page.locator("[data-guide] [aria-live]").inner_text() == "解決方法: 認証情報を忘れた"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-guide]') !== null")


def test_restart_and_a_broken_link_fall_back_to_the_start(visit, base_url) -> None:
    seen = visit(base_url + "troubleshooting/#guide-1/S/NOT-AN-ANSWER")
    assert "いま、何が起きていますか？" in guide_text(seen.page)
    seen.page.locator("[data-guide] button").nth(1).click()
    wait_for_step(seen.page, "S/WR")
    seen.page.get_by_role("link", name="最初から").click()
    wait_for_step(seen.page, "S")
    assert seen.page.locator("[data-guide] button").count() == 9


def test_without_javascript_the_chart_text_version_remains(browser, base_url) -> None:
    """No script: the guide panel stays hidden; the text version of the same chart is there."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "troubleshooting/")
    assert not page.locator("[data-guide]").is_visible()
    summary = page.locator("details summary", has_text="文章で読む: サインインできないときの診断")
    assert summary.count() == 1
    context.close()
