"""Parse the Mermaid flowcharts of a Markdown page into graphs.

Only fences whose first statement is ``flowchart`` or ``graph`` are parsed; other Mermaid
diagrams are left alone. Inside a flowchart every line must be understood: a line the parser
cannot read raises :class:`FlowchartSyntaxError` naming the file and line, so that no branch
can slip past the checks unseen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Chart",
    "Click",
    "Edge",
    "FlowchartSyntaxError",
    "Node",
    "find_fences",
    "parse_chart",
    "parse_page",
]


class FlowchartSyntaxError(ValueError):
    """A flowchart line that the parser does not understand."""

    def __init__(self, src_uri: str, line: int, text: str, why: str) -> None:
        self.src_uri, self.line, self.text, self.why = src_uri, line, text, why
        super().__init__(
            f"Doc file '{src_uri}' line {line}: cannot parse flowchart line '{text.strip()}': {why}"
        )


@dataclass
class Node:
    id: str
    label: str
    shape: str
    line: int


@dataclass
class Edge:
    source: str
    target: str
    label: str
    line: int


@dataclass
class Click:
    node_id: str
    target: str
    tooltip: str
    line: int
    #: the target's position in the Markdown source line, for rewriting: (line, start, end)
    span: tuple[int, int, int] = (0, 0, 0)


@dataclass
class Chart:
    src_uri: str
    index: int  # 1-based position among the page's flowcharts
    line: int  # line of the opening fence
    end_line: int  # line of the closing fence
    indent: str
    direction: str = "TD"
    title: str = ""
    description: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    subgraphs: dict[str, int] = field(default_factory=dict)
    #: clicks whose node was not (yet) defined where the click stands: (click, reason)
    early_clicks: list[tuple[Click, str]] = field(default_factory=list)

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
        """The node's first click (Mermaid keeps the last; flowcheck reads the first)."""
        if self._clicks is None or self._click_count != len(self.clicks):
            self._clicks, self._click_count = {}, len(self.clicks)
            for click in self.clicks:
                self._clicks.setdefault(click.node_id, click)
        return self._clicks.get(node_id)

    # lookup tables built on first use, rebuilt if edges or clicks were added since
    _outgoing: dict[str, list[Edge]] | None = field(default=None, init=False, repr=False, compare=False)
    _edge_count: int = field(default=0, init=False, repr=False, compare=False)
    _clicks: dict[str, Click] | None = field(default=None, init=False, repr=False, compare=False)
    _click_count: int = field(default=0, init=False, repr=False, compare=False)


# --- fences -----------------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*mermaid\b.*$")


@dataclass
class Fence:
    start: int  # 1-based line of the opening fence
    end: int  # 1-based line of the closing fence
    indent: str
    lines: list[str]  # body lines, indentation removed


def find_fences(markdown: str) -> list[Fence]:
    """Every ```` ```mermaid ```` fence of a page, with its body and line numbers."""
    lines = markdown.split("\n")
    fences: list[Fence] = []
    i = 0
    in_other_fence: str | None = None
    while i < len(lines):
        line = lines[i]
        other = re.match(r"^[ \t]*(`{3,}|~{3,})", line)
        if in_other_fence:
            if other and other.group(1).startswith(in_other_fence):
                in_other_fence = None
            i += 1
            continue
        match = _FENCE_OPEN.match(line)
        if not match:
            if other:
                in_other_fence = other.group(1)
            i += 1
            continue
        indent, fence = match["indent"], match["fence"]
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j].lstrip())
            j += 1
        fences.append(Fence(start=i + 1, end=j + 1, indent=indent, lines=body))
        i = j + 1
    return fences


# --- statements ---------------------------------------------------------------------------

_ID = r"\w+(?:-\w+)*"
_ID_RE = re.compile(_ID)
# (open, close, shape); longest openers first
_SHAPES: list[tuple[str, tuple[str, ...], str]] = [
    ("(((", (")))",), "double-circle"),
    ("((", ("))",), "circle"),
    ("([", ("])",), "stadium"),
    ("[[", ("]]",), "subroutine"),
    ("[(", (")]",), "cylinder"),
    ("{{", ("}}",), "hexagon"),
    ("[/", ("/]", "\\]"), "parallelogram"),
    ("[\\", ("\\]", "/]"), "parallelogram-alt"),
    ("[", ("]",), "rect"),
    ("(", (")",), "round"),
    ("{", ("}",), "decision"),
    (">", ("]",), "asymmetric"),
]
_EDGE_OP = re.compile(
    r"""(?P<op>
        <?-{2,}>                     # -->  --->  <-->
      | <?-\.+->                     # -.-> -..->
      | <?={2,}>                     # ==>
      | [ox<]?-{2,}[ox]              # --x --o o--o
      | -{3,}                        # ---
      | -\.+-                        # -.-
      | ={3,}                        # ===
      | ~{3,}                        # ~~~ (invisible: layout only)
    )""",
    re.VERBOSE,
)
_TEXT_EDGE = re.compile(
    r"""(?P<open>--|==|-\.)\s+(?P<label>[^|]+?)\s+
        (?P<op><?-{2,}>|-{3,}|<?={2,}>|={3,}|\.->|\.-|-{2,}[ox])""",
    re.VERBOSE,
)
_PIPE_LABEL = re.compile(r"\s*\|(?P<label>[^|]*)\|")
_CLASS_SUFFIX = re.compile(r":::[\w-]+")
_NEW_SHAPE = re.compile(r"@\{(?P<body>[^}]*)\}")


class _LineError(ValueError):
    pass


def _read_label(text: str, pos: int, closers: tuple[str, ...]) -> tuple[str, int]:
    """Read a node label starting at ``pos`` up to one of ``closers``; return (label, end)."""
    rest = text[pos:]
    stripped = rest.lstrip()
    lead = len(rest) - len(stripped)
    if stripped.startswith('"'):
        end_quote = stripped.find('"', 1)
        if end_quote < 0:
            raise _LineError("a quoted label has no closing '\"'")
        label = stripped[1:end_quote]
        after = pos + lead + end_quote + 1
        tail = text[after:]
        tail_stripped = tail.lstrip()
        for closer in closers:
            if tail_stripped.startswith(closer):
                return label.strip("`"), after + len(tail) - len(tail_stripped) + len(closer)
        raise _LineError(f"the quoted label \"{label}\" is not followed by '{closers[0]}'")
    best = None
    for closer in closers:
        found = text.find(closer, pos)
        if found >= 0 and (best is None or found < best[0]):
            best = (found, closer)
    if best is None:
        raise _LineError(f"a node label is not closed with '{closers[0]}'")
    label = text[pos : best[0]]
    if '"' in label:
        raise _LineError("a label that contains '\"' must be quoted as a whole")
    return label.strip(), best[0] + len(best[1])


def _read_node(text: str, pos: int) -> tuple[str, str | None, str, int]:
    """Read ``ID[label]`` at ``pos``: (id, label or None, shape, end)."""
    match = _ID_RE.match(text, pos)
    if not match:
        raise _LineError(f"expected a node id at '{text[pos:pos + 20]}'")
    node_id, pos = match.group(0), match.end()
    if node_id in {"end", "subgraph", "click", "style", "class", "classDef"}:
        raise _LineError(f"'{node_id}' is a Mermaid keyword and cannot be a node id")
    label: str | None = None
    shape = "rect"
    new_shape = _NEW_SHAPE.match(text, pos)
    if new_shape:
        body = new_shape["body"]
        label_match = re.search(r'label\s*:\s*"([^"]*)"', body)
        shape_match = re.search(r"shape\s*:\s*([\w-]+)", body)
        label = label_match.group(1) if label_match else None
        shape = shape_match.group(1) if shape_match else "rect"
        if shape in {"diamond", "decision", "question", "diam"}:
            shape = "decision"
        pos = new_shape.end()
    else:
        for opener, closers, shape_name in _SHAPES:
            if text.startswith(opener, pos):
                label, pos = _read_label(text, pos + len(opener), closers)
                shape = shape_name
                break
    suffix = _CLASS_SUFFIX.match(text, pos)
    if suffix:
        pos = suffix.end()
    return node_id, label, shape, pos


def _read_edge(text: str, pos: int) -> tuple[str, str, int]:
    """Read an edge operator with its optional label at ``pos``: (operator, label, end)."""
    labelled = _TEXT_EDGE.match(text, pos)
    if labelled:
        return labelled["op"], labelled["label"].strip(), labelled.end()
    match = _EDGE_OP.match(text, pos)
    if not match:
        raise _LineError(f"expected an edge such as '-->' at '{text[pos:pos + 20]}'")
    op, end = match["op"], match.end()
    pipe = _PIPE_LABEL.match(text, end)
    if pipe:
        return op, pipe["label"].strip().strip('"'), pipe.end()
    return op, "", end


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _split_statements(line: str) -> list[str]:
    """Split a line on ';' outside quotes and brackets."""
    if ";" not in line:
        return [line] if line.strip() else []
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "[({":
            depth += 1
        elif not quoted and char in "])}":
            depth = max(0, depth - 1)
        elif char == ";" and not quoted and depth == 0:
            parts.append(line[start:i])
            start = i + 1
    parts.append(line[start:])
    return [p for p in parts if p.strip()]


_HEADER = re.compile(r"^(flowchart|graph)(?:\s+(TB|TD|BT|RL|LR))?\s*;?\s*$")
_CLICK = re.compile(
    r"""^click\s+(?P<ids>[^\s"]+)\s+
        (?:(?P<href>href)\s+)?
        (?P<rest>.*)$""",
    re.VERBOSE,
)
_QUOTED = re.compile(r'"([^"]*)"')
_IGNORED = re.compile(r"^(classDef|class|style|linkStyle|direction)\b")
_SUBGRAPH = re.compile(r'^subgraph\s+(?P<id>[^\s\[\"]+)?\s*(?P<title>\[.*\]|".*")?\s*$')


class _ChartBuilder:
    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        self.in_descr_block = False

    def define(self, node_id: str, label: str | None, shape: str, line: int) -> None:
        nodes = self.chart.nodes
        if node_id in nodes:
            if label is not None:
                nodes[node_id].label = label
                nodes[node_id].shape = shape
            return
        nodes[node_id] = Node(id=node_id, label=label if label is not None else node_id,
                              shape=shape, line=line)

    def statement(self, text: str, line: int, column_offset: int) -> None:
        stripped = text.strip()
        if self.in_descr_block:
            if stripped == "}":
                self.in_descr_block = False
            else:
                sep = "\n" if self.chart.description else ""
                self.chart.description += sep + stripped
            return
        if not stripped or stripped.startswith("%%"):
            return
        if stripped.startswith("accTitle"):
            self.chart.title = stripped.partition(":")[2].strip()
            return
        if stripped.startswith("accDescr"):
            rest = stripped[len("accDescr"):].strip()
            if rest.startswith("{"):
                inner = rest[1:].strip()
                if inner.endswith("}"):
                    self.chart.description = inner[:-1].strip()
                else:
                    self.chart.description = inner
                    self.in_descr_block = True
                return
            if rest.startswith(":"):
                self.chart.description = rest[1:].strip()
                return
            raise _LineError("write 'accDescr: text' or 'accDescr { ... }'")
        if stripped == "end":
            return
        if stripped.startswith("subgraph"):
            match = _SUBGRAPH.match(stripped)
            if not match:
                raise _LineError("write 'subgraph ID [title]'")
            if match["id"]:
                self.chart.subgraphs[match["id"]] = line
            return
        if _IGNORED.match(stripped):
            return
        if stripped.startswith("click ") or stripped == "click":
            self.click(text, line, column_offset)
            return
        for part in _split_statements(stripped):
            self.chain(part.strip(), line)

    def click(self, text: str, line: int, column_offset: int) -> None:
        stripped = text.strip()
        match = _CLICK.match(stripped)
        if not match:
            raise _LineError("write 'click ID \"target.md#anchor\"'")
        rest = match["rest"].strip()
        quoted = list(_QUOTED.finditer(rest))
        if not quoted or not rest.startswith('"'):
            raise _LineError(
                "callbacks never run here (Mermaid's strict security level); "
                "write 'click ID \"target.md#anchor\"' with a quoted link"
            )
        target = quoted[0].group(1)
        tooltip = quoted[1].group(1) if len(quoted) > 1 else ""
        leftover = _QUOTED.sub("", rest).strip()
        if leftover and leftover not in {"_self", "_blank", "_parent", "_top"}:
            raise _LineError(f"unexpected '{leftover}' after the click target")
        # where the target sits in the source line, so the hook can rewrite it in place
        start = text.index('"' + target + '"', text.index(match["ids"])) + 1 + column_offset
        for node_id in match["ids"].split(","):
            click = Click(node_id=node_id, target=target, tooltip=tooltip, line=line,
                          span=(line, start, start + len(target)))
            if node_id in self.chart.subgraphs:
                self.chart.early_clicks.append((click, "names a subgraph, which Mermaid never links"))
            elif node_id not in self.chart.nodes:
                self.chart.early_clicks.append((click, "is not defined before this line"))
            self.chart.clicks.append(click)

    def chain(self, text: str, line: int) -> None:
        pos = 0
        previous: list[str] = []
        while True:
            group: list[str] = []
            while True:
                pos = _skip_spaces(text, pos)
                node_id, label, shape, pos = _read_node(text, pos)
                self.define(node_id, label, shape, line)
                group.append(node_id)
                pos = _skip_spaces(text, pos)
                if text.startswith("&", pos):
                    pos += 1
                    continue
                break
            for source in previous:
                for target in group:
                    if self._edge_op != "invisible":
                        self.chart.edges.append(Edge(source, target, self._edge_label, line))
            if pos >= len(text):
                return
            op, label, pos = _read_edge(text, pos)
            self._edge_op = "invisible" if op.startswith("~") else op
            self._edge_label = label
            previous = group
            if op.startswith("<"):
                raise _LineError("two-way edges ('<-->') hide which way the reader goes; use '-->'")

    _edge_op = ""
    _edge_label = ""


def parse_chart(src_uri: str, index: int, fence: Fence) -> Chart | None:
    """Parse one fence; ``None`` when it is not a flowchart."""
    chart = Chart(src_uri=src_uri, index=index, line=fence.start, end_line=fence.end,
                  indent=fence.indent)
    builder = _ChartBuilder(chart)
    header_seen = False
    for offset, raw in enumerate(fence.lines):
        line_no = fence.start + 1 + offset
        stripped = raw.strip()
        if not header_seen:
            if not stripped or stripped.startswith("%%"):
                continue
            header = _HEADER.match(stripped)
            if not header:
                return None
            chart.direction = header.group(2) or "TD"
            header_seen = True
            continue
        try:
            builder.statement(raw, line_no, len(fence.indent))
        except _LineError as error:
            raise FlowchartSyntaxError(src_uri, line_no, raw, str(error)) from None
    if builder.in_descr_block:
        raise FlowchartSyntaxError(src_uri, fence.end, "```", "'accDescr {' is never closed")
    return chart if header_seen else None


def parse_page(src_uri: str, markdown: str) -> list[Chart]:
    """All flowcharts of a page, numbered from 1 in page order."""
    charts: list[Chart] = []
    for fence in find_fences(markdown):
        chart = parse_chart(src_uri, len(charts) + 1, fence)
        if chart is not None:
            charts.append(chart)
    return charts
