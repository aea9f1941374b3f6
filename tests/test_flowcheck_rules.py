"""Every flowcheck rule, table-driven: the same broken mini-sites checked directly and built
through MkDocs (strict), asserting the exact message."""

from __future__ import annotations

import json
import re

import pytest
from mkdocs.exceptions import Abort
from sitebuild import charts_of

from flowcheck import FlowcheckConfig, PageInfo, SiteGraph, check_site

GOOD_TROUBLE = """
# 困ったとき

```mermaid
flowchart TD
    accTitle: 困りごと
    accDescr: 症状から解決へ
    Q{"何が起きていますか？"}
    Q -->|忘れた| F["忘れたとき"]
    Q -->|入れない| S["サポート"]
    click F "forgot.md#reset"
    click S "support.md"
```
"""
START = """
# ホーム

```mermaid
flowchart TD
    accTitle: 開始
    accDescr: 困ったときへ
    A["始める"] --> T["困ったとき"]
    click T "troubleshooting/index.md"
```
"""
GOOD_PAGES = {
    "index.md": START,
    "troubleshooting/index.md": GOOD_TROUBLE,
    "troubleshooting/forgot.md": "# 忘れた\n\n## リセット { #reset }\n",
    "troubleshooting/support.md": "# サポート\n",
}


def with_trouble(chart_body: str, **more: str) -> dict[str, str]:
    """The good site with the troubleshooting chart replaced by ``chart_body``."""
    pages = dict(GOOD_PAGES)
    pages["troubleshooting/index.md"] = (
        "# 困ったとき\n\n```mermaid\nflowchart TD\n    accTitle: 困りごと\n    accDescr: 説明\n"
        + chart_body + "\n```\n"
    )
    pages.update(more)
    return pages


WHERE = "Doc file 'troubleshooting/index.md' line {line}, flowchart '困りごと'"

CASES = {
    "click_unknown_node": (
        with_trouble('    click Q "forgot.md"\n    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n'
                     '    click F "forgot.md"\n    click S "support.md"'),
        [WHERE.format(line=7) + ": 'click Q' names a node that is not defined before this line; "
         "Mermaid drops such a link silently. Define the node first and put click lines last. [click_unknown_node]"],
    ),
    "click_not_found": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n'
                     '    click F "forgott.md"\n    click S "support.md"'),
        ["Doc file 'troubleshooting/forgot.md' is under 'troubleshooting/' but cannot be reached from "
         "'index.md' by following flowchart edges and clicks; link a chart node to it. [orphan_page]",
         WHERE.format(line=9) + ": click on node 'F' (「f」) links to 'forgott.md', but the target "
         "'troubleshooting/forgott.md' is not found among documentation files. [click_not_found]"],
    ),
    "click_leaves_docs": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n'
                     '    click F "../../etc/passwd.md"\n    click S "support.md"\n    click Q "forgot.md"'),
        [WHERE.format(line=9) + ": click on node 'F' (「f」) links to '../../etc/passwd.md', but the target "
         "leaves the docs directory. [click_not_found]"],
    ),
    "click_anchor": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n'
                     '    click F "forgot.md#rest"\n    click S "support.md"'),
        [WHERE.format(line=9) + ": click on node 'F' (「f」) links to 'forgot.md#rest', but there is no "
         "anchor '#rest' in 'troubleshooting/forgot.md'. Give the heading an explicit id: "
         "'## 見出し { #rest }'. [click_anchor]"],
    ),
    "click_external": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n'
                     '    click F "forgot.md"\n    click S "http://support.aws.amazon.com/"'),
        [WHERE.format(line=10) + ": click on node 'S' (「s」) links to 'http://support.aws.amazon.com/', "
         "but external links must use https://. [click_external]",
         "Doc file 'troubleshooting/support.md' is under 'troubleshooting/' but cannot be reached from "
         "'index.md' by following flowchart edges and clicks; link a chart node to it. [orphan_page]"],
    ),
    "click_javascript": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n'
                     '    click F "forgot.md"\n    click S "javascript:alert(1)"\n    click Q "support.md"'),
        [WHERE.format(line=10) + ": click on node 'S' (「s」) links to 'javascript:alert(1)', but "
         "'javascript:' links are never allowed. [click_external]"],
    ),
    "dead_end": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n    click F "forgot.md"\n'
                     '    click Q "support.md"'),
        [WHERE.format(line=8) + ": node 'S' (「s」) ends without a link: no click and no answer leads on "
         "from it; add 'click S \"page.md#anchor\"' to the page that resolves it. [dead_end]"],
    ),
    "unreachable_two_starts": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n    X["孤立"] --> S\n'
                     '    click F "forgot.md"\n    click S "support.md"'),
        [WHERE.format(line=3) + ": the chart must have exactly one start node (a node with no incoming "
         "edge), but has: node 'Q' (「質問」), node 'X' (「孤立」). [unreachable]"],
    ),
    "unreachable_cycle": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n    L1["輪1"] --> L2["輪2"]\n'
                     '    L2 --> L1\n    click F "forgot.md"\n    click S "support.md"'),
        [WHERE.format(line=9) + ": node 'L1' (「輪1」) cannot be reached from the start node 'Q'. [unreachable]",
         WHERE.format(line=9) + ": node 'L2' (「輪2」) cannot be reached from the start node 'Q'. [unreachable]"],
    ),
    "decision_branches": (
        with_trouble('    Q{"質問"} -->|a| F["f"]\n    F --> S["s"]\n'
                     '    click F "forgot.md"\n    click S "support.md"'),
        [WHERE.format(line=7) + ": decision node 'Q' (「質問」) has 1 outgoing edge(s); a question needs "
         "at least two answers. [decision_branches]"],
    ),
    "orphan_page": (
        dict(GOOD_PAGES, **{"troubleshooting/mfa.md": "# MFA\n"}),
        ["Doc file 'troubleshooting/mfa.md' is under 'troubleshooting/' but cannot be reached from "
         "'index.md' by following flowchart edges and clicks; link a chart node to it. [orphan_page]"],
    ),
    "accessibility": (
        dict(GOOD_PAGES, **{"troubleshooting/index.md": GOOD_TROUBLE.replace("    accDescr: 症状から解決へ\n", "")}),
        ["Doc file 'troubleshooting/index.md' line 3, flowchart '困りごと': the chart has no accDescr; "
         "screen readers announce nothing for it. Add 'accTitle: ...' and 'accDescr: ...' after the "
         "first line. [accessibility]"],
    ),
}


def check_directly(pages: dict[str, str]) -> list[str]:
    charts = [c for name, text in pages.items() for c in charts_of(name, text.lstrip("\n"))]
    infos = {
        name: PageInfo(src_uri=name, url=name, title=name,
                       anchors=set(re.findall(r"\{ #([\w-]+) \}", text)))
        for name, text in pages.items()
    }
    site = SiteGraph(charts=charts, pages=infos, config=FlowcheckConfig())
    return [f"{p.message} [{p.rule}]" for p in check_site(site)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_directly(case: str) -> None:
    """The pure checks report exactly the expected problems."""
    pages, expected = CASES[case]
    assert check_directly(pages) == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule_fails_the_build(case: str, site) -> None:
    """Built through MkDocs with --strict, each broken site aborts with the same warnings."""
    pages, expected = CASES[case]
    with pytest.raises(Abort):
        site(pages)
    from sitebuild import build_site

    logged = [f"{r.levelname}:{r.getMessage()}" for r in build_site.last_records
              if r.name == "mkdocs.plugins.flowcheck"]
    assert logged == [f"WARNING:flowcheck: {line}" for line in expected]


def test_good_site_builds_without_a_warning(site) -> None:
    """A site whose every branch is linked and reachable builds clean."""
    logged, site_dir = site(GOOD_PAGES)
    assert logged == []
    report = json.loads((site_dir / "flowcheck.json").read_text(encoding="utf-8"))
    assert report["problems"] == []
    assert all(page["reachable"] for page in report["pages"].values())


def test_rule_levels_come_from_mkdocs_yml(site) -> None:
    """A rule set to 'info' logs without failing the strict build; 'ignore' stays silent."""
    pages = dict(GOOD_PAGES, **{"troubleshooting/mfa.md": "# MFA\n"})
    logged, _ = site(pages, "extra:\n  flowcheck:\n    rules:\n      orphan_page: info\n")
    assert [line.split(":")[0] for line in logged] == ["INFO"]
    logged, _ = site(pages, "extra:\n  flowcheck:\n    rules:\n      orphan_page: ignore\n")
    assert logged == []


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("rules:\n      dead_ends: warn", "mkdocs.yml: 'extra.flowcheck.rules.dead_ends' is not a rule; rules are "
         "['accessibility', 'click_anchor', 'click_external', 'click_not_found', 'click_unknown_node', "
         "'dead_end', 'decision_branches', 'diagram_links', 'label_html', 'loop', 'mermaid', 'orphan_page', 'readability', "
         "'unreachable']"),
        ("rules:\n      dead_end: error", "mkdocs.yml: 'extra.flowcheck.rules.dead_end' is 'error'; use one of "
         "warn, info, ignore"),
        ("allowed_hosts: aws.amazon.com", "mkdocs.yml: 'extra.flowcheck.allowed_hosts' must be a list of host names"),
        ("start: index.md", "mkdocs.yml: 'extra.flowcheck.start' is not an option; use one of ['allowed_hosts', "
         "'cache_dir', 'font_family', 'mermaid', 'readability', 'report', 'rules', 'start_page', 'text_version', "
         "'troubleshooting_dir']"),
        ("readability:\n      desktop_width: wide", "mkdocs.yml: 'extra.flowcheck.readability.desktop_width' must be a "
         "positive number of CSS px"),
    ],
)
def test_unusable_config_is_a_plugin_error(extra: str, message: str, site, caplog) -> None:
    """Bad configuration stops the build with a message naming the key."""
    with pytest.raises(Abort):
        site(GOOD_PAGES, f"extra:\n  flowcheck:\n    {extra}\n")
    from sitebuild import build_site

    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert errors[-1] == message


def test_chart_mermaid_cannot_read_fails_the_build(site) -> None:
    """A line Mermaid's own parser refuses fails the strict build, naming file, line and text."""
    pages = with_trouble('    Q{"質問"} -->|a| F["f"]\n    Q --> |b| S["s"] ??\n')
    with pytest.raises(Abort):
        site(pages)
    from sitebuild import build_site

    logged = [r.getMessage() for r in build_site.last_records if r.name == "mkdocs.plugins.flowcheck"]
    assert (
        "flowcheck: Doc file 'troubleshooting/index.md' line 8: Mermaid cannot read the chart at "
        "'Q --> |b| S[\"s\"] ??': Expecting 'SEMI', 'NEWLINE', 'EOF', 'AMP', 'START_LINK', 'LINK', 'LINK_ID', "
        "got 'NODE_STRING' [mermaid]") in logged


WIDE = with_trouble(
    '    Q{"質問"} -->|とても長い答えのラベルその一| A["一つ目の長い説明のラベルがここに"]\n'
    '    A -->|とても長い答えのラベルその二| B["二つ目の長い説明のラベルがここに"]\n'
    '    B -->|とても長い答えのラベルその三| F["忘れたときに読むページへの長い説明"]\n'
    '    Q -->|短い| S["サポート"]\n'
    '    click F "forgot.md"\n    click S "support.md"'
)
WIDE["troubleshooting/index.md"] = WIDE["troubleshooting/index.md"].replace("flowchart TD", "flowchart LR")


def test_a_chart_too_wide_for_the_phone_column_fails_the_build(site) -> None:
    """Scaled to a phone's 358 px column its labels would fall under 12 px: refused once (the desktop's
    column is wider), with the width, the label size it would get, the widest that fits and the fix."""
    with pytest.raises(Abort):
        site(WIDE)
    from sitebuild import build_site

    logged = [r.getMessage() for r in build_site.last_records if r.name == "mkdocs.plugins.flowcheck"]
    assert len(logged) == 1
    assert re.fullmatch(
        r"flowcheck: Doc file 'troubleshooting/index\.md' line 3, flowchart '困りごと': the chart is (\d+) px wide, "
        r"but the content column of a 390 px phone is 358 px, so its 16 px labels would shrink to (\d+\.\d) px "
        r"\(at least 12 px is needed\): draw it at most 477 px wide\. Lay a path out top-down \(flowchart TD\); "
        r"keep left-to-right for a question with many short answers\. Give each question fewer answers, "
        r"shorten the labels \(or break them with <br>\), or split the chart in two\. \[readability\]",
        logged[0],
    ), logged[0]


def test_a_chart_scaled_to_the_column_with_14_px_labels_builds(site) -> None:
    """Up to 358 × 16 / 12 = 477 px wide, a chart is scaled to a phone's column and still readable."""
    logged, site_dir = site(GOOD_PAGES)
    report = json.loads((site_dir / "flowcheck.json").read_text(encoding="utf-8"))
    assert logged == []
    assert all(chart["width"] <= 477 for chart in report["charts"])


@pytest.mark.parametrize(("width", "hides_toc", "expected"), [
    (477.0, False, []),
    (478.5, False, ["phone 11.9"]),  # 11.97 px: shown rounded down, never "12.0 px, under 12 px"
    (700.0, False, ["phone 8.1"]),
    (900.0, True, ["phone 6.3"]),
])
def test_readability_compares_the_figures_it_prints(width: float, hides_toc: bool, expected: list[str]) -> None:
    """A size under the minimum is shown rounded down: never '12.0 px, under 12 px'."""
    from flowcheck.checks import _check_readability
    from flowcheck.graph import Chart

    chart = Chart(src_uri="p.md", index=1, line=1, end_line=2, width=width)
    site = SiteGraph(charts=[chart], pages={"p.md": PageInfo("p.md", "p/", "p", set(), hides_toc=hides_toc)},
                     config=FlowcheckConfig())
    found = [re.search(r"(phone|desktop) is \d+ px, so its 16 px labels would shrink to (\d+\.\d)", p.message).groups()
             for p in _check_readability(site, chart)]
    assert [f"{where} {size}" for where, size in found] == expected
