"""The chart graph, as Mermaid's own parser reads it, mapped back to lines of the Markdown file.

Mermaid (run by :mod:`flowcheck.mermaid`) gives the nodes, labels, edges, links and subgraphs;
this module turns them into :class:`Chart` and only finds, for messages, the line of the file
where a node, edge or click stands.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = [
    "Chart", "ChartIssue", "ChartSource", "Click", "Edge", "Node",
    "DECISION_SHAPES", "chart_from_mermaid", "find_chart_sources", "label_text", "mermaid_entities",
]


# Nodes, edges and clicks are named tuples: a site holds tens of thousands of them, and tuples
# of strings and numbers are soon left alone by Python's garbage collector.

#: the Mermaid class that marks a box which starts over once the fix is done (the conversation ends there)
RESTART_CLASS = "restart"


class Node(NamedTuple):
    id: str
    label: str
    shape: str
    line: int


class Edge(NamedTuple):
    source: str
    target: str
    label: str
    line: int


class Click(NamedTuple):
    node_id: str
    target: str
    tooltip: str
    line: int


@dataclass
class ChartIssue:
    """Something Mermaid accepts but the build refuses, found while reading the graph."""

    rule: str
    line: int
    message: str


@dataclass
class Chart:
    src_uri: str
    index: int  # 1-based position among the page's charts
    line: int  # line of the opening fence in the file (front matter counted)
    end_line: int  # line of the closing fence
    direction: str = "TB"
    title: str = ""
    description: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    subgraphs: dict[str, int] = field(default_factory=dict)
    #: clicks Mermaid drops or the build refuses: (click, why), checked by ``click_unknown_node``
    early_clicks: list[tuple[Click, str]] = field(default_factory=list)
    issues: list[ChartIssue] = field(default_factory=list)
    #: nodes marked ':::restart' (class restart): the fix is done and the reader starts over there
    restarts: set[str] = field(default_factory=set)
    #: drawn size at the render font size, in CSS px
    width: float = 0.0
    height: float = 0.0
    #: every link as drawn: {"node", "answer" (on an arrow), "width", "height"} in chart px
    targets: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.title or f"#{self.index}"

    def outgoing(self, node_id: str) -> list[Edge]:
        if self._outgoing is None or self._edge_count != len(self.edges):
            self._outgoing, self._edge_count = {}, len(self.edges)
            for edge in self.edges:
                self._outgoing.setdefault(edge.source, []).append(edge)
        return self._outgoing.get(node_id, [])

    def click_for(self, node_id: str) -> Click | None:
        """The node's link (a second click on a node is refused, so there is at most one)."""
        if self._clicks is None or self._click_count != len(self.clicks):
            self._clicks, self._click_count = {}, len(self.clicks)
            for click in self.clicks:
                self._clicks.setdefault(click.node_id, click)
        return self._clicks.get(node_id)

    _outgoing: dict[str, list[Edge]] | None = field(default=None, init=False, repr=False, compare=False)
    _edge_count: int = field(default=0, init=False, repr=False, compare=False)
    _clicks: dict[str, Click] | None = field(default=None, init=False, repr=False, compare=False)
    _click_count: int = field(default=0, init=False, repr=False, compare=False)


# --- where a chart stands in the file -----------------------------------------------------------

@dataclass
class ChartSource:
    """A chart's text as Markdown rendered it, and the lines of the file it came from."""

    text: str
    line: int  # the opening fence; 0 when the text was not found in the file
    end_line: int
    lines: list[str]  # the file's lines from the opening to the closing fence


_FENCE = re.compile(r"^\s*(?:>\s*)*(`{3,}|~{3,})")
_QUOTE = re.compile(r"^\s*(?:>\s*)*")


def _bare(line: str) -> str:
    """A line without indentation or blockquote markers, as superfences hands it on."""
    stripped = line.strip()
    return _QUOTE.sub("", stripped).strip() if stripped.startswith(">") else stripped


def find_chart_sources(file_text: str, chart_texts: Iterable[str]) -> list[ChartSource]:
    """Find each chart (in page order) in the Markdown file: its fence and its lines.

    The charts come from what Markdown rendered, so a chart in an HTML comment or an indented
    code block is never one; the file is only read to give messages real line numbers. A fence
    whose every line matches the chart is preferred, so a copy in a comment or a code block
    earlier in the file does not take its place.
    """
    file_lines = file_text.split("\n")
    bare_lines = [_bare(line) for line in file_lines]
    position = 0
    sources = []
    for text in chart_texts:
        body = [_bare(line) for line in text.rstrip("\n").split("\n")]
        first = next((line for line in body if line), "")
        candidates = [number - 1 for number in range(max(position, 1), len(file_lines))
                      if bare_lines[number] == first and _FENCE.match(file_lines[number - 1])]
        whole = [start for start in candidates if bare_lines[start + 1:start + 1 + len(body)] == body]
        found = (whole or candidates or [None])[0]
        if found is None:
            sources.append(ChartSource(text, 0, 0, []))
            continue
        end = min(found + len(body) + 1, len(file_lines) - 1)
        while end + 1 < len(file_lines) and not _FENCE.match(file_lines[end]):
            end += 1
        sources.append(ChartSource(text, found + 1, end + 1, file_lines[found:end + 1]))
        position = end + 1
    return sources


def _is_word(char: str) -> bool:
    """A character regular expressions read as ``\\w``: a letter or digit of any script, or '_'."""
    return char.isalnum() or char == "_"


def _ends_id(text: str, end: int) -> bool:
    """Nothing at ``end`` continues an id that ends there (``(?![\\w-])``)."""
    return end >= len(text) or not (_is_word(text[end]) or text[end] == "-")


def _stands_in(name: str, text: str) -> bool:
    """``name`` stands in ``text`` as a whole node id, as ``(?<![\\w.-])NAME(?![\\w-])`` reads it.

    Found with ``str.find`` rather than a pattern per name: compiling one costs more than a chart's
    whole search, and every chart has ids of its own.
    """
    at = text.find(name)
    while at >= 0:
        before = text[at - 1] if at else " "
        if not (_is_word(before) or before in ".-") and _ends_id(text, at + len(name)):
            return True
        at = text.find(name, at + 1)
    return False


_CLICK = re.compile(r"\bclick\s+")


class _Lines:
    """Finds the file line of a node, edge or click inside one chart's lines."""

    def __init__(self, source: ChartSource) -> None:
        self.source = source
        self._seen_clicks: dict[str, int] = {}
        self._found: dict[str, list[int]] = {}  # name -> the offsets of the lines it stands on
        self._body = list(enumerate(source.lines[1:], start=1))  # (offset, text) of the lines after the fence

    def _lines_of(self, name: str) -> list[int]:
        """The line offsets (1-based within the chart) where ``name`` stands as a token, once per name."""
        if name not in self._found:
            # a quick substring test first: most lines do not hold the name at all
            self._found[name] = [offset for offset, text in self._body if name in text and _stands_in(name, text)]
        return self._found[name]

    def _first(self, *patterns: re.Pattern[str]) -> int:
        for offset, text in self._body:
            if all(p.search(text) for p in patterns):
                return self.source.line + offset
        return self.source.line

    def met(self, line: int | None) -> int | None:
        """The file line of a line of the chart text (1 = the line after the fence), as Mermaid's
        lexer met a statement there; None when Mermaid gave none."""
        if not line or not self.source.line or line >= len(self.source.lines):
            return None
        return self.source.line + line

    def node(self, node_id: str) -> int:
        found = self._lines_of(node_id)
        return self.source.line + found[0] if found else self.source.line

    def subgraph(self, subgraph_id: str) -> int:
        """The line that opens the subgraph (else the first that names it)."""
        line = self._first(re.compile(rf"(?:^|;)[\s>]*subgraph\s+{re.escape(subgraph_id)}(?![\w-])"))
        return line if line != self.source.line else self.node(subgraph_id)

    def text(self, written: str, default: int) -> int:
        """The line where ``written`` (its first line) stands, else ``default``."""
        first = written.strip().split("\n")[0].strip()
        if first:
            for offset, text in self._body:
                if first in text:
                    return self.source.line + offset
        return default

    def edge(self, source: str, target: str) -> int:
        targets = set(self._lines_of(target))
        found = next((offset for offset in self._lines_of(source) if offset in targets), None)
        return self.source.line + found if found is not None else self.source.line

    def click(self, ids: str) -> int:
        """The line of the n-th click statement that names ``ids``, in order."""
        wanted = self._seen_clicks.get(ids, 0)
        self._seen_clicks[ids] = wanted + 1
        count = 0
        for offset, text in self._body:
            if "click" not in text:
                continue
            for statement in _CLICK.finditer(text):
                if text.startswith(ids, statement.end()) and _ends_id(text, statement.end() + len(ids)):
                    if count == wanted:
                        return self.source.line + offset
                    count += 1
        return self.source.line


# --- labels -------------------------------------------------------------------------------------

_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
#: Mermaid's own entity syntax (encodeEntities: JavaScript's ASCII '\w'): '#lt;' and '#60;' are
#: drawn as '&lt;' and '&#60;', whatever stands before the '#'
_MERMAID_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
#: Font Awesome's label syntax, which Mermaid draws as an icon element (replaceIconSubstring)
_ICON = re.compile(r"(fa[bklrs]?):fa-([A-Za-z0-9_-]+)")
_MARKDOWN = re.compile(r"(\*\*|__|\*|_|`)")

#: every name Mermaid knows its diamond by ('@{ shape: … }', and the type of '{…}')
DECISION_SHAPES = frozenset({"diamond", "diam", "decision", "question"})


def mermaid_entities(written: str) -> str:
    """A label as written, with Mermaid's entity codes as HTML entities, the way Mermaid hands it
    to the browser: '#9829;' → '&#9829;', '#quot;' → '&quot;'."""
    if "#" not in written:
        return written
    return _MERMAID_ENTITY.sub(
        lambda m: f"&#{m[1]};" if m[1].isascii() and m[1].isdigit() else f"&{m[1]};", written)


def label_text(text: str, label_type: str = "text") -> str:
    """A label as a reader reads it, from the text Mermaid's graph holds (its entity codes already
    HTML entities, see :func:`mermaid_entities`): ``<br>`` joins lines, Markdown-string markers go,
    entities ('&quot;', '&#9829;') become the characters the drawing shows."""

    if label_type != "markdown" and "<" not in text and "&" not in text:
        return " ".join(text.split())  # most labels: no break, no entity

    def join(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if before.isascii() and after.isascii() and before.strip() and after.strip() else ""

    plain = _BREAK.sub(join, text)
    if label_type == "markdown":
        plain = _MARKDOWN.sub("", plain).replace("\n", " ")
    return " ".join(html.unescape(plain).split())


def _html_in(text: str) -> bool:
    """True when a label holds markup other than '<br>', also when written as entities ('&lt;a',
    '#lt;a', '#60;a', '&#60;a'): the label is read after Mermaid's own entity decoding."""
    if "<" not in text and "&" not in text and "#" not in text:
        return False  # most labels: nothing that could be or become a tag
    decoded = html.unescape(mermaid_entities(text))
    return any(_TAG.search(_BREAK.sub("", form)) for form in (text, decoded))


def _icon_in(text: str) -> str | None:
    """The Font Awesome icon ('fa:fa-user') Mermaid would draw for a label, if any."""
    if "fa" not in text:
        return None
    found = _ICON.search(html.unescape(mermaid_entities(text)))
    return found.group(0) if found else None


# --- Mermaid's graph → Chart -------------------------------------------------------------------

def chart_from_mermaid(src_uri: str, index: int, source: ChartSource, result: Any) -> Chart:
    """The :class:`Chart` of a flowchart Mermaid parsed (``result`` is a ``RenderResult``)."""
    graph = result.graph
    lines = _Lines(source)
    chart = Chart(
        src_uri=src_uri, index=index, line=source.line, end_line=source.end_line,
        direction=graph["direction"], title=label_text(graph["title"]),
        description=label_text(graph["description"]), width=result.width, height=result.height,
        targets=list(result.targets),
    )
    subgraphs = {subgraph["id"]: subgraph for subgraph in graph["subgraphs"]}
    for vertex in graph["vertices"]:
        node_id = vertex["id"]
        if node_id in subgraphs:
            continue  # an edge named the subgraph before it was declared: Mermaid draws the subgraph
        line = lines.met(vertex.get("line")) or lines.node(node_id)
        chart.nodes[node_id] = Node(
            node_id, label_text(vertex["text"], vertex["labelType"]),
            "decision" if vertex["type"] in DECISION_SHAPES else vertex["type"], line,
        )
        _check_label(src_uri, chart, lines, lines.met(vertex.get("label_line")) or line, "node '{}'", node_id,
                     vertex, exact=vertex.get("label_line") is not None)
        if RESTART_CLASS in vertex.get("classes", ()):
            chart.restarts.add(node_id)
        if vertex.get("img") or vertex.get("icon"):
            for key in ("img", "icon"):
                if vertex.get(key):
                    chart.issues.append(ChartIssue(
                        "label_html", line,
                        f"{_where(src_uri, chart, line)}: node '{node_id}' shows {key} '{vertex[key]}'; "
                        "charts draw no images or icons (they would be fetched from elsewhere). Remove it.",
                    ))
    referenced = {e["end"] for e in graph["edges"]} | {e["start"] for e in graph["edges"]} if subgraphs else set()
    for subgraph in graph["subgraphs"]:
        met = lines.met(subgraph.get("line"))
        line = met or lines.subgraph(subgraph["id"])
        chart.subgraphs[subgraph["id"]] = line
        _check_label(src_uri, chart, lines, line, "subgraph '{}'", subgraph["id"],
                     {"text": subgraph["title"], "written": subgraph.get("written", subgraph["title"])},
                     exact=met is not None)
        if subgraph["id"] in referenced:
            # an edge to a subgraph leads into every node in it
            chart.nodes[subgraph["id"]] = Node(subgraph["id"], label_text(subgraph["title"]), "subgraph", line)
            chart.edges += [Edge(subgraph["id"], member, "", line) for member in subgraph["nodes"]]
    for edge in graph["edges"]:
        if edge.get("stroke") == "invisible":
            continue  # '~~~' only places boxes: readers see no arrow, so it leads nowhere
        line = lines.met(edge.get("line")) or lines.edge(edge["start"], edge["end"])
        if str(edge.get("type") or "").startswith("double_"):
            chart.issues.append(ChartIssue(
                "unreachable", line,
                f"{_where(src_uri, chart, line)}: the edge between '{edge['start']}' and '{edge['end']}' points "
                "both ways, so it does not say which box leads to which. Answers lead one way: write "
                f"'{edge['start']} --> {edge['end']}'.",
            ))
        chart.edges.append(Edge(edge["start"], edge["end"], label_text(edge["text"], edge["labelType"]), line))
        _check_label(src_uri, chart, lines, line, "the answer '{}'", f"{edge['start']} → {edge['end']}", edge,
                     exact=edge.get("line") is not None)
    _read_clicks(src_uri, chart, result.clicks, lines)
    return chart


def _where(src_uri: str, chart: Chart, line: int) -> str:
    return f"Doc file '{src_uri}' line {line}, flowchart '{chart.name}'"


def _check_label(src_uri: str, chart: Chart, lines: _Lines, line: int, what: str, name: str,
                 label: dict[str, Any], exact: bool = False) -> None:
    """Refuse markup in a label: as written (before Mermaid's sanitizer drops some of it) or as drawn.
    ``what`` names the label's owner ("node '{}'", filled with ``name``) in the message; ``exact``:
    ``line`` is where Mermaid met the label (else the label's text is looked for in the chart)."""
    written = label.get("written") or ""
    shown = written if _html_in(written) else label["text"] if _html_in(label["text"]) else None
    if shown is not None:
        line = line if exact else lines.text(shown, line)
        chart.issues.append(ChartIssue(
            "label_html", line,
            f"{_where(src_uri, chart, line)}: {what.format(name)} has HTML in its label ('{shown}'); labels are "
            "plain text and only '<br>' breaks a line. Write the text without tags.",
        ))
        return
    icon = _icon_in(written) or _icon_in(label["text"])
    if icon is not None:
        line = line if exact else lines.text(icon, line)
        chart.issues.append(ChartIssue(
            "label_html", line,
            f"{_where(src_uri, chart, line)}: {what.format(name)} shows icon '{icon}' (Font Awesome's label "
            "syntax, which Mermaid draws as an icon); charts draw no images or icons (they would be fetched from "
            "elsewhere). Remove it, or write the words.",
        ))


def _read_clicks(src_uri: str, chart: Chart, calls: list[dict[str, Any]], lines: _Lines) -> None:
    linked: dict[str, int] = {}
    for call in calls:
        line = lines.met(call.get("line")) or lines.click(call["ids"])
        for node_id, defined in zip(call["ids"].split(","), call["defined"], strict=False):
            click = Click(node_id, call["link"] or "", "", line)
            if call["kind"] == "call":
                chart.early_clicks.append((click, "runs a callback, and callbacks never run at Mermaid's strict "
                                                  "security level. Link to a page instead: "
                                                  "click ID \"page.md#anchor\""))
            elif node_id in chart.subgraphs:
                chart.early_clicks.append((click, "names a subgraph, and Mermaid links only nodes. Link a node "
                                                  "inside it"))
            elif not defined:
                chart.early_clicks.append((click, "names a node that is not defined before this line; Mermaid "
                                                  "drops such a link silently. Define the node first and put "
                                                  "click lines last"))
            elif node_id in linked:
                chart.early_clicks.append((click, f"is a second link for this node (the first is on line "
                                                  f"{linked[node_id]}); Mermaid would keep only the last one. "
                                                  "Give each node one click"))
            else:
                linked[node_id] = line
                chart.clicks.append(click)
