"""症状から探す: one line per problem, grouped by where the reader is stuck, with a filter box.

The lines come from each page's front matter ``problems:`` (heading id -> what the reader sees,
in plain words); a page without ``problems:`` gets one line, its title (short: one row on a phone), linked to
its top.
The groups and their order come from the checked conversation graph (flowcheck's report, the
same graph ``site/flowcheck.json`` holds): each answer of the triage chart's first question is a
group, and pages come in the order the conversation reaches them from that answer.

Plain Python with no MkDocs imports; ``hooks/search_hook.py`` wires it to MkDocs events.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flowcheck import relative_url

__all__ = [
    "LIST_MARKER",
    "OTHER_GROUP",
    "PageProblems",
    "ProblemsError",
    "Section",
    "conversation_groups",
    "headings",
    "pages_listed",
    "read_problems",
    "render_list",
]

#: where the generated list goes on symptoms.md (replaced after every page is rendered)
LIST_MARKER = "<!-- symptoms:problems -->"
#: the group of pages the conversation does not reach
OTHER_GROUP = "そのほか"
#: the group of problems that the triage reaches from several of its first answers (shared by every kind of reader)
SHARED_GROUP = "どの方法でサインインしても"


class ProblemsError(ValueError):
    """A page's ``problems:`` names a heading the page does not have."""


@dataclass(frozen=True)
class Section:
    id: str
    level: int
    line: int  # in the file as written, front matter counted
    title: str


@dataclass
class PageProblems:
    src_uri: str
    url: str
    title: str
    description: str = ""
    #: heading id -> the problem in plain words, in the order the front matter lists them
    problems: dict[str, str] = field(default_factory=dict)
    #: words search knows the page by (symptoms, messages): the filter box matches them too
    keywords: list[str] = field(default_factory=list)


_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^}]*)\})?\s*#*\s*$")
_ID = re.compile(r"(?:^|\s)#([\w-]+)")


def _slug(text: str) -> str:
    """Python-Markdown's default heading id (used when a heading has no explicit id)."""
    from markdown.extensions.toc import slugify

    return slugify(text, "-")


def headings(file_text: str) -> list[Section]:
    """Every heading of a Markdown file (outside code fences) with its id and line."""
    lines = file_text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
        start = end + 1
    from markdown.extensions.toc import unique

    found: list[tuple[str | None, int, int, str]] = []
    fenced = False
    for number, line in enumerate(lines[start:], start + 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if not match:
            continue
        level, title, attrs = len(match.group(1)), match.group(2).strip(), match.group(3) or ""
        explicit = _ID.search(attrs)
        found.append((explicit.group(1) if explicit else None, level, number, title))
    # as the toc extension does: explicit ids first, then each slug made unique (a Japanese
    # heading's slug is empty and becomes _1, _2 …)
    used = {anchor for anchor, *_ in found if anchor}
    return [Section(anchor or unique(_slug(title), used), level, number, title)
            for anchor, level, number, title in found]


def _key_line(file_text: str, key: str) -> int:
    """The line of ``key:`` inside the front matter's ``problems:`` mapping (1 when not found)."""
    inside = False
    for number, line in enumerate(file_text.splitlines(), 1):
        if re.match(r"^problems\s*:", line):
            inside = True
        elif inside and re.match(r"^\S", line):
            break
        elif inside and re.match(rf"^\s+[\"']?{re.escape(key)}[\"']?\s*:", line):
            return number
    return 1


def read_problems(src_uri: str, meta: Mapping[str, Any], file_text: str) -> dict[str, str]:
    """The page's ``problems:`` (shape already checked by pagemeta), each id checked against the
    page's headings."""
    problems = meta.get("problems") or {}
    if not isinstance(problems, Mapping):
        return {}
    ids = [section.id for section in headings(file_text)]
    for key in problems:
        if str(key) not in ids:
            raise ProblemsError(
                f"Doc file '{src_uri}' line {_key_line(file_text, str(key))}: 'problems:' names the heading "
                f"id '{key}', but no heading on this page has that id (its ids: {', '.join(ids) or 'none'}). "
                f"Give the heading that fixes it an id (## 見出し {{ #{key} }}) or use one of the ids listed."
            )
    return {str(key): str(line).strip() for key, line in problems.items()}


# --- groups from the conversation graph ---------------------------------------------------------

def _span_charts(charts: list[dict], sections: list[Section], anchor: str) -> list[dict]:
    """The charts written under the heading ``anchor`` (before the next heading of its level or higher)."""
    section = next((s for s in sections if s.id == anchor), None)
    if section is None:
        return []
    after = [s.line for s in sections if s.line > section.line and s.level <= section.level]
    end = min(after) if after else float("inf")
    return [c for c in charts if section.line < c["line"] < end]


def conversation_groups(report: Mapping[str, Any], triage_page: str,
                        sections: Mapping[str, list[Section]]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(answer of the triage's first question, the (page, anchor) targets the conversation reaches
    from it, in the order the charts reach them: depth first, answers in the order written).

    A click to a page goes on at that page's first chart; a click to a section goes on at the
    charts under it, and is a fix when there are none.
    """
    by_page: dict[str, list[dict]] = {}
    for chart in report.get("charts", []):
        by_page.setdefault(chart["page"], []).append(chart)
    for charts in by_page.values():
        charts.sort(key=lambda c: c["index"])
    triage = (by_page.get(triage_page) or [None])[0]
    if triage is None or not triage.get("start"):
        return []

    def outgoing(chart: dict, node_id: str) -> list[dict]:
        return [e for e in chart["edges"] if e["from"] == node_id]

    def walk(chart: dict, node_id: str, reached: list[tuple[str, str]], seen: set) -> None:
        if (chart["id"], node_id) in seen:
            return
        seen.add((chart["id"], node_id))
        node = next((n for n in chart["nodes"] if n["id"] == node_id), None)
        click = node and node.get("click")
        if click and click.get("kind") == "page":
            target = (click["page"], click.get("anchor") or "")
            if target not in reached:
                reached.append(target)
            page_charts = by_page.get(target[0], [])
            following = _span_charts(page_charts, sections.get(target[0], []), target[1]) if target[1] \
                else page_charts[:1]
            for next_chart in following:
                if next_chart.get("start"):
                    walk(next_chart, next_chart["start"], reached, seen)
        for edge in outgoing(chart, node_id):
            walk(chart, edge["to"], reached, seen)

    groups = []
    labels = {n["id"]: n["label"] for n in triage["nodes"]}
    for edge in outgoing(triage, triage["start"]):
        reached: list[tuple[str, str]] = []
        walk(triage, edge["to"], reached, {(triage["id"], triage["start"])})
        groups.append((edge["label"] or labels.get(edge["to"], ""), reached))
    return groups


# --- the list -----------------------------------------------------------------------------------

@dataclass
class _Line:
    text: str
    src_uri: str
    anchor: str


def _within(sections: list[Section], anchor: str) -> list[str]:
    """``anchor`` and the headings whose sections hold it (the nearest first)."""
    found = next((k for k, s in enumerate(sections) if s.id == anchor), None)
    if found is None:
        return [anchor]
    chain, level = [anchor], sections[found].level
    for section in reversed(sections[:found]):
        if section.level < level:
            chain.append(section.id)
            level = section.level
    return chain


def _lines_by_group(groups: list[tuple[str, list[tuple[str, str]]]], pages: Mapping[str, PageProblems],
                    sections: Mapping[str, list[Section]] | None = None) -> list[tuple[str, list[_Line]]]:
    """Each problem under the group whose conversation reaches its section (or a section that holds
    it), else under the first group that reaches its page at all; a problem that several groups reach
    goes under SHARED_GROUP, first. So a page every reader shares (MFA) spreads its lines over the
    groups of the readers who meet them. In a group, lines come in the order the conversation reaches
    them, then in the order the page lists them."""
    sections = sections or {}
    every = [*groups, (OTHER_GROUP, [(src, "") for src in sorted(pages)])]
    placed: dict[int, list[tuple[int, int, _Line]]] = {}
    for order, (src_uri, page) in enumerate(sorted(pages.items())):
        lines = ([(anchor, text) for anchor, text in page.problems.items()] if page.problems
                 else [("", page.title)])  # short: one row on a phone
        for rank, (anchor, text) in enumerate(lines):
            chain = _within(sections.get(src_uri, []), anchor) if anchor else [""]
            spots = [(g, k) for g, (_, reached) in enumerate(groups) for k, (s, a) in enumerate(reached)
                     if s == src_uri and a and a in chain]
            spots = spots or [(g, k) for g, (_, reached) in enumerate(every) for k, (s, _a) in enumerate(reached)
                              if s == src_uri]
            if not spots:
                continue
            group, at = spots[0]
            if len({g for g, _ in spots if g < len(groups)}) > 1:
                group = -1  # several kinds of reader meet it: listed once, before theirs
            placed.setdefault(group, []).append((at, order * 1000 + rank, _Line(text, src_uri, anchor)))
    name = {-1: SHARED_GROUP, **{g: every[g][0] for g in range(len(every))}}
    return [(name[g], [line for *_, line in sorted(placed[g], key=lambda item: item[:2])]) for g in sorted(placed)]


def _group_id(index: int) -> str:
    return f"stuck-{index}"


def render_list(groups: list[tuple[str, list[tuple[str, str]]]], pages: Mapping[str, PageProblems],
                from_url: str, sections: Mapping[str, list[Section]] | None = None) -> str:
    """The HTML of 症状から探す's list: a filter box, then per group a heading and one link per
    problem.

    The filter box is ``hidden`` until ``symptoms-filter.js`` shows it (readers without JavaScript
    see the whole list and no box that does nothing). Each line carries ``data-words``: its page's
    title and search words (symptoms, messages), which the filter matches besides the line; the
    search worker normalises and cuts both, as it does for search.
    """
    out = [
        '<div class="symptom-filter" data-symptom-filter hidden>',
        '<label for="symptom-filter-input">症状を絞り込む</label>',
        '<input id="symptom-filter-input" type="search" autocomplete="off" '
        'placeholder="例: パスワード、MFA、メール" aria-describedby="symptom-filter-status">',
        '<p id="symptom-filter-status" class="symptom-filter__status" role="status" aria-live="polite"></p>',
        "</div>",
    ]
    for number, (name, lines) in enumerate(_lines_by_group(groups, pages, sections), 1):
        out.append(f'<section class="symptom-group" aria-labelledby="{_group_id(number)}">')
        out.append(f'<h2 id="{_group_id(number)}">{html.escape(name)}</h2>')
        out.append('<ul class="symptom-lines">')
        for line in lines:
            page = pages[line.src_uri]
            href = relative_url(page.url, from_url) + (f"#{line.anchor}" if line.anchor else "")
            words = " / ".join([page.title, *page.keywords])
            out.append(f'<li data-words="{html.escape(words)}"><a href="{html.escape(href)}">'
                       f"{html.escape(line.text)}</a></li>")
        out += ["</ul>", "</section>"]
    out.append('<p class="symptom-filter__none" hidden>当てはまる行がありません。言葉を短くするか、'
               "上の検索（虫めがね）で探してください。</p>")
    return "\n".join(out)


def pages_listed(entries: Iterable[PageProblems], under: str) -> dict[str, PageProblems]:
    """The pages 症状から探す lists: every page with ``problems:``, and every page under ``under``
    (the troubleshooting folder) except its index."""
    return {e.src_uri: e for e in entries
            if e.problems or (e.src_uri.startswith(under) and e.src_uri != f"{under}index.md")}
