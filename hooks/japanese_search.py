"""Symptom vocabulary for search: read from front matter, shown on pages, weighted in the index.

Each troubleshooting page declares in its front matter how readers put its symptom
(``symptoms:``) and the exact messages the console shows (``messages:``). From that one source:
a box on the page and ``tags`` in Material's search index, which the search worker weighs
apart from the body text (症状から探す is ``symptoms_page.py``).

Plain Python with no MkDocs imports; ``hooks/search_hook.py`` wires it to MkDocs events.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from search_vocabulary import build_vocabulary, encode_table

__all__ = [
    "FrontMatterError",
    "PageSymptoms",
    "add_symptom_box",
    "first_heading",
    "first_sentence",
    "section_summaries",
    "without_search_excluded",
    "plain_text",
    "read_symptoms",
    "rewrite_search_index",
]

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


_BLOCK_END = re.compile(r"</(?:p|li|h\d|pre|div|dd|dt|tr|details|summary|table)>|<br\s*/?>", re.IGNORECASE)
#: what a section's one line never comes from: the guide panels and the summary line of a chart's
#: text version (「文章で読む: …」; the text version's first paragraph, the chart's description, may)
# (the guide's panel ends with its inert data: hooks/guide/panel.py)
_NOT_A_SUMMARY = re.compile(r'<div class="flow-guide" role="region".*?</template></div>|<summary>.*?</summary>',
                            re.DOTALL)
_HEADING_OPEN = re.compile(r'<h[1-6][^>]*\bid="([^"]+)"[^>]*>')
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_SENTENCE = re.compile(r"^.*?(?:。|$)")
SUMMARY_CHARS = 90


def plain_text(html_text: str) -> str:
    """Index text as the reader reads it: no markup, one line per paragraph or list item."""
    text = html.unescape(re.sub(r"<[^>]+>", "", _BLOCK_END.sub("\n", html_text)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def first_sentence(html_text: str) -> str:
    """The first sentence of the first paragraph of some HTML, clipped to one line."""
    match = _PARAGRAPH.search(_NOT_A_SUMMARY.sub("", html_text))
    lines = plain_text(match.group(1)).splitlines() if match else []
    if not lines:
        return ""
    sentence = _SENTENCE.match(" ".join(lines)).group(0)
    return sentence if len(sentence) <= SUMMARY_CHARS else sentence[:SUMMARY_CHARS - 1] + "…"


def section_summaries(content: str) -> dict[str, str]:
    """Heading id -> the first sentence a reader meets under that heading (before the next
    heading), from a rendered page; ``""`` -> the first sentence before the first heading."""
    out: dict[str, str] = {}
    headings = list(_HEADING_OPEN.finditer(content))
    bounds = [("", 0)] + [(m.group(1), m.end()) for m in headings]
    ends = [m.start() for m in headings] + [len(content)]
    for (anchor, start), end in zip(bounds, ends, strict=True):
        sentence = first_sentence(content[start:end])
        if sentence:
            out[anchor] = sentence
    return out


#: elements HTML never closes (no end tag to count)
_VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"])


class _ExcludedSpans(HTMLParser):
    """The [start, end) offsets of every element carrying ``data-search-exclude``, with all it
    holds, matched by counting nested elements of the same name."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.text = text
        self.spans: list[tuple[int, int]] = []
        self.open: tuple[str, int, int] | None = None  # tag, depth, start

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _VOID:
            return
        if self.open is None:
            if any(name == "data-search-exclude" for name, _ in attrs):
                self.open = (tag, 1, self.position())
        elif tag == self.open[0]:
            self.open = (tag, self.open[1] + 1, self.open[2])

    def handle_endtag(self, tag: str) -> None:
        if self.open is None or tag != self.open[0]:
            return
        name, depth, start = self.open
        if depth > 1:
            self.open = (name, depth - 1, start)
            return
        self.spans.append((start, self.text.index(">", self.position()) + 1))
        self.open = None


def without_search_excluded(html_text: str) -> str:
    """A page's HTML as search should read it: each element marked ``data-search-exclude`` taken
    out whole. Material 9.8.2's search parser stops excluding at the first closing tag of the same
    name inside the element (a guide panel is a ``<div>`` holding ``<div>``s, so the chart data
    after them reached the index as words)."""
    parser = _ExcludedSpans(html_text)
    parser.feed(html_text)
    parser.close()
    out, cursor = [], 0
    for start, end in parser.spans:
        out.append(html_text[cursor:start])
        cursor = end
    return "".join(out) + html_text[cursor:]


def rewrite_search_index(text: str, tags_by_location: dict[str, list[str]],
                         summaries_by_location: dict[str, str] | None = None,
                         problems_by_location: dict[str, str] | None = None) -> str:
    """The index the site's search worker reads (``docs/javascripts/search-worker.js``).

    Each page's symptoms and messages become its ``tags``; a section named in a page's
    ``problems:`` gets its problem line as its tags. Every document gets a one-line ``summary``,
    the line a result shows (``summaries_by_location``: the section's problem line, the page's
    description, else the first sentence under the heading). Body text becomes plain text.
    ``config.ja.vocabulary`` carries the vocabulary that the worker cuts page text and queries
    with (``search_vocabulary.py``). Written as compact UTF-8: Material escapes Japanese as
    ``\\uXXXX``, six bytes a character instead of three.
    """
    summaries = {**(summaries_by_location or {}), **(problems_by_location or {})}
    problems = problems_by_location or {}
    index = json.loads(text)
    index["config"].pop("fields", None)
    texts: list[str] = []
    for doc in index["docs"]:
        doc.pop("boost", None)  # no hand-set weight per page: rank by what the page says
        doc["text"] = plain_text(doc.get("text", ""))
        tags = tags_by_location.get(doc["location"])
        if tags:
            doc["tags"] = tags
        if doc["location"] in problems:
            doc["tags"] = [*doc.get("tags", []), problems[doc["location"]]]
        summary = summaries.get(doc["location"])
        if summary:
            doc["summary"] = summary
        texts += [doc["title"], doc["text"], *doc.get("tags", [])]
    index["config"]["ja"] = {"vocabulary": encode_table(build_vocabulary(texts))}
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))
