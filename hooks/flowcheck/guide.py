"""The guided mode: a chart's graph as step-by-step questions, generated from the checked graph.

The panel carries the chart's nodes, edges and resolved links as JSON; ``guide.js`` walks it one
question at a time. Because both the drawn chart and the guide come from the same parsed graph,
they cannot disagree.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from .checks import SiteGraph, start_nodes
from .graph import Chart
from .targets import relative_url

__all__ = [
    "GUIDE_SLOT", "GuideRequestError", "guide_data", "guide_panel", "guide_slot", "guided_chart", "triage_choices",
]

GUIDE_SLOT = '<div class="flow-guide-slot" data-chart="{index}"></div>'


class GuideRequestError(ValueError):
    """Front matter ``guide:`` names no flowchart of the page."""


def guided_chart(src_uri: str, wanted: object, charts: list[Chart]) -> Chart | None:
    """The chart that front matter ``guide: true`` (the first) or ``guide: N`` asks a guide for."""
    if wanted is None or wanted is False:
        return None
    shown = str(wanted).lower() if isinstance(wanted, bool) else wanted  # as written in YAML: 'true'
    if not charts:
        raise GuideRequestError(
            f"Doc file '{src_uri}': front matter 'guide: {shown}' asks for a guide, but the page has no flowchart."
        )
    number = 1 if wanted is True else wanted
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(charts):
        raise GuideRequestError(
            f"Doc file '{src_uri}': front matter 'guide: {shown}' must be true or the number "
            f"of a flowchart on the page (1 to {len(charts)})."
        )
    return charts[number - 1]


def guide_slot(index: int) -> str:
    """Placeholder written into the Markdown; replaced by the panel once every page is known."""
    return GUIDE_SLOT.format(index=index)


def guide_data(
    site: SiteGraph, chart: Chart, page_url: str, describe: Callable[[str, str], tuple[str, str]]
) -> dict:
    """Nodes, edges and links of ``chart`` for the page at ``page_url``.

    ``describe(src_uri, anchor)`` returns the (title, one-line summary) of a link target.
    """
    nodes = {}
    for node_id, node in chart.nodes.items():
        entry: dict = {"label": node.label, "question": node.shape == "decision"}
        click = chart.click_for(node_id)
        if click is not None:
            target = site.target_of(chart, click)
            if target.kind == "page":
                url = relative_url(site.pages[target.src_uri].url, page_url)
                title, summary = describe(target.src_uri, target.anchor)
                entry["link"] = {"url": url + (f"#{target.anchor}" if target.anchor else ""),
                                 "title": title, "summary": summary}
            elif target.kind == "external":
                entry["link"] = {"url": target.url, "title": node.label, "summary": ""}
        nodes[node_id] = entry
    return {
        "chart": chart.index,
        "title": chart.title,
        "start": (start_nodes(chart) or [""])[0],
        "nodes": nodes,
        "edges": [{"from": e.source, "to": e.target, "label": e.label} for e in chart.edges],
    }


def guide_panel(data: dict) -> str:
    """The panel's HTML: hidden until guide.js draws it; the chart stays for readers without JS."""
    index = data["chart"]
    # '<', '>' and '&' as JSON escapes: nothing in the data can end the script element or open a comment
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026")
    return (
        f'<section class="flow-guide" data-guide data-guide-chart="{index}" data-search-exclude '
        f'aria-labelledby="flow-guide-{index}-title" hidden>'
        f'<p class="flow-guide__title" id="flow-guide-{index}-title">質問に答えて解決: {html.escape(data["title"])}</p>'
        f'<script type="application/json" class="flow-guide__data">{payload}</script>'
        "</section>"
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
