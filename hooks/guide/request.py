"""Which charts of a page get the guided mode, from front matter ``guide`` / ``guide_reason``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flowcheck import Chart

__all__ = ["GuideRequestError", "asks_question", "guided_charts", "is_question"]


class GuideRequestError(ValueError):
    """Front matter ``guide:`` / ``guide_reason:`` that cannot be honoured."""


def is_question(chart: Chart, node_id: str) -> bool:
    """A node that asks the reader something: a decision ``{…}``, or any node with two or more answers."""
    return chart.nodes[node_id].shape == "decision" or len(chart.outgoing(node_id)) >= 2


def asks_question(chart: Chart) -> bool:
    return any(is_question(chart, node_id) for node_id in chart.nodes)


def _as_written(value: object) -> str:
    """A front-matter value the way it is written in YAML (true, not Python's True)."""
    if value is True or value is False:
        return str(value).lower()
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def guided_charts(src_uri: str, meta: Mapping[str, Any], charts: list[Chart]) -> list[Chart]:
    """The charts of a page that get a guide panel, from front matter ``guide`` / ``guide_reason``.

    - no ``guide`` key (or ``guide: true``): every chart that asks a question;
    - ``guide: N``: only the Nth flowchart of the page;
    - ``guide: false`` with ``guide_reason: "…"``: none.
    """
    where = f"Doc file '{src_uri}': front matter"
    reason = meta.get("guide_reason")
    if "guide" not in meta:
        if reason is not None:
            raise GuideRequestError(
                f"{where} has 'guide_reason', but no 'guide: false'; the reason explains turning the guide off. "
                "Add 'guide: false' or remove 'guide_reason'."
            )
        return [chart for chart in charts if asks_question(chart)]
    wanted = meta["guide"]
    written = f"'guide: {_as_written(wanted)}'"
    if wanted is False:
        if not isinstance(reason, str) or not reason.strip():
            raise GuideRequestError(
                f"{where} {written} turns the guided mode off, but gives no reason; "
                "add 'guide_reason: \"…\"' saying why readers of this page are better off without it."
            )
        return []
    if reason is not None:
        raise GuideRequestError(
            f"{where} has 'guide_reason', but {written} does not turn the guide off; "
            "'guide_reason' only goes with 'guide: false'."
        )
    is_number = isinstance(wanted, int) and not isinstance(wanted, bool)
    if (wanted is True or is_number) and not charts:
        raise GuideRequestError(f"{where} {written} asks for a guide, but the page has no flowchart.")
    if wanted is True:
        guided = [chart for chart in charts if asks_question(chart)]
        if not guided:
            raise GuideRequestError(
                f"{where} {written} asks for a guide, but no flowchart on the page asks a question "
                "(a decision node such as Q{\"…？\"})."
            )
        return guided
    if is_number and 1 <= wanted <= len(charts):
        chart = charts[wanted - 1]
        if not asks_question(chart):
            raise GuideRequestError(
                f"{where} {written} asks for a guide on flowchart {wanted} ('{chart.name}'), which asks no "
                "question; a guide walks a chart's questions (decision nodes such as Q{\"…？\"})."
            )
        return [chart]
    raise _bad_value(where, written, len(charts))


def _bad_value(where: str, written: str, count: int) -> GuideRequestError:
    numbers = f"the number of a flowchart on the page (1 to {count})" if count else "a flowchart number"
    return GuideRequestError(
        f"{where} {written} must be true (a guide on every chart that asks something, the default), "
        f"false (with 'guide_reason'), or {numbers}."
    )
