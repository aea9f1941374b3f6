"""Symptom vocabulary for search: read from front matter, shown on pages, weighted in the index.

Each troubleshooting page declares in its front matter how readers put its symptom
(``symptoms:``) and the exact messages the console shows (``messages:``). From that one source:
a box on the page, the generated 症状から探す page, and ``tags`` in Material's search index,
which the search worker weighs apart from the body text.

Plain Python with no MkDocs imports; ``hooks/search_hook.py`` wires it to MkDocs events.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field

from search_vocabulary import build_vocabulary, encode_table

__all__ = [
    "SYMPTOM_LIST_MARKER",
    "FrontMatterError",
    "PageSymptoms",
    "add_symptom_box",
    "first_heading",
    "plain_text",
    "read_symptoms",
    "render_symptom_list",
    "symptom_groups",
    "rewrite_search_index",
]

SYMPTOM_LIST_MARKER = "<!-- symptoms:list -->"
#: the generated 症状から探す page
SYMPTOMS_PAGE = "symptoms.md"


class FrontMatterError(ValueError):
    """A page's front matter declares symptoms in a form that cannot be used."""


@dataclass
class PageSymptoms:
    src_uri: str
    title: str
    description: str = ""
    phrases: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        return self.phrases + self.messages


def _string_list(meta: dict, key: str, src_uri: str) -> list[str]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FrontMatterError(
            f"Doc file '{src_uri}': front matter '{key}' must be a list of non-empty strings, "
            f"got {value!r}. Quote a phrase that contains ':' or starts with a symbol."
        )
    return [v.strip() for v in value]


def first_heading(markdown: str) -> str:
    """The text of the page's first '# ' heading, without an attribute list."""
    for line in markdown.splitlines():
        if line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return ""


def read_symptoms(src_uri: str, meta: dict, markdown: str) -> PageSymptoms | None:
    """The symptoms a page declares, or ``None`` when it declares none."""
    phrases = _string_list(meta, "symptoms", src_uri)
    messages = _string_list(meta, "messages", src_uri)
    if not phrases and not messages:
        return None
    description = meta.get("description") or ""
    return PageSymptoms(src_uri, first_heading(markdown), str(description), phrases, messages)


def _quote(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def add_symptom_box(markdown: str, symptoms: PageSymptoms) -> str:
    """Append a collapsed box of the page's symptoms and messages at the end of the page.

    At the end, not under the title: on a phone the first step comes first; the box then
    confirms the page was the right one and points to 症状から探す when it was not. It is kept
    out of the search index (the same phrases are the page's ``tags`` there).
    """
    listing = posixpath.relpath(SYMPTOMS_PAGE, posixpath.dirname(symptoms.src_uri) or ".")
    lines = ['<details class="question symptom-box" data-search-exclude markdown>',
             "<summary>このページで解決できる症状</summary>", ""]
    lines += [f"- {phrase}" for phrase in symptoms.phrases]
    if symptoms.messages:
        lines += ["", "画面に表示されるメッセージ:", ""]
        lines += [f"- {_quote(message)}" for message in symptoms.messages]
    lines += ["", f"当てはまらないときは、[症状から探す]({listing})で別の言い方から探せます。", "", "</details>"]
    return markdown.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


_FENCE = re.compile(r"^```mermaid[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_HEADING_ID = re.compile(r"^#{1,6} .*\{[^}]*#([\w-]+)[^}]*\}\s*$", re.MULTILINE)
_EDGE = re.compile(r"^\s*(\w+)\b[^-\n]*?-->\s*(?:\|([^|]*)\|\s*)?(\w+)", re.MULTILINE)
_CLICK = re.compile(r'^\s*click\s+(\w+)\s+"([^"]+)"', re.MULTILINE)


def _charts_by_section(markdown: str) -> tuple[list[str], dict[str, str]]:
    """The page's chart sources in order, and the first chart under each heading id."""
    charts = [m.group(1) for m in _FENCE.finditer(markdown)]
    under: dict[str, str] = {}
    headings = [(m.start(), m.group(1)) for m in _HEADING_ID.finditer(markdown)]
    for chart in _FENCE.finditer(markdown):
        ids = [hid for pos, hid in headings if pos < chart.start()]
        if ids:
            under.setdefault(ids[-1], chart.group(1))
    return charts, under


def _label(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*<br\s*/?>\s*", "", text)).strip().strip('"')


def _leaves(chart: str, under: dict[str, str], page_dir: str, seen: set[str],
            start: str | None = None) -> list[tuple[str, str]]:
    """(answer, target page) for every clickable answer of a chart, depth first in the order the
    chart is written; an answer that clicks to a heading of the same page goes on with the chart
    under that heading."""
    edges: dict[str, list[tuple[str, str]]] = {}
    for source, label, target in _EDGE.findall(chart):
        edges.setdefault(source, []).append((label or "", target))
    clicks = dict(_CLICK.findall(chart))
    starts = [m.group(1) for m in _EDGE.finditer(chart)]
    out: list[tuple[str, str]] = []

    def walk(node: str, label: str) -> None:
        if node in seen:
            return
        seen.add(node)
        target = clicks.get(node)
        if target and target.startswith("#") and target[1:] in under:
            out.extend(_leaves(under[target[1:]], under, page_dir, seen))
        elif target and "://" not in target and not target.startswith("#"):
            path = posixpath.normpath(posixpath.join(page_dir, target.split("#")[0]))
            out.append((label, path))
        for answer, child in edges.get(node, []):
            walk(child, answer)

    if start or starts:
        walk(start or starts[0], "")
    return out


def symptom_groups(triage_src_uri: str, markdown_by_src: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Pages grouped by situation, in the order the triage page's first chart asks about them.

    Each answer of the first chart is a situation; the pages it leads to (through the charts
    under same-page headings it clicks to) come in the order their answers are written. A page
    the triage does not name joins the situation of the first placed page whose charts link to
    it; the rest come last under 「そのほか」.
    """
    markdown = markdown_by_src.get(triage_src_uri, "")
    charts, under = _charts_by_section(markdown)
    page_dir = posixpath.dirname(triage_src_uri)
    groups: list[tuple[str, list[str]]] = []
    placed: set[str] = set()
    if charts:
        edges = _EDGE.findall(charts[0])
        first = edges[0][0] if edges else ""
        for source, label, target in edges:
            if source != first:
                continue
            pages = [path for _, path in _leaves(charts[0], under, page_dir, {first}, target) if path not in placed]
            pages = list(dict.fromkeys(p for p in pages if p in markdown_by_src))
            placed.update(pages)
            groups.append((_label(label), pages))
    for _name, pages in groups:
        for page in list(pages):
            for chart in _charts_by_section(markdown_by_src.get(page, ""))[0]:
                for _, target in _CLICK.findall(chart):
                    if "://" in target or target.startswith("#"):
                        continue
                    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target.split("#")[0]))
                    if path in markdown_by_src and path not in placed:
                        placed.add(path)
                        pages.append(path)
    rest = sorted(set(markdown_by_src) - placed - {triage_src_uri})
    return [*groups, ("そのほか", rest)]


def render_symptom_list(entries: list[PageSymptoms], from_src_uri: str,
                        groups: list[tuple[str, list[str]]] | None = None) -> str:
    """The 症状から探す page body: every page's symptoms, linked to it (relative .md links),
    grouped by situation (``symptom_groups``); without groups, in file-name order."""
    by_src = {entry.src_uri: entry for entry in entries}
    if groups is None:
        groups = [("", sorted(by_src))]
    out: list[str] = []
    base = posixpath.dirname(from_src_uri)
    level = "###" if any(name for name, _ in groups) else "##"
    listed: set[str] = set()
    for name, pages in groups:
        pages = [p for p in pages if p in by_src and p not in listed]
        if not pages:
            continue
        listed.update(pages)
        if name:
            out += [f"## {name}", ""]
        for src in pages:
            entry = by_src[src]
            link = posixpath.relpath(entry.src_uri, base or ".")
            out += [f"{level} [{entry.title}]({link})", ""]
            if entry.description:
                out += [entry.description, ""]
            out += [f"- [{phrase}]({link})" for phrase in entry.phrases]
            if entry.messages:
                out += ["", "画面に表示されるメッセージ:", ""]
                # 「」 rather than code spans: a code background under link colour fails contrast in dark
                out += [f"- [「{message}」]({link})" for message in entry.messages]
            out.append("")
    return "\n".join(out)


_BLOCK_END = re.compile(r"</(?:p|li|h\d|pre|div|dd|dt|tr|details|summary|table)>|<br\s*/?>", re.IGNORECASE)


def plain_text(html_text: str) -> str:
    """Index text as the reader reads it: no markup, one line per paragraph or list item."""
    text = html.unescape(re.sub(r"<[^>]+>", "", _BLOCK_END.sub("\n", html_text)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def rewrite_search_index(text: str, tags_by_location: dict[str, list[str]]) -> str:
    """The index the site's search worker reads (``docs/javascripts/search-worker.js``).

    Each page's symptoms and messages become its ``tags``; body text becomes plain text (the
    worker makes its own one-line snippets); ``config.ja.vocabulary`` carries the vocabulary
    that the worker cuts page text and queries with (``search_vocabulary.py``). Written as
    compact UTF-8: Material escapes Japanese as ``\\uXXXX``, six bytes a character instead of three.
    """
    index = json.loads(text)
    index["config"].pop("fields", None)
    texts: list[str] = []
    for doc in index["docs"]:
        doc["text"] = plain_text(doc.get("text", ""))
        tags = tags_by_location.get(doc["location"])
        if tags:
            doc["tags"] = tags
        texts += [doc["title"], doc["text"], *doc.get("tags", [])]
    index["config"]["ja"] = {"vocabulary": encode_table(build_vocabulary(texts))}
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
