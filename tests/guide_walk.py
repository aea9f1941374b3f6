"""Walking the charts (flowcheck.json) and the guide's records (the panels of the built pages) the
way a reader would, for the cost test and the browser journeys."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import unquote

from guide import guide_answers, guide_view


def site_path(url: str) -> str:
    """'troubleshooting/index.html#x' or './#x' -> 'troubleshooting/#x' (site-root relative)."""
    path, _, anchor = url.partition("#")
    path = re.sub(r"(^|/)index\.html$", r"\1", path).removeprefix("./")
    return path + (f"#{anchor}" if anchor else "")


def chart_costs(report: dict, guided: dict[str, dict] | None = None) -> dict[str, int]:
    """Each fix (a clicked end that is not a page with charts of its own) with the cheapest cost
    through the charts from the start page: questions on the way + 1 for the final click.

    Without ``guided`` a page hop goes on with any chart of the page (journey_eval.py's reading);
    with the guided charts' records it follows the conversation rules: a page goes on with its
    first guided chart, and a heading with a guided chart under it is a fix and goes on there."""
    by_page: dict[str, list[dict]] = {}
    for chart in report["charts"]:
        by_page.setdefault(chart["page"], []).append(chart)
    first: dict[str, str] = {}
    under: dict[tuple[str, str], str] = {}
    for chart_id, record in (guided or {}).items():
        first.setdefault(chart_id.split("#")[0], chart_id)
        if record.get("section"):
            under[(chart_id.split("#")[0], record["section"])] = chart_id
    starts_of = {c["id"]: c["start"] for c in report["charts"]}
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
            if guided is None:
                out[key] = out[key] + [(c["id"], c["start"]) for c in by_page[click["page"]]]
            elif click["page"] in first:
                out[key] = out[key] + [(first[click["page"]], starts_of[first[click["page"]]])]
        elif not out[key]:
            fixes[key] = site_path(click["url"]) if click["kind"] == "page" else click["url"]
            hop = under.get((click.get("page"), click.get("anchor")))
            if guided is not None and hop:
                out[key] = [(hop, starts_of[hop])]
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


def panels(page_html: str) -> list[dict]:
    """The data of the guide panel on a built page (a list: empty, or the one panel)."""
    return [json.loads(text) for text in re.findall(r'<template class="flow-guide__data">(.*?)</template>', page_html, re.S)]


def records(site_dir: Path) -> dict[str, dict]:
    """Every guided chart's record, by chart id, from the panels of every built page."""
    found: dict[str, dict] = {}
    for page in site_dir.rglob("*.html"):
        for data in panels(page.read_text(encoding="utf-8")):
            found.update(data["charts"])
    return found


def hand_over(charts: dict[str, dict], record: dict, node_id: str) -> tuple[str, list[str]]:
    """Where an end that hands over goes on: (chart id, its start) from the box's link and ``hop``."""
    node = record["nodes"][node_id]
    page = record["links"][node["link"]]["url"].split("#")[0]
    src = next(chart_id.split("#")[0] for chart_id, other in charts.items() if other["page"] == page)
    number, _, start = node["hop"].removeprefix("guide-").partition("/")
    return f"{src}#{number}", [unquote(step) for step in start.split("/")]


def hand_over_url(record: dict, node_id: str) -> str:
    """The URL a hand-over opens: the heading the box links to, or the page at the chart's first step."""
    node = record["nodes"][node_id]
    url = record["links"][node["link"]]["url"]
    return url if "#" in url else f"{url}#{node['hop']}"


def guide_walks(charts: dict[str, dict], entry: str) -> dict[str, tuple[int, str, list[str], str | None]]:
    """Breadth first through the guide from the chart ``entry``, counting clicks the way a reader
    makes them: an answer (its button or its box) is 1, an answer that hands over opens the next
    chart at once (at the box's own link: a fix when it names a heading), a 次へ after steps is 1,
    and the link of a result (or a step's own "詳しく") is 1. Each link target reached, with its
    cost, the step that shows it (chart id, path) and how: None for a link in the panel, else the
    answer (its node id; "" for 次へ) that opens it from that step."""
    results: dict[str, tuple[int, str, list[str], str | None]] = {}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    queue = deque([(entry, [charts[entry]["start"]], 0)])

    def reach(url: str, cost: int, chart: str, path: list[str], via: str | None = None) -> None:
        results.setdefault(site_path(url), (cost, chart, path, via))

    def go_on(record: dict, node_id: str, cost: int, at: tuple[str, list[str], str]) -> None:
        reach(hand_over_url(record, node_id), cost, *at)
        queue.append((*hand_over(charts, record, node_id), cost))

    while queue:
        chart, path, cost = queue.popleft()
        if (chart, tuple(path)) in seen:
            continue
        seen.add((chart, tuple(path)))
        record = charts[chart]
        view = guide_view(record, path)
        for step in view["steps"]:
            if "link" in record["nodes"][step]:
                reach(record["links"][record["nodes"][step]["link"]]["url"], cost + 1, chart, path)
        if view["kind"] == "result":
            reach(record["links"][record["nodes"][view["node"]]["link"]]["url"], cost + 1, chart, path)
        elif view["kind"] == "handover":  # after steps: one 次へ
            go_on(record, view["node"], cost + 1, (chart, path, ""))
        for to, _label in guide_answers(record, view):
            after = guide_view(record, path + [to])
            if after["kind"] == "handover" and not after["steps"]:
                go_on(record, after["node"], cost + 1, (chart, path, to))
            else:
                queue.append((chart, path + [to], cost + 1))
    return results


def guide_costs(charts: dict[str, dict], entry: str) -> tuple[dict[str, int], int]:
    """Each link target the guide reaches from ``entry`` with its clicks (see :func:`guide_walks`)."""
    walks = guide_walks(charts, entry)
    return {target: walk[0] for target, walk in walks.items()}, len(walks)
