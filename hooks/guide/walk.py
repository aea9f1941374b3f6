"""Walking one chart's record along the reader's answers: the same rules as guide.js.

- a question (a decision, or a node with two or more answers) waits for an answer;
- a node with one way on is a step: the walk passes it (it is listed as a thing to do, and
  marked on the drawing) and goes on to the next question without a click;
- an end that hands over to another guided chart (``hop``) goes on there, on its own step URL;
- any other end with a link is the result (the first lines of its section and the link), and
  an end without one is just the end.

A step is named by its path, the start node then each answer's target, written in the URL as
``#guide-N/START/ANSWER/…`` (N: the chart's number on its page).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

__all__ = ["guide_answers", "guide_view", "settle", "step_fragment"]

#: what encodeURIComponent leaves as it is, besides letters, digits and '-_.' (which quote keeps)
_SAFE = "~!*'()"


def step_fragment(index: int, path: list[str]) -> str:
    """The URL fragment (without '#') of a step of chart ``index``: guide.js writes the same."""
    return f"guide-{index}/" + "/".join(quote(step, safe=_SAFE) for step in path)


def settle(record: Mapping, node_id: str) -> dict:
    """From a node, pass the steps (one way on) up to a question or an end.

    Returns ``kind`` (question, handover, result or end), the ``node`` it stopped at, and the
    ``steps`` passed on the way, in order; a step that comes back to itself ends the walk.
    """
    steps: list[str] = []
    seen: set[str] = set()
    while True:
        node = record["nodes"].get(node_id)
        if node is None or node_id in seen:
            return {"kind": "end", "node": None, "steps": steps}
        seen.add(node_id)
        if node.get("q"):
            return {"kind": "question", "node": node_id, "steps": steps}
        if node.get("out"):
            steps.append(node_id)
            node_id = node["out"][0][0]
            continue
        if node.get("hop"):
            return {"kind": "handover", "node": node_id, "steps": steps}
        return {"kind": "result" if "link" in node else "end", "node": node_id, "steps": steps}


def guide_view(record: Mapping, path: list[str]) -> dict | None:
    """The step ``path`` leads to in the chart ``record``, or ``None`` when the path does not
    follow the chart. Besides :func:`settle`'s keys: ``trail`` (each answer so far: the question
    node, its answer, the answer's target and the path of the step it was given at), ``passed``
    (every node behind the reader, steps and answered questions) and ``taken`` (every arrow
    followed, as [from, to])."""
    if not path or path[0] != record["start"]:
        return None
    view = settle(record, path[0])
    trail: list[dict] = []
    passed: list[str] = []
    taken: list[list[str]] = []

    def walked(steps: list[str]) -> None:
        for step in steps:
            passed.append(step)
            taken.append([step, record["nodes"][step]["out"][0][0]])

    walked(view["steps"])
    for i, step in enumerate(path[1:], start=1):
        if view["kind"] != "question":
            return None
        node = record["nodes"][view["node"]]
        edge = next((edge for edge in node.get("out", []) if edge[0] == step), None)
        if edge is None:
            return None
        trail.append({"node": view["node"], "answer": edge[1], "to": step, "path": path[:i]})
        passed.append(view["node"])
        taken.append([view["node"], step])
        view = settle(record, step)
        walked(view["steps"])
    return {**view, "trail": trail, "path": list(path), "passed": passed, "taken": taken}


def guide_answers(record: Mapping, view: Mapping) -> list[tuple[str, str]]:
    """The answers a step offers: (the answer's target node, its label)."""
    if view["kind"] != "question":
        return []
    return [(edge[0], edge[1]) for edge in record["nodes"][view["node"]].get("out", [])]
