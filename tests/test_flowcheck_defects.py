"""The defects D1–D7 of the Mermaid corpus review (shared/reviews/2026-12-06-mermaid-corpus.md), each
checked on the graph Mermaid reads, with the exact message. Every test here failed before its fix."""

from __future__ import annotations

import pytest
from sitebuild import charts_of

from flowcheck import Chart, FlowcheckConfig, Node, PageInfo, SiteGraph, check_site, text_version
from flowcheck.graph import label_text


def page(body: str, header: str = "flowchart TD") -> str:
    """A page whose chart body starts on line 7."""
    return f"# 行\n\n```mermaid\n{header}\n    accTitle: 行\n    accDescr: 構文\n{body}```\n"


def problems(markdown: str) -> list[str]:
    charts = charts_of("a.md", markdown)
    pages = {"a.md": PageInfo("a.md", "a/", "A", {"ok"})}
    return [f"{p.message} [{p.rule}]" for p in check_site(SiteGraph(charts, pages, FlowcheckConfig()))
            if p.rule not in ("orphan_page",)]


WHERE = "Doc file 'a.md' line {}, flowchart '行'"


def test_d1_entity_codes_read_as_the_drawing_shows_them() -> None:
    (chart,) = charts_of("a.md", page('    A["A double quote:#quot;"] --> B["A dec char:#9829;"]\n'
                                      '    B --> C["ハート #9829; と #35; と &#60;"]\n'))
    assert [node.label for node in chart.nodes.values()] == [
        'A double quote:"', "A dec char:♥", "ハート ♥ と # と &<"]  # was 'A dec char:&&9829;'
    listed = text_version(chart, lambda target: None)
    assert "A dec char:♥" in listed and "&amp;&amp;9829;" not in listed
    assert label_text("A dec char:&#9829;") == "A dec char:♥"


def test_d1_html_written_as_numeric_entities_is_refused_like_named_ones() -> None:
    found = problems(page('    A["#60;b#62;太字#60;/b#62;"] --> B["#lt;i#gt;斜体"]\n'
                          '    click B "a.md#ok"\n'))
    assert found == [
        WHERE.format(7) + ": node 'A' has HTML in its label ('#60;b#62;太字#60;/b#62;'); labels are plain text "
        "and only '<br>' breaks a line. Write the text without tags. [label_html]",
        WHERE.format(7) + ": node 'B' has HTML in its label ('#lt;i#gt;斜体'); labels are plain text and only "
        "'<br>' breaks a line. Write the text without tags. [label_html]",
    ]


@pytest.mark.parametrize(("body", "lines"), [
    # D2: an id against an arrow
    ('    A-->B\n    B---|t|C\n    c1-->a2\n', {"A": 7, "B": 7, "C": 8, "c1": 9, "a2": 9}),
    ('    A-- This is the text! ---B\n    B-.->C;\n', {"A": 7, "B": 7, "C": 8}),
    # D3: a comment or accDescr naming the ids first
    ('    %% this is a comment A -- text --> B{node}\n    A -- text --> B -- text2 --> C\n', {"A": 8, "B": 8, "C": 8}),
    ('    accDescr: Q で答えを選ぶと MFA か PW に進みます。\n    Q{"質問？"} -->|a| MFA\n    Q -->|b| PW\n',
     {"Q": 8, "MFA": 8, "PW": 9}),
    ('    accDescr {\n      Q から PW へ\n    }\n    Q --> PW\n', {"Q": 10, "PW": 10}),
])
def test_d2_d3_lines_are_where_mermaid_met_each_statement(body: str, lines: dict[str, int]) -> None:
    (chart,) = charts_of("a.md", page(body))
    assert {node_id: node.line for node_id, node in chart.nodes.items()} == lines
    assert [edge.line for edge in chart.edges] == [lines[edge.target] for edge in chart.edges]


def test_d2_a_parse_error_after_comments_names_its_own_line() -> None:
    """Mermaid drops '%%' lines before it parses: its 'line 2' is the file's line 9 here."""
    from sitebuild import renderer

    from flowcheck.pages import _mermaid_error, find_chart_sources

    text = page('    %% one\n    %% two\n    A --> B[こんにちは (括弧)]\n')
    source = find_chart_sources(text, [text.split("```mermaid\n")[1].split("```")[0]])[0]
    result = renderer().render(source.text)
    problem = _mermaid_error("a.md", source, result.error, result.error_line)
    assert problem.line == 9
    assert problem.message.startswith("Doc file 'a.md' line 9: Mermaid cannot read the chart at "
                                      "'A --> B[こんにちは (括弧)]'")


@pytest.mark.parametrize("shape", ["diam", "diamond", "decision", "question"])
def test_d4_every_diamond_is_a_question(shape: str) -> None:
    found = problems(page(f'    Q@{{ shape: {shape}, label: "答えは？" }} --> A["a"]\n    click A "a.md#ok"\n'))
    assert found == [WHERE.format(7) + ": decision node 'Q' (「答えは？」) has 1 outgoing edge(s); a question needs "
                     "at least two answers. [decision_branches]"]


def test_d5_a_chain_without_a_link_names_only_its_end() -> None:
    found = problems(page('    Start --> Middle --> Stop\n'))
    assert found == [WHERE.format(7) + ": node 'Stop' ends without a link: no click and no answer leads on from "
                     "it; add 'click Stop \"page.md#anchor\"' to the page that resolves it. [dead_end]"]


def test_d5_a_loop_with_a_way_out_is_no_loop_without_one() -> None:
    """ex091's loop B → C → D → B leads out to E: only E's missing click is told."""
    found = problems(page('    A --> B --> C --> D --> B\n    D --> E\n'))
    # (coming back to the question D is rule loop's to tell, not dead_end's)
    assert [message for message in found if message.endswith("[dead_end]")] == [WHERE.format(8) + ": node 'E' ends without a link: no click and no answer leads on from "
                     "it; add 'click E \"page.md#anchor\"' to the page that resolves it. [dead_end]"]


def test_d5_a_real_loop_is_told_once() -> None:
    found = problems(page('    Q{"質問？"} -->|a| L1["輪1"] --> L2["輪2"] --> L1\n    Q -->|b| F["f"]\n'
                          '    click F "a.md#ok"\n'))
    assert found == [WHERE.format(7) + ": node 'L1' (「輪1」), node 'L2' (「輪2」) go round in a loop with no way out: "
                     "no answer leads from it to a linked box. Give the loop an answer that leads to a page that "
                     "resolves it. [dead_end]"]


def _sized(shape: str, size: float, width: float = 300.0, direction: str = "TB") -> Chart:
    chart = Chart("a.md", 1, 3, 9, direction=direction, title="行", description="d", width=width,
                  targets=[{"node": "A", "answer": False, "width": size, "height": size}])
    chart.nodes["A"] = Node("A", "Direct access storage", shape, 7)
    return chart


def _readability(chart: Chart) -> list[str]:
    site = SiteGraph([chart], {"a.md": PageInfo("a.md", "a/", "A", set())}, FlowcheckConfig())
    return [p.message for p in check_site(site) if p.rule == "readability"]


def test_d6_a_size_under_the_minimum_is_never_shown_as_the_minimum() -> None:
    # 477 px wide: the phone shows it at 358 / 477, and 31.5 × 0.7505 = 23.64 px: was "24 px, under the 24 px"
    assert _readability(_sized("das", 31.5, width=477)) == [
        WHERE.format(7) + ": the link on node 'A' (「Direct access storage」) is 23.6 px on a phone, under the 24 px "
        "a finger needs (WCAG 2.5.8); give it a longer label."]


@pytest.mark.parametrize("shape", ["sm-circ", "framed-circle", "fork", "f-circ", "bolt", "cross-circ", "hourglass"])
def test_d6_no_longer_label_advice_for_shapes_that_draw_none(shape: str) -> None:
    (message,) = _readability(_sized(shape, 14))
    assert message.endswith(f"(WCAG 2.5.8); the shape '{shape}' draws no label, so a link on it stays that small. "
                            "Link a box that shows its label instead (e.g. 'A[\"…\"]' or '@{ shape: rounded }').")


@pytest.mark.parametrize(("direction", "advice"), [
    ("TB", "Give each question fewer answers, shorten the labels (or break them with <br>), or split the chart in two."),
    ("LR", "Lay a path out top-down (flowchart TD); keep left-to-right for a question with many short answers. "
           "Give each question fewer answers, shorten the labels (or break them with <br>), or split the chart in two."),
])
def test_d6_top_down_advice_only_for_a_chart_that_is_not(direction: str, advice: str) -> None:
    (message,) = _readability(_sized("rounded", 40, width=480, direction=direction))
    # 358 / 480 × 16 = 11.93: shown as 11.9, not 12.0
    assert message == (WHERE.format(3) + ": the chart is 480 px wide, but the content column of a 390 px phone is "
                       "358 px, so its 16 px labels would shrink to 11.9 px (at least 12 px is needed): draw it at "
                       "most 477 px wide. " + advice)


def test_d7_font_awesome_icons_are_refused_like_icon_shapes() -> None:
    found = problems(page('    B["fa:fa-twitter for peace"] --> C["fab:fa-truck-bold a custom icon"]\n'
                          '    click C "a.md#ok"\n'))
    assert found == [
        WHERE.format(7) + ": node 'B' shows icon 'fa:fa-twitter' (Font Awesome's label syntax, which Mermaid draws as "
        "an icon); charts draw no images or icons (they would be fetched from elsewhere). Remove it, or write the "
        "words. [label_html]",
        WHERE.format(7) + ": node 'C' shows icon 'fab:fa-truck-bold' (Font Awesome's label syntax, which Mermaid draws "
        "as an icon); charts draw no images or icons (they would be fetched from elsewhere). Remove it, or write the "
        "words. [label_html]",
    ]
