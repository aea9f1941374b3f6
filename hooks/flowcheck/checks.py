"""The flowchart rules, run once every page and its anchors are known."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .parser import Chart, Click, Edge, Node
from .targets import Target, resolve_target

__all__ = ["RULES", "ConfigError", "FlowcheckConfig", "Problem", "SiteGraph", "check_site", "start_nodes"]

#: rule name -> what it guards; every rule's level is set in ``extra.flowcheck.rules``
RULES: dict[str, str] = {
    "click_unknown_node": "a click names a node the chart does not define (or before its definition)",
    "click_not_found": "a click target is not a documentation file, or leaves docs/",
    "click_anchor": "a click target's #anchor is not an id on the target page",
    "click_external": "an external target is not https:// or its host is not on the allow list",
    "dead_end": "a leaf node (no outgoing edge) has no click: a branch that ends in nothing",
    "unreachable": "a chart has several start nodes, or a node cannot be reached from the start",
    "orphan_page": "a troubleshooting page cannot be reached from the start page",
    "decision_branches": "a decision node {...} has fewer than two outgoing edges",
    "accessibility": "a chart has no accTitle or no accDescr",
}
LEVELS = ("warn", "info", "ignore")
DEFAULT_ALLOWED_HOSTS = [
    "aws.amazon.com", "*.aws.amazon.com", "signin.aws", "*.signin.aws",
    "awsapps.com", "*.awsapps.com", "repost.aws", "*.repost.aws",
    "amazonaws.cn", "*.amazonaws.cn", "*.amazonaws-us-gov.com",
]


class ConfigError(ValueError):
    """``extra.flowcheck`` in mkdocs.yml cannot be used."""


@dataclass
class FlowcheckConfig:
    start_page: str = "index.md"
    troubleshooting_dir: str = "troubleshooting/"
    allowed_hosts: list[str] = field(default_factory=lambda: list(DEFAULT_ALLOWED_HOSTS))
    text_version: bool = True
    report: str = "flowcheck.json"
    rules: dict[str, str] = field(default_factory=lambda: dict.fromkeys(RULES, "warn"))

    @classmethod
    def from_mapping(cls, raw: object) -> FlowcheckConfig:
        """Build from ``extra.flowcheck``; raise :class:`ConfigError` naming the bad key."""
        if raw is None:
            return cls()
        if not isinstance(raw, dict):
            raise ConfigError("'extra.flowcheck' must be a mapping")
        config = cls()
        known = {"start_page", "troubleshooting_dir", "allowed_hosts", "text_version", "report", "rules"}
        for key in raw:
            if key not in known:
                raise ConfigError(f"'extra.flowcheck.{key}' is not an option; use one of {sorted(known)}")
        for key in ("start_page", "troubleshooting_dir", "report"):
            if key in raw:
                if not isinstance(raw[key], str) or not raw[key]:
                    raise ConfigError(f"'extra.flowcheck.{key}' must be a non-empty string")
                setattr(config, key, raw[key])
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


@dataclass
class SiteGraph:
    """Everything the rules look at: the parsed charts and the built pages."""

    charts: list[Chart]
    pages: dict[str, PageInfo]
    config: FlowcheckConfig
    targets: dict[tuple[str, int, int], Target] = field(default_factory=dict)
    reachable_nodes: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    reachable_pages: set[str] = field(default_factory=set)
    #: how each reachable page is first reached: page -> (from page, chart, answers along the way)
    routes: dict[str, tuple[str, Chart, list[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.doc_files = set(self.pages)

    def target_of(self, chart: Chart, click: Click) -> Target:
        key = (chart.src_uri, chart.index, click.line)
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
            f"{_where(chart, click.line)}: 'click {click.node_id}' names a node that {why}; "
            "Mermaid drops such a link silently. Define the node first and put click lines last.",
        ))
    for click in chart.clicks:
        node = chart.nodes.get(click.node_id)
        target = site.target_of(chart, click)
        subject = f"{_where(chart, click.line)}: click on {_node_text(node, click.node_id)} links to '{click.target}'"
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
    if len(starts) != 1:
        names = ", ".join(_node_text(chart.nodes[s], s) for s in starts) or "none (every node has an incoming edge)"
        problems.append(Problem(
            "unreachable", chart.src_uri, chart.line,
            f"{_where(chart, chart.line)}: the chart must have exactly one start node "
            f"(a node with no incoming edge), but has: {names}.",
        ))
    reachable = set(_walk(chart, starts[:1]))
    site.reachable_nodes[(chart.src_uri, chart.index)] = reachable
    if len(starts) == 1:
        for node_id, node in chart.nodes.items():
            if node_id not in reachable:
                problems.append(Problem(
                    "unreachable", chart.src_uri, node.line,
                    f"{_where(chart, node.line)}: {_node_text(node, node_id)} cannot be reached "
                    f"from the start node '{starts[0]}'.",
                ))
    for node_id, node in chart.nodes.items():
        outgoing = chart.outgoing(node_id)
        if not outgoing and chart.click_for(node_id) is None:
            problems.append(Problem(
                "dead_end", chart.src_uri, node.line,
                f"{_where(chart, node.line)}: {_node_text(node, node_id)} ends the branch but "
                "has no click; add 'click "
                f"{node_id} \"page.md#anchor\"' to the page that resolves it.",
            ))
        if node.shape == "decision" and len(outgoing) < 2:
            problems.append(Problem(
                "decision_branches", chart.src_uri, node.line,
                f"{_where(chart, node.line)}: decision {_node_text(node, node_id)} has "
                f"{len(outgoing)} outgoing edge(s); a question needs at least two answers.",
            ))
    return problems


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
            parents = _walk(chart, start_nodes(chart))
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


def check_site(site: SiteGraph) -> list[Problem]:
    """Run every rule; problems come back in page and line order, with their rule names."""
    problems: list[Problem] = []
    for chart in site.charts:
        problems += _check_clicks(site, chart)
        problems += _check_shape(site, chart)
    problems += _check_orphans(site)
    problems.sort(key=lambda p: (p.src_uri, p.line, p.rule))
    return problems
