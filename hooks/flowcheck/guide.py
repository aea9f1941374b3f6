"""The guided mode: the site's charts as one conversation, one question at a time.

Generated from the checked graph, so the guide and the drawn charts cannot disagree:

- :func:`guided_charts` reads front matter: every chart that asks something gets a guide unless
  the page says ``guide: false`` with a ``guide_reason``; ``guide: N`` keeps only chart N.
- :func:`guide_data` carries a chart and every chart its answers lead to (an answer that ends on
  a page with charts of its own continues with that page's questions), with each link's title and
  the first lines of the section it points to (:func:`section_excerpt`).
- :func:`guide_view` walks that data along a path of answers; :func:`guide_panel` writes the
  panel with its first step already drawn (so it is there at first paint), and ``guide.js`` walks
  the same data in the browser with the same rules.

Nothing here imports MkDocs; the hook passes plain values in.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .checks import SiteGraph, start_nodes
from .graph import Chart
from .targets import host_allowed, relative_url

__all__ = [
    "CHOOSE_QUESTION", "GUIDE_DATA", "GUIDE_SLOT", "GuideRequestError", "asks_question", "chart_id",
    "encode_records", "guide_answers", "guide_data", "guide_panel", "guide_records", "guide_slot", "guide_view",
    "guided_charts", "is_question", "place_panel", "records_document", "section_excerpt", "take_slot",
    "triage_choices",
]

GUIDE_SLOT = '<div class="flow-guide-slot" data-chart="{index}"></div>'
CHOOSE_QUESTION = "当てはまるものを選んでください"
AGAIN = "この質問には前にも答えています。別の答えを選ぶか、上のページで詳しく読んでください。"
#: an answer that picks one of several charts of the next page is written ``~N`` in the URL
CHOICE_PREFIX = "~"


class GuideRequestError(ValueError):
    """Front matter ``guide:`` / ``guide_reason:`` that cannot be honoured."""


# --- which charts get a guide ---------------------------------------------------------------


def is_question(chart: Chart, node_id: str) -> bool:
    """A node that asks the reader something: a decision ``{…}``, or any node with two or more answers."""
    return chart.nodes[node_id].shape == "decision" or len(chart.outgoing(node_id)) >= 2


def asks_question(chart: Chart) -> bool:
    return any(is_question(chart, node_id) for node_id in chart.nodes)


def _as_written(value: object) -> str:
    """A front-matter value the way it is written in YAML (true, not Python's True)."""
    if value is True or value is False:
        return str(value).lower()
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def guided_charts(src_uri: str, meta: Mapping[str, Any], charts: list[Chart]) -> list[Chart]:
    """The charts of a page that get a guide panel, from front matter ``guide`` / ``guide_reason``.

    - no ``guide`` key (or ``guide: true``): every chart that asks a question;
    - ``guide: N``: only the Nth flowchart of the page;
    - ``guide: false`` with ``guide_reason: "…"``: none.
    """
    where = f"Doc file '{src_uri}': front matter"
    reason = meta.get("guide_reason")
    if "guide" not in meta:
        if reason is not None:
            raise GuideRequestError(
                f"{where} has 'guide_reason', but no 'guide: false'; the reason explains turning the guide off. "
                "Add 'guide: false' or remove 'guide_reason'."
            )
        return [chart for chart in charts if asks_question(chart)]
    wanted = meta["guide"]
    written = f"'guide: {_as_written(wanted)}'"
    if wanted is False:
        if not isinstance(reason, str) or not reason.strip():
            raise GuideRequestError(
                f"{where} {written} turns the guided mode off, but gives no reason; "
                "add 'guide_reason: \"…\"' saying why readers of this page are better off without it."
            )
        return []
    if reason is not None:
        raise GuideRequestError(
            f"{where} has 'guide_reason', but {written} does not turn the guide off; "
            "'guide_reason' only goes with 'guide: false'."
        )
    is_number = isinstance(wanted, int) and not isinstance(wanted, bool)
    if (wanted is True or is_number) and not charts:
        raise GuideRequestError(f"{where} {written} asks for a guide, but the page has no flowchart.")
    if wanted is True:
        guided = [chart for chart in charts if asks_question(chart)]
        if not guided:
            raise GuideRequestError(
                f"{where} {written} asks for a guide, but no flowchart on the page asks a question "
                "(a decision node such as Q{\"…？\"})."
            )
        return guided
    if is_number and 1 <= wanted <= len(charts):
        chart = charts[wanted - 1]
        if not asks_question(chart):
            raise GuideRequestError(
                f"{where} {written} asks for a guide on flowchart {wanted} ('{chart.name}'), which asks no "
                "question; a guide walks a chart's questions (decision nodes such as Q{\"…？\"})."
            )
        return [chart]
    raise _bad_value(where, written, len(charts))


def _bad_value(where: str, written: str, count: int) -> GuideRequestError:
    numbers = f"the number of a flowchart on the page (1 to {count})" if count else "a flowchart number"
    return GuideRequestError(
        f"{where} {written} must be true (a guide on every chart that asks something, the default), "
        f"false (with 'guide_reason'), or {numbers}."
    )


def guide_slot(index: int) -> str:
    """Placeholder written into the Markdown; replaced by the panel once every page is known."""
    return GUIDE_SLOT.format(index=index)


def take_slot(content: str, index: int) -> tuple[str, int]:
    """Remove the slot of chart ``index`` from a rendered page: (content, where it was, or -1).

    Markdown wraps a slot indented inside an admonition or a tab in ``<p>``; that goes too.
    """
    slot = guide_slot(index)
    at = content.find(slot)
    if at < 0:
        return content, -1
    start = at - 3 if at >= 3 and content.startswith("<p>", at - 3) else at
    end = at + len(slot)
    end += 4 if content.startswith("</p>", end) else 0
    return content[:start] + content[end:], start


def place_panel(content: str, panel: str, at: int, *, lead: bool = False) -> str:
    """Insert ``panel`` at offset ``at`` of a rendered page (just before its chart).

    With ``lead`` (the start page's first guide) it goes at the end of the page's introduction,
    before the first ``<h2``, when that comes earlier: on a phone the first question is then on the
    first screen rather than after the explainers.
    """
    if not 0 <= at <= len(content):
        raise ValueError(f"no place for the guide panel at offset {at}: its slot was not found in the rendered page")
    if lead:
        first_section = re.search(r"<h2[\s>]", content)
        if first_section and first_section.start() < at:
            at = first_section.start()
    return content[:at] + panel + content[at:]


# --- excerpts: the first lines of what to do ------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADING = re.compile(r"h([1-6])")
#: blocks that are not "what to do": code, tables, collapsed notes, admonitions, charts, guides
_SKIP_TAGS = {"pre", "table", "details", "script", "style", "figure", "section", "form", "nav", "hr", "svg",
              "img", "iframe", "noscript", "template", "button", "input", "label"}
_SKIP_CLASSES = {"admonition", "flow-guide-slot", "flow-guide", "flow-guide__live", "mermaid", "tabbed-labels",
                 "headerlink", "flow-text"}


_TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)|<", re.S)
_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")


def _parse(content: str) -> _Element:
    """A light tree of rendered Markdown (well-formed HTML): elements, their attributes and text.

    A regular-expression tokenizer rather than :class:`html.parser.HTMLParser`: an excerpt is
    taken for every result of every chart, and this is several times faster.
    """
    root = _Element("root", {})
    stack = [root]
    for match in _TOKEN.finditer(content):
        closing, tag, attrs, text = match.groups()
        if text is not None:
            stack[-1].children.append(html.unescape(text))
        elif tag is None:  # a comment, or a lone '<'
            if match.group(0) == "<":
                stack[-1].children.append("<")
        elif closing:
            tag = tag.lower()
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == tag:
                    del stack[depth:]
                    break
        else:
            tag = tag.lower()
            element = _Element(tag, {m[0].lower(): html.unescape(m[1] or m[2] or m[3] or "")
                                     for m in _ATTR.findall(attrs)})
            stack[-1].children.append(element)
            if tag not in _VOID and not attrs.rstrip().endswith("/"):
                stack.append(element)
    return root


def _find(parent: _Element, anchor: str) -> tuple[_Element, int] | None:
    """The element with ``id == anchor`` as (its parent, its position there)."""
    for position, child in enumerate(parent.children):
        if isinstance(child, str):
            continue
        if child.attrs.get("id") == anchor:
            return parent, position
        found = _find(child, anchor)
        if found:
            return found
    return None


def _level(node: _Element | str) -> int | None:
    if isinstance(node, str):
        return None
    match = _HEADING.fullmatch(node.tag)
    return int(match.group(1)) if match else None


def _section(root: _Element, anchor: str) -> list[_Element | str] | None:
    """The blocks under the element ``anchor`` names (the whole page after its ``<h1>`` if empty)."""
    if not anchor:
        h1 = next((i for i, child in enumerate(root.children) if _level(child) == 1), None)
        return root.children[h1 + 1:] if h1 is not None else root.children
    found = _find(root, anchor)
    if found is None:
        return None
    parent, position = found
    level = _level(parent.children[position])
    if level is None:  # an id on a paragraph or list item: it, then on to the next heading
        level = 7
        blocks = [parent.children[position]]
    else:
        blocks = []
    for sibling in parent.children[position + 1:]:
        sibling_level = _level(sibling)
        if sibling_level is not None and sibling_level <= min(level, 6):
            break
        blocks.append(sibling)
    return blocks


def _text(node: _Element | str, *, skip_lists: bool = False) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    if node.classes() & _SKIP_CLASSES or (skip_lists and node.tag in ("ul", "ol")):
        return ""
    return "".join(_text(child, skip_lists=skip_lists) for child in node.children)


def _clean(text: str) -> str:
    """Join lines the way a reader sees them: no space between Japanese characters."""
    text = re.sub(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _units(blocks: list[_Element | str]):
    """Readable units in order: ('p', text), ('h', text) or (list tag, [item texts])."""
    for block in blocks:
        if isinstance(block, str) or block.tag in _SKIP_TAGS or block.classes() & _SKIP_CLASSES \
                or "data-guide" in block.attrs:
            continue
        if _level(block):
            yield "h", _clean(_text(block))
        elif block.tag in ("p", "li", "dd", "dt"):
            yield "p", _clean(_text(block, skip_lists=True))
        elif block.tag in ("ol", "ul"):
            items = [_clean(_text(li, skip_lists=True)) for li in block.children
                     if not isinstance(li, str) and li.tag == "li"]
            yield block.tag, [item for item in items if item]
        elif "tabbed-set" in block.classes():
            content = next((c for c in block.children if not isinstance(c, str) and "tabbed-content" in c.classes()),
                           None)
            first = next((c for c in content.children if not isinstance(c, str)), None) if content else None
            if first is not None:
                yield from _units(first.children)
        else:  # a plain container (md_in_html, a tab block, a definition list)
            yield from _units(block.children)


def _clip(text: str, room: int) -> tuple[str, bool]:
    """``text`` cut to ``room`` characters, at the end of a sentence when one is near."""
    if len(text) <= room:
        return text, False
    cut = text.rfind("。", 0, room)
    if cut >= room // 2:
        return text[:cut + 1], True
    return text[:room].rstrip() + "…", True


#: an element with an id (one static pattern: one per anchor would be compiled anew for each)
_ELEMENT_ID = re.compile(r"""<([A-Za-z][\w-]*)\b[^>]*\sid=["']([^"']*)["']""")


def _slice(content: str, anchor: str) -> str | None:
    """The part of the page an excerpt can come from, found without parsing the whole page: from
    the element ``anchor`` names to the next heading of its level or higher (any heading, for an
    element that is not one); with no anchor, everything after the ``<h1>``."""
    if not anchor:
        h1 = re.search(r"</h1\s*>", content)
        return content[h1.end():] if h1 else content
    found = next((m for m in _ELEMENT_ID.finditer(content) if m.group(2) == anchor), None)
    if found is None:
        return None
    heading = _HEADING.fullmatch(found.group(1).lower())
    level = int(heading.group(1)) if heading else 6
    end = re.compile(rf"<h[1-{level}][\s>]").search(content, found.end())
    return content[found.start():end.start() if end else len(content)]


def section_excerpt(content: str, anchor: str = "", max_chars: int = 240, max_items: int = 4) -> dict | None:
    """The first lines of what to do under the element ``anchor`` names in a page's HTML.

    ``content`` is the rendered page (Markdown's HTML); with ``anchor`` empty, the page from its
    ``<h1>`` on. Paragraphs, list items and sub-headings are kept as plain text (at most
    ``max_items`` of them and about ``max_chars`` characters); code, tables, admonitions, collapsed
    notes and charts are left out. Returns ``{"blocks": [...], "more": bool}`` with blocks
    ``{"p": text}``, ``{"h": text}``, ``{"ol": [items]}`` or ``{"ul": [items]}``, or ``None`` when
    the page has no element with that id.
    """
    part = _slice(content, anchor)
    section = _section(_parse(part), anchor) if part is not None else None
    if section is None:
        return None
    blocks: list[dict] = []
    used = items = 0
    more = False
    for kind, value in _units(section):
        if not value:
            continue
        if used >= max_chars or items >= max_items:
            more = True
            break
        if kind == "h":
            if blocks and "h" in blocks[-1]:  # the previous heading had nothing under it
                blocks.pop()
                items -= 1
            blocks.append({"h": value})
            items += 1
            continue
        texts = [value] if kind == "p" else value
        kept = []
        for text in texts:
            if used >= max_chars or items >= max_items:
                more = True
                break
            text, clipped = _clip(text, max(max_chars - used, 1))
            if clipped and not text.endswith("。") and (kept or blocks):
                more = True  # rather no item than half of one
                break
            more = more or clipped
            kept.append(text)
            used += len(text)
            items += 1
        if kept:
            blocks.append({"p": kept[0]} if kind == "p" else {kind: kept})
        if more:
            break
    while blocks and "h" in blocks[-1]:  # a heading with nothing under it is no excerpt
        blocks.pop()
        more = True
    return {"blocks": blocks, "more": more}


# --- the data: one self-contained record per chart --------------------------------------------

#: host-looking words in a step's label ("console.aws.amazon.com を開く"), made links
_URLISH = re.compile(r"(?:https://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[\w./~%-]*)?")
#: every chart's record, in one file at the site root: guide.js fetches it the first time a
#: conversation goes on into a chart the page does not carry
GUIDE_DATA = "guide-data.json"


def _label_links(label: str, allowed_hosts: list[str]) -> list[dict]:
    if "." not in label:
        return []  # no host name in it
    links = []
    for match in _URLISH.finditer(label):
        written = match.group(0)
        host, _, path = written.removeprefix("https://").partition("/")
        if host_allowed(host, allowed_hosts):
            links.append({"text": written, "url": f"https://{host}/{path}"})
    return links


def chart_id(chart: Chart) -> str:
    return f"{chart.src_uri}#{chart.index}"


Title = Callable[[str, str], str]
Excerpt = Callable[[str, str], "dict | None"]
#: chart_under(src_uri, anchor): the number of the chart that stands under that heading, or None
ChartUnder = Callable[[str, str], "int | None"]


def _site_url(url: str) -> str:
    """A page URL relative to the site root, the home page as '' (MkDocs writes './')."""
    return "" if url in (".", "./") else url.removeprefix("./")


class _ChartRecord:
    """One chart as the guide walks it: nodes, answers, links (site-root URLs) and hops."""

    def __init__(self, site: SiteGraph, title_of: Title, excerpt_of: Excerpt,
                 guided: Mapping[str, list[Chart]] | None, chart_under: ChartUnder | None = None) -> None:
        self.site, self.title_of, self.excerpt_of, self.guided = site, title_of, excerpt_of, guided or {}
        self.chart_under = chart_under or (lambda src_uri, anchor: None)
        self.by_page: dict[str, list[Chart]] = {}
        for chart in site.charts:
            self.by_page.setdefault(chart.src_uri, []).append(chart)

    def hop(self, src_uri: str) -> list[str]:
        """The charts a conversation goes on with when an answer ends on the page ``src_uri``."""
        return [chart_id(chart) for chart in self.guided.get(src_uri) or self.by_page[src_uri]]

    def build(self, chart: Chart) -> dict:
        links: list[dict] = []
        link_ids: dict[str, int] = {}

        def link(key: str, make: Callable[[], dict]) -> int:
            if key not in link_ids:
                link_ids[key] = len(links)
                links.append(make())
            return link_ids[key]

        nodes = {node_id: self.node(chart, node_id, link) for node_id in chart.nodes}
        page = self.site.pages.get(chart.src_uri)
        return {"id": chart_id(chart), "title": chart.title or chart.name, "page": _site_url(page.url) if page else "",
                "start": (start_nodes(chart) or list(chart.nodes) or [""])[0], "nodes": nodes, "links": links}

    def node(self, chart: Chart, node_id: str, link: Callable[[str, Callable[[], dict]], int]) -> dict:
        node = chart.nodes[node_id]
        entry: dict[str, Any] = {"label": node.label}
        edges = chart.outgoing(node_id)
        if node.shape == "decision" or len(edges) >= 2:  # is_question, with the edges at hand
            entry["q"] = 1
        elif len(edges) == 1:  # a thing to do: its host names become links
            found = _label_links(node.label, self.site.config.allowed_hosts)
            if found:
                entry["urls"] = found
        if edges:
            entry["out"] = [[edge.target, edge.label or chart.nodes[edge.target].label] for edge in edges]
        click = chart.click_for(node_id)
        target = self.site.target_of(chart, click) if click else None
        if target is not None and target.kind == "page":
            under = self.chart_under(target.src_uri, target.anchor) if target.anchor and not edges else None
            hop = not edges and target.src_uri in self.by_page and (not target.anchor or under is not None)
            url = _site_url(self.site.pages[target.src_uri].url) + (f"#{target.anchor}" if target.anchor else "")
            result = not (edges or hop)  # only a result shows the first lines of its section

            def make(src_uri: str = target.src_uri, anchor: str = target.anchor) -> dict:
                excerpt = (self.excerpt_of(src_uri, anchor) or {}) if result else {}
                return {"url": url, "title": self.title_of(src_uri, anchor), **excerpt}

            entry["link"] = link(f"{url} result" if result else url, make)
            if hop and under is not None:  # a section with its own chart: go on there, showing the box
                entry["hop"] = [f"{target.src_uri}#{under}"]
                entry["via"] = 1
            elif hop:  # an end on a page with charts: the conversation goes on there
                entry["hop"] = self.hop(target.src_uri)
        elif target is not None and target.kind == "external":
            entry["link"] = link(target.url, lambda: {"url": target.url, "title": node.label})
        return entry


def guide_records(
    site: SiteGraph, title_of: Title, excerpt_of: Excerpt, guided: Mapping[str, list[Chart]] | None = None,
    chart_under: ChartUnder | None = None,
) -> dict[str, dict]:
    """Every chart's record, by chart id ('page.md#1'): what the guide walks.

    ``title_of(src_uri, anchor)`` names a link target; ``excerpt_of(src_uri, anchor)`` gives the
    first lines of a result's section, as :func:`section_excerpt` does (or ``None``); it is asked
    only for the ends that are results. ``guided`` maps a page to the charts a
    conversation goes on with when an answer ends there (default: all the page's charts). URLs
    in records are relative to the site root. The hook writes them all to :data:`GUIDE_DATA`.
    ``chart_under(src_uri, anchor)`` names the chart under a heading: an end that links there goes
    on with that chart (the box stays in the conversation as a step, with its link).
    """
    builder = _ChartRecord(site, title_of, excerpt_of, guided, chart_under)
    return {chart_id(chart): builder.build(chart) for chart in site.charts}


def guide_data(chart: Chart, page_url: str, records: Mapping[str, dict]) -> dict:
    """What the panel of ``chart`` on the page at ``page_url`` carries, as JSON-ready data: the
    chart's record, and the records its first step needs (when the chart starts by leading
    straight on to another page's chart); guide.js fetches the others. ``root`` leads from the
    page to the site root."""
    entry = chart_id(chart)
    charts = {entry: records[entry]}
    view = _settle(charts, entry, charts[entry]["start"])
    while view["kind"] == "missing" and view["chart"] in records:
        charts[view["chart"]] = records[view["chart"]]
        view = _settle(charts, entry, charts[entry]["start"])
    return {"chart": chart.index, "title": chart.title or chart.name, "entry": entry,
            "root": relative_url("", page_url), "data": GUIDE_DATA, "charts": charts}


# --- walking the data: the same rules as guide.js -------------------------------------------


def _settle(charts: Mapping[str, dict], chart: str, node_id: str) -> dict:
    """From a node, go on through steps that ask nothing until a question, a choice or the end.

    A node with one way on is a step to do (shown in order before the next question); an end
    that leads to a page with charts goes on with that page's chart (or asks which one). A chart
    whose record is not at hand stops the walk as ``missing``.
    """
    steps: list[list] = []
    seen: set[tuple[str, str]] = set()
    while True:
        if chart not in charts:
            return {"kind": "missing", "chart": chart, "node": None, "steps": steps}
        node = charts[chart]["nodes"].get(node_id)
        if node is None or (chart, node_id) in seen:
            return {"kind": "end", "chart": chart, "node": None, "steps": steps}
        seen.add((chart, node_id))
        if node.get("q"):
            return {"kind": "question", "chart": chart, "node": node_id, "steps": steps}
        if node.get("out"):
            steps.append([chart, node_id])
            node_id = node["out"][0][0]
            continue
        hop = node.get("hop")
        if hop and len(hop) == 1:
            if node.get("via"):
                steps.append([chart, node_id])
            chart = hop[0]
            node_id = charts[chart]["start"] if chart in charts else ""
            continue
        if hop:  # a choice shows each chart's first question: every one must be at hand
            absent = next((c for c in hop if c not in charts), None)
            if absent is not None:
                return {"kind": "missing", "chart": absent, "node": None, "steps": steps}
            return {"kind": "choose", "chart": chart, "node": node_id, "steps": steps, "choices": hop}
        return {"kind": "result", "chart": chart, "node": node_id, "steps": steps}


def guide_view(charts: Mapping[str, dict], entry: str, path: list[str]) -> dict | None:
    """The step that ``path`` (the start node, then each answer's target) leads to from the chart
    ``entry``, or ``None`` when the path does not follow the charts. ``kind`` is question, choose,
    result, end, or missing (a chart's record is not at hand: ``chart`` names it); with ``chart``,
    ``node``, ``steps`` (things to do before it), ``trail`` (every answer so far: question, answer,
    the path of that question's step and where it was asked) and ``again`` (the reader is back at
    a question answered before)."""
    if not path or entry not in charts or path[0] != charts[entry]["start"]:
        return None
    view = _settle(charts, entry, path[0])
    trail = []
    for i, step in enumerate(path[1:], start=1):
        if view["kind"] == "question":
            node = charts[view["chart"]]["nodes"][view["node"]]
            edge = next((edge for edge in node.get("out", []) if edge[0] == step), None)
            if edge is None:
                return None
            trail.append({"question": node["label"], "answer": edge[1], "path": path[:i],
                          "at": [view["chart"], view["node"]]})
            view = _settle(charts, view["chart"], step)
        elif view["kind"] == "choose" and (choice := _choice(step, len(view["choices"]))) is not None:
            number, answer = choice
            target = view["choices"][number - 1]
            if target not in charts:
                return {"kind": "missing", "chart": target, "node": None, "steps": [], "trail": trail, "path": path}
            trail.append({"question": CHOOSE_QUESTION, "answer": charts[target]["title"], "path": path[:i],
                          "at": [view["chart"], view["node"]]})
            view = _settle(charts, target, charts[target]["start"])
            if answer is not None:  # the chart's first question, answered on the same step
                if view["kind"] != "question":
                    return None
                node = charts[view["chart"]]["nodes"][view["node"]]
                edge = next((edge for edge in node.get("out", []) if edge[0] == answer), None)
                if edge is None:
                    return None
                trail[-1] = {"question": node["label"], "answer": edge[1], "path": path[:i],
                             "at": [view["chart"], view["node"]]}
                view = _settle(charts, view["chart"], answer)
        else:
            return None if view["kind"] != "missing" else {**view, "trail": trail, "path": list(path)}
    again = any(answer["at"] == [view["chart"], view["node"]] for answer in trail)
    return {**view, "trail": trail, "path": list(path), "again": again}


def _choice(step: str, count: int) -> tuple[int, str | None] | None:
    """A path element of a choice among a page's charts: ``~N`` (chart N) or ``~N:ANSWER`` (chart N's
    first question answered at once)."""
    found = re.fullmatch(rf"{CHOICE_PREFIX}([1-9][0-9]*)(?::(.+))?", step)
    if found is None or int(found.group(1)) > count:
        return None
    return int(found.group(1)), found.group(2)


def choice_groups(charts: Mapping[str, dict], view: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The answers of a choice among a page's charts, one group per chart: the chart's first
    question with its answers (one answer picks the chart and answers it, so the choice costs no
    extra step), or the chart's title when it does not begin with a question."""
    groups = []
    for number, chart in enumerate(view["choices"], start=1):
        first = _settle(charts, chart, charts[chart]["start"]) if chart in charts else {"kind": "missing"}
        if first["kind"] == "question" and not first["steps"]:
            node = charts[chart]["nodes"][first["node"]]
            groups.append((node["label"], [(f"{CHOICE_PREFIX}{number}:{edge[0]}", edge[1]) for edge in node["out"]]))
        else:
            title = charts[chart]["title"] if chart in charts else chart
            groups.append((title, [(f"{CHOICE_PREFIX}{number}", title)]))
    return groups


def guide_answers(charts: Mapping[str, dict], view: dict) -> list[tuple[str, str]]:
    """The answers a step offers: (path element, label)."""
    if view["kind"] == "question":
        return [(edge[0], edge[1]) for edge in charts[view["chart"]]["nodes"][view["node"]].get("out", [])]
    if view["kind"] == "choose":
        return [answer for _, answers in choice_groups(charts, view) for answer in answers]
    return []


# --- the panel's HTML -----------------------------------------------------------------------


def _hash(index: int, path: list[str]) -> str:
    return f"#guide-{index}/" + "/".join(quote(step, safe="~") for step in path)


def _href(url: str, root: str) -> str:
    """A site-root URL of a record as a link from the panel's page (``root`` leads to the site
    root from there); external URLs stay as they are. guide.js does the same."""
    return url if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) else root + url


def _rich(label: str, urls: list[dict]) -> str:
    """A step's label with its URL-looking words as links (same split as guide.js)."""
    out, rest = [], label
    for link in urls:
        before, found, after = rest.partition(link["text"])
        if not found:
            continue
        out.append(html.escape(before))
        out.append(f'<a href="{html.escape(link["url"])}">{html.escape(found)}</a>')
        rest = after
    out.append(html.escape(rest))
    return "".join(out)


def _link(charts: Mapping[str, dict], chart: str, node: dict) -> dict | None:
    return charts[chart]["links"][node["link"]] if "link" in node else None


def _step_html(data: dict, view: dict) -> str:
    """One step, drawn the way guide.js draws it (the panel's first step is written at build)."""
    charts = data["charts"]
    parts = []

    def a(url: str, text: str) -> str:
        return f'<a href="{html.escape(_href(url, data["root"]))}">{html.escape(text)}</a>'

    if view["trail"]:
        items = "".join(
            f'<li><a href="{html.escape(_hash(data["chart"], answer["path"]))}">{html.escape(answer["question"])}'
            f'</a> → {html.escape(answer["answer"])}</li>'
            for answer in view["trail"]
        )
        parts.append(f'<ol class="flow-guide__trail" aria-label="これまでの回答">{items}</ol>')
    if view["chart"] != data["entry"] or view["again"]:  # where the conversation is now, and its page
        chart = charts[view["chart"]]
        parts.append(f'<p class="flow-guide__chart">{a(chart["page"], chart["title"])}</p>')
    if view["again"]:
        parts.append(f'<p class="flow-guide__again">{AGAIN}</p>')
    if view["steps"]:
        items = []
        for chart, node_id in view["steps"]:
            node = charts[chart]["nodes"][node_id]
            link = _link(charts, chart, node)
            more = f" {a(link['url'], '詳しく')}" if link else ""
            items.append(f"<li>{_rich(node['label'], node.get('urls', []))}{more}</li>")
        parts.append(f'<ol class="flow-guide__steps" aria-label="やること">{"".join(items)}</ol>')
    node = charts[view["chart"]]["nodes"].get(view["node"] or "", {})
    link = _link(charts, view["chart"], node) if node else None
    if view["kind"] in ("question", "choose"):
        label = node["label"] if view["kind"] == "question" else CHOOSE_QUESTION
        buttons = "".join(
            f'<button type="button" class="md-button" data-to="{html.escape(to)}">{html.escape(text)}</button>'
            for to, text in guide_answers(charts, view)
        )
        parts.append(f'<p class="flow-guide__question" tabindex="-1">{html.escape(label)}</p>')
        parts.append(f'<div class="flow-guide__answers" role="group" aria-label="{html.escape(label)}">{buttons}</div>')
        if view["kind"] == "question" and link:
            parts.append(f'<p class="flow-guide__more">詳しい説明: {a(link["url"], link["title"])}</p>')
    elif view["kind"] == "result" and link:
        parts.append(f'<p class="flow-guide__question" tabindex="-1">解決方法: {html.escape(link["title"])}</p>')
        parts.append(_excerpt_html(link))
        parts.append(f'<p class="flow-guide__read">{a(link["url"], "続きを読む: " + link["title"])}</p>')
    else:
        parts.append(f'<p class="flow-guide__question" tabindex="-1">{html.escape(node.get("label", ""))}</p>')
    if view["trail"]:
        parts.append(f'<p class="flow-guide__restart"><a href="{html.escape(_hash(data["chart"], view["path"][:1]))}">'
                     "最初から</a></p>")
    return "".join(parts)


def _excerpt_html(link: dict) -> str:
    blocks = []
    for block in link.get("blocks", []):
        if "h" in block:
            blocks.append(f'<p class="flow-guide__excerpt-heading">{html.escape(block["h"])}</p>')
        elif "p" in block:
            blocks.append(f"<p>{html.escape(block['p'])}</p>")
        else:
            tag = "ol" if "ol" in block else "ul"
            blocks.append(f"<{tag}>" + "".join(f"<li>{html.escape(item)}</li>" for item in block[tag]) + f"</{tag}>")
    return f'<div class="flow-guide__excerpt">{"".join(blocks)}</div>' if blocks else ""


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_records(records: Mapping[str, dict]) -> dict[str, str]:
    """Each chart's record as compact JSON, encoded once for every panel that carries it and for
    :data:`GUIDE_DATA` (:func:`records_document`)."""
    return {chart: _ENCODE(record) for chart, record in records.items()}


def records_document(encoded: Mapping[str, str]) -> str:
    """The text of :data:`GUIDE_DATA`: every record by chart id (what ``json.dumps`` of the records writes)."""
    return "{" + ",".join(f"{_ENCODE(chart)}:{text}" for chart, text in encoded.items()) + "}"


def _inert_json(data: dict, encoded: Mapping[str, str] | None = None) -> str:
    """JSON safe inside an HTML element: no ``<`` at all (so no ``</script>``, ``</template>`` or
    ``<!--``), no ``&`` (no character references) and no ``>``. The records in ``data["charts"]``
    are taken from ``encoded`` when given (the same text)."""
    if encoded is None:
        text = _ENCODE(data)
    else:
        head = _ENCODE({key: value for key, value in data.items() if key != "charts"})
        text = f'{head[:-1]},"charts":{records_document({c: encoded[c] for c in data["charts"]})}}}'
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def guide_panel(data: dict, encoded: Mapping[str, str] | None = None) -> str:
    """The panel's HTML, its first step already drawn; guide.js takes over from there.

    The data is JSON in a ``<template>`` (inert; an inline ``<script>`` would be re-run as
    JavaScript by Material's instant navigation, which copies no ``type``). The live region that
    announces each new step sits just after the panel, outside it, so the panel's text is the same
    whether a step was reached by answering or by opening its URL.
    """
    index = data["chart"]
    entry = data["charts"][data["entry"]]
    view = guide_view(data["charts"], data["entry"], [entry["start"]])
    body = _step_html(data, view) if view and view["kind"] != "missing" else ""
    return (
        # a region named by its title, not a <section>: its title is no heading of the page's outline
        f'<div class="flow-guide" role="region" data-guide data-guide-chart="{index}" '
        f'data-step="{html.escape(entry["start"])}" data-search-exclude aria-labelledby="flow-guide-{index}-title">'
        f'<p class="flow-guide__title" id="flow-guide-{index}-title">質問に答えて解決: {html.escape(data["title"])}</p>'
        f'<div class="flow-guide__body">{body}</div>'
        f'<template class="flow-guide__data">{_inert_json(data, encoded)}</template>'
        "</div>"
        f'<p class="flow-guide__live" role="status" aria-live="polite" data-guide-live="{index}"></p>'
    )


def triage_choices(site: SiteGraph, triage_page: str) -> dict | None:
    """The first question of ``triage_page``'s first chart and its answers, with site-root URLs
    (for the 404 page, which can be served at any depth)."""
    chart = next((c for c in site.charts if c.src_uri == triage_page), None)
    starts = start_nodes(chart) if chart is not None else []
    if not starts:
        return None  # no chart, or no start node: the 'unreachable' rule reports it
    start = starts[0]
    choices = []
    for edge in chart.outgoing(start):
        click = chart.click_for(edge.target)
        target = site.target_of(chart, click) if click else None
        if target is not None and target.kind == "page":
            page = site.pages[target.src_uri]
            url = page.url + (f"#{target.anchor}" if target.anchor else "")
            choices.append({"answer": edge.label or chart.nodes[edge.target].label, "url": url or ".",
                            "title": page.title})
    return {"question": chart.nodes[start].label, "choices": choices}
