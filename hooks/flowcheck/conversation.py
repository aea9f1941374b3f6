"""The charts as one conversation, and the ``loop`` rule.

A reader follows answers from box to box; a box whose click links to a page goes on at that page's
first chart, and a box that links to a ``#section`` goes on at the charts in that section (the same
hand-over the guide makes). A section without a chart is a fix: the conversation ends there. A box
marked with the class ``restart`` starts over once the fix is done, so its link ends the conversation
too. Following answers must never come back to a box already passed: :func:`find_loops` names every
such cycle, hop by hop.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

from .graph import Chart, Click
from .targets import Target

__all__ = ["Hop", "Stop", "charts_after", "conversation_graph", "describe_stop", "find_loops", "strongly_connected"]

T = TypeVar("T")


class Stop(NamedTuple):
    """One box of the conversation: a node of a chart."""

    chart: Chart
    node_id: str


class Hop(NamedTuple):
    """How the reader gets from one box to the next: an answer (an edge) or a link to another chart."""

    to: tuple[str, int, str]  # (page, chart number, node id)
    link: str  # the click target as written, "" for an edge


#: charts_in(page, anchor) -> the numbers of the charts the reader goes on with there
ChartsIn = Callable[[str, str], list[int]]
TargetOf = Callable[[Chart, Click], Target]


def _key(chart: Chart, node_id: str) -> tuple[str, int, str]:
    return (chart.src_uri, chart.index, node_id)


def _starts(chart: Chart) -> list[str]:
    entered = {edge.target for edge in chart.edges}
    return [node_id for node_id in chart.nodes if node_id not in entered]


def charts_after(chart: Chart, click: Click, target_of: TargetOf, charts_in: ChartsIn,
                 by_number: dict[tuple[str, int], Chart]) -> list[Chart]:
    """The charts a reader goes on with after this click: none for a fix, a restart or an external link."""
    if click.node_id in chart.restarts:
        return []
    target = target_of(chart, click)
    if target.kind != "page":
        return []
    numbers = charts_in(target.src_uri, target.anchor) if target.anchor else [1]
    return [by_number[(target.src_uri, n)] for n in numbers if (target.src_uri, n) in by_number]


def conversation_graph(charts: Iterable[Chart], target_of: TargetOf, charts_in: ChartsIn,
                       ) -> tuple[dict[tuple[str, int, str], Stop], dict[tuple[str, int, str], list[Hop]]]:
    """Every box of every chart, and where a reader can go from it."""
    charts = list(charts)
    by_number = {(chart.src_uri, chart.index): chart for chart in charts}
    stops = {_key(chart, node_id): Stop(chart, node_id) for chart in charts for node_id in chart.nodes}
    hops: dict[tuple[str, int, str], list[Hop]] = {key: [] for key in stops}
    for chart in charts:
        for edge in chart.edges:
            if edge.source in chart.nodes and edge.target in chart.nodes:
                hops[_key(chart, edge.source)].append(Hop(_key(chart, edge.target), ""))
        for click in chart.clicks:
            if click.node_id not in chart.nodes:
                continue
            for following in charts_after(chart, click, target_of, charts_in, by_number):
                for start in _starts(following):
                    hops[_key(chart, click.node_id)].append(Hop(_key(following, start), click.target))
    return stops, hops


def strongly_connected(nodes: Iterable[T], successors: Callable[[T], Iterable[T]]) -> list[list[T]]:
    """Tarjan's strongly connected components, without recursion."""
    index: dict[T, int] = {}
    low: dict[T, int] = {}
    on_stack: set[T] = set()
    stack: list[T] = []
    groups: list[list[T]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(successors(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _components(hops: dict[tuple[str, int, str], list[Hop]]) -> list[list[tuple[str, int, str]]]:
    """Groups of boxes a reader can go round in: more than one box, or a box that leads to itself."""
    return [group for group in strongly_connected(hops, lambda key: [hop.to for hop in hops[key]])
            if len(group) > 1 or any(hop.to == group[0] for hop in hops[group[0]])]


def _cycle(first: tuple[str, int, str], group: set[tuple[str, int, str]],
           hops: dict[tuple[str, int, str], list[Hop]]) -> list[tuple[tuple[str, int, str], Hop]]:
    """The shortest way round from ``first`` back to it, inside its group: (box, hop taken) pairs."""
    came: dict[tuple[str, int, str], tuple[tuple[str, int, str], Hop]] = {}
    queue = deque([first])
    while queue:
        node = queue.popleft()
        for hop in hops[node]:
            if hop.to not in group or hop.to in came:
                continue
            came[hop.to] = (node, hop)
            if hop.to == first:
                queue.clear()
                break
            queue.append(hop.to)
    way, node = [], first
    while True:
        before, hop = came[node]
        way.append((before, hop))
        node = before
        if node == first:
            return way[::-1]


def describe_stop(stop: Stop, after: Stop | None = None) -> str:
    """A box as a message names it: file, line, chart, node and label (file and chart only when they
    differ from the box named just before)."""
    node = stop.chart.nodes[stop.node_id]
    where = f"line {node.line}"
    if after is None or after.chart is not stop.chart:
        where = f"'{stop.chart.src_uri}' {where}, flowchart '{stop.chart.name}'"
    return f"{where}, node '{stop.node_id}' (「{node.label}」)"


def find_loops(charts: Iterable[Chart], target_of: TargetOf, charts_in: ChartsIn,
               is_question: Callable[[Chart, str], bool]) -> list[tuple[Stop, str]]:
    """Every place a reader can go round in: (the box where the cycle is reported, the message after
    'Doc file … line …, flowchart …: '). The box is the cycle's first question in page and line order."""
    stops, hops = conversation_graph(charts, target_of, charts_in)
    loops = []
    for group in _components(hops):
        members = set(group)
        crosses = any(hop.link and hop.to in members for key in group for hop in hops[key])
        if not crosses and not any(is_question(stops[key].chart, key[2]) for key in group):
            continue  # boxes going round inside one chart with nothing to choose: dead_end names them

        def order(key: tuple[str, int, str]) -> tuple[bool, str, int, int]:
            stop = stops[key]
            return (not is_question(stop.chart, stop.node_id), key[0], stop.chart.nodes[key[2]].line, key[1])

        first = min(group, key=order)
        way = _cycle(first, members, hops)
        steps, before = [], None
        for box, hop in way:
            how = f" links to '{hop.link}'" if hop.link else ""
            steps.append(f"{describe_stop(stops[box], before)}{how}")
            before = stops[box]
        steps.append(f"back to {describe_stop(stops[first], before)}")
        asks = "a question already asked" if is_question(stops[first].chart, first[2]) else "a box already passed"
        loops.append((stops[first], (
            f"a reader who follows the answers comes back to {asks}: " + " -> ".join(steps) + ". "
            "End one of these boxes at a section that fixes the problem (a section with no chart ends the "
            "conversation), or mark a box that starts over once the fix is done with ':::restart'."
        )))
    return sorted(loops, key=lambda found: (found[0].chart.src_uri, found[0].chart.nodes[found[0].node_id].line))
