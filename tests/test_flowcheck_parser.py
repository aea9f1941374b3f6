"""The flowchart parser: every syntax form it accepts, and every line it refuses."""

from __future__ import annotations

import pytest

from flowcheck import FlowchartSyntaxError, parse_page


def chart_of(body: str):
    charts = parse_page("page.md", "```mermaid\nflowchart TD\n" + body + "\n```\n")
    assert len(charts) == 1
    return charts[0]


def edges(chart) -> list[tuple[str, str, str]]:
    return [(e.source, e.target, e.label) for e in chart.edges]


@pytest.mark.parametrize(
    ("body", "expected_edges"),
    [
        ("A --> B", [("A", "B", "")]),
        ("A --- B", [("A", "B", "")]),
        ("A -.-> B", [("A", "B", "")]),
        ("A ==> B", [("A", "B", "")]),
        ("A ---> B", [("A", "B", "")]),
        ("A -->|はい| B", [("A", "B", "はい")]),
        ("A -- はい --> B", [("A", "B", "はい")]),
        ("A -. 任意 .-> B", [("A", "B", "任意")]),
        ("A == 強調 ==> B", [("A", "B", "強調")]),
        ("A --> B --> C", [("A", "B", ""), ("B", "C", "")]),
        ("A --> B & C", [("A", "B", ""), ("A", "C", "")]),
        ("A & B --> C", [("A", "C", ""), ("B", "C", "")]),
        ("A-->B", [("A", "B", "")]),
        ("A --> B; B --> C", [("A", "B", ""), ("B", "C", "")]),
        ("A ~~~ B", []),
        ("node-1 --> node_2", [("node-1", "node_2", "")]),
    ],
)
def test_edge_forms(body: str, expected_edges: list) -> None:
    """Each edge form gives the edges Mermaid draws (invisible links give none)."""
    assert edges(chart_of(body)) == expected_edges


@pytest.mark.parametrize(
    ("body", "shape", "label"),
    [
        ('A["「パスワードが正しくありません」と表示される"]', "rect", "「パスワードが正しくありません」と表示される"),
        ("A[四角]", "rect", "四角"),
        ("A(角丸)", "round", "角丸"),
        ("A([競技場])", "stadium", "競技場"),
        ("A[[サブルーチン]]", "subroutine", "サブルーチン"),
        ("A[(円柱)]", "cylinder", "円柱"),
        ("A((円))", "circle", "円"),
        ("A(((二重円)))", "double-circle", "二重円"),
        ("A>旗]", "asymmetric", "旗"),
        ('A{"質問ですか？"}', "decision", "質問ですか？"),
        ("A{{六角形}}", "hexagon", "六角形"),
        ("A[/平行四辺形/]", "parallelogram", "平行四辺形"),
        ("A[\\逆平行四辺形\\]", "parallelogram-alt", "逆平行四辺形"),
        ('A@{ shape: diamond, label: "新しい書き方" }', "decision", "新しい書き方"),
        ("A[ラベル]:::warn", "rect", "ラベル"),
    ],
)
def test_node_shapes(body: str, shape: str, label: str) -> None:
    """Every node shape is read with its label."""
    node = chart_of(body).nodes["A"]
    assert (node.shape, node.label) == (shape, label)


def test_statements_that_carry_no_edges() -> None:
    """Comments, styles, subgraphs, directions and accessibility lines are understood."""
    chart = chart_of(
        "    accTitle: タイトル\n"
        "    accDescr: 説明\n"
        "    %% コメント\n"
        "    subgraph S1 [グループ]\n"
        "      direction LR\n"
        "      A --> B\n"
        "    end\n"
        "    classDef warn fill:#f96\n"
        "    class A warn\n"
        "    style B stroke:#333\n"
        "    linkStyle 0 stroke:#f00\n"
    )
    assert (chart.title, chart.description) == ("タイトル", "説明")
    assert edges(chart) == [("A", "B", "")]
    assert list(chart.subgraphs) == ["S1"]


def test_multiline_description() -> None:
    """accDescr { ... } may span lines."""
    chart = chart_of("    accDescr {\n      一行目\n      二行目\n    }\n    A --> B")
    assert chart.description == "一行目\n二行目"


@pytest.mark.parametrize(
    ("line", "target", "tooltip"),
    [
        ('click B "page.md#anchor"', "page.md#anchor", ""),
        ('click B href "page.md" "ツールチップ"', "page.md", "ツールチップ"),
        ('click B "page.md" "ツールチップ" _blank', "page.md", "ツールチップ"),
        ('click B href "https://aws.amazon.com/" _self', "https://aws.amazon.com/", ""),
    ],
)
def test_click_forms(line: str, target: str, tooltip: str) -> None:
    """Both click forms, with or without tooltip and link target."""
    chart = chart_of(f"    A --> B\n    {line}")
    [click] = chart.clicks
    assert (click.node_id, click.target, click.tooltip) == ("B", target, tooltip)
    assert chart.early_clicks == []


def test_click_span_points_at_the_target_in_the_source_line() -> None:
    """The hook rewrites targets in place, so the span must be exact."""
    markdown = '```mermaid\nflowchart TD\n    A --> B\n    click B "x.md#y"\n```\n'
    [chart] = parse_page("p.md", markdown)
    line, start, end = chart.clicks[0].span
    assert markdown.split("\n")[line - 1][start:end] == "x.md#y"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('    click A "x.md"\n    A --> B', "is not defined before this line"),
        ('    A --> B\n    click C "x.md"', "is not defined before this line"),
        ('    subgraph S\n    A --> B\n    end\n    click S "x.md"', "names a subgraph, which Mermaid never links"),
    ],
)
def test_clicks_mermaid_would_drop(body: str, why: str) -> None:
    """A click before its node, on an unknown id or on a subgraph is recorded, not lost."""
    chart = chart_of(body)
    [(click, reason)] = chart.early_clicks
    assert reason == why


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("A --> ", "Doc file 'page.md' line 3: cannot parse flowchart line 'A -->': "
                   "expected a node id at ''"),
        ("A[ラベル --> B", "Doc file 'page.md' line 3: cannot parse flowchart line 'A[ラベル --> B': "
                        "a node label is not closed with ']'"),
        ('A["閉じない] --> B', "Doc file 'page.md' line 3: cannot parse flowchart line "
                          "'A[\"閉じない] --> B': a quoted label has no closing '\"'"),
        ("click A callback", "Doc file 'page.md' line 3: cannot parse flowchart line 'click A callback': "
                             "callbacks never run here (Mermaid's strict security level); "
                             "write 'click ID \"target.md#anchor\"' with a quoted link"),
        ("A <--> B", "Doc file 'page.md' line 3: cannot parse flowchart line 'A <--> B': "
                     "two-way edges ('<-->') hide which way the reader goes; use '-->'"),
        ("A --> B C", "Doc file 'page.md' line 3: cannot parse flowchart line 'A --> B C': "
                      "expected an edge such as '-->' at 'C'"),
        ("accDescr 説明", "Doc file 'page.md' line 3: cannot parse flowchart line 'accDescr 説明': "
                        "write 'accDescr: text' or 'accDescr { ... }'"),
        ("end --> A", "Doc file 'page.md' line 3: cannot parse flowchart line 'end --> A': "
                      "'end' is a Mermaid keyword and cannot be a node id"),
    ],
)
def test_lines_it_refuses(body: str, message: str) -> None:
    """A line the parser does not understand is an error naming file, line and text."""
    with pytest.raises(FlowchartSyntaxError) as error:
        chart_of(body)
    assert str(error.value) == message


def test_only_flowcharts_are_parsed_and_other_fences_are_skipped() -> None:
    """Sequence diagrams and mermaid text inside other code fences are not flowcharts."""
    markdown = (
        "````markdown\n```mermaid\nflowchart TD\n  A --> \n```\n````\n\n"
        "```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n\n"
        "```mermaid\ngraph LR\n  A --> B\n```\n"
    )
    [chart] = parse_page("p.md", markdown)
    assert (chart.index, chart.direction, chart.line) == (1, "LR", 13)


def test_indented_fence_inside_a_tab() -> None:
    """Fences nested in content tabs or admonitions keep their indentation."""
    markdown = '=== "タブ"\n\n    ```mermaid\n    flowchart TD\n        A --> B\n        click B "x.md"\n    ```\n'
    [chart] = parse_page("p.md", markdown)
    assert chart.indent == "    "
    line, start, end = chart.clicks[0].span
    assert markdown.split("\n")[line - 1][start:end] == "x.md"
