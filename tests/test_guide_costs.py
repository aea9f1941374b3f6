"""From the home page, the guide reaches every fix at one answer per question on the chart path
plus the final click: the charts of the real site (flowcheck.json) against the guide's own data,
walked with the same rules as guide.js (flowcheck.guide.guide_view)."""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path

import pytest

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


def guide_costs(data: dict) -> tuple[dict[str, int], int]:
    """Each result the guide shows, with the answers it takes + 1 for the link; and how many steps."""
    start = [data["charts"][0]["start"]]
    seen, results = set(), {}
    queue = deque([start])
    while queue:
        path = queue.popleft()
        view = guide_view(data, path)
        where = (view["kind"], view["chart"], view["node"])
        if where in seen:
            continue
        seen.add(where)
        answered = len(path) - 1
        if view["kind"] == "result":
            node = data["charts"][view["chart"]]["nodes"][view["node"]]
            target = site_path(data["links"][node["link"]]["url"])
            results[target] = min(results.get(target, 1 << 30), answered + 1)
        for to, _label in guide_answers(data, view):
            queue.append(path + [to])
    return results, len(seen)


def panels(page_html: str) -> list[dict]:
    return [json.loads(t) for t in re.findall(r'<template class="flow-guide__data">(.*?)</template>', page_html, re.S)]


def test_every_fix_costs_one_answer_per_question_plus_the_final_click(built_site: Path) -> None:
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    expected = chart_costs(report)
    assert len(expected) >= 30  # the real site: every fix the charts reach from the home page
    home = panels((built_site / "index.html").read_text(encoding="utf-8"))[0]
    got, _ = guide_costs(home)
    assert {target: got.get(target) for target in expected} == expected
    assert set(got) <= set(expected)  # and the guide shows no result the charts do not have


@pytest.mark.parametrize("page", ["troubleshooting/index.md", "user-types.md", "troubleshooting/forgot-root-password.md"])
def test_a_guide_on_any_page_goes_on_across_pages(built_site: Path, page: str) -> None:
    """Not only the home page: every panel carries the charts its answers lead to."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    url = report["pages"][page]["url"]
    data = panels((built_site / url / "index.html").read_text(encoding="utf-8"))[0]
    assert len(data["charts"]) > 1
    results, steps = guide_costs(data)
    assert steps > len(data["charts"][0]["nodes"]) // 2 and results


def test_every_chart_that_asks_something_has_a_panel(built_site: Path) -> None:
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    asking = {c["page"] for c in report["charts"]
              if any(n["shape"] == "decision" for n in c["nodes"])}
    with_panel = {src for src, p in report["pages"].items()
                  if "data-guide" in (built_site / (p["url"] or ".") / "index.html").read_text(encoding="utf-8")}
    assert asking <= with_panel
