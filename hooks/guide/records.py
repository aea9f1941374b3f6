"""Each guided chart as a record the guide walks: nodes, answers, links, and hand-overs.

A record is self-contained JSON for one chart: its nodes with their answers (``out``), the links
of its clicked boxes (site-root URLs, a result's link with the first lines of its section), and
for an end that leads to a page or section with a guided chart of its own the hand-over
(``hop``: that chart's first step, ``guide-N/START``). The walk never leaves the chart: a hand-over
opens the heading the box links to (where the guide starts the chart under it), or the page at
that first step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from flowcheck import Chart, SiteGraph, host_allowed, start_nodes

from .walk import step_fragment

__all__ = ["chart_id", "guide_records", "triage_choices"]

#: host-looking words in a step's label ("console.aws.amazon.com を開く"), made links
_URLISH = re.compile(r"(?:https://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[\w./~%-]*)?")

Title = Callable[[str, str], str]
Excerpt = Callable[[str, str], "dict | None"]
#: sections_of(src_uri): each chart's number → the heading it is the first chart under
Sections = Callable[[str], Mapping[int, str]]


def chart_id(chart: Chart) -> str:
    return f"{chart.src_uri}#{chart.index}"


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


def _site_url(url: str) -> str:
    """A page URL relative to the site root, the home page as '' (MkDocs writes './')."""
    return "" if url in (".", "./") else url.removeprefix("./")


def chart_start(chart: Chart) -> str:
    return (start_nodes(chart) or list(chart.nodes) or [""])[0]


class _ChartRecord:
    """One chart as the guide walks it."""

    def __init__(self, site: SiteGraph, title_of: Title, excerpt_of: Excerpt,
                 guided: Mapping[str, list[Chart]], sections_of: Sections | None = None) -> None:
        self.site, self.title_of, self.excerpt_of, self.guided = site, title_of, excerpt_of, guided
        self.sections_of = sections_of or (lambda src_uri: {})

    def handover(self, src_uri: str, anchor: str) -> Chart | None:
        """The guided chart a conversation goes on with when an end links to ``src_uri#anchor``:
        the page's first guided chart (no anchor), or the guided chart under that heading."""
        guided = self.guided.get(src_uri) or []
        if not anchor:
            return guided[0] if guided else None
        sections = self.sections_of(src_uri)
        return next((chart for chart in guided if sections.get(chart.index) == anchor), None)

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
        url = _site_url(page.url) if page else ""
        record = {"id": chart_id(chart), "title": chart.title or chart.name, "page": url,
                  "start": chart_start(chart), "nodes": nodes, "links": links}
        section = self.sections_of(chart.src_uri).get(chart.index)
        if section:  # the heading the chart stands under: a link to it goes on with this chart
            record["section"] = section
        return record

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
            # a box marked restart ends the conversation: its link starts over, it hands over to nothing
            ends = edges or node_id in chart.restarts
            goes_on = self.handover(target.src_uri, target.anchor) if not ends else None
            url = _site_url(self.site.pages[target.src_uri].url) + (f"#{target.anchor}" if target.anchor else "")
            result = not edges and goes_on is None  # only a result shows the first lines of its section

            def make(src_uri: str = target.src_uri, anchor: str = target.anchor) -> dict:
                excerpt = (self.excerpt_of(src_uri, anchor) or {}) if result else {}
                return {"url": url, "title": self.title_of(src_uri, anchor), **excerpt}

            entry["link"] = link(f"{url} result" if result else url, make)
            if goes_on is not None:  # the step URL of the chart the conversation goes on with
                entry["hop"] = step_fragment(goes_on.index, [chart_start(goes_on)])
        elif target is not None and target.kind == "external":
            entry["link"] = link(target.url, lambda: {"url": target.url, "title": node.label})
        return entry


def guide_records(
    site: SiteGraph, title_of: Title, excerpt_of: Excerpt, guided: Mapping[str, list[Chart]],
    sections_of: Sections | None = None,
) -> dict[str, dict]:
    """The record of every guided chart, by chart id ('page.md#1').

    ``title_of(src_uri, anchor)`` names a link target; ``excerpt_of(src_uri, anchor)`` gives the
    first lines of a result's section (asked only for the ends that are results). ``guided`` maps
    a page to its guided charts: an end that links to such a page (or to the heading a guided
    chart is the first chart under, ``sections_of``, see :func:`chart_sections`) hands the
    conversation over to that chart. URLs in records are relative to the site root.
    """
    builder = _ChartRecord(site, title_of, excerpt_of, guided, sections_of)
    return {chart_id(chart): builder.build(chart) for charts in guided.values() for chart in charts}


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
