"""Front matter that is read, checked and shown (hooks/pagemeta.py, hooks/pagemeta_hook.py):
known keys, review dates, official sources, content links, edit/issue links, template links."""

from __future__ import annotations

import contextlib
import datetime
import re
import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from mkdocs.exceptions import Abort
from sitebuild import ROOT, build_site

import pagemeta

HOOK = ROOT / "hooks" / "pagemeta_hook.py"
TODAY = datetime.date(2026, 11, 27)
HOSTS = ("docs.aws.amazon.com", "aws.amazon.com", "*.aws.amazon.com", "repost.aws", "*.amazonaws.cn")
SETTINGS = pagemeta.Settings(180, HOSTS, ("troubleshooting/",), {})
DOC = "https://docs.aws.amazon.com/signin/latest/userguide/troubleshooting-sign-in-issues.html"


# ---------------------------------------------------------------------------------------------
# Front matter: read like MkDocs, but refuse what MkDocs would print as page text


def test_front_matter_is_read_like_mkdocs() -> None:
    text = "---\ndescription: 要約\nreviewed: 2026-11-27\n---\n# Title\n"
    assert pagemeta.read_front_matter("a.md", text) == {"description": "要約", "reviewed": datetime.date(2026, 11, 27)}
    assert pagemeta.read_front_matter("a.md", "\ufeff---\nguide: true\n...\nbody\n") == {"guide": True}
    assert pagemeta.read_front_matter("a.md", "# No front matter\n\n---\n") == {}


@pytest.mark.parametrize(("text", "message"), [
    ("---\ndescription: a: b\n---\n# T\n",
     "Doc file 'p/a.md': the front matter is not valid YAML (line 2, column 15: mapping values are not allowed here). "
     "Fix it (quote a value that contains ': ' or starts with a symbol); until then MkDocs shows it as page text and "
     "ignores every key."),
    ("---\nreviewed: 2026-11-27\nsymptoms:\n  - a\n - b\n---\n",
     "Doc file 'p/a.md': the front matter is not valid YAML (line 5, column 2: expected <block end>, but found '<block sequence start>'). "
     "Fix it (quote a value that contains ': ' or starts with a symbol); until then MkDocs shows it as page text and "
     "ignores every key."),
    ("---\ndescription: x\n# T\n",
     "Doc file 'p/a.md': the front matter opened with '---' on line 1 is never closed. End it with a line of '---'; "
     "until then MkDocs shows it as page text and ignores every key."),
    ("---\n- a\n- b\n---\n",
     "Doc file 'p/a.md': the front matter is a list, not 'key: value' lines. Write keys such as 'description:' and "
     "'reviewed:' between the '---' lines, or remove them."),
    ("---\njust text\n---\n",
     "Doc file 'p/a.md': the front matter is a string, not 'key: value' lines. Write keys such as 'description:' and "
     "'reviewed:' between the '---' lines, or remove them."),
])
def test_unreadable_front_matter_is_an_error_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(pagemeta.FrontMatterError) as raised:
        pagemeta.read_front_matter("p/a.md", text)
    assert str(raised.value) == message


@pytest.mark.parametrize(("text", "where"), [
    # an unclosed quote: YAML stops at the end of the front matter, which is the last written line,
    # not the closing '---' (the line after); the line where the quote opened is named too
    ('---\ndescription: "要約\nreviewed: 2026-12-06\n---\n',
     "line 3, column 21: found unexpected end of stream, while scanning a quoted scalar from line 2"),
    ("---\nreviewed: 2026-12-06\ndescription: '要約\n---\n",
     "line 3, column 17: found unexpected end of stream"),
    ("---\nsymptoms: [a, b\nreviewed: 2026-12-06\n---\n",
     "line 3, column 9: expected ',' or ']', but got ':', while parsing a flow sequence from line 2"),
    ("---\ndescription: x\n\tguide: true\n---\n",
     "line 3, column 1: found character '\\t' that cannot start any token"),
])
def test_yaml_errors_name_the_line_where_yaml_stopped(text: str, where: str) -> None:
    """Before the fix the first two said line 4, the '---' after the front matter."""
    with pytest.raises(pagemeta.FrontMatterError) as raised:
        pagemeta.read_front_matter("p/a.md", text)
    assert f"the front matter is not valid YAML ({where})." in str(raised.value)


def test_key_messages_name_the_line_of_the_key() -> None:
    text = ("---\ndescription: 要約\nsymptoms: 一つだけ\nguide: \"yes\"\nreviewd: 2026-12-06\nreviewed: 2026/12/06\n"
            "sources:\n  - http://docs.aws.amazon.com/x\n---\n# T\n")
    meta = pagemeta.read_front_matter("a.md", text)
    lines = pagemeta.front_matter_lines(text)
    assert lines == {"description": 2, "symptoms": 3, "guide": 4, "reviewd": 5, "reviewed": 6, "sources": 7}
    found = pagemeta.check_keys("a.md", meta, lines)
    found += pagemeta.check_reviewed("a.md", meta, datetime.date(2026, 12, 6), 180, lines)
    found += pagemeta.check_sources("a.md", meta, pagemeta.Settings(official_hosts=("docs.aws.amazon.com",)), lines)
    assert [message.split(" has ")[0].split(" lists ")[0] for message in found] == [
        "Doc file 'a.md' line 3", "Doc file 'a.md' line 4", "Doc file 'a.md' line 5", "Doc file 'a.md' line 6",
        "Doc file 'a.md' line 7",
    ]
    assert found[0] == ("Doc file 'a.md' line 3 has front-matter key 'symptoms' set to '一つだけ' (string), but it "
                        "must be a list of non-empty strings.")
    assert pagemeta.front_matter_lines("# no front matter\n") == {}
    assert pagemeta.front_matter_lines("---\n- a\n---\n") == {}


def test_unknown_keys_are_named_with_the_key_they_probably_meant() -> None:
    known = ", ".join(pagemeta.KNOWN_KEYS)
    assert pagemeta.check_keys("a.md", {"guied": True, "colour": "red", "guide": True}) == [
        f"Doc file 'a.md' has an unknown front-matter key 'guied' (did you mean 'guide'?): it is ignored. Known keys: {known}.",
        f"Doc file 'a.md' has an unknown front-matter key 'colour': it is ignored. Known keys: {known}.",
    ]


def test_the_known_keys_are_the_documented_ones() -> None:
    assert list(pagemeta.KNOWN_KEYS) == [
        "title", "description", "reviewed", "sources", "symptoms", "messages", "problems", "guide", "guide_reason",
        "hide", "search", "template", "status", "tags", "icon",
    ]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in readme for key in pagemeta.KNOWN_KEYS)


@pytest.mark.parametrize(("key", "value", "must_be"), [
    ("symptoms", "MFA なくした", "a list of non-empty strings"),
    ("messages", ["ok", ""], "a list of non-empty strings"),
    ("guide", 0, "true, false or a chart number (1, 2, ...)"),
    ("guide", "yes", "true, false or a chart number (1, 2, ...)"),
    ("description", ["a"], "a string"),
    ("sources", DOC, "a list of URLs (or of 'url:' and 'title:' pairs)"),
    ("search", True, "a mapping (exclude: true, boost: 2)"),
    ("hide", "toc", "a list of strings (navigation, toc, footer, ...)"),
])
def test_values_of_the_wrong_kind_are_named(key: str, value, must_be: str) -> None:
    [message] = pagemeta.check_keys("a.md", {key: value})
    assert message.startswith(f"Doc file 'a.md' has front-matter key '{key}' set to {value!r} (")
    assert message.endswith(f"), but it must be {must_be}.")


@pytest.mark.parametrize("meta", [
    {"guide": True}, {"guide": False}, {"guide": 2}, {"symptoms": ["a"], "messages": []},
    {"search": {"exclude": True}}, {"hide": ["toc"]}, {"sources": [DOC, {"url": DOC, "title": "t"}]},
])
def test_values_of_the_right_kind_pass(meta: dict) -> None:
    assert pagemeta.check_keys("a.md", meta) == []


# ---------------------------------------------------------------------------------------------
# Review dates


@pytest.mark.parametrize(("meta", "expected"), [
    ({"reviewed": datetime.date(2026, 5, 31)}, []),  # exactly 180 days
    ({"reviewed": datetime.date(2026, 11, 27)}, []),
    ({"reviewed": "2026-11-01"}, []),  # a quoted date is a date too
    ({"reviewed": datetime.date(2026, 5, 30)},
     ["Doc file 'a.md' says the page was last reviewed on 2026-05-30, 181 days ago, more than extra.review_after_days (180): "
      "check it against its sources and set 'reviewed:' to the day you did (make review lists every page, oldest first)."]),
    ({},
     ["Doc file 'a.md' has no 'reviewed:' date in its front matter: add the day it was last checked against the "
      "official AWS documentation, e.g. 'reviewed: 2026-11-27'."]),
    ({"reviewed": "2026/11/01"},
     ["Doc file 'a.md' has 'reviewed: 2026/11/01', which is not a date: write the day as YYYY-MM-DD, e.g. "
      "'reviewed: 2026-11-27'."]),
    ({"reviewed": datetime.datetime(2026, 11, 1, 9, 0)},
     ["Doc file 'a.md' has 'reviewed: 2026-11-01 09:00:00', which is not a date: write the day as YYYY-MM-DD, e.g. "
      "'reviewed: 2026-11-27'."]),
    ({"reviewed": datetime.date(2026, 11, 28)}, []),  # already tomorrow in Japan
    ({"reviewed": datetime.date(2026, 11, 29)},
     ["Doc file 'a.md' has 'reviewed: 2026-11-29', a day after today (2026-11-27): write the day the page was "
      "actually checked."]),
])
def test_review_dates(meta: dict, expected: list[str]) -> None:
    assert pagemeta.check_reviewed("a.md", meta, TODAY, 180) == expected


def test_today_can_be_set_for_tests_and_make_review(monkeypatch) -> None:
    monkeypatch.setenv("REVIEW_TODAY", "2027-06-01")
    assert pagemeta.today() == datetime.date(2027, 6, 1)
    monkeypatch.setenv("REVIEW_TODAY", "next week")
    with pytest.raises(pagemeta.ConfigError, match="REVIEW_TODAY='next week' is not a date like 2026-11-27"):
        pagemeta.today()
    monkeypatch.delenv("REVIEW_TODAY")
    assert pagemeta.today() == datetime.date.today()


# ---------------------------------------------------------------------------------------------
# Sources and links


@pytest.mark.parametrize(("url", "reason"), [
    (DOC, None),
    ("https://repost.aws/knowledge-center/lost-mfa-device", None),
    ("https://support.console.aws.amazon.com/support/home", None),
    ("https://docs.amazonaws.cn/en_us/aws/latest/userguide/", None),
    ("http://docs.aws.amazon.com/x.html", "it is not an https URL"),
    ("https://example.com/aws", "its host 'example.com' is not an official AWS host (extra.official_hosts)"),
    ("https://aws.amazon.com.example.com/", "its host 'aws.amazon.com.example.com' is not an official AWS host (extra.official_hosts)"),
    ("https://evilaws.amazon.com/", "its host 'evilaws.amazon.com' is not an official AWS host (extra.official_hosts)"),
    ("https://docs.aws.amazon.com@example.com/", "it has a user name in it"),
    ("https://docs.aws.amazon.com\\@example.com/", "it contains a backslash, a space or a control character"),
    ("https://docs.aws.amazon.com/a b", "it contains a backslash, a space or a control character"),
    ("https://docs.aws.amazon.com:99999/", "it is not a valid URL (Port out of range 0-65535)"),
    ("javascript:alert(1)", "it is not an https URL"),
])
def test_official_urls(url: str, reason: str | None) -> None:
    assert pagemeta.url_problem(url, HOSTS) == reason


@pytest.mark.parametrize(("src_uri", "meta", "expected"), [
    ("troubleshooting/mfa.md", {"sources": [DOC]}, []),
    ("troubleshooting/mfa.md", {"sources": [{"url": DOC, "title": "サインインのトラブル"}]}, []),
    ("glossary.md", {}, []),  # only pages under troubleshooting/ must cite
    ("troubleshooting/mfa.md", {},
     ["Doc file 'troubleshooting/mfa.md' has no 'sources:' in its front matter, but every page under "
      "'troubleshooting/' must list the official AWS pages it relies on (extra.sources_required_under)."]),
    ("troubleshooting/mfa.md", {"sources": []},
     ["Doc file 'troubleshooting/mfa.md' has no 'sources:' in its front matter, but every page under "
      "'troubleshooting/' must list the official AWS pages it relies on (extra.sources_required_under)."]),
    ("glossary.md", {"sources": ["http://example.com/x"]},
     ["Doc file 'glossary.md' lists the source 'http://example.com/x', but it is not an https URL: cite the official "
      "AWS page (https://docs.aws.amazon.com/..., https://repost.aws/knowledge-center/..., ...)."]),
    ("glossary.md", {"sources": ["https://qiita.com/x"]},
     ["Doc file 'glossary.md' lists the source 'https://qiita.com/x', but its host 'qiita.com' is not an official AWS "
      "host (extra.official_hosts): cite the official AWS page (https://docs.aws.amazon.com/..., "
      "https://repost.aws/knowledge-center/..., ...)."]),
    ("glossary.md", {"sources": [DOC, DOC]}, [f"Doc file 'glossary.md' lists the source '{DOC}' twice."]),
    ("glossary.md", {"sources": [{"link": DOC}]},
     [f"Doc file 'glossary.md' lists the source {{'link': '{DOC}'}}: a source is a URL, or 'url:' with an optional "
      "'title:' (both strings)."]),
])
def test_sources(src_uri: str, meta: dict, expected: list[str]) -> None:
    assert pagemeta.check_sources(src_uri, meta, SETTINGS) == expected


def test_content_links_go_to_aws_or_this_repository() -> None:
    html = textwrap.dedent(f"""
        <p><a href="../a/">相対</a> <a href="#x">見出し</a> <a href="{DOC}">公式</a>
        <a href="https://github.com/owner/repo/issues">この<b>リポジトリ</b></a>
        <a href="https://github.com/owner/repository-else">別のリポジトリ</a>
        <a href="http://docs.aws.amazon.com/">http</a> <a href="mailto:a@example.com">mail</a></p>
    """)
    links = pagemeta.page_links(html)
    assert links[3] == ("https://github.com/owner/repo/issues", "このリポジトリ")
    assert pagemeta.check_content_links("a.md", links, HOSTS, ("https://github.com/owner/repo",)) == [
        "Doc file 'a.md' contains a link to 'https://github.com/owner/repository-else', but its host 'github.com' is "
        "not an official AWS host (extra.official_hosts): the site links only to official AWS pages and to its own "
        "repository (REPO_URL).",
        "Doc file 'a.md' contains a link to 'http://docs.aws.amazon.com/', but it is not an https URL: the site links "
        "only to official AWS pages and to its own repository (REPO_URL).",
        "Doc file 'a.md' contains a link to 'mailto:a@example.com', but it is not an https URL: the site links only "
        "to official AWS pages and to its own repository (REPO_URL).",
    ]


@pytest.mark.parametrize(("html", "marked"), [
    (f'<a href="{DOC}">x</a>', f'<a href="{DOC}" data-external>x</a>'),
    (f"<a class='md-button' href='{DOC}'>x</a>", f"<a class='md-button' href='{DOC}' data-external>x</a>"),
    ('<A HREF="HTTP://docs.aws.amazon.com/">x</A>', '<A HREF="HTTP://docs.aws.amazon.com/" data-external>x</A>'),
    ('<a href="../a/">x</a> <a href="#h">y</a> <a title="https://x">z</a>', None),
    (f'<a href="{DOC}" data-external>x</a>', None),
    (f'<abbr title="{DOC}">x</abbr>', None),
])
def test_external_links_are_marked_for_print(html: str, marked: str | None) -> None:
    assert pagemeta.mark_external_links(html) == (marked or html)


def test_sources_show_their_title_or_the_page_s_link_text_or_the_url() -> None:
    other = "https://repost.aws/knowledge-center/x"
    sources = pagemeta.read_sources({"sources": [{"url": DOC, "title": "公式の題"}, other, "https://aws.amazon.com/"]})
    assert pagemeta.source_links(sources, {other: "re:Post の記事"}) == [
        {"url": DOC, "text": "公式の題", "is_url": False},
        {"url": other, "text": "re:Post の記事", "is_url": False},
        {"url": "https://aws.amazon.com/", "text": "aws.amazon.com/", "is_url": True},
    ]


def test_issue_link_carries_the_page_title_url_and_file() -> None:
    url = pagemeta.issue_url("https://github.com/owner/repo/", "MFA & 認証", "https://x.example/t/mfa/?a=1#b", "docs/t/mfa.md")
    assert url.startswith("https://github.com/owner/repo/issues/new?title=%E3%80%8CMFA%20%26%20")
    query = parse_qs(urlsplit(url).query)
    assert query["title"] == ["「MFA & 認証」のページについて"]
    assert query["body"][0].startswith("ページ: MFA & 認証\nURL: https://x.example/t/mfa/?a=1#b\nファイル: docs/t/mfa.md\n\n")
    assert "#" not in urlsplit(url).query and " " not in url


@pytest.mark.parametrize("repo", [
    "http://github.com/owner/repo", "https://github.com/owner", "https://github.com/owner/repo?x=1",
    "github.com/owner/repo", "https://user@github.com/owner/repo",
])
def test_unusable_repository_urls_are_refused(repo: str) -> None:
    with pytest.raises(pagemeta.ConfigError, match=re.escape(f"repo_url (REPO_URL) is {repo!r}, but it must be")):
        pagemeta.check_repo_url(repo)


@pytest.mark.parametrize(("extra", "message"), [
    ({"official_hosts": HOSTS, "review_after_days": "180"}, "extra.review_after_days must be a whole number of days (1 or more), got '180'"),
    ({}, "extra.official_hosts must list the official AWS hosts, e.g. ['docs.aws.amazon.com']"),
    ({"official_hosts": ["https://docs.aws.amazon.com"]}, "extra.official_hosts: 'https://docs.aws.amazon.com' is not a host name or '*.' and a host name"),
    ({"official_hosts": ["aws.amazon.com"], "sources_required_under": ["troubleshooting"]},
     "extra.sources_required_under: 'troubleshooting' must be a folder inside docs_dir ending in '/'"),
    ({"official_hosts": ["aws.amazon.com"], "template_links": {"home": "index"}},
     "extra.template_links must map names to documentation files ('symptoms: symptoms.md'), got {'home': 'index'}"),
])
def test_unusable_settings_are_refused(extra: dict, message: str) -> None:
    with pytest.raises(pagemeta.ConfigError) as raised:
        pagemeta.Settings.from_extra({k: list(v) if isinstance(v, tuple) else v for k, v in extra.items()})
    assert str(raised.value) == message


# ---------------------------------------------------------------------------------------------
# Tiny sites built with the hook (and, for the page chrome, Material with our overrides)

PAGES = {
    "index.md": f"---\nreviewed: 2026-11-01\n---\n# ホーム\n\n[公式]({DOC})\n",
    "symptoms.md": "---\nreviewed: 2026-11-01\n---\n# 症状から探す\n",
    "troubleshooting/index.md": f"---\nreviewed: 2026-11-01\nsources: ['{DOC}']\n---\n# 診断\n",
    "troubleshooting/support.md": f"---\nreviewed: 2026-11-01\nsources: ['{DOC}']\n---\n# サポート\n",
}


TEMPLATE_LINKS = (
    "{home: index.md, triage: troubleshooting/index.md, symptoms: symptoms.md, support: troubleshooting/support.md}"
)


def write_site(tmp_path: Path, pages: dict[str, str], extra: str = "", theme: str = "mkdocs",
               template_links: str = TEMPLATE_LINKS) -> Path:
    docs = tmp_path / "docs"
    for name, text in {**PAGES, **pages}.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    theme_config = (
        f"theme: {{name: material, language: ja, custom_dir: '{ROOT / 'overrides'}'}}\n" if theme == "material" else ""
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: fixture\n" + theme_config + f"hooks: ['{HOOK}']\n"
        "extra:\n"
        "  generator: false\n"
        "  review_after_days: 180\n"
        "  sources_required_under: [troubleshooting/]\n"
        "  official_hosts: [docs.aws.amazon.com, '*.aws.amazon.com', repost.aws]\n"
        f"  template_links: {template_links}\n" + textwrap.dedent(extra),
        encoding="utf-8",
    )
    return config


@pytest.fixture
def build(tmp_path, monkeypatch):
    """build(pages, extra, theme, **overrides) -> (pagemeta log lines, site_dir); a strict abort is no error."""
    monkeypatch.setenv("REVIEW_TODAY", TODAY.isoformat())
    monkeypatch.delenv("REPO_URL", raising=False)

    def make(pages: dict[str, str], extra: str = "", theme: str = "mkdocs", template_links: str = TEMPLATE_LINKS,
             **overrides):
        config = write_site(tmp_path, pages, extra, theme, template_links)
        site_dir = tmp_path / "site"
        with contextlib.suppress(Abort):
            build_site(config, site_dir=str(site_dir), **overrides)
        lines = [f"{r.levelname}:{r.getMessage().removeprefix('pagemeta: ')}" for r in build_site.last_records
                 if r.name == "mkdocs.plugins.pagemeta" or r.levelname == "ERROR"]
        return lines, site_dir

    return make


def test_the_build_fails_on_an_overdue_review_date(build) -> None:
    lines, _ = build({"glossary.md": "---\nreviewed: 2026-05-01\n---\n# 用語集\n"})
    assert lines == [
        "WARNING:Doc file 'glossary.md' line 2 says the page was last reviewed on 2026-05-01, 210 days ago, more than "
        "extra.review_after_days (180): check it against its sources and set 'reviewed:' to the day you did "
        "(make review lists every page, oldest first)."
    ]


def test_the_build_fails_on_a_troubleshooting_page_without_sources(build) -> None:
    lines, site_dir = build({"troubleshooting/mfa.md": "---\nreviewed: 2026-11-01\n---\n# MFA\n"})
    assert lines == [
        "WARNING:Doc file 'troubleshooting/mfa.md' has no 'sources:' in its front matter, but every page under "
        "'troubleshooting/' must list the official AWS pages it relies on (extra.sources_required_under)."
    ]


def test_the_build_refuses_a_source_off_the_official_hosts(build) -> None:
    page = "---\nreviewed: 2026-11-01\nsources:\n  - https://qiita.com/x\n---\n# MFA\n"
    lines, _ = build({"troubleshooting/mfa.md": page})
    assert lines == [
        "WARNING:Doc file 'troubleshooting/mfa.md' line 3 lists the source 'https://qiita.com/x', but its host 'qiita.com' is "
        "not an official AWS host (extra.official_hosts): cite the official AWS page (https://docs.aws.amazon.com/..., "
        "https://repost.aws/knowledge-center/..., ...)."
    ]


def test_malformed_front_matter_stops_the_build_naming_the_file(build) -> None:
    lines, _ = build({"glossary.md": "---\nreviewed: 2026-11-01\ndescription: 要約: ここ\n---\n# 用語集\n"})
    assert lines == [
        "ERROR:Doc file 'glossary.md': the front matter is not valid YAML (line 3, column 16: mapping values are not "
        "allowed here). Fix it (quote a value that contains ': ' or starts with a symbol); until then MkDocs shows it "
        "as page text and ignores every key."
    ]


def test_a_misspelt_key_and_a_foreign_link_are_warnings(build) -> None:
    lines, _ = build({"glossary.md": "---\nreviewed: 2026-11-01\nguied: true\n---\n# 用語集\n\n[x](https://example.com/)\n"})
    assert lines == [
        f"WARNING:Doc file 'glossary.md' line 3 has an unknown front-matter key 'guied' (did you mean 'guide'?): it is "
        f"ignored. Known keys: {', '.join(pagemeta.KNOWN_KEYS)}.",
        "WARNING:Doc file 'glossary.md' contains a link to 'https://example.com/', but its host 'example.com' is not "
        "an official AWS host (extra.official_hosts): the site links only to official AWS pages and to its own "
        "repository (REPO_URL).",
    ]


def test_a_template_link_to_a_missing_page_stops_the_build(build) -> None:
    lines, _ = build({}, template_links="{faq: faq.md}")
    assert lines == [
        "ERROR:mkdocs.yml: extra.template_links.faq is 'faq.md', which is not among the documentation files: "
        "the templates (overrides/) would link to a missing page."
    ]


def test_a_clean_site_builds_without_a_word(build) -> None:
    lines, site_dir = build({})
    assert lines == []
    assert (site_dir / "index.html").exists()


def _page(site_dir: Path, path: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser")


def test_pages_show_their_sources_and_offer_edit_and_issue_links(build, monkeypatch) -> None:
    monkeypatch.setenv("REPO_URL", "https://github.com/owner/aws-signin-guide")
    other = "https://repost.aws/knowledge-center/lost-mfa"
    page = (f"---\nreviewed: 2026-11-01\nsources:\n  - {DOC}\n  - url: {other}\n    title: MFA をなくしたとき\n"
            f"  - https://docs.aws.amazon.com/IAM/\n---\n# MFA\n\n[サインインのトラブル]({DOC})\n")
    extra = "repo_url: !ENV REPO_URL\nedit_uri: edit/main/docs/\nsite_url: https://example.com/guide/\n"
    lines, site_dir = build({"troubleshooting/mfa.md": page}, extra=extra, theme="material")
    assert lines == []
    html = _page(site_dir, "troubleshooting/mfa/index.html")
    section = html.select_one("section.page-sources")
    assert section.h2.get_text() == "参考にした公式ドキュメント"
    assert [(a["href"], a.get_text(), a.get("class")) for a in section.select("a")] == [
        (DOC, "サインインのトラブル", None),
        (other, "MFA をなくしたとき", None),
        ("https://docs.aws.amazon.com/IAM/", "docs.aws.amazon.com/IAM/", ["page-sources__url"]),
    ]
    edit, issue = html.select(".page-actions a")
    assert (edit.get_text(), edit["href"]) == (
        "このページを編集", "https://github.com/owner/aws-signin-guide/edit/main/docs/troubleshooting/mfa.md")
    assert issue.get_text() == "問題を報告"
    assert issue["href"].startswith("https://github.com/owner/aws-signin-guide/issues/new?title=")
    body = parse_qs(urlsplit(issue["href"]).query)["body"][0]
    assert "URL: https://example.com/guide/troubleshooting/mfa/\nファイル: docs/troubleshooting/mfa.md\n" in body
    # the header links to the repository without Material's data-md-component="source" (which
    # fetches counts from GitHub's API in the reader's browser)
    assert html.select_one("a.md-source")["href"] == "https://github.com/owner/aws-signin-guide"
    assert html.select("[data-md-component=source]") == []


def test_without_a_repository_there_are_no_edit_or_issue_links(build) -> None:
    lines, site_dir = build({}, extra="repo_url: !ENV REPO_URL\nedit_uri: edit/main/docs/\n", theme="material")
    assert [r.getMessage() for r in build_site.last_records if r.levelno >= 30] == []
    html = _page(site_dir, "troubleshooting/support/index.html")
    assert html.select(".page-actions, a.md-source") == []
    assert "github" not in str(html)
    assert [a.get_text() for a in html.select(".page-sources a")] == [urlsplit(DOC).netloc + urlsplit(DOC).path]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_link_the_templates_write_resolves(build, directory_urls: bool) -> None:
    """Feedback links on every page and the 404 page's links, with either use_directory_urls, and
    every value of the triage data escaped."""
    def url(src: str) -> str:
        return src.replace(".md", "/").replace("index/", "") if directory_urls else src.replace(".md", ".html")

    triage = (  # from the flowcheck hook in the real site; given by hand here, same shape
        "  flowcheck_triage:\n"
        "    question: '<script>alert(1)</script>どれ？'\n"
        "    choices:\n"
        f"      - {{answer: '<b>パスワード</b>', url: '{url('troubleshooting/support.md')}#x', title: '<i>サポート</i>'}}\n"
    )
    lines, site_dir = build({"deep/er/page.md": "---\nreviewed: 2026-11-01\n---\n# 深い\n"},
                            extra=triage + "site_url: https://example.com/guide/\n", theme="material",
                            use_directory_urls=directory_urls)
    assert lines == []

    page_file = "deep/er/page/index.html" if directory_urls else "deep/er/page.html"
    feedback = _page(site_dir, page_file).select("[data-page-feedback] a")
    assert [a.get_text() for a in feedback] == ["サインインできないときの診断（フローチャート）", "症状から探す", "AWS サポートに問い合わせる"]
    page_url = "https://example.com/guide/" + page_file.removesuffix("index.html")
    for a in feedback:
        assert _resolves(site_dir, urljoin(page_url, a["href"])), a["href"]

    not_found = _page(site_dir, "404.html")
    links = not_found.select("article a[href]") or not_found.select(".md-content a[href]")
    assert [a.get_text() for a in links] == ["<b>パスワード</b>", "サインインできないときの診断（フローチャート）", "症状から探す", "ホーム"]
    for a in links:
        assert a["href"].startswith("/guide/"), a["href"]  # served at any depth: absolute paths
        assert _resolves(site_dir, urljoin("https://example.com/guide/no/such/page/", a["href"])), a["href"]
    text = (site_dir / "404.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text and "<b>パスワード" not in text and "<i>サポート" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;どれ？" in text


def _resolves(site_dir: Path, url: str) -> bool:
    parts = urlsplit(url)
    assert parts.netloc == "example.com" and parts.path.startswith("/guide/"), url
    path = parts.path.removeprefix("/guide/")
    target = site_dir / path / "index.html" if path.endswith("/") or path == "" else site_dir / path
    return target.is_file()
