"""Every flowchart form Mermaid documents (packages/mermaid/src/docs/syntax/flowchart.md), in our own
examples: each row builds, or is refused by a named rule on the line of the statement that breaks
it. All rows are pages of one site, built once with --strict; each row's page is checked apart.

Every row's chart starts the same way, so its body begins on line 7 of its page:

    1 # 行
    2
    3 ```mermaid
    4 flowchart TD
    5     accTitle: 行
    6     accDescr: 構文
    7 <body>
"""

from __future__ import annotations

import contextlib
import json
import re
import textwrap

import pytest
from mkdocs.exceptions import Abort
from sitebuild import build_site, write_site

HEAD = "# 行\n\n```mermaid\n{header}\n    accTitle: 行\n    accDescr: 構文\n"
ASK = 'Q{"質問？"} -->|はい| '  # line 7: a question whose first answer leads to the row's box X
NO = '    Q -->|いいえ| N["いいえ"]\n'  # line 8
LINKS = '    click X "../target.md#ok"\n    click N "../target.md#ok"\n'  # lines 9, 10
BUILDS: set[tuple[str, int]] = set()


def chart(body: str, header: str = "flowchart TD") -> str:
    lines = [line.strip() for line in body.strip("\n").split("\n")]
    return HEAD.format(header=header) + "".join(f"    {line}\n" if line else "\n" for line in lines) + "```\n"


def box(shape: str, links: str = LINKS) -> str:
    """The question, its answer 'はい' to the box ``X<shape>`` (line 7), 'いいえ' to N (line 8), the clicks."""
    return chart(f"{ASK}X{shape}\n" + NO + links)


def edge(arrow: str) -> str:
    """The question linked to X by ``arrow`` (line 7)."""
    return chart(f'Q{{"質問？"}} {arrow} X["はい"]\n' + NO + LINKS)


SHAPES = {  # the classic node shapes
    "rect": "[四角]", "round": "(角丸)", "stadium": "([スタジアム])", "subroutine": "[[サブルーチン]]",
    "cylinder": "[(データベース)]", "circle": "((円の形の箱))", "asymmetric": ">旗形]", "hexagon": "{{六角形}}",
    "parallelogram": "[/平行四辺形/]", "parallelogram-alt": "[\\平行四辺形\\]", "trapezoid": "[/台形\\]",
    "trapezoid-alt": "[\\台形/]", "double-circle": "(((二重円)))", "quoted": '["引用 (括弧) も可"]',
}
#: '@{ shape: … }': every name the docs list; those that draw no label (or a tiny one) are refused as
#: links too small to tap, the diamonds need two answers
NEW_SHAPES = [
    "rect", "rounded", "stadium", "subproc", "cyl", "circle", "odd", "hex", "lean-r", "lean-l", "trap-b",
    "trap-t", "dbl-circ", "text", "notch-rect", "lin-rect", "comment", "brace-r", "braces", "bolt", "doc",
    "delay", "lin-cyl", "curv-trap", "div-rect", "tri", "win-pane", "lin-doc", "notch-pent", "flip-tri",
    "sl-rect", "docs", "processes", "flag", "bow-rect", "cross-circ", "tag-doc", "tag-rect", "card", "cylinder",
    "hourglass", "das",
]
#: (hourglass and das are tall enough to tap once a chart fits a phone unscaled; see NEW_SHAPES)
TOO_SMALL = ["sm-circ", "start", "framed-circle", "stop", "fork", "join", "f-circ", "junction"]
DIAMONDS = ["diam", "diamond", "decision", "question"]

ROWS: dict[str, tuple[str, set[tuple[str, int]]]] = {
    **{f"shape {name}": (box(shape), BUILDS) for name, shape in SHAPES.items()},
    "shape rhombus is a question": (box("{菱形}"), {("decision_branches", 7)}),
    **{f"@shape {name}": (box(f'@{{ shape: {name}, label: "ラベル" }}'), BUILDS) for name in NEW_SHAPES},
    **{f"@shape {name} too small": (box(f'@{{ shape: {name}, label: "ラベル" }}'), {("readability", 7)})
       for name in TOO_SMALL},
    **{f"@shape {name} is a question": (box(f'@{{ shape: {name}, label: "ラベル" }}'), {("decision_branches", 7)})
       for name in DIAMONDS},
    "@shape label on later lines": (
        chart(f'{ASK}X@{{\nshape: rounded\nlabel: "二行目のラベル"\n}}\n' + NO + LINKS), BUILDS),
    "@img": (box('@{ img: "https://docs.aws.amazon.com/x.png", label: "画像" }'), {("label_html", 7)}),
    "@icon": (box('@{ icon: "fa:user", form: "square", label: "人" }'), {("label_html", 7)}),
    # edges: every type and length, with and without text
    **{f"edge {arrow}": (edge(arrow), BUILDS) for arrow in [
        "-->", "---", "-- はい ---", "---|はい|", "-->|はい|", "-- はい -->", "-.->", "-. はい .->", "==>",
        "== はい ==>", "--o", "--x", "---->", "-...->", "====>", "-->|はい|", "e1@-->", "e1@==>|はい|"]},
    "edge ids touch the boxes": (chart('Q{"質問？"}-->X["はい"]\nQ---|いいえ|N["いいえ"]\n'
                                       'click X "../target.md#ok"\nclick N "../target.md#ok"'), BUILDS),
    "edge ~~~ is no edge": (edge("~~~"), {("unreachable", 3), ("decision_branches", 7)}),
    **{f"edge {arrow} points both ways": (edge(arrow), {("unreachable", 7)}) for arrow in ["<-->", "o--o", "x--x"]},
    "edge chain on one line": (chart(f'{ASK}X["x"] -- 次 --> Y["y"]\n' + NO
                                     + '    click Y "../target.md#ok"\n    click N "../target.md#ok"'), BUILDS),
    "edge & on both sides": (chart('Q{"質問？"} -->|はい| X["x"] & Y["y"]\nQ -->|いいえ| N["いいえ"]\n'
                                   'click X "../target.md#ok"\nclick Y "../target.md#ok"\nclick N "../target.md#ok"'), BUILDS),
    "edge id animated": (chart('Q{"質問？"} e1@-->|はい| X["はい"]\nQ e2@-->|いいえ| N["いいえ"]\n' + LINKS
                               + "e1@{ animate: true }\ne2@{ curve: linear }"), BUILDS),
    "edge id of no edge is a box": (chart('Q{"質問？"} e1@-->|はい| X["はい"]\n' + NO + LINKS
                                          + "e2@{ curve: linear }"), {("unreachable", 3), ("dead_end", 11)}),
    "edge a box linked from no line ends without a link": (
        chart(f'{ASK}X["x"] --> Y["y"]\n' + NO + LINKS), {("dead_end", 7)}),
    # labels
    "markdown string": (box('["`**太字**と*斜体*`"]'), BUILDS),
    "markdown answer": (chart('Q{"質問？"} -- "`**はい**`" --> X["x"]\n' + NO + LINKS), BUILDS),
    "entity codes": (box('["#quot;引用#quot; と #9829; と #35;"]'), BUILDS),
    "numeric entity tags are HTML": (box('["#60;b#62;太字#60;/b#62;"]'), {("label_html", 7)}),
    "named entity tags are HTML": (box('["#lt;b#gt;太字#lt;/b#gt;"]'), {("label_html", 7)}),
    "br breaks a line": (box('["一行目<br>二行目"]'), BUILDS),
    "html in a label": (box('["<b>太字</b>"]'), {("label_html", 7)}),
    "fa icon in a label": (box('["fa:fa-user ユーザー"]'), {("label_html", 7)}),
    # subgraphs
    "subgraph with title and direction": (chart(
        f'{ASK}X["x"]\n' + NO + 'subgraph G [グループ]\n  direction LR\n  X\nend\n'
        'click X "../target.md#ok"\nclick N "../target.md#ok"'), BUILDS),
    "subgraph nested": (chart(
        f'{ASK}X["x"]\n' + NO + 'subgraph G1 [外]\n  subgraph G2 [内]\n    direction RL\n    X\n  end\nend\n'
        'click X "../target.md#ok"\nclick N "../target.md#ok"'), BUILDS),
    "edge to a subgraph": (chart(
        'Q{"質問？"} -->|はい| G\n' + NO + 'subgraph G [グループ]\n  X["x"]\nend\n'
        'click X "../target.md#ok"\nclick N "../target.md#ok"'), BUILDS),
    "subgraph title with html": (chart(
        f'{ASK}X["x"]\n' + NO + 'subgraph G ["<i>斜体</i>"]\n  X\nend\n'
        'click X "../target.md#ok"\nclick N "../target.md#ok"'), {("label_html", 9)}),
    "click on a subgraph": (chart(
        f'{ASK}X["x"]\n' + NO + 'subgraph G [グループ]\n  X\nend\n'
        'click X "../target.md#ok"\nclick N "../target.md#ok"\nclick G "../target.md#ok"'), {("click_unknown_node", 14)}),
    # comments and accessibility text never stand in for a statement's line
    "comments": (chart(f'%% Q から X と N へ\n{ASK}X["x"] %% 行末のコメントではない\n' + NO + LINKS),
                 {("mermaid", 8)}),
    "comment names a box that ends without a link": (
        chart(f'%% N は答え\n{ASK}X["x"]\n' + NO + '    click X "../target.md#ok"'), {("dead_end", 9)}),
    "accDescr names a box that ends without a link": (
        chart(f'accDescr: N に進みます\n{ASK}X["x"]\n' + NO + '    click X "../target.md#ok"'), {("dead_end", 9)}),
    # styles
    "classDef and class": (chart(
        f'{ASK}X["x"]:::ask\n' + NO + LINKS + '    classDef ask fill:#fff,stroke:#333\n    class Q,N ask'), BUILDS),
    "style": (chart(f'{ASK}X["x"]\n' + NO + LINKS + '    style X fill:#f9f,stroke:#333,stroke-width:4px'), BUILDS),
    "linkStyle": (chart(f'{ASK}X["x"]\n' + NO + LINKS + '    linkStyle 0 stroke:#f66,stroke-width:2px\n'
                        '    linkStyle default stroke:#333'), BUILDS),
    # every click form
    **{f"click {form}": (box('["x"]', f'    click X {form}\n    click N "../target.md#ok"\n'), BUILDS) for form in [
        '"../target.md#ok"', '"../target.md#ok" "ヒント"', 'href "../target.md#ok"', 'href "../target.md#ok" "ヒント"',
        '"../target.md#ok" _blank', 'href "../target.md#ok" "ヒント" _blank', '"https://docs.aws.amazon.com/signin/"',
        'href "https://docs.aws.amazon.com/signin/" _self']},
    "click http": (box('["x"]', '    click X "http://docs.aws.amazon.com/"\n    click N "../target.md#ok"\n'),
                   {("click_external", 9)}),
    "click missing page": (box('["x"]', '    click X "missing.md"\n    click N "../target.md#ok"\n'),
                           {("click_not_found", 9)}),
    "click missing anchor": (box('["x"]', '    click X "../target.md#nope"\n    click N "../target.md#ok"\n'),
                             {("click_anchor", 9)}),
    "click callback": (box('["x"]', '    click X call back()\n    click N "../target.md#ok"\n'),
                       {("click_unknown_node", 9), ("dead_end", 7)}),
    "click function name": (box('["x"]', '    click X back "ヒント"\n    click N "../target.md#ok"\n'),
                            {("click_unknown_node", 9), ("dead_end", 7)}),
    "click before its node": (chart('click X "../target.md#ok"\n' + f'{ASK}X["x"]\n' + NO
                                    + '    click N "../target.md#ok"'), {("click_unknown_node", 7), ("dead_end", 8)}),
    # headers and chart front matter
    **{f"header {header}": (chart(f'{ASK}X["x"]\n' + NO + LINKS, header=header), BUILDS)
       for header in ["graph TD", "flowchart LR", "flowchart RL", "flowchart BT", "flowchart TB", "graph LR;"]},
    "Mermaid front matter": (
        "# 行\n\n```mermaid\n---\ntitle: 図\n---\nflowchart TD\n    accTitle: 行\n    accDescr: 構文\n"
        f'    %% c\n    {ASK}X["x"]\n    Q -->|いいえ| N\n    click X "../target.md#ok"\n```\n', {("dead_end", 12)}),
    "parse error after a comment": (chart(f'%% c\n{ASK}X[こんにちは (括弧)]\n' + NO + LINKS), {("mermaid", 8)}),
    # every way Markdown opens a Mermaid fence
    "fence with attributes": (box('["x"]').replace("```mermaid\n", "```mermaid {.wide #chart-a}\n"), BUILDS),
    "fence {.mermaid}": (box('["x"]').replace("```mermaid\n", "``` {.mermaid}\n"), BUILDS),
    "fence with tildes": (box('["x"]').replace("```mermaid\n", "~~~mermaid\n").replace("\n```\n", "\n~~~\n"),
                          BUILDS),
    # in a list, an admonition or a tab the fence opens on line 5, so the body starts on line 9
    "fence in a list": ("# 行\n\n1. 図:\n\n" + textwrap.indent(chart(f"{ASK}X[\"x\"]\n" + NO).split("\n", 2)[2], "    "),
                        {("dead_end", 9), ("dead_end", 10)}),
    "fence in an admonition": ("# 行\n\n!!! note \"図\"\n\n" + textwrap.indent(
        chart(f"{ASK}X[\"x\"]\n" + NO + LINKS).split("\n", 2)[2], "    "), BUILDS),
    "fence in a tab": ("# 行\n\n=== \"タブ\"\n\n" + textwrap.indent(
        chart(f"{ASK}X[\"x\"]\n" + NO + '    click X "../target.md#ok"').split("\n", 2)[2], "    "), {("dead_end", 10)}),
}
PAGES = {f"rows/{n:03}.md": text for n, (text, _expected) in enumerate(ROWS.values())}
NAMES = {name: f"rows/{n:03}.md" for n, name in enumerate(ROWS)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[dict[str, set[tuple[str, int]]], object]:
    """Every row as a page of one site, built once: (rule, line) found on each page, and the site folder."""
    tmp = tmp_path_factory.mktemp("syntax")
    pages = {"index.md": "# ホーム\n", "target.md": "# 行き先\n\n## 解決 { #ok }\n", **PAGES}
    config = write_site(tmp, pages, "extra:\n  flowcheck:\n    cache_dir: ''\n")
    with contextlib.suppress(Abort):
        build_site(config, site_dir=str(tmp / "site"))
    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert errors == []  # no traceback, no page that stops the build
    report = json.loads((tmp / "site" / "flowcheck.json").read_text(encoding="utf-8"))
    found: dict[str, set[tuple[str, int]]] = {}
    for problem in report["problems"]:
        found.setdefault(problem["file"], set()).add((problem["rule"], problem["line"]))
    return found, tmp / "site"


@pytest.mark.parametrize("name", list(ROWS))
def test_each_documented_form_builds_or_is_refused_on_its_line(name: str, built) -> None:
    found, _site = built
    assert found.get(NAMES[name], set()) == ROWS[name][1], PAGES[NAMES[name]]


def test_every_row_is_drawn_as_a_checked_figure(built) -> None:
    """A chart block with attributes, in a list, an admonition or a tab is drawn like any other:
    nothing with class 'mermaid' reaches a page."""
    _found, site = built
    for name in ["fence with attributes", "fence {.mermaid}", "fence with tildes", "fence in an admonition"]:
        page = (site / NAMES[name].replace(".md", "/index.html")).read_text(encoding="utf-8")
        assert page.count('<figure class="flow-figure') == 1, name
        assert not re.search(r"class=\"[^\"]*\bmermaid\b", page), name
    attributed = (site / NAMES["fence with attributes"].replace(".md", "/index.html")).read_text(encoding="utf-8")
    assert re.search(r'<figure class="flow-figure[^>]* data-flowchart="1" [^>]*id="chart-a">', attributed)


@pytest.mark.parametrize(("fence", "line"), [
    ("```{.python .mermaid}", 3),
    ("``` {.wide .mermaid}", 3),
    ("```diagram {.mermaid}", 3),
])
def test_a_mermaid_class_the_build_does_not_draw_is_refused(fence: str, line: int, site) -> None:
    """Before the fix a page whose only 'mermaid' element was not exactly <pre class="mermaid"> was never
    looked at: Material drew it with Mermaid from a CDN, unchecked."""
    page = "# 行\n\n" + fence + "\nflowchart TD\n    A --> B\n```\n"
    with pytest.raises(Abort):
        site({"index.md": page})
    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert errors[-1].startswith(f"Doc file 'index.md' line {line}: an element with class 'mermaid' (<div "
                                 "class=\"mermaid highlight\">) is left in the page, and the build does not draw or "
                                 "check it;"), errors


def test_raw_html_with_the_mermaid_class_is_refused(site) -> None:
    with pytest.raises(Abort):
        site({"index.md": "# 行\n\n<div class='note mermaid'>flowchart TD\nA --> B</div>\n"})
    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert errors[-1].startswith("Doc file 'index.md' line 3: an element with class 'mermaid'"), errors
