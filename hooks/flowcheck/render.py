"""What the hook writes besides the drawn charts: text versions, the site map, the JSON report."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

from .checks import Problem, SiteGraph, start_nodes
from .conversation import charts_after
from .graph import Chart
from .targets import Target, relative_url

__all__ = ["REPORT_VERSION", "SITE_MAP_MARKER", "build_report", "checked_site_urls", "site_map", "text_version",
           "unchecked_links"]

REPORT_VERSION = 2  # 2: lines are counted in the file, front matter included; chart sizes
SITE_MAP_MARKER = "<!-- flowcheck:map -->"


def text_version(chart: Chart, href_for: Callable[[str], str | None]) -> str:
    """A collapsed nested list of the chart, linking the same targets as the drawn chart.

    ``href_for(target_as_written)`` gives the built URL, or ``None`` for a target the checks
    report. Walked without recursion, so a chart of any depth is fine.
    """
    visited: set[str] = set()
    labels: dict[str, str] = {}

    def label_of(node_id: str) -> str:
        if node_id not in labels:
            text = html.escape(chart.nodes[node_id].label)
            click = chart.click_for(node_id)
            href = href_for(click.target) if click else None
            labels[node_id] = f'<a href="{html.escape(href)}">{text}</a>' if href else text
        return labels[node_id]

    out: list[str] = []
    # each entry: a node to open (id, answer leading to it), or a string of HTML to write
    stack: list[tuple[str, str] | str] = [(start, "") for start in reversed(start_nodes(chart))]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node_id, answer = item
        lead = f"「{html.escape(answer)}」→ " if answer else ""
        if node_id in visited:
            out.append(f"<li>{lead}{label_of(node_id)}（上の同じ項目へ）</li>")
            continue
        visited.add(node_id)
        out.append(f"<li>{lead}{label_of(node_id)}")
        children = chart.outgoing(node_id)
        stack.append("</ul></li>" if children else "</li>")
        stack += [(edge.target, edge.label) for edge in reversed(children)]
        if children:
            out.append("<ul>")

    title = html.escape(chart.title or "このフローチャート")
    description = f"<p>{html.escape(chart.description)}</p>" if chart.description else ""
    return (f'<details class="abstract flow-text"><summary>文章で読む: {title}</summary>'
            f"{description}<ul>{''.join(out)}</ul></details>")


def _target_json(site: SiteGraph, target: Target) -> dict[str, Any]:
    if target.kind == "page":
        page = site.pages[target.src_uri]
        url = page.url + (f"#{target.anchor}" if target.anchor else "")
        title = page.title
        return {"kind": "page", "page": target.src_uri, "anchor": target.anchor,
                "url": url, "title": title}
    if target.kind == "external":
        return {"kind": "external", "url": target.url}
    return {"kind": "invalid", "reason": target.reason}


def build_report(site: SiteGraph, problems: list[Problem]) -> str:
    """The ``flowcheck.json`` document (schema in hooks/flowcheck/README.md), as compact JSON text.

    Each chart is encoded as soon as its entry is made: a site of thousands of charts never holds
    all their dicts at once (they would only wait for the file to be written).
    """
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    head = encode({
        "version": REPORT_VERSION,
        "start_page": site.config.start_page,
        "pages": {
            src: {"url": p.url, "title": p.title, "reachable": src in site.reachable_pages}
            for src, p in sorted(site.pages.items())
        },
    })
    charts = ",".join(encode(_chart_entry(site, chart)) for chart in site.charts)
    listed = encode([
        {"rule": p.rule, "level": site.config.rules[p.rule], "file": p.src_uri, "line": p.line, "message": p.message}
        for p in problems
    ])
    report = f'{head[:-1]},"charts":[{charts}],"problems":{listed}}}'
    _latest_report["text"] = report
    return report


def _chart_entry(site: SiteGraph, chart: Chart) -> dict[str, Any]:
    reachable = site.reachable_nodes.get((chart.src_uri, chart.index), set())
    nodes = []
    for node_id, node in chart.nodes.items():
        click = chart.click_for(node_id)
        nodes.append({
            "id": node_id, "label": node.label, "shape": node.shape, "line": node.line,
            "reachable": node_id in reachable,
            "click": None if click is None else {
                "written": click.target, **_target_json(site, site.target_of(chart, click)),
            },
        })
    page = site.pages.get(chart.src_uri)
    return {
        "id": f"{chart.src_uri}#{chart.index}",
        "page": chart.src_uri,
        "page_url": page.url if page else "",
        "index": chart.index,
        "line": chart.line,
        "width": round(chart.width), "height": round(chart.height),
        "title": chart.title,
        "description": chart.description,
        "start": (start_nodes(chart) or [None])[0],
        "nodes": nodes,
        "edges": [{"from": e.source, "to": e.target, "label": e.label, "line": e.line} for e in chart.edges],
    }


def site_map(site: SiteGraph, from_url: str, title_of: Callable[[str, str], str] | None = None) -> str:
    """HTML: the whole conversation, as the charts ask it from the start page: each question, its answers
    and where each ends, the next question (also on another page) or the fix it links to.

    Every chart is spelled out once, where a reader first meets it; another way into it links there.
    ``title_of(page, anchor)`` names a fix (the page title and its heading).
    """
    by_number = {(chart.src_uri, chart.index): chart for chart in site.charts}
    start = by_number.get((site.config.start_page, 1))
    if start is None:
        return '<p class="flow-map">（フローチャートがありません）</p>'
    shown: set[tuple[str, int]] = set()
    seen: set[tuple[str, int, str]] = set()
    name = title_of or (lambda src_uri, anchor: site.pages[src_uri].title)

    def href(target: Target) -> str:
        url = relative_url(site.pages[target.src_uri].url, from_url)
        return html.escape(url + (f"#{target.anchor}" if target.anchor else ""))

    def chart_id(chart: Chart) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in chart.src_uri.removesuffix(".md"))
        return f"map-{slug}-{chart.index}"

    out: list[str] = []
    # each entry: (chart, node, answer leading to it) to open, or a string of HTML to write
    stack: list[tuple[Chart, str, str] | str] = [(start, node, "") for node in reversed(start_nodes(start))]
    shown.add((start.src_uri, start.index))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        chart, node_id, answer = item
        lead = f"「{html.escape(answer)}」→ " if answer else ""
        node = chart.nodes[node_id]
        if (chart.src_uri, chart.index, node_id) in seen:  # two answers lead to the same box
            out.append(f"<li>{lead}{html.escape(node.label)}（上と同じ）</li>")
            continue
        seen.add((chart.src_uri, chart.index, node_id))
        click = chart.click_for(node_id)
        target = site.target_of(chart, click) if click else None
        children = chart.outgoing(node_id)
        following = charts_after(chart, click, site.target_of, site.charts_in, by_number) if click else []
        label = html.escape(node.label)
        if target is not None and target.kind == "page" and not children and not following:
            fix = html.escape(name(target.src_uri, target.anchor))
            out.append(f'<li>{lead}{label}: <a href="{href(target)}">{fix}</a></li>')
            continue
        if target is not None and target.kind == "external" and not children:
            out.append(f'<li>{lead}<a href="{html.escape(target.url)}">{label}</a></li>')
            continue
        out.append(f"<li>{lead}{label}")
        nested: list[tuple[Chart, str, str] | str] = [(chart, edge.target, edge.label) for edge in children]
        for after in following:
            if (after.src_uri, after.index) in shown:
                title = html.escape(after.title or site.pages[after.src_uri].title)
                nested.append(f'<li>→ <a href="#{chart_id(after)}">{title}</a>（上と同じ）</li>')
                continue
            shown.add((after.src_uri, after.index))
            page = html.escape(site.pages[after.src_uri].title)
            url = html.escape(relative_url(site.pages[after.src_uri].url, from_url))
            nested.append(f'<li id="{chart_id(after)}" class="flow-map__chart">→ <a href="{url}">{page}</a><ul>')
            nested += [(after, start_id, "") for start_id in start_nodes(after)]
            nested.append("</ul></li>")
        if nested:
            out.append("<ul>")
            stack.append("</ul></li>")
            stack += reversed(nested)
        else:
            stack.append("</li>")
    return f'<ul class="flow-map" id="{chart_id(start)}">{"".join(out)}</ul>'


def _from_root(url: str) -> str:
    """One spelling of a site-root URL: the home page is '' (MkDocs writes './', the 404 page '.')."""
    return "" if url in (".", "./") else url.removeprefix("./")


def checked_site_urls(site: SiteGraph) -> set[str]:
    """Every link target the checks resolved, as a URL from the site root (externals as they are)."""
    urls: set[str] = set()
    for chart in site.charts:
        for click in chart.clicks:
            target = site.target_of(chart, click)
            if target.kind == "page":
                urls.add(_from_root(site.pages[target.src_uri].url) + (f"#{target.anchor}" if target.anchor else ""))
            elif target.kind == "external":
                urls.add(target.url)
    return urls


def unchecked_links(records: dict[str, Any], triage: dict[str, Any] | None, checked: set[str]) -> list[str]:
    """Links in the guide's records and the 404 page's triage choices that the checks never resolved:
    what the build wrote must be what it checked."""
    written = [link["url"] for record in records.values() for link in record.get("links", [])]
    if triage:
        written += [choice["url"] for choice in triage["choices"]]
    return sorted({url for url in written if _from_root(url) not in checked})


_latest_report: dict[str, str] = {}


def latest_report() -> dict[str, Any] | None:
    """The report of this process's latest build, parsed: for hooks that run after flowcheck's
    ``on_env`` and need the checked conversation graph (symptoms.md's groups)."""
    text = _latest_report.get("text")
    return json.loads(text) if text else None
