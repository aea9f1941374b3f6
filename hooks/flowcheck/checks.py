"""The flowchart rules, run once every page and its anchors are known."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from .conversation import find_loops, strongly_connected
from .graph import Chart, Click, Edge, Node
from .targets import Target, resolve_target

__all__ = ["RULES", "ConfigError", "FlowcheckConfig", "Problem", "SiteGraph", "check_site", "start_nodes"]

#: rule name -> what it guards; every rule's level is set in ``extra.flowcheck.rules``
RULES: dict[str, str] = {
    "click_unknown_node": "a click names a node the chart does not define (or before its definition)",
    "click_not_found": "a click target is not a documentation file, or leaves docs/",
    "click_anchor": "a click target's #anchor is not an id on the target page",
    "click_external": "an external target is not https:// or its host is not on the allow list",
    "dead_end": "a box ends without a link (no click, no answer on), or a loop has no way out to a linked box",
    "unreachable": "a chart has several start nodes, or a node cannot be reached from the start",
    "orphan_page": "a troubleshooting page cannot be reached from the start page",
    "decision_branches": "a decision node {...} has fewer than two outgoing edges",
    "accessibility": "a chart has no accTitle or no accDescr",
    "mermaid": "Mermaid cannot read or draw a chart (a parse error, or over its limits)",
    "label_html": "a label holds HTML, an image or an icon; charts show plain text and their links only",
    "diagram_links": "a diagram other than a flowchart has links, which the build cannot check",
    "readability": "a chart's labels or links would be too small to read or tap on a desktop or a phone",
    "loop": "following the answers across charts and pages comes back to a question already asked",
}
LEVELS = ("warn", "info", "ignore")
DEFAULT_ALLOWED_HOSTS = [
    "aws.amazon.com", "*.aws.amazon.com", "signin.aws", "*.signin.aws",
    "repost.aws", "*.repost.aws",
    "amazonaws.cn", "*.amazonaws.cn", "*.amazonaws-us-gov.com",
]


DEFAULT_FONT_FAMILY = ('"Hiragino Sans", "Hiragino Kaku Gothic ProN", "BIZ UDPGothic", "Yu Gothic UI", '
                       '"Yu Gothic", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif')


class ConfigError(ValueError):
    """``extra.flowcheck`` in mkdocs.yml cannot be used."""


@dataclass
class Readability:
    """Sizes the ``readability`` rule holds every chart to (CSS px)."""

    #: Material's content column on a 1280 px desktop (tests/browser measure it)
    desktop_width: int = 688
    #: Material's content column on a 1280 px desktop when the page hides its table of contents
    #: (front matter 'hide: [toc]'): a page that needs a wide chart may give it that room
    desktop_width_without_toc: int = 938
    #: the content column on a 390 px phone
    mobile_width: int = 358
    font_size: int = 16
    min_label_desktop: float = 14
    min_label_mobile: float = 12
    #: WCAG 2.5.8: a link is at least 24 x 24 CSS px
    min_target: float = 24

    @property
    def mobile_scale(self) -> float:
        """The smallest scale a chart is drawn at on a phone (it scrolls sideways rather than shrink more)."""
        return self.min_label_mobile / self.font_size


@dataclass
class FlowcheckConfig:
    start_page: str = "index.md"
    troubleshooting_dir: str = "troubleshooting/"
    allowed_hosts: list[str] = field(default_factory=lambda: list(DEFAULT_ALLOWED_HOSTS))
    text_version: bool = True
    report: str = "flowcheck.json"
    rules: dict[str, str] = field(default_factory=lambda: dict.fromkeys(RULES, "warn"))
    readability: Readability = field(default_factory=Readability)
    #: the pinned Mermaid package (npm), relative to mkdocs.yml
    mermaid: str = "node_modules/mermaid"
    #: where rendered charts are cached, relative to mkdocs.yml ("" turns the cache off)
    cache_dir: str = ".cache/flowcheck"
    #: the font Mermaid measures labels in; the site's CSS draws chart labels in the same stack
    font_family: str = DEFAULT_FONT_FAMILY

    @classmethod
    def from_mapping(cls, raw: object) -> FlowcheckConfig:
        """Build from ``extra.flowcheck``; raise :class:`ConfigError` naming the bad key."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise ConfigError("'extra.flowcheck' must be a mapping")
        config = cls()
        known = {"start_page", "troubleshooting_dir", "allowed_hosts", "text_version", "report", "rules",
                 "readability", "cache_dir", "font_family", "mermaid"}
        for key in raw:
            if key not in known:
                raise ConfigError(f"'extra.flowcheck.{key}' is not an option; use one of {sorted(known)}")
        for key in ("start_page", "troubleshooting_dir", "report", "font_family", "mermaid"):
            if key in raw:
                if not isinstance(raw[key], str) or not raw[key]:
                    raise ConfigError(f"'extra.flowcheck.{key}' must be a non-empty string")
                setattr(config, key, raw[key])
        if "cache_dir" in raw:
            if not isinstance(raw["cache_dir"], str):
                raise ConfigError("'extra.flowcheck.cache_dir' must be a path relative to mkdocs.yml, or ''")
            config.cache_dir = raw["cache_dir"]
        config.readability = _readability(raw.get("readability"))
        if not config.troubleshooting_dir.endswith("/"):
            config.troubleshooting_dir += "/"
        if "allowed_hosts" in raw:
            hosts = raw["allowed_hosts"]
            if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
                raise ConfigError("'extra.flowcheck.allowed_hosts' must be a list of host names")
            config.allowed_hosts = list(hosts)
        if "text_version" in raw:
            if not isinstance(raw["text_version"], bool):
                raise ConfigError("'extra.flowcheck.text_version' must be true or false")
            config.text_version = raw["text_version"]
        rules = raw.get("rules") or {}
        if not isinstance(rules, dict):
            raise ConfigError("'extra.flowcheck.rules' must map rule names to warn, info or ignore")
        for name, level in rules.items():
            if name not in RULES:
                raise ConfigError(f"'extra.flowcheck.rules.{name}' is not a rule; rules are {sorted(RULES)}")
            if level not in LEVELS:
                raise ConfigError(
                    f"'extra.flowcheck.rules.{name}' is '{level}'; use one of warn, info, ignore"
                )
            config.rules[name] = level
        return config


def _readability(raw: object) -> Readability:
    readability = Readability()
    if raw is None:
        return readability
    if not isinstance(raw, dict):
        raise ConfigError("'extra.flowcheck.readability' must be a mapping")
    for key, value in raw.items():
        if key not in Readability.__dataclass_fields__:
            raise ConfigError(f"'extra.flowcheck.readability.{key}' is not an option; use one of "
                              f"{sorted(Readability.__dataclass_fields__)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"'extra.flowcheck.readability.{key}' must be a positive number of CSS px")
        setattr(readability, key, value)
    return readability


@dataclass
class Problem:
    rule: str
    src_uri: str
    line: int
    message: str


@dataclass
class PageInfo:
    src_uri: str
    url: str
    title: str
    anchors: set[str]
    #: front matter 'hide: [toc]': the page's column is wider on a desktop
    hides_toc: bool = False


@dataclass
class SiteGraph:
    """Everything the rules look at: the parsed charts and the built pages."""

    charts: list[Chart]
    pages: dict[str, PageInfo]
    config: FlowcheckConfig
    #: resolved targets, by page and target as written
    targets: dict[tuple[str, str], Target] = field(default_factory=dict)
    reachable_nodes: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    #: each chart with one start node, walked from it: node -> the edge that first reached it
    walks: dict[tuple[str, int], dict[str, Edge | None]] = field(default_factory=dict)
    reachable_pages: set[str] = field(default_factory=set)
    #: how each reachable page is first reached: page -> (from page, chart, answers along the way)
    routes: dict[str, tuple[str, Chart, list[str]]] = field(default_factory=dict)
    #: problems found while drawing the charts (Mermaid errors, unsafe output, links in other diagrams)
    found: list[Problem] = field(default_factory=list)
    #: charts_in(page, anchor): the numbers of the charts in that section, where a link there goes on
    charts_in: Callable[[str, str], list[int]] = lambda src_uri, anchor: []

    def __post_init__(self) -> None:
        self.doc_files = set(self.pages)

    def target_of(self, chart: Chart, click: Click) -> Target:
        key = (chart.src_uri, click.target)  # not the line: one line may hold several clicks
        if key not in self.targets:
            self.targets[key] = resolve_target(
                click.target, chart.src_uri, self.doc_files, self.config.allowed_hosts
            )
        return self.targets[key]


def _where(chart: Chart, line: int) -> str:
    return f"Doc file '{chart.src_uri}' line {line}, flowchart '{chart.name}'"


def _node_text(node: Node | None, node_id: str) -> str:
    if node is None or node.label == node_id:
        return f"node '{node_id}'"
    return f"node '{node_id}' (「{node.label}」)"


def _check_clicks(site: SiteGraph, chart: Chart) -> list[Problem]:
    problems: list[Problem] = []
    for click, why in chart.early_clicks:
        problems.append(Problem(
            "click_unknown_node", chart.src_uri, click.line,
            f"{_where(chart, click.line)}: 'click {click.node_id}' {why}.",
        ))
    for click in chart.clicks:
        node = chart.nodes.get(click.node_id)
        target = site.target_of(chart, click)
        subject = (f"{_where(chart, click.line)}: click on {_node_text(node, click.node_id)} links to "
                   f"'{_shown(click.target)}'")
        if target.kind == "invalid":
            rule = "click_external" if _looks_external(click.target) else "click_not_found"
            problems.append(Problem(rule, chart.src_uri, click.line, f"{subject}, but {target.reason}."))
        elif target.kind == "page" and target.anchor:
            page = site.pages[target.src_uri]
            if target.anchor not in page.anchors:
                problems.append(Problem(
                    "click_anchor", chart.src_uri, click.line,
                    f"{subject}, but there is no anchor '#{target.anchor}' in '{target.src_uri}'. "
                    f"Give the heading an explicit id: '## 見出し {{ #{target.anchor} }}'.",
                ))
    return problems


def _shown(written: str) -> str:
    """A target as written, with control characters visible ('\\t', '\\x01')."""
    if written.isprintable():
        return written
    return "".join(c.encode("unicode_escape").decode() if ord(c) < 32 or ord(c) == 127 else c for c in written)


def _looks_external(written: str) -> bool:
    return ":" in written.split("/")[0] or written.startswith("//")


def start_nodes(chart: Chart) -> list[str]:
    with_incoming = {edge.target for edge in chart.edges}
    return [node_id for node_id in chart.nodes if node_id not in with_incoming]


def _walk(chart: Chart, starts: list[str]) -> dict[str, Edge | None]:
    """Every node reachable from ``starts``, each with the edge that first reached it."""
    parents: dict[str, Edge | None] = dict.fromkeys(starts)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        for edge in chart.outgoing(current):
            if edge.target not in parents:
                parents[edge.target] = edge
                queue.append(edge.target)
    return parents


def _answers_to(chart: Chart, parents: dict[str, Edge | None], node_id: str) -> list[str]:
    """The answers a reader picks from the start to ``node_id``, ending with its label."""
    steps = [chart.nodes[node_id].label]
    edge = parents[node_id]
    while edge is not None:
        if edge.label:
            steps.append(f"「{edge.label}」")
        edge = parents[edge.source]
    return steps[::-1]


def _check_shape(site: SiteGraph, chart: Chart) -> list[Problem]:
    problems: list[Problem] = []
    if not chart.title or not chart.description:
        missing = " and ".join(k for k, v in (("accTitle", chart.title), ("accDescr", chart.description)) if not v)
        problems.append(Problem(
            "accessibility", chart.src_uri, chart.line,
            f"{_where(chart, chart.line)}: the chart has no {missing}; screen readers announce "
            "nothing for it. Add 'accTitle: ...' and 'accDescr: ...' after the first line.",
        ))
    starts = start_nodes(chart)
    if not chart.nodes:
        problems.append(Problem(
            "unreachable", chart.src_uri, chart.line,
            f"{_where(chart, chart.line)}: the chart has no nodes; draw at least a question and its answers.",
        ))
    elif len(starts) != 1:
        names = ", ".join(_node_text(chart.nodes[s], s) for s in starts) or "none (every node has an incoming edge)"
        problems.append(Problem(
            "unreachable", chart.src_uri, chart.line,
            f"{_where(chart, chart.line)}: the chart must have exactly one start node "
            f"(a node with no incoming edge), but has: {names}.",
        ))
    walked = _walk(chart, starts[:1])
    if len(starts) == 1:
        site.walks[(chart.src_uri, chart.index)] = walked
    reachable = set(walked)
    site.reachable_nodes[(chart.src_uri, chart.index)] = reachable
    if len(starts) == 1:
        for node_id, node in chart.nodes.items():
            if node_id not in reachable:
                problems.append(Problem(
                    "unreachable", chart.src_uri, node.line,
                    f"{_where(chart, node.line)}: {_node_text(node, node_id)} cannot be reached "
                    f"from the start node '{starts[0]}'.",
                ))
    for loop in _loops_without_exit(chart, _leading_to_links(chart)):
        if not reachable.intersection(loop):
            continue  # 'unreachable' says so
        first = chart.nodes[loop[0]]
        names = ", ".join(_node_text(chart.nodes[n], n) for n in loop)
        problems.append(Problem(
            "dead_end", chart.src_uri, first.line,
            f"{_where(chart, first.line)}: {names} go round in a loop with no way out: no answer leads from it "
            "to a linked box. Give the loop an answer that leads to a page that resolves it.",
        ))
    for node_id, node in chart.nodes.items():
        outgoing = chart.outgoing(node_id)
        if not outgoing and chart.click_for(node_id) is None:
            problems.append(Problem(
                "dead_end", chart.src_uri, node.line,
                f"{_where(chart, node.line)}: {_node_text(node, node_id)} ends without a link: no click and no "
                f"answer leads on from it; add 'click {node_id} \"page.md#anchor\"' to the page that resolves it.",
            ))
        if node.shape == "decision" and len(outgoing) < 2:
            problems.append(Problem(
                "decision_branches", chart.src_uri, node.line,
                f"{_where(chart, node.line)}: decision {_node_text(node, node_id)} has "
                f"{len(outgoing)} outgoing edge(s); a question needs at least two answers.",
            ))
    return problems


def _loops_without_exit(chart: Chart, leading: set[str]) -> list[list[str]]:
    """Loops from which no path leads to a linked box: among the nodes that lead to no link, each
    strongly connected group of two or more (or a node with an edge to itself) that no edge leaves.
    A chain that only ends in a box without a click is no loop: its leaf is reported on its own."""
    order = {node_id: n for n, node_id in enumerate(chart.nodes)}
    stuck = [node_id for node_id in chart.nodes if node_id not in leading]
    groups = strongly_connected(stuck, lambda n: [e.target for e in chart.outgoing(n) if e.target not in leading])
    loops = []
    for group in groups:
        members = set(group)
        edges = [e for n in group for e in chart.outgoing(n)]
        closed = all(e.target in members for e in edges)
        if closed and (len(group) > 1 or any(e.target == e.source for e in edges)):
            loops.append(sorted(group, key=order.__getitem__))
    return sorted(loops, key=lambda loop: order[loop[0]])


def _leading_to_links(chart: Chart) -> set[str]:
    """Nodes from which some path reaches a node with a click."""
    incoming: dict[str, list[str]] = {}
    for edge in chart.edges:
        incoming.setdefault(edge.target, []).append(edge.source)
    found = {click.node_id for click in chart.clicks if click.node_id in chart.nodes}
    queue = deque(found)
    while queue:
        for source in incoming.get(queue.popleft(), []):
            if source not in found:
                found.add(source)
                queue.append(source)
    return found


def _narrower(chart: Chart) -> str:
    """What makes this chart narrower: tall is fine, wide is not."""
    across = "" if chart.direction in ("TB", "TD") else (
        "Lay a path out top-down (flowchart TD); keep left-to-right for a question with many short answers. ")
    return (f"{across}Give each question fewer answers, shorten the labels (or break them with <br>), "
            "or split the chart in two.")


def _check_readability(site: SiteGraph, chart: Chart) -> list[Problem]:
    sizes = site.config.readability
    problems: list[Problem] = []
    page = site.pages.get(chart.src_uri)
    column = sizes.desktop_width_without_toc if page and page.hides_toc else sizes.desktop_width
    # a chart wider than the column is scaled down to fit it; a size under the minimum is printed
    # rounded down (11.97 px is "11.9 px", never "12.0 px, under 12 px")
    desktop = sizes.font_size * min(1.0, column / chart.width) if chart.width else sizes.font_size
    if desktop < sizes.min_label_desktop:
        problems.append(Problem(
            "readability", chart.src_uri, chart.line,
            f"{_where(chart, chart.line)}: the chart is {chart.width:.0f} px wide, but the content column of a "
            f"1280 px desktop is {column} px, so its {sizes.font_size} px labels would shrink to "
            f"{_under(desktop)} px (at least {sizes.min_label_desktop:g} px is needed). {_narrower(chart)}",
        ))
    phone = sizes.font_size * min(1.0, sizes.mobile_width / chart.width) if chart.width else sizes.font_size
    if phone < sizes.min_label_mobile:
        problems = []  # the phone's column is the narrower: one message, with the width that fits both
        widest = sizes.mobile_width * sizes.font_size / sizes.min_label_mobile
        problems.append(Problem(
            "readability", chart.src_uri, chart.line,
            f"{_where(chart, chart.line)}: the chart is {chart.width:.0f} px wide, but the content column of a "
            f"390 px phone is {sizes.mobile_width} px, so its {sizes.font_size} px labels would shrink to "
            f"{_under(phone)} px (at least {sizes.min_label_mobile:g} px is needed): draw it at most "
            f"{math.floor(widest)} px "
            f"wide. {_narrower(chart)}",
        ))
    phone_scale = min(1.0, sizes.mobile_width / chart.width) if chart.width else 1.0
    for target in chart.targets:
        smallest = min(target["width"], target["height"]) * max(phone_scale, sizes.mobile_scale)
        if smallest < sizes.min_target:
            node = chart.nodes.get(target["node"])
            what = "the answer leading to " if target["answer"] else ""
            problems.append(Problem(
                "readability", chart.src_uri, node.line if node else chart.line,
                f"{_where(chart, node.line if node else chart.line)}: the link on {what}"
                f"{_node_text(node, target['node'])} is {_under(smallest)} px on a phone, under the "
                f"{sizes.min_target:g} px a finger needs (WCAG 2.5.8); {_bigger_advice(node)}.",
            ))
    return problems


#: shapes Mermaid draws without their label (a dot, a bar, a bolt…): a longer label changes nothing
LABEL_LESS_SHAPES = frozenset({
    "sm-circ", "start", "small-circle", "stateStart", "fr-circ", "stop", "framed-circle", "stateEnd",
    "fork", "join", "forkJoin", "hourglass", "collate", "bolt", "com-link", "lightning-bolt",
    "f-circ", "junction", "filled-circle", "cross-circ", "summary", "crossed-circle", "choice",
})


def _under(value: float) -> str:
    """A size that failed a minimum, rounded down to a tenth: never shown as the minimum itself."""
    return f"{math.floor(value * 10) / 10:.1f}"


def _bigger_advice(node: Node | None) -> str:
    if node is not None and node.shape in LABEL_LESS_SHAPES:
        return (f"the shape '{node.shape}' draws no label, so a link on it stays that small. Link a box that "
                "shows its label instead (e.g. 'A[\"…\"]' or '@{ shape: rounded }')")
    return "give it a longer label"


def _walk_site(site: SiteGraph) -> set[str]:
    """Pages reachable from the start page by chart edges and clicks."""
    charts_by_page: dict[str, list[Chart]] = {}
    for chart in site.charts:
        charts_by_page.setdefault(chart.src_uri, []).append(chart)
    start = site.config.start_page
    seen_pages = {start} if start in site.pages else set()
    queue = deque(seen_pages)
    while queue:
        page = queue.popleft()
        for chart in charts_by_page.get(page, []):
            parents = site.walks.get((chart.src_uri, chart.index)) or _walk(chart, start_nodes(chart))
            for node_id in parents:
                click = chart.click_for(node_id)
                if click is None:
                    continue
                target = site.target_of(chart, click)
                if target.kind == "page" and target.src_uri not in seen_pages:
                    seen_pages.add(target.src_uri)
                    site.routes[target.src_uri] = (page, chart, _answers_to(chart, parents, node_id))
                    queue.append(target.src_uri)
    return seen_pages


def _check_orphans(site: SiteGraph) -> list[Problem]:
    config = site.config
    problems: list[Problem] = []
    if config.start_page not in site.pages:
        return [Problem(
            "orphan_page", config.start_page, 0,
            f"The start page '{config.start_page}' (extra.flowcheck.start_page) is not found "
            "among documentation files.",
        )]
    site.reachable_pages = _walk_site(site)
    for src_uri in sorted(site.pages):
        if src_uri.startswith(config.troubleshooting_dir) and src_uri not in site.reachable_pages:
            problems.append(Problem(
                "orphan_page", src_uri, 0,
                f"Doc file '{src_uri}' is under '{config.troubleshooting_dir}' but cannot be "
                f"reached from '{config.start_page}' by following flowchart edges and clicks; "
                "link a chart node to it.",
            ))
    return problems


def _asks(chart: Chart, node_id: str) -> bool:
    return chart.nodes[node_id].shape == "decision" or len(chart.outgoing(node_id)) >= 2


def _check_loops(site: SiteGraph) -> list[Problem]:
    return [
        Problem("loop", stop.chart.src_uri, stop.chart.nodes[stop.node_id].line,
                f"{_where(stop.chart, stop.chart.nodes[stop.node_id].line)}: {message}")
        for stop, message in find_loops(site.charts, site.target_of, site.charts_in, _asks)
    ]


def check_site(site: SiteGraph) -> list[Problem]:
    """Run every rule; problems come back in page and line order, with their rule names."""
    problems: list[Problem] = list(site.found)
    for chart in site.charts:
        problems += [Problem(issue.rule, chart.src_uri, issue.line, issue.message) for issue in chart.issues]
        problems += _check_clicks(site, chart)
        problems += _check_shape(site, chart)
        problems += _check_readability(site, chart)
    problems += _check_orphans(site)
    problems += _check_loops(site)
    problems.sort(key=lambda p: (p.src_uri, p.line, p.rule))
    return problems
