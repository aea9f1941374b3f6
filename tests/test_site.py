"""The real site: builds clean, covers the article, corrects it, and links only where it may."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from sitebuild import ROOT, build_site

from flowcheck import host_allowed

DOCS = ROOT / "docs"


def read_doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_real_site_builds_strict_with_no_warning_at_all(tmp_path) -> None:
    """Not only flowcheck: no MkDocs, Material or mermaid2 warning either."""
    build_site(ROOT / "mkdocs.yml", site_dir=str(tmp_path))
    warnings = [f"{r.name}: {r.getMessage()}" for r in build_site.last_records if r.levelno >= 30]
    assert warnings == []


def test_flowcheck_report_of_the_real_site(built_site: Path) -> None:
    """At least 6 charts and 30 diagram links, no problem, every page reachable from home."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    links = [n for c in report["charts"] for n in c["nodes"] if n["click"]]
    assert len(report["charts"]) >= 6
    assert len(links) >= 30
    assert report["problems"] == []
    unreachable = [p for p, info in report["pages"].items() if p.startswith("troubleshooting/") and not info["reachable"]]
    assert unreachable == []
    assert {c["page"] for c in report["charts"]} >= {
        "index.md", "user-types.md", "root-sign-in.md", "iam-sign-in.md",
        "troubleshooting/index.md", "troubleshooting/forgot-root-password.md", "troubleshooting/no-email-access.md",
    }


def test_map_page_leads_to_every_troubleshooting_page(built_site: Path) -> None:
    """全体マップ, the conversation from home, reaches every page under troubleshooting/."""
    page = (built_site / "map" / "index.html").read_text(encoding="utf-8")
    listed = {href.split("#")[0] for href in re.findall(r'<a href="\.\./(troubleshooting/[^"]*)"', page)}
    expected = {"troubleshooting/" + ("" if p.stem == "index" else f"{p.stem}/")
                for p in (DOCS / "troubleshooting").glob("*.md")}
    assert listed == expected


def test_every_chart_has_a_title_a_description_and_a_text_version(built_site: Path) -> None:
    """accTitle, accDescr, and a collapsed text version right after the diagram."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    for chart in report["charts"]:
        assert chart["title"] and chart["description"], chart["id"]
        page = (built_site / chart["page_url"] / "index.html").read_text(encoding="utf-8")
        assert f"文章で読む: {chart['title']}" in page, chart["id"]


def test_no_attribute_list_leaks_into_a_page(built_site: Path) -> None:
    """'{ #id }' that attr_list did not take would show as text (it only takes it at a block's end)."""
    leaked = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html")
              if re.search(r"\{\s*[#.:][\w-]+[^}]*\}", re.sub(r"<(script|pre|code)\b.*?</\1>", "", p.read_text(encoding="utf-8"), flags=re.S))]
    assert leaked == []


def test_search_index_holds_no_mermaid_source(built_site: Path) -> None:
    """The chart source is excluded; the text version carries the labels instead."""
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for fragment in ("flowchart TD", "click ", "accTitle", "-->", "mermaid"):
        assert fragment not in index
    assert "\\u30" not in index  # written as UTF-8, not escaped


def external_links(built_site: Path) -> list[tuple[str, str]]:
    found = []
    for page in built_site.rglob("*.html"):
        for url in re.findall(r'href="((?:https?:)?//[^"]+)"', page.read_text(encoding="utf-8")):
            found.append((str(page.relative_to(built_site)), url))
    return found


def test_external_links_go_only_to_official_aws_hosts_over_https(built_site: Path) -> None:
    """Every link that leaves the site is https:// to an official AWS host."""
    allowed = ["aws.amazon.com", "*.aws.amazon.com", "repost.aws", "*.signin.aws", "*.awsapps.com", "docs.amazonaws.cn"]
    bad = [(page, url) for page, url in external_links(built_site)
           if not url.startswith("https://") or not host_allowed(urlsplit(url).hostname or "", allowed)]
    assert bad == []
    assert len(external_links(built_site)) >= 30


def test_nothing_is_loaded_from_outside_the_site(built_site: Path) -> None:
    """No CDN, no web fonts: scripts and styles are all relative to the site."""
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', text), page
        assert "fonts.googleapis" not in text and "unpkg.com" not in text


# Where each section of the article (../shared/seed) lives on the site.
ARTICLE_SECTIONS = [
    ("AWSへのサインインとは", "index.md", "what-is-signin"),
    ("サインインに使用するユーザーの種類について", "user-types.md", "user-types"),
    ("ルートユーザー", "user-types.md", "root-user"),
    ("IAMユーザー", "user-types.md", "iam-user"),
    ("サインインの方法について", "index.md", "start-here"),
    ("ルートユーザーでAWSにサインインするには", "root-sign-in.md", "root-sign-in"),
    ("ルートユーザーかIAMユーザーを選択する画面が表示された場合", "root-sign-in.md", "screen-choose-user-type"),
    ("IAMユーザーのサインイン画面が表示された場合", "root-sign-in.md", "screen-iam-user-page"),
    ("IAMユーザーでAWSにサインインするには", "iam-sign-in.md", "iam-sign-in"),
    ("IAMユーザーのサインインURLを使用する方法", "iam-sign-in.md", "account-url"),
    ("メインのサインインページを使用する方法", "iam-sign-in.md", "main-page"),
    ("ルートユーザーまたはIAMユーザーを選択する画面が表示された場合", "iam-sign-in.md", "main-page-choose"),
    ("IAMユーザーのサインイン画面が表示された場合（IAM）", "iam-sign-in.md", "main-page-iam-screen"),
    ("よくあるトラブルについて", "troubleshooting/index.md", "cannot-sign-in"),
    ("サインインに必要な認証情報を忘れた場合", "troubleshooting/forgot-credentials.md", "forgot-credentials"),
    ("AWS アカウント ID または AWS アカウントのエイリアスを忘れた場合", "troubleshooting/forgot-account-id.md",
     "forgot-account-id"),
    ("IAMユーザー名を忘れた場合", "troubleshooting/forgot-iam-user-name.md", "forgot-iam-user-name"),
    ("IAM ユーザーのパスワードを忘れた場合", "troubleshooting/forgot-iam-password.md", "forgot-iam-password"),
    ("AWS アカウントのルートユーザーのパスワードを忘れた場合", "troubleshooting/forgot-root-password.md",
     "forgot-root-password"),
    ("パスワードリセット: ユーザーの種類を選ぶ画面", "troubleshooting/forgot-root-password.md", "screen-choose-user-type"),
    ("パスワードリセット: IAMユーザーのサインイン画面", "troubleshooting/forgot-root-password.md", "screen-iam-user-page"),
    ("サインインができない場合", "troubleshooting/index.md", "first-checks"),
    ("認証情報が間違っている場合", "troubleshooting/wrong-credentials.md", "wrong-credentials"),
    ("ブラウザの問題が原因でサインインできない場合", "troubleshooting/browser.md", "cache-cookies"),
    ("AWS アカウントの E メールにアクセスできない場合", "troubleshooting/no-email-access.md", "no-email-access"),
    ("Eメールアドレスが間違っている場合", "troubleshooting/no-email-access.md", "wrong-address"),
    ("勤務先のEメールを使用している場合", "troubleshooting/no-email-access.md", "work-email"),
    ("一般のEメールを使用している場合", "troubleshooting/no-email-access.md", "own-domain"),
    ("上記の対処をしても解決しない場合", "troubleshooting/support.md", "support"),
    ("まとめ", "index.md", "about"),
]


@pytest.mark.parametrize(("section", "page", "anchor"), ARTICLE_SECTIONS, ids=[s[0] for s in ARTICLE_SECTIONS])
def test_every_article_section_has_a_home(section: str, page: str, anchor: str, built_site: Path) -> None:
    """Each section of the seed article is covered by a page section with a stable id."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    url = report["pages"][page]["url"]
    html_file = built_site / url / "index.html" if url.endswith("/") or url == "" else built_site / url
    assert f'id="{anchor}"' in html_file.read_text(encoding="utf-8")


# The 16 points of aws-signin-facts.md §3, each corrected on a page with "以前の記事では".
OUTDATED_POINTS = [
    (1, "user-types.md", "IAM Identity Center のユーザー、フェデレーションユーザー"),
    (2, "user-types.md", "IAM Identity Center で管理者ユーザーを作り"),
    (3, "root-sign-in.md", "セキュリティチェック**と **MFA**"),
    (4, "troubleshooting/member-account.md", "ルートアクセスの一元管理"),
    (5, "iam-sign-in.md", "1 つの画面で 3 つを入力します"),
    (6, "troubleshooting/no-email-access.md", "`@signin.aws` または `@verify.signin.aws` で終わる送信元"),
    (7, "troubleshooting/support.md", "**請求とアカウントのサポート**のフォーム"),
    (8, "troubleshooting/browser.md", "この対処は今も AWS ナレッジセンターの記事に載っています"),
    (9, "troubleshooting/forgot-account-id.md", "メールやブックマーク、閲覧履歴の URL から調べる方法"),
    (10, "troubleshooting/forgot-iam-password.md", "`iam:ChangePassword`"),
    (11, "troubleshooting/forgot-root-password.md", "リセットメールの送信元"),
    (12, "troubleshooting/no-email-access.md", "**そのドメインを所有していること**"),
    (13, "troubleshooting/mfa.md", "MFA のトラブルに触れていませんでした"),
    (14, "root-sign-in.md", "**現在アカウントに登録されているメールアドレス**"),
    (15, "iam-sign-in.md", "`.signin.aws.amazon.com` 以外の URL"),
    (16, "iam-sign-in.md", "エイリアスの決まり"),
]


@pytest.mark.parametrize(("point", "page", "phrase"), OUTDATED_POINTS, ids=[str(p[0]) for p in OUTDATED_POINTS])
def test_every_outdated_point_is_corrected_on_the_page(point: int, page: str, phrase: str) -> None:
    """The correction stands inside the page's note on the old article ('以前の記事との違い', collapsed)."""
    text = read_doc(page)
    notes = re.findall(r'(?:!!!|\?\?\?) note "(?:以前の記事では|以前の記事との違い)"\n((?:    .*\n|\n)+)', text)
    assert any(phrase in note for note in notes), f"point {point}: not corrected in {page}"


# The troubles of the 2026-11-27 content review (§6) that content-a gives a home: where each lives,
# and the chart on the triage page that must answer it.
NEW_TROUBLES = [
    ("R4 switch role", "troubleshooting/switch-role.md", ""),
    ("R5 session expired", "troubleshooting/session-expired.md", ""),
    ("R7 portal shows no accounts", "access-portal.md", "no-accounts"),
    ("R8 aws sso login", "troubleshooting/cli-sso-login.md", ""),
    ("R9 Builder ID and certification", "troubleshooting/builder-id.md", ""),
    ("R10 Amazon shopping account", "troubleshooting/amazon-shopping-account.md", ""),
]


def front_matter(name: str) -> dict:
    text = read_doc(name)
    return yaml.safe_load(text.split("---\n", 2)[1])


def reached_from(report: dict, start_page: str) -> set[tuple[str, str | None]]:
    """(page, anchor) of every click that the charts lead to from the charts of start_page, across pages."""
    by_page: dict[str, list[dict]] = {}
    for chart in report["charts"]:
        by_page.setdefault(chart["page"], []).append(chart)
    seen_pages, links, todo = set(), set(), [start_page]
    while todo:
        page = todo.pop()
        if page in seen_pages:
            continue
        seen_pages.add(page)
        for chart in by_page.get(page, []):
            for node in chart["nodes"]:
                click = node["click"]
                if click and click["kind"] == "page":
                    links.add((click["page"], click["anchor"] or None))
                    todo.append(click["page"])
    return links


@pytest.mark.parametrize(("trouble", "page", "anchor"), NEW_TROUBLES, ids=[t[0] for t in NEW_TROUBLES])
def test_every_new_trouble_has_a_home_and_a_triage_answer(trouble: str, page: str, anchor: str, built_site: Path) -> None:
    """Symptoms and sources in front matter, and the triage's conversation leads there."""
    meta = front_matter(page)
    assert meta["symptoms"] and meta["sources"] and meta["reviewed"], trouble
    assert all(url.startswith("https://") for url in meta["sources"]), trouble
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    reached = reached_from(report, "troubleshooting/index.md")
    assert (page, anchor or None) in reached or (not anchor and any(p == page for p, _ in reached)), trouble


CONTENT_A_PAGES = ["index.md", "user-types.md", "root-sign-in.md", "iam-sign-in.md", "access-portal.md", "glossary.md",
                   "troubleshooting/index.md", "troubleshooting/forgot-credentials.md",
                   "troubleshooting/forgot-account-id.md", "troubleshooting/forgot-iam-user-name.md",
                   "troubleshooting/forgot-iam-password.md"] + [t[1] for t in NEW_TROUBLES if t[1].startswith("troubleshooting/")]


@pytest.mark.parametrize("page", CONTENT_A_PAGES)
def test_old_article_notes_wait_at_the_end_and_sources_are_listed(page: str) -> None:
    """At most one collapsed 以前の記事との違い note, after the last chart and section; sources in front matter."""
    text = read_doc(page)
    assert front_matter(page).get("sources"), page
    assert '!!! note "以前の記事では"' not in text
    notes = [m.start() for m in re.finditer(r'\?\?\? note "以前の記事との違い"', text)]
    assert len(notes) <= 1
    if notes:
        assert "\n## " not in text[notes[0]:] and "```mermaid" not in text[notes[0]:]


def test_advertising_from_the_article_is_left_out() -> None:
    """The seed's recruiting and staffing ads have no place on the site."""
    for page in DOCS.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for ad in ("エンジニア派遣", "オープンアップ", "採用", "即日派遣"):
            assert ad not in text, (page, ad)


def test_third_party_build_output_is_never_committed() -> None:
    """Mermaid's dist and node_modules are installed at setup, not committed."""
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert not re.search(r"(^|/)node_modules/|mermaid(\.esm)?\.min\.m?js$|(^|/)site/", tracked, re.M)
