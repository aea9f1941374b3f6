"""The guided mode's pure parts (hooks/guide/), without MkDocs: which charts get a guide, the
section excerpts, each chart's record, the walk along answers and the panel's HTML."""

from __future__ import annotations

import json
import re

import pytest
from sitebuild import charts_of as parse_page

from flowcheck import FlowcheckConfig, PageInfo, SiteGraph
from guide import (
    GuideRequestError,
    chart_id,
    encode_records,
    guide_answers,
    guide_data,
    guide_panel,
    guide_records,
    guide_slot,
    guide_view,
    guided_charts,
    place_panels,
    section_excerpt,
    step_fragment,
    take_slot,
)


def fence(body: str, title: str = "図") -> str:
    return f"```mermaid\nflowchart TD\n    accTitle: {title}\n    accDescr: 説明\n{body}\n```\n"


QUESTION = fence('    Q{"どれ？"} -->|あ| A["あ"]\n    Q -->|い| B["い"]\n    click A "#a"\n    click B "#b"', "質問の図")
LINEAR = fence('    S["始める"] --> E["終わり"]\n    click E "#e"', "一本道")
TWO_CHARTS = "# ページ\n\n" + LINEAR + "\n" + QUESTION


# --- which charts get a guide ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({}, [2]),                                   # default: every chart that asks something
        ({"guide": True}, [2]),
        ({"guide": 2}, [2]),
        ({"guide": False, "guide_reason": "手順を読むページなので"}, []),
    ],
)
def test_guided_charts(meta, expected) -> None:
    charts = parse_page("p.md", TWO_CHARTS)
    assert [chart.index for chart in guided_charts("p.md", meta, charts)] == expected


W = "Doc file 'p.md': front matter"
NUMBERS = "must be true (a guide on every chart that asks something, the default), false (with 'guide_reason'), or the number of a flowchart on the page (1 to 2)."


@pytest.mark.parametrize(
    ("text", "meta", "message"),
    [
        (TWO_CHARTS, {"guide": False},
         f"{W} 'guide: false' turns the guided mode off, but gives no reason; add 'guide_reason: \"…\"' saying why readers of this page are better off without it."),
        (TWO_CHARTS, {"guide": False, "guide_reason": "  "},
         f"{W} 'guide: false' turns the guided mode off, but gives no reason; add 'guide_reason: \"…\"' saying why readers of this page are better off without it."),
        (TWO_CHARTS, {"guide_reason": "なぜ"},
         f"{W} has 'guide_reason', but no 'guide: false'; the reason explains turning the guide off. Add 'guide: false' or remove 'guide_reason'."),
        (TWO_CHARTS, {"guide": True, "guide_reason": "なぜ"},
         f"{W} has 'guide_reason', but 'guide: true' does not turn the guide off; 'guide_reason' only goes with 'guide: false'."),
        (TWO_CHARTS, {"guide": 3}, f"{W} 'guide: 3' {NUMBERS}"),
        (TWO_CHARTS, {"guide": 0}, f"{W} 'guide: 0' {NUMBERS}"),
        (TWO_CHARTS, {"guide": "yes"}, f"{W} 'guide: \"yes\"' {NUMBERS}"),
        (TWO_CHARTS, {"guide": None}, f"{W} 'guide: null' {NUMBERS}"),
        (TWO_CHARTS, {"guide": 1},
         f"{W} 'guide: 1' asks for a guide on flowchart 1 ('一本道'), which asks no question; a guide walks a chart's questions (decision nodes such as Q{{\"…？\"}})."),
        ("# 図なし\n", {"guide": True}, f"{W} 'guide: true' asks for a guide, but the page has no flowchart."),
        ("# 一本道\n" + LINEAR, {"guide": True},
         f"{W} 'guide: true' asks for a guide, but no flowchart on the page asks a question (a decision node such as Q{{\"…？\"}})."),
    ],
)
def test_guided_charts_refuses_unclear_front_matter(text, meta, message) -> None:
    with pytest.raises(GuideRequestError) as error:
        guided_charts("p.md", meta, parse_page("p.md", text))
    assert str(error.value) == message


def test_a_page_without_charts_needs_no_guide() -> None:
    assert guided_charts("p.md", {}, []) == []


# --- excerpts ----------------------------------------------------------------------------------

PAGE = """
<h1 id="top">ページ<a class="headerlink" href="#top">¶</a></h1>
<details class="question"><summary>このページで解決できる症状</summary><ul><li>症状</li></ul></details>
<p>はじめに読む
説明です。</p>
<div class="admonition note"><p class="admonition-title">以前の記事では</p><p>古い話</p></div>
<h2 id="steps">手順<a class="headerlink" href="#steps">¶</a></h2>
<ol>
<li><strong>開く</strong>を選びます。<ul><li>入れ子は出さない</li></ul></li>
<li>次に <code>https://console.aws.amazon.com/</code> を開きます。</li>
</ol>
<pre class="mermaid"><code>flowchart TD</code></pre>
<div class="flow-guide-slot" data-chart="1"></div>
<table><tr><td>表</td></tr></table>
<h3 id="sub">細かい話</h3>
<p id="para">段落の id です。</p>
<ul><li id="item">項目の id です。</li><li>次の項目。</li></ul>
<h2 id="tabs">タブ</h2>
<div class="tabbed-set"><input id="t1"><div class="tabbed-labels"><label>一</label><label>二</label></div>
<div class="tabbed-content"><div class="tabbed-block"><p>最初のタブ</p></div><div class="tabbed-block"><p>二つ目のタブ</p></div></div></div>
<h2 id="empty">空</h2>
<h2 id="last">最後</h2>
<p>文です。</p>
"""


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("steps", {"blocks": [{"ol": ["開くを選びます。", "次に https://console.aws.amazon.com/ を開きます。"]},
                              {"h": "細かい話"}, {"p": "段落の id です。"}], "more": True}),
        ("sub", {"blocks": [{"p": "段落の id です。"}, {"ul": ["項目の id です。", "次の項目。"]}], "more": False}),
        ("para", {"blocks": [{"p": "段落の id です。"}, {"ul": ["項目の id です。", "次の項目。"]}], "more": False}),
        ("item", {"blocks": [{"p": "項目の id です。"}, {"p": "次の項目。"}], "more": False}),
        ("tabs", {"blocks": [{"p": "最初のタブ"}], "more": False}),
        ("empty", {"blocks": [], "more": False}),
        ("", {"blocks": [{"p": "はじめに読む説明です。"}, {"h": "手順"},
                         {"ol": ["開くを選びます。", "次に https://console.aws.amazon.com/ を開きます。"]}], "more": True}),
        ("top", {"blocks": [{"p": "はじめに読む説明です。"}, {"h": "手順"},
                            {"ol": ["開くを選びます。", "次に https://console.aws.amazon.com/ を開きます。"]}], "more": True}),
    ],
)
def test_section_excerpt_takes_the_first_lines_under_the_heading(anchor, expected) -> None:
    """Paragraphs, list items and sub-headings as plain text; symptoms, notes, code, tables and
    charts left out; Japanese lines joined without a space; a heading with nothing under it dropped."""
    assert section_excerpt(PAGE, anchor) == expected


def test_section_excerpt_reads_entities_comments_and_line_breaks() -> None:
    page = ('<h2 id="s" class=\'x\'>見出し</h2><!-- <p>隠れた段落</p> -->'
            '<p>1 &lt; 2 &amp; <code>&lt;!--&lt;script&gt;</code><br />次の行</p><hr/><p data-x="a>b">最後</p>')
    assert section_excerpt(page, "s") == {"blocks": [{"p": "1 < 2 & <!--<script> 次の行"}, {"p": "最後"}], "more": False}


def test_section_excerpt_of_a_missing_anchor_is_none() -> None:
    assert section_excerpt(PAGE, "nowhere") is None


@pytest.mark.parametrize(
    ("paragraphs", "max_chars", "expected"),
    [
        # a long first item is cut at a sentence end
        (["一文目です。" * 3 + "二文目は長い" * 10], 30, {"blocks": [{"p": "一文目です。一文目です。一文目です。"}], "more": True}),
        # no sentence end near: cut with an ellipsis
        (["あ" * 100], 60, {"blocks": [{"p": "あ" * 60 + "…"}], "more": True}),
        # a later item that would only fit in half is left out
        (["い" * 50, "う" * 100], 80, {"blocks": [{"p": "い" * 50}], "more": True}),
    ],
)
def test_section_excerpt_is_short(paragraphs, max_chars, expected) -> None:
    page = '<h2 id="s">見出し</h2>' + "".join(f"<p>{p}</p>" for p in paragraphs)
    assert section_excerpt(page, "s", max_chars=max_chars) == expected


def test_section_excerpt_keeps_at_most_max_items() -> None:
    page = '<h2 id="s">見出し</h2><ol>' + "".join(f"<li>手順 {n}</li>" for n in range(1, 7)) + "</ol>"
    assert section_excerpt(page, "s", max_items=3) == {"blocks": [{"ol": ["手順 1", "手順 2", "手順 3"]}], "more": True}


# --- the data, the walk and the panel -------------------------------------------------------

HOME = """
# ホーム

```mermaid
flowchart TD
    accTitle: 入口
    accDescr: 説明
    Q{"何が起きていますか？"}
    Q -->|パスワードを忘れた| P["パスワードのページへ"]
    Q -->|開けない| O["開く"]
    Q -->|二つの図| T["二つの図のページへ"]
    click P "reset.md"
    click O "https://console.aws.amazon.com/"
    click T "two.md"
```
"""
RESET = """
# リセット

```mermaid
flowchart TD
    accTitle: リセットの流れ
    accDescr: 説明
    A["console.aws.amazon.com を開く"] --> B{"どの画面ですか？"}
    B -->|選ぶ画面| C["ルートユーザーを選ぶ"]
    B -->|ホームに戻る| H["ホーム"]
    C --> D{"メールは届きましたか？"}
    D -->|届いた| OK["リンクを開く"]
    D -->|届かない| NO["メールが届かないとき"]
    D -->|分からない| W["待つ"] --> N["二つの図のページへ"]
    click C "#choose"
    click H "index.md"
    click OK "#after"
    click NO "#no-mail"
    click N "two.md"
```

## 選ぶ { #choose }
## あと { #after }

リンクを開いて、新しいパスワードを設定します。

## 届かない { #no-mail }

迷惑メールを見ます。
"""
TWO = "# 二つ\n\n" + fence('    X{"一つ目？"} -->|は| X1["x1"]\n    X -->|い| X2["二つ目へ"]\n    click X1 "#x1"\n    click X2 "#y"', "一つ目") \
    + "\n## 二つ目 { #y }\n\n" + fence('    Y{"二つ目？"} -->|は| Y1["y1"]\n    Y -->|い| Y2["y2"]\n    click Y1 "#y1"\n    click Y2 "#y2"', "二つ目") \
    + "\n## x1 { #x1 }\n## y1 { #y1 }\n## y2 { #y2 }\n"
SOURCES = {"index.md": HOME, "reset.md": RESET, "two.md": TWO}
URLS = {"index.md": "", "reset.md": "reset/", "two.md": "two/"}
HOME_ID, RESET_ID, ONE, TWO_ID = "index.md#1", "reset.md#1", "two.md#1", "two.md#2"


def site() -> SiteGraph:
    charts = [chart for src, text in SOURCES.items() for chart in parse_page(src, text)]
    pages = {src: PageInfo(src_uri=src, url=URLS[src], title=src.removesuffix(".md"),
                           anchors=set(re.findall(r"\{ #([\w-]+) \}", SOURCES[src]))) for src in SOURCES}
    return SiteGraph(charts=charts, pages=pages, config=FlowcheckConfig())


def guided(graph: SiteGraph) -> dict:
    found: dict = {}
    for chart in graph.charts:
        found.setdefault(chart.src_uri, []).append(chart)
    return found


def title_of(src_uri: str, anchor: str) -> str:
    return f"{src_uri}:{anchor}"


def excerpt_of(src_uri: str, anchor: str) -> dict | None:
    return {"blocks": [{"p": f"{anchor} の最初の行"}], "more": False}


def sections_of(src_uri: str) -> dict[int, str]:
    return {2: "y"} if src_uri == "two.md" else {}


def records() -> dict[str, dict]:
    graph = site()
    return guide_records(graph, title_of, excerpt_of, guided(graph), sections_of)


def test_guide_records_hold_every_guided_chart_with_site_root_urls() -> None:
    found = records()
    assert list(found) == [HOME_ID, RESET_ID, ONE, TWO_ID]
    home, reset, one = found[HOME_ID], found[RESET_ID], found[ONE]
    assert (home["id"], home["title"], home["page"], home["start"]) == (HOME_ID, "入口", "", "Q")
    assert home["nodes"]["Q"] == {"label": "何が起きていますか？", "q": 1,
                                  "out": [["P", "パスワードを忘れた"], ["O", "開けない"], ["T", "二つの図"]]}
    # an end that links to a page with a guided chart hands over to its first one, at its start
    assert (home["nodes"]["P"]["hop"], home["nodes"]["T"]["hop"], reset["nodes"]["H"]["hop"]) == (
        "guide-1/A", "guide-1/X", "guide-1/Q")
    # an end that links to the heading a guided chart stands under hands over to that chart
    assert one["nodes"]["X2"]["hop"] == "guide-2/Y" and found[TWO_ID]["section"] == "y" and "section" not in one
    assert one["links"][one["nodes"]["X2"]["link"]] == {"url": "two/#y", "title": "two.md:y"}
    # a step's host-looking words become links when the host is allowed
    assert reset["nodes"]["A"]["urls"] == [{"text": "console.aws.amazon.com", "url": "https://console.aws.amazon.com/"}]
    # only an end that is a result carries the first lines of its section
    assert home["links"][home["nodes"]["P"]["link"]] == {"url": "reset/", "title": "reset.md:"}
    assert reset["links"][reset["nodes"]["OK"]["link"]] == {
        "url": "reset/#after", "title": "reset.md:after", "blocks": [{"p": "after の最初の行"}], "more": False}
    assert "hop" not in reset["nodes"]["OK"] and "hop" not in one["nodes"]["X1"]
    assert home["links"][home["nodes"]["O"]["link"]] == {"url": "https://console.aws.amazon.com/", "title": "開く"}


def test_a_page_without_a_guide_is_no_hand_over() -> None:
    """An end on a page whose charts have no guide ('guide: false') is a result: its first lines and link."""
    graph = site()
    found = guide_records(graph, title_of, excerpt_of, {k: v for k, v in guided(graph).items() if k != "reset.md"})
    node = found[HOME_ID]["nodes"]["P"]
    assert "hop" not in node and found[HOME_ID]["links"][node["link"]]["blocks"] == [{"p": " の最初の行"}]


PATH = "# 道\n\n" + fence(
    '    S1["開く"] --> S2["入力する"] --> Q{"何が出ましたか？"}\n'
    '    Q -->|エラー| R1["エラーのとき"]\n    Q -->|ホーム| S3["コンソールのホーム"] --> E["入れた"]\n'
    '    click R1 "#error"', "道の図") + "\n## エラー { #error }\n\n直します。\n"


def path_record() -> dict:
    charts = parse_page("path.md", PATH)
    graph = SiteGraph(charts=charts, pages={"path.md": PageInfo("path.md", "path/", "道", {"error"})},
                      config=FlowcheckConfig())
    return guide_records(graph, title_of, excerpt_of, {"path.md": charts})["path.md#1"]


@pytest.mark.parametrize(
    ("chart", "path", "kind", "node", "steps", "answers", "passed", "taken"),
    [
        (HOME_ID, ["Q"], "question", "Q", [], ["パスワードを忘れた", "開けない", "二つの図"], [], []),
        # an answer that hands over: the reader goes on at that chart's own step URL
        (HOME_ID, ["Q", "P"], "handover", "P", [], [], ["Q"], [["Q", "P"]]),
        (HOME_ID, ["Q", "O"], "result", "O", [], [], ["Q"], [["Q", "O"]]),
        # a step before the first question is passed without a click, and marked on the drawing
        (RESET_ID, ["A"], "question", "B", ["A"], ["選ぶ画面", "ホームに戻る"], ["A"], [["A", "B"]]),
        (RESET_ID, ["A", "C"], "question", "D", ["C"], ["届いた", "届かない", "分からない"],
         ["A", "B", "C"], [["A", "B"], ["B", "C"], ["C", "D"]]),
        (RESET_ID, ["A", "C", "NO"], "result", "NO", [], [], ["A", "B", "C", "D"],
         [["A", "B"], ["B", "C"], ["C", "D"], ["D", "NO"]]),
        # steps before a hand-over: listed, then one 次へ
        (RESET_ID, ["A", "C", "W"], "handover", "N", ["W"], [], ["A", "B", "C", "D", "W"],
         [["A", "B"], ["B", "C"], ["C", "D"], ["D", "W"], ["W", "N"]]),
        # a path chart: steps, a question, and an end without a link
        ("path", ["S1"], "question", "Q", ["S1", "S2"], ["エラー", "ホーム"], ["S1", "S2"], [["S1", "S2"], ["S2", "Q"]]),
        ("path", ["S1", "S3"], "end", "E", ["S3"], [], ["S1", "S2", "Q", "S3"],
         [["S1", "S2"], ["S2", "Q"], ["Q", "S3"], ["S3", "E"]]),
        ("path", ["S1", "R1"], "result", "R1", [], [], ["S1", "S2", "Q"], [["S1", "S2"], ["S2", "Q"], ["Q", "R1"]]),
    ],
)
def test_guide_view_walks_one_chart(chart, path, kind, node, steps, answers, passed, taken) -> None:
    record = path_record() if chart == "path" else records()[chart]
    view = guide_view(record, path)
    assert (view["kind"], view["node"], view["steps"]) == (kind, node, steps)
    assert [label for _, label in guide_answers(record, view)] == answers
    assert (view["passed"], view["taken"]) == (passed, taken)
    assert [(a["node"], a["answer"], a["path"]) for a in view["trail"]] == [
        (q, dict(record["nodes"][q]["out"])[to], path[:i]) for i, (q, to) in enumerate(
            [(q, to) for q, to in taken if record["nodes"][q].get("q")], start=1)]


@pytest.mark.parametrize("path", [[], ["P"], ["Q", "B"], ["Q", "O", "Q"], ["Q", "P", "A"]])
def test_guide_view_refuses_a_path_the_chart_does_not_have(path) -> None:
    assert guide_view(records()[HOME_ID], path) is None


@pytest.mark.parametrize(("path", "written"), [
    (["Q"], "guide-2/Q"), (["a b", "ä/?#"], "guide-2/a%20b/%C3%A4%2F%3F%23"), (["x!*'()~.-_"], "guide-2/x!*'()~.-_"),
])
def test_step_fragments_are_written_as_encodeURIComponent_writes_them(path, written) -> None:
    assert step_fragment(2, path) == written


def test_one_panel_a_page_and_a_spot_before_every_guided_chart() -> None:
    """The panel stands after the first guided chart's spot (hidden there); every other guided
    chart gets a spot whose link starts its questions."""
    graph = site()
    charts = guided(graph)["two.md"]
    data = guide_data(charts, "two/", records())
    assert (data["chart"], data["title"], data["entry"], data["root"], list(data["charts"])) == (1, "一つ目", ONE, "../",
                                                                                                [ONE, TWO_ID])
    page = f"<h1>二つ</h1>{guide_slot(1)}<figure>1</figure><p>{guide_slot(2)}</p><figure>2</figure>"
    placed = place_panels(page, charts, {1: "X", 2: "Y"}, "[PANEL]")
    assert placed == (
        '<h1>二つ</h1><p class="flow-guide-spot" data-guide-spot="1" data-search-exclude hidden>'
        '<a href="#guide-1/X">この図の質問に答えて進む</a></p>[PANEL]<figure>1</figure>'
        '<p class="flow-guide-spot" data-guide-spot="2" data-search-exclude><a href="#guide-2/Y">この図の質問に答えて進む</a></p>'
        "<figure>2</figure>")
    with pytest.raises(ValueError, match="no place for the guide of chart 2"):
        place_panels(page.replace(guide_slot(2), ""), charts, {1: "X", 2: "Y"}, "[PANEL]")


def test_records_encoded_once_read_as_the_records_themselves() -> None:
    found = records()
    data = guide_data(guided(site())["two.md"], "two/", found)
    assert guide_panel(data, encode_records(found)) == guide_panel(data)


def test_guide_panel_offers_the_answers_and_points_at_the_drawing() -> None:
    """The first step is in the HTML (no wait for scripts): the steps to do, the answers as buttons
    named by the question; the question itself is in the drawing, said in the panel only when the
    drawing is out of sight (guide.js); the data cannot end its element early."""
    graph = site()
    evil = {"blocks": [{"p": "</template><!--<script>alert(1)</script> & more"}], "more": False}
    found = guide_records(graph, lambda src, anchor: "t", lambda src, anchor: evil, guided(graph))
    panel = guide_panel(guide_data(guided(graph)["reset.md"], "reset/", found))
    body = re.search(r'<div class="flow-guide__body">(.*?)</div><template', panel).group(1)
    assert body == (
        '<ol class="flow-guide__steps" aria-label="やること"><li><a href="https://console.aws.amazon.com/">'
        "console.aws.amazon.com</a> を開く</li></ol>"
        '<p class="flow-guide__question" tabindex="-1"><span class="flow-guide__ask" hidden>どの画面ですか？</span>'
        '<span class="flow-guide__point">図の太枠の質問に答えてください。</span></p>'
        '<div class="flow-guide__answers" role="group" aria-label="どの画面ですか？">'
        '<button type="button" class="md-button" data-to="C">選ぶ画面</button>'
        '<button type="button" class="md-button" data-to="H">ホームに戻る</button></div>'
    )
    assert 'data-guide-chart="1" data-step="A"' in panel
    payload = re.search(r'<template class="flow-guide__data">(.*?)</template>', panel, re.S).group(1)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    assert json.loads(payload)["charts"][RESET_ID] == found[RESET_ID]
    assert panel.endswith('<p class="flow-guide__live" role="status" aria-live="polite" data-guide-live></p>')


@pytest.mark.parametrize(
    ("chart", "path", "expected"),
    [
        (RESET_ID, ["A", "C", "NO"],
         '<ol class="flow-guide__trail" aria-label="これまでの答え（選ぶとその質問に戻ります）">'
         '<li><a href="#guide-1/A">選ぶ画面</a></li><li><a href="#guide-1/A/C">届かない</a></li></ol>'
         '<p class="flow-guide__question" tabindex="-1">解決方法: reset.md:no-mail</p>'
         '<div class="flow-guide__excerpt"><p>no-mail の最初の行</p></div>'
         '<p class="flow-guide__read"><a href="../reset/#no-mail">続きを読む: reset.md:no-mail</a></p>'
         '<p class="flow-guide__restart"><a href="#guide-1/A">最初から</a></p>'),
        (RESET_ID, ["A", "C", "W"],
         '<ol class="flow-guide__trail" aria-label="これまでの答え（選ぶとその質問に戻ります）">'
         '<li><a href="#guide-1/A">選ぶ画面</a></li><li><a href="#guide-1/A/C">分からない</a></li></ol>'
         '<ol class="flow-guide__steps" aria-label="やること"><li>待つ</li></ol>'
         '<p class="flow-guide__question" tabindex="-1">続きは次の図で答えます: two.md:</p>'
         '<div class="flow-guide__answers"><button type="button" class="md-button" data-hop>次へ</button></div>'
         '<p class="flow-guide__restart"><a href="#guide-1/A">最初から</a></p>'),
    ],
)
def test_later_steps_as_guide_js_draws_them(chart, path, expected) -> None:
    from guide import step_html
    record = records()[chart]
    assert step_html(record, 1, guide_view(record, path), "../") == expected


def test_slots_come_out_of_their_paragraph() -> None:
    assert take_slot('<p>a</p><div class="flow-guide-slot" data-chart="2"></div><pre>', 2) == ("<p>a</p><pre>", 8)
    # inside an admonition or a tab Markdown wraps the indented slot in a paragraph
    assert take_slot('<div class="admonition"><p><div class="flow-guide-slot" data-chart="1"></div></p></div>', 1) \
        == ('<div class="admonition"></div>', 24)
    assert take_slot("<p>no slot</p>", 1) == ("<p>no slot</p>", -1)


def test_chart_sections_name_the_heading_each_chart_is_the_first_chart_under() -> None:
    from guide import chart_sections
    page = ('<h1 id="top">T</h1><figure class="flow-figure" data-flowchart="1"></figure>'
            '<h2 id="a">A</h2><p>x</p><figure class="flow-figure" data-flowchart="2"></figure>'
            '<figure class="flow-figure" data-flowchart="3"></figure><h2>no id</h2>'
            '<figure class="flow-figure" data-flowchart="4"></figure>')
    assert chart_sections(page) == {1: "top", 2: "a"}


def test_a_box_marked_restart_hands_over_to_nothing() -> None:
    """「新しいパスワードでサインイン」 (':::restart') starts over once the fix is done: the guide ends
    there with its link, as the loop rule does, instead of going on in the linked page's chart."""
    graph = site()
    reset = next(chart for chart in graph.charts if chart_id(chart) == RESET_ID)
    reset.restarts.add("H")
    found = guide_records(graph, title_of, excerpt_of, guided(graph), sections_of)
    assert "hop" not in found[RESET_ID]["nodes"]["H"] and "link" in found[RESET_ID]["nodes"]["H"]
