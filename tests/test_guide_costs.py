"""From the home page, the guide reaches every fix at one answer per question on the chart path
plus the final click: the charts of the real site (flowcheck.json) against the guide's own records
(the panels of the built pages), walked with the same rules as guide.js (guide.walk)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from guide_walk import chart_costs, guide_costs, panels, records

from guide import guide_answers, guide_view


def test_every_fix_costs_one_answer_per_question_plus_the_final_click(built_site: Path) -> None:
    """The charts read by the conversation rules: a page goes on with its first guided chart, a
    heading with a guided chart under it goes on there (and is a fix: the panel links to it)."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    guided = records(built_site)
    expected = chart_costs(report, guided)
    assert len(expected) >= 30  # the real site: every fix the charts reach from the home page
    home = panels((built_site / "index.html").read_text(encoding="utf-8"))[0]
    got, _ = guide_costs(guided, home["entry"])
    assert set(expected) <= set(got)  # every fix the charts reach, the guide reaches
    assert {t: got[t] for t in expected if got[t] > expected[t]} == {}  # never at more answers than the charts
    # (the guide may show more links than the charts' ends: a step's own "詳しく" link)


def test_every_chart_that_asks_something_has_a_guide(built_site: Path) -> None:
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    asking = {c["id"] for c in report["charts"] if any(n["shape"] == "decision" for n in c["nodes"])}
    assert asking <= set(records(built_site))


def test_one_panel_a_page_and_at_most_six_answers_in_any_step(built_site: Path) -> None:
    """One question on screen at a time: one panel a page, whatever the number of its charts, and
    no step of any chart offers more than six answers."""
    for page in built_site.rglob("*.html"):
        assert len(re.findall(r'<div class="flow-guide" role="region"', page.read_text(encoding="utf-8"))) <= 1, page
    for record in records(built_site).values():
        for node_id, node in record["nodes"].items():
            if node.get("q"):
                path = [record["start"]]  # any question: the answers offered are its edges
                assert len(node["out"]) <= 6, (record["id"], node_id)
        assert len(guide_answers(record, guide_view(record, path))) <= 6
