"""From the home page, the guide reaches every fix at one answer per question on the chart path
plus the final click: the charts of the real site (flowcheck.json) against the guide's own data,
walked with the same rules as guide.js (flowcheck.guide.guide_view)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from guide_walk import chart_costs, guide_costs, guide_paths, panels, records


def test_every_fix_costs_one_answer_per_question_plus_the_final_click(built_site: Path) -> None:
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    expected = chart_costs(report)
    assert len(expected) >= 30  # the real site: every fix the charts reach from the home page
    home = panels((built_site / "index.html").read_text(encoding="utf-8"))[0]
    got, _ = guide_costs({**records(built_site), **home["charts"]}, home["entry"])
    assert set(expected) <= set(got)  # every fix the charts reach, the guide reaches
    assert {t: got[t] for t in expected if got[t] > expected[t]} == {}  # never at more answers than the charts
    # (the guide may show more links than the charts' ends: a step's own "詳しく" link)


@pytest.mark.parametrize("page", ["troubleshooting/index.md", "user-types.md", "troubleshooting/forgot-root-password.md"])
def test_a_guide_on_any_page_goes_on_across_pages(built_site: Path, page: str) -> None:
    """Not only the home page: from any panel the conversation goes on into other pages' charts
    (their records are served), and the panel itself carries its own chart."""
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    url = report["pages"][page]["url"]
    data = panels((built_site / url / "index.html").read_text(encoding="utf-8"))[0]
    assert data["charts"][data["entry"]] == records(built_site)[data["entry"]]
    _, steps = guide_paths(records(built_site), data["entry"])
    assert len({chart for _kind, chart, _node in steps}) > 1


def test_every_chart_that_asks_something_has_a_panel(built_site: Path) -> None:
    report = json.loads((built_site / "flowcheck.json").read_text(encoding="utf-8"))
    asking = {c["page"] for c in report["charts"]
              if any(n["shape"] == "decision" for n in c["nodes"])}
    with_panel = {src for src, p in report["pages"].items()
                  if "data-guide" in (built_site / (p["url"] or ".") / "index.html").read_text(encoding="utf-8")}
    assert asking <= with_panel
