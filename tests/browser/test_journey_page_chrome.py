"""Journey: a reader at the end of a page — reaches it by instant navigation, answers the feedback
question, finds the official sources and the issue link, and prints the page with its links' URLs.

A tiny Material site with our overrides, page.js and stylesheets, and navigation.instant on (the
real site turns it on with the chart pipeline of issue 8)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import serve
from sitebuild import ROOT, build_site

pytestmark = pytest.mark.browser
DOC = "https://docs.aws.amazon.com/signin/latest/userguide/troubleshooting-sign-in-issues.html"
REPO = "https://github.com/owner/aws-signin-guide"

PAGES = {
    "index.md": "---\nreviewed: 2026-11-01\n---\n# ホーム\n\n[MFA のページへ](troubleshooting/mfa.md)\n",
    "symptoms.md": "---\nreviewed: 2026-11-01\n---\n# 症状から探す\n",
    "troubleshooting/index.md": f"---\nreviewed: 2026-11-01\nsources: ['{DOC}']\n---\n# 診断\n",
    "troubleshooting/support.md": f"---\nreviewed: 2026-11-01\nsources: ['{DOC}']\n---\n# サポート\n",
    "troubleshooting/mfa.md": (
        f"---\nreviewed: 2026-11-01\nsources:\n  - {DOC}\n  - https://repost.aws/knowledge-center/lost-mfa\n---\n"
        f"# MFA のトラブル\n\n[サインインのトラブル]({DOC})と[ホーム](../index.md)。\n"
    ),
}


@pytest.fixture(scope="module")
def chrome_site(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("chrome")
    for name, text in PAGES.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    for asset in ("javascripts/page.js", "javascripts/search-ja.js", "stylesheets/site.css"):
        (root / "docs" / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "docs" / asset, root / "docs" / asset)
    (root / "mkdocs.yml").write_text(
        f"site_name: fixture\nrepo_url: {REPO}\nedit_uri: edit/main/docs/\n"
        f"theme: {{name: material, language: ja, font: false, custom_dir: '{ROOT / 'overrides'}',"
        " features: [navigation.instant], palette: [{media: '(prefers-color-scheme: light)', scheme: default},"
        " {media: '(prefers-color-scheme: dark)', scheme: slate}]}\n"
        f"hooks: ['{ROOT / 'hooks' / 'pagemeta_hook.py'}']\n"
        "extra_javascript: [{path: javascripts/page.js, defer: true}]\nextra_css: [stylesheets/site.css]\n"
        "extra:\n  generator: false\n  official_hosts: [docs.aws.amazon.com, '*.aws.amazon.com', repost.aws]\n"
        "  sources_required_under: [troubleshooting/]\n"
        "  template_links: {home: index.md, triage: troubleshooting/index.md, symptoms: symptoms.md,"
        " support: troubleshooting/support.md}\n",
        encoding="utf-8",
    )
    site_dir = root / "site"
    site_dir.mkdir()
    server, url = serve(site_dir)  # first, for its URL: instant navigation needs site_url
    build_site(root / "mkdocs.yml", site_dir=str(site_dir), site_url=url)
    yield url
    server.shutdown()


def test_feedback_works_after_instant_navigation(chrome_site, visit) -> None:
    seen = visit(chrome_site)
    page = seen.page
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("link", name="MFA のページへ").click()
    page.wait_for_url("**/troubleshooting/mfa/")
    page.get_by_role("heading", name="MFA のトラブル").wait_for()
    assert page.evaluate("window.__sameDocument === true")  # instant navigation: no reload

    feedback = page.get_by_role("region", name="このページは役に立ちましたか？")
    assert feedback.get_by_role("heading", name="このページは役に立ちましたか？").is_visible()
    feedback.get_by_role("button", name="いいえ").click()
    assert feedback.get_by_role("link", name="症状から探す").is_visible()
    report = feedback.get_by_role("link", name="このページの間違いや分かりにくい点を知らせる（GitHub の issue）")
    assert report.get_attribute("href").startswith(f"{REPO}/issues/new?title=")

    # and back to a page seen before: mounted again, once
    page.go_back()
    page.get_by_role("heading", name="ホーム").wait_for()
    page.go_forward()
    page.get_by_role("heading", name="MFA のトラブル").wait_for()
    feedback = page.locator("[data-page-feedback]")
    assert feedback.is_visible()
    feedback.get_by_role("button", name="はい").click()
    assert feedback.get_by_text("ありがとうございます。").is_visible()
    assert seen.outside_requests() == []
    assert seen.errors == []


def test_sources_edit_and_issue_links_at_the_end_of_the_page(chrome_site, visit) -> None:
    page = visit(chrome_site + "troubleshooting/mfa/").page
    sources = page.get_by_role("region", name="参考にした公式ドキュメント")
    assert [a.inner_text() for a in sources.get_by_role("link").all()] == [
        "サインインのトラブル", "repost.aws/knowledge-center/lost-mfa"]
    assert page.get_by_role("link", name="このページを編集").get_attribute("href") == (
        f"{REPO}/edit/main/docs/troubleshooting/mfa.md")
    assert page.get_by_role("link", name="問題を報告").is_visible()


def after(link) -> str:
    """What CSS puts after a link (Chromium says 'none' when nothing is)."""
    return link.evaluate("a => getComputedStyle(a, '::after').content")


def test_printing_shows_where_external_links_go(chrome_site, visit) -> None:
    page = visit(chrome_site + "troubleshooting/mfa/").page
    body = page.locator(".md-content p").filter(has_text="サインインのトラブル")
    external, internal = body.get_by_role("link", name="サインインのトラブル"), body.get_by_role("link", name="ホーム")
    sources = page.locator(".page-sources a")
    page.emulate_media(media="print")
    assert after(external) == f'" ({DOC})"'
    assert after(internal) == "none"
    assert after(sources.nth(0)) == f'" ({DOC})"'
    assert after(sources.nth(1)) == "none"  # already shows its URL
    assert not page.locator(".page-actions").is_visible()
    page.emulate_media(media="screen")
    assert after(external) == "none"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_end_of_the_page_passes_axe(chrome_site, visit, color_scheme) -> None:
    """axe-core, WCAG 2.1 A and AA, with sources, edit and issue links and the open feedback note."""
    page = visit(chrome_site + "troubleshooting/mfa/", color_scheme=color_scheme).page
    page.locator("[data-page-feedback]").get_by_role("button", name="いいえ").click()
    options = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    violations = Axe().run(page, options=options).response["violations"]
    assert [f"{v['id']} x{len(v['nodes'])}" for v in violations if v["impact"] in ("serious", "critical")] == []


def test_search_dialog_has_a_name(chrome_site, visit) -> None:
    """Material's search dialog is named (overrides/partials/search.html): axe's aria-dialog-name,
    which Lighthouse counts, passes, and a screen reader says what opened."""
    page = visit(chrome_site).page
    page.locator("[data-md-component=search-query]").click()
    dialog = page.get_by_role("dialog", name="サイト内検索")
    assert dialog.is_visible()
    assert dialog.locator("[data-md-component=search-query]").evaluate("input => input === document.activeElement")
    options = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["aria-dialog-name"]}}
    assert Axe().run(page, options=options).response["violations"] == []
