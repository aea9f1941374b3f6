"""Walking the charts (flowcheck.json) and the guide's data the way a reader would, for the
cost test and the browser journeys."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path

from flowcheck.guide import guide_answers, guide_view


def site_path(url: str) -> str:
    """'troubleshooting/index.html#x' or './#x' -> 'troubleshooting/#x' (site-root relative)."""
    path, _, anchor = url.partition("#")
    path = re.sub(r"(^|/)index\.html$", r"\1", path).removeprefix("./")
    return path + (f"#{anchor}" if anchor else "")


def chart_costs(report: dict) -> dict[str, int]:
    """Each fix (a clicked end that is not a page with charts of its own) with the cheapest cost
    through the charts from the start page: questions on the way + 1 for the final click."""
    by_page: dict[str, list[dict]] = {}
    for chart in report["charts"]:
        by_page.setdefault(chart["page"], []).append(chart)
    nodes, out, weight, fixes = {}, {}, {}, {}
    for chart in report["charts"]:
        for node in chart["nodes"]:
            key = (chart["id"], node["id"])
            nodes[key] = node
            out[key] = [(chart["id"], e["to"]) for e in chart["edges"] if e["from"] == node["id"]]
            weight[key] = int(node["shape"] == "decision" or len(out[key]) >= 2)
    for key, node in nodes.items():
        click = node["click"]
        if not click:
            continue
        if click["kind"] == "page" and not click["anchor"] and click["page"] in by_page:
            out[key] = out[key] + [(c["id"], c["start"]) for c in by_page[click["page"]]]
        elif not out[key]:
            fixes[key] = site_path(click["url"]) if click["kind"] == "page" else click["url"]
    starts = [(c["id"], c["start"]) for c in by_page[report["start_page"]]]
    dist = {s: weight[s] for s in starts}
    queue = deque(sorted(starts, key=dist.get))
    while queue:  # 0-1 breadth first: entering a question costs 1
        current = queue.popleft()
        for nxt in out[current]:
            cost = dist[current] + weight[nxt]
            if cost < dist.get(nxt, 1 << 30):
                dist[nxt] = cost
                (queue.appendleft if weight[nxt] == 0 else queue.append)(nxt)
    costs: dict[str, int] = {}
    for key, target in fixes.items():
        if key in dist:
            costs[target] = min(costs.get(target, 1 << 30), dist[key] + 1)
    return costs


def records(site_dir: Path) -> dict[str, dict]:
    """Every chart's record the site serves for guide.js, by chart id."""
    return json.loads((site_dir / "guide-data.json").read_text(encoding="utf-8"))


def guide_paths(charts: dict[str, dict], entry: str) -> tuple[dict[str, list[str]], dict[tuple, list[str]]]:
    """Breadth first through the guide from the chart ``entry``: the shortest path (start node,
    then each answer's target) to each result's link target, and to each step (kind, chart, node)."""
    results: dict[str, list[str]] = {}
    steps: dict[tuple, list[str]] = {}
    queue = deque([[charts[entry]["start"]]])
    while queue:
        path = queue.popleft()
        view = guide_view(charts, entry, path)
        where = (view["kind"], view["chart"], view["node"])
        if where in steps:
            continue
        steps[where] = path
        if view["kind"] == "result":
            record = charts[view["chart"]]
            node = record["nodes"][view["node"]]
            results.setdefault(site_path(record["links"][node["link"]]["url"]), path)
        for chart, node_id in view["steps"]:  # a step's own link ("詳しく") reaches its section too
            node = charts[chart]["nodes"][node_id]
            if "link" in node:
                results.setdefault(site_path(charts[chart]["links"][node["link"]]["url"]), path)
        for to, _label in guide_answers(charts, view):
            queue.append(path + [to])
    return results, steps


def guide_costs(charts: dict[str, dict], entry: str) -> tuple[dict[str, int], int]:
    """Each result the guide shows, with the answers it takes + 1 for the link; and how many steps."""
    results, steps = guide_paths(charts, entry)
    return {target: len(path) for target, path in results.items()}, len(steps)


def panels(page_html: str) -> list[dict]:
    """The data of each guide panel on a built page."""
    return [json.loads(text) for text in re.findall(r'<template class="flow-guide__data">(.*?)</template>', page_html, re.S)]
