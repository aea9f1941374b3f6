"""Page front matter: the one list of known keys, checks of their values, review dates, official
sources, the links in page content, and the page chrome built from them.

Plain Python with no MkDocs imports; ``hooks/pagemeta_hook.py`` wires it to MkDocs events and
``scripts/review.py`` (``make review``) and ``scripts/check_links.py`` reuse it.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import yaml

from flowcheck.targets import host_allowed  # charts and pages read an allow list the same way

__all__ = [
    "KNOWN_KEYS",
    "ConfigError",
    "FrontMatterError",
    "Settings",
    "Source",
    "check_content_links",
    "check_keys",
    "check_repo_url",
    "check_reviewed",
    "check_sources",
    "front_matter_lines",
    "host_allowed",
    "issue_url",
    "mark_external_links",
    "page_links",
    "source_links",
    "read_front_matter",
    "read_sources",
    "reviewed_date",
    "today",
    "url_problem",
]

#: Every front-matter key a page may use, and what it is for (README, "front matter").
#: A key not listed here is a warning: a misspelt key (``guied: true``) is silently ignored by
#: MkDocs, Material and every hook of ours.
KNOWN_KEYS: dict[str, str] = {
    "title": "page title (instead of the first heading)",
    "description": "one-line summary (search, 症状から探す, the guide's result)",
    "reviewed": "day the page was last checked against its sources (YYYY-MM-DD)",
    "sources": "official AWS pages the page relies on (https URLs, or url + title)",
    "symptoms": "how readers put the problem (search tags, 症状から探す)",
    "messages": "messages the console shows, in Japanese and English",
    "problems": "症状から探す: heading id on this page -> the problem in the reader's plain words",
    "guide": "guided mode: true/false, or the number of the chart to guide through",
    "guide_reason": "why the page has no guide (with guide: false)",
    "hide": "Material: parts of the page to hide (navigation, toc, footer, ...)",
    "search": "Material: search settings (exclude, boost)",
    "template": "Material: another page template",
    "status": "Material: page status (new, deprecated)",
    "tags": "Material: page tags",
    "icon": "Material: page icon",
}

#: The environment variable that replaces today's date, for tests and ``make review``.
TODAY_VARIABLE = "REVIEW_TODAY"

# MkDocs' own pattern (mkdocs.utils.meta.YAML_RE): what it takes as front matter.
_YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
_OPENING_RE = re.compile(r"^-{3}[ \t]*\n")
_UNSAFE_URL_RE = re.compile(r"[\\\s\x00-\x1f\x7f]")


class FrontMatterError(ValueError):
    """A page's front matter cannot be read at all (MkDocs would show it as page text)."""


class ConfigError(ValueError):
    """A setting of ours in mkdocs.yml ``extra`` cannot be used."""


# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class Settings:
    """Our keys of mkdocs.yml ``extra``."""

    review_after_days: int = 180
    official_hosts: tuple[str, ...] = ()
    sources_required_under: tuple[str, ...] = ()
    template_links: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any]) -> Settings:
        days = extra.get("review_after_days", 180)
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            raise ConfigError(f"extra.review_after_days must be a whole number of days (1 or more), got {days!r}")
        hosts = _string_tuple(extra, "official_hosts")
        if not hosts:
            raise ConfigError("extra.official_hosts must list the official AWS hosts, e.g. ['docs.aws.amazon.com']")
        for host in hosts:
            if not re.fullmatch(r"(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+", host):
                raise ConfigError(f"extra.official_hosts: {host!r} is not a host name or '*.' and a host name")
        dirs = _string_tuple(extra, "sources_required_under")
        for folder in dirs:
            if not folder.endswith("/") or folder.startswith("/"):
                raise ConfigError(
                    f"extra.sources_required_under: {folder!r} must be a folder inside docs_dir ending in '/'"
                )
        links = extra.get("template_links") or {}
        if not isinstance(links, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and v.endswith(".md") for k, v in links.items()
        ):
            raise ConfigError(
                f"extra.template_links must map names to documentation files ('symptoms: symptoms.md'), got {links!r}"
            )
        return cls(days, hosts, dirs, dict(links))


def _string_tuple(extra: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = extra.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"extra.{key} must be a list of strings, got {value!r}")
    return tuple(value)


def today() -> datetime.date:
    """Today, or the day in ``REVIEW_TODAY`` (YYYY-MM-DD) when it is set."""
    written = os.environ.get(TODAY_VARIABLE)
    if not written:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(written)
    except ValueError:
        raise ConfigError(f"{TODAY_VARIABLE}={written!r} is not a date like 2026-11-27") from None


# ---------------------------------------------------------------------------------------------
# Front matter


def read_front_matter(src_uri: str, text: str) -> dict[str, Any]:
    """The page's front matter, read the way MkDocs reads it, but refusing what MkDocs would
    silently print as page text (invalid YAML, a list or a string instead of keys, no closing
    ``---``). A page without front matter gives ``{}``."""
    text = text.lstrip("\ufeff")
    if not _OPENING_RE.match(text):
        return {}
    match = _YAML_RE.match(text)
    if not match:
        raise FrontMatterError(
            f"Doc file '{src_uri}': the front matter opened with '---' on line 1 is never closed. "
            "End it with a line of '---'; until then MkDocs shows it as page text and ignores every key."
        )
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise FrontMatterError(
            f"Doc file '{src_uri}': the front matter is not valid YAML ({_where_yaml_stopped(error, match.group(1))}). "
            "Fix it (quote a value that contains ': ' or starts with a symbol); until then MkDocs shows "
            "it as page text and ignores every key."
        ) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}"
        raise FrontMatterError(
            f"Doc file '{src_uri}': the front matter is {kind}, not 'key: value' lines. "
            "Write keys such as 'description:' and 'reviewed:' between the '---' lines, or remove them."
        )
    return data


def _where_yaml_stopped(error: yaml.YAMLError, body: str) -> str:
    """The line and column (in the file: the front matter starts on line 2) where YAML stopped, and
    why. At the end of the front matter (an unclosed quote or bracket) that is its last written
    line, not the '---' after it; the line where the unfinished value began is named too."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return problem
    line, column = mark.line, mark.column
    written = body.rstrip()
    if mark.index >= len(written):  # YAML ran out of text: it stopped after the last written character
        line = written.count("\n")
        column = len(written) - (written.rfind("\n") + 1)
    where = f"line {line + 2}, column {column + 1}: {problem}"
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and context.startswith(("while scanning", "while parsing a flow")) and context_mark is not None \
            and context_mark.line != line:  # the unfinished quote or bracket began there
        where += f", {context} from line {context_mark.line + 2}"
    return where


def front_matter_lines(text: str) -> dict[str, int]:
    """The file line (1-based, the opening '---' is line 1) of each top-level front-matter key;
    ``{}`` when the page has no readable front matter."""
    text = text.lstrip("\ufeff")
    match = _YAML_RE.match(text) if _OPENING_RE.match(text) else None
    if not match:
        return {}
    try:
        node = yaml.compose(match.group(1), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    lines: dict[str, int] = {}
    for key, _value in node.value:
        lines.setdefault(str(key.value), key.start_mark.line + 2)
    return lines


def _at(src_uri: str, lines: Mapping[str, int] | None, key: object) -> str:
    """"Doc file 'a.md' line 3" for a key written on line 3, else "Doc file 'a.md'"."""
    line = (lines or {}).get(str(key))
    return f"Doc file '{src_uri}' line {line}" if line else f"Doc file '{src_uri}'"


def _kind(value: Any) -> str:
    return {str: "string", list: "list", dict: "mapping", bool: "true/false", int: "number",
            float: "number"}.get(type(value), type(value).__name__)


def _is_string(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_string(v) for v in value)


def _is_guide(value: Any) -> bool:
    return isinstance(value, bool) or (isinstance(value, int) and value >= 1)


def _is_problem_map(value: Any) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        _is_string(k) and _is_string(v) for k, v in value.items())


def _is_source_list(value: Any) -> bool:
    return isinstance(value, list) and all(_is_string(v) or isinstance(v, dict) for v in value)


#: What each key must hold (a key absent here takes any value); checked before any hook reads it.
_VALUE_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (_is_string, "a string"),
    "description": (_is_string, "a string"),
    "symptoms": (_is_string_list, "a list of non-empty strings"),
    "messages": (_is_string_list, "a list of non-empty strings"),
    "problems": (_is_problem_map, "a mapping of heading ids to one line each ('no-mail: メールが届かない')"),
    "sources": (_is_source_list, "a list of URLs (or of 'url:' and 'title:' pairs)"),
    "guide": (_is_guide, "true, false or a chart number (1, 2, ...)"),
    "guide_reason": (_is_string, "a string"),
    "hide": (_is_string_list, "a list of strings (navigation, toc, footer, ...)"),
    "search": (lambda v: isinstance(v, dict), "a mapping (exclude: true, boost: 2)"),
    "template": (_is_string, "a string"),
    "status": (_is_string, "a string"),
    "tags": (_is_string_list, "a list of non-empty strings"),
    "icon": (_is_string, "a string"),
}


def check_keys(src_uri: str, meta: Mapping[str, Any], lines: Mapping[str, int] | None = None) -> list[str]:
    """Warnings for unknown keys (with the likely intended one) and values of the wrong kind, each
    on the line of its key when ``lines`` (:func:`front_matter_lines`) is given."""
    problems = []
    for key, value in meta.items():
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                f"{_at(src_uri, lines, key)} has an unknown front-matter key '{key}'{hint}: it is ignored. "
                f"Known keys: {', '.join(KNOWN_KEYS)}."
            )
            continue
        rule = _VALUE_RULES.get(key)
        if rule and not rule[0](value):
            problems.append(
                f"{_at(src_uri, lines, key)} has front-matter key '{key}' set to {value!r} ({_kind(value)}), "
                f"but it must be {rule[1]}."
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Review dates


def reviewed_date(meta: Mapping[str, Any]) -> datetime.date | None:
    """The ``reviewed:`` day, or ``None`` when it is missing or not a plain date."""
    value = meta.get("reviewed")
    if isinstance(value, datetime.datetime):
        return None
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def check_reviewed(src_uri: str, meta: Mapping[str, Any], now: datetime.date, after_days: int,
                   lines: Mapping[str, int] | None = None) -> list[str]:
    """A page without a review date, with one that is not a date, in the future or overdue."""
    at = _at(src_uri, lines, "reviewed")
    if "reviewed" not in meta:
        return [
            f"Doc file '{src_uri}' has no 'reviewed:' date in its front matter: add the day it was last "
            f"checked against the official AWS documentation, e.g. 'reviewed: {now.isoformat()}'."
        ]
    day = reviewed_date(meta)
    if day is None:
        return [
            f"{at} has 'reviewed: {meta['reviewed']}', which is not a date: "
            f"write the day as YYYY-MM-DD, e.g. 'reviewed: {now.isoformat()}'."
        ]
    if day > now + datetime.timedelta(days=1):  # a day's grace: Japan is up to 9 hours ahead of UTC CI
        return [
            f"{at} has 'reviewed: {day.isoformat()}', a day after today ({now.isoformat()}): "
            "write the day the page was actually checked."
        ]
    age = (now - day).days
    if age > after_days:
        return [
            f"{at} says the page was last reviewed on {day.isoformat()}, {age} days ago, more than "
            f"extra.review_after_days ({after_days}): check it against its sources and set 'reviewed:' "
            "to the day you did (make review lists every page, oldest first)."
        ]
    return []


# ---------------------------------------------------------------------------------------------
# Sources and links


@dataclass(frozen=True)
class Source:
    url: str
    title: str = ""




def url_problem(url: str, official_hosts: tuple[str, ...] | list[str]) -> str | None:
    """Why ``url`` is not an https URL on an official AWS host, or ``None`` when it is."""
    if _UNSAFE_URL_RE.search(url):
        return "it contains a backslash, a space or a control character"
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        return f"it is not a valid URL ({error})"
    if parts.scheme.lower() != "https":
        return "it is not an https URL"
    if "@" in parts.netloc:
        return "it has a user name in it"
    if not host_allowed(host, official_hosts):
        return f"its host '{host}' is not an official AWS host (extra.official_hosts)"
    return None


def read_sources(meta: Mapping[str, Any]) -> list[Source]:
    """The sources a page lists, as written (URL strings, or mappings with ``url`` and ``title``)."""
    value = meta.get("sources")
    if not isinstance(value, list):
        return []
    sources = []
    for item in value:
        if isinstance(item, str) and item.strip():
            sources.append(Source(item.strip()))
        elif isinstance(item, dict) and _is_string(item.get("url")):
            title = item.get("title")
            sources.append(Source(item["url"].strip(), title.strip() if _is_string(title) else ""))
    return sources


def check_sources(src_uri: str, meta: Mapping[str, Any], settings: Settings,
                  lines: Mapping[str, int] | None = None) -> list[str]:
    """A page that must cite sources and lists none; a source that is not an official https URL."""
    at = _at(src_uri, lines, "sources")
    value = meta.get("sources")
    required = next((d for d in settings.sources_required_under if src_uri.startswith(d)), None)
    if not value:
        if required is None:
            return []
        return [
            f"Doc file '{src_uri}' has no 'sources:' in its front matter, but every page under "
            f"'{required}' must list the official AWS pages it relies on (extra.sources_required_under)."
        ]
    if not isinstance(value, list):
        return []  # check_keys has said what the value must be
    problems = []
    seen = set()
    for item in value:
        if isinstance(item, dict):
            unknown = sorted(set(item) - {"url", "title"})
            if unknown or not _is_string(item.get("url")) or ("title" in item and not _is_string(item["title"])):
                problems.append(
                    f"{at} lists the source {item!r}: a source is a URL, or 'url:' with an "
                    "optional 'title:' (both strings)."
                )
                continue
            url = item["url"].strip()
        elif _is_string(item):
            url = item.strip()
        else:
            continue  # check_keys has said what the value must be
        reason = url_problem(url, settings.official_hosts)
        if reason:
            problems.append(
                f"{at} lists the source '{url}', but {reason}: cite the official AWS page "
                "(https://docs.aws.amazon.com/..., https://repost.aws/knowledge-center/..., ...)."
            )
        elif url in seen:
            problems.append(f"{at} lists the source '{url}' twice.")
        seen.add(url)
    return problems


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[list[str]] = []  # href, text so far

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            self._open.append([href or "", ""])

    def handle_data(self, data: str) -> None:
        for entry in self._open:
            entry[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open:
            href, text = self._open.pop()
            if href:
                self.links.append((href, " ".join(text.split())))


def page_links(html: str) -> list[tuple[str, str]]:
    """Every ``<a href>`` of an HTML fragment, with its text: ``[(href, text), ...]``."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return collector.links


_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def check_content_links(
    src_uri: str, links: list[tuple[str, str]], official_hosts: tuple[str, ...], own_urls: tuple[str, ...]
) -> list[str]:
    """Links in page content go to the site itself, to official AWS hosts over https, or to this
    repository (``own_urls``: the repository and the site URL, when they are set)."""
    problems = []
    for href, _text in links:
        if not _SCHEME_RE.match(href) and not href.startswith("//"):
            continue  # relative: MkDocs' own validation checks it
        if any(_under(href, own) for own in own_urls):
            continue
        reason = url_problem(href, official_hosts)
        if reason:
            problems.append(
                f"Doc file '{src_uri}' contains a link to '{href}', but {reason}: the site links only to "
                "official AWS pages and to its own repository (REPO_URL)."
            )
    return problems


_A_TAG_RE = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_HREF_RE = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def mark_external_links(html: str) -> str:
    """Mark every ``<a>`` whose href is an http(s) URL with ``data-external``, for the print
    stylesheet: with instant navigation Material makes every internal href absolute in the
    browser, so CSS cannot tell external links apart by their href."""

    def mark(match: re.Match[str]) -> str:
        tag = match.group(0)
        href = _HREF_RE.search(tag)
        value = (href.group(1) if href.group(1) is not None else href.group(2)) if href else ""
        if not value.lower().startswith(("http://", "https://")) or "data-external" in tag:
            return tag
        return tag[:-2] + " data-external />" if tag.endswith("/>") else tag[:-1] + " data-external>"

    return _A_TAG_RE.sub(mark, html)


def _under(url: str, base: str) -> bool:
    base = base.rstrip("/")
    return url == base or url.startswith((base + "/", base + "?", base + "#"))


# ---------------------------------------------------------------------------------------------
# Page chrome


def source_links(sources: list[Source], link_texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """What the template shows under 参考にした公式ドキュメント: the title written in front matter,
    else the text of a link to the same URL in the page, else the URL itself."""
    shown = []
    for source in sources:
        text = source.title or link_texts.get(source.url, "")
        shown.append({"url": source.url, "text": text or _bare(source.url), "is_url": not text})
    return shown


def _bare(url: str) -> str:
    return re.sub(r"^https://", "", url)


def check_repo_url(repo_url: str) -> None:
    """Refuse a repository URL (``REPO_URL``) that the edit and issue links cannot be built on."""
    parts = urlsplit(repo_url)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment or "@" in parts.netloc \
            or len([p for p in parts.path.split("/") if p]) < 2 or _UNSAFE_URL_RE.search(repo_url):
        raise ConfigError(
            f"repo_url (REPO_URL) is {repo_url!r}, but it must be the repository's https URL, "
            "e.g. https://github.com/owner/aws-signin-guide"
        )


def issue_url(repo_url: str, title: str, page_url: str, src_path: str) -> str:
    """A new GitHub issue about a page, with its title, URL and file filled in."""
    body = (
        f"ページ: {title}\n"
        f"URL: {page_url}\n"
        f"ファイル: {src_path}\n\n"
        "何が違っていたか、どこで困ったかを書いてください（画面のメッセージもそのまま貼ってください）。\n"
    )
    query = urlencode({"title": f"「{title}」のページについて", "body": body}, quote_via=quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"
