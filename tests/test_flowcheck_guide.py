"""The guided mode's pure parts (hooks/flowcheck/guide.py), without MkDocs: which charts get a
guide, the section excerpts, the data a panel carries, the walk along answers and the panel's HTML."""

from __future__ import annotations

import json
import re

import pytest
from sitebuild import charts_of as parse_page

from flowcheck import FlowcheckConfig, PageInfo, SiteGraph
from flowcheck.guide import (
    GuideRequestError,
    encode_records,
    guide_answers,
    guide_data,
    guide_panel,
    guide_records,
    guide_view,
    guided_charts,
    place_panel,
    records_document,
    section_excerpt,
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
    click C "#choose"
    click H "index.md"
    click OK "#after"
    click NO "#no-mail"
```

## 選ぶ { #choose }
## あと { #after }

リンクを開いて、新しいパスワードを設定します。

## 届かない { #no-mail }

迷惑メールを見ます。
"""
TWO = "# 二つ\n\n" + fence('    X{"一つ目？"} -->|は| X1["x1"]\n    X -->|い| X2["x2"]\n    click X1 "#x1"\n    click X2 "#x2"', "一つ目") \
    + "\n" + fence('    Y{"二つ目？"} -->|は| Y1["y1"]\n    Y -->|い| Y2["y2"]\n    click Y1 "#y1"\n    click Y2 "#y2"', "二つ目") \
    + "\n## x1 { #x1 }\n## x2 { #x2 }\n## y1 { #y1 }\n## y2 { #y2 }\n"
SOURCES = {"index.md": HOME, "reset.md": RESET, "two.md": TWO}
URLS = {"index.md": "", "reset.md": "reset/", "two.md": "two/"}


def site() -> SiteGraph:
    charts = [chart for src, text in SOURCES.items() for chart in parse_page(src, text)]
    pages = {src: PageInfo(src_uri=src, url=URLS[src], title=src.removesuffix(".md"),
                           anchors=set(re.findall(r"\{ #([\w-]+) \}", SOURCES[src]))) for src in SOURCES}
    return SiteGraph(charts=charts, pages=pages, config=FlowcheckConfig())


def title_of(src_uri: str, anchor: str) -> str:
    return f"{src_uri}:{anchor}"


def excerpt_of(src_uri: str, anchor: str) -> dict | None:
    return {"blocks": [{"p": f"{anchor} の最初の行"}], "more": False}


def records() -> dict[str, dict]:
    """Every chart's record by chart id, as guide.js would fetch them."""
    return guide_records(site(), title_of, excerpt_of)


HOME, RESET_ID, ONE, TWO_ID = "index.md#1", "reset.md#1", "two.md#1", "two.md#2"


def test_guide_records_hold_every_chart_with_site_root_urls() -> None:
    found = records()
    assert list(found) == [HOME, RESET_ID, ONE, TWO_ID]
    home, reset = found[HOME], found[RESET_ID]
    assert (home["id"], home["title"], home["page"], home["start"]) == (HOME, "入口", "", "Q")
    assert home["nodes"]["Q"] == {"label": "何が起きていますか？", "q": 1,
                                  "out": [["P", "パスワードを忘れた"], ["O", "開けない"], ["T", "二つの図"]]}
    # an answer that ends on a page with charts names them: the conversation goes on there
    assert home["nodes"]["P"]["hop"] == [RESET_ID] and home["nodes"]["T"]["hop"] == [ONE, TWO_ID]
    assert reset["nodes"]["H"]["hop"] == [HOME]
    # a step's host-looking words become links when the host is allowed
    assert reset["nodes"]["A"]["urls"] == [{"text": "console.aws.amazon.com", "url": "https://console.aws.amazon.com/"}]
    # only an end that is a result carries the first lines of its section
    assert home["links"][home["nodes"]["P"]["link"]] == {"url": "reset/", "title": "reset.md:"}
    assert reset["links"][reset["nodes"]["OK"]["link"]] == {
        "url": "reset/#after", "title": "reset.md:after", "blocks": [{"p": "after の最初の行"}], "more": False}
    assert reset["links"][reset["nodes"]["C"]["link"]] == {"url": "reset/#choose", "title": "reset.md:choose"}
    assert home["links"][home["nodes"]["O"]["link"]] == {"url": "https://console.aws.amazon.com/", "title": "開く"}


def test_a_panel_carries_its_own_chart_and_what_its_first_step_needs() -> None:
    graph = site()
    data = guide_data(graph.charts[0], "two/", records())
    assert (data["chart"], data["title"], data["entry"], data["root"], data["data"]) == (1, "入口", HOME, "../", "guide-data.json")
    assert list(data["charts"]) == [HOME]
    assert data["charts"][HOME] == records()[HOME]
    # a chart whose start leads straight on into another page's chart carries that one too
    pages = {"a.md": "# A\n\n" + fence('    S["始める"] --> N["次のページへ"]\n    click N "reset.md"', "前置き"), **SOURCES}
    charts = [chart for src, text in pages.items() for chart in parse_page(src, text)]
    infos = {src: PageInfo(src_uri=src, url=src.replace(".md", "/"), title=src, anchors={"choose", "after", "no-mail"})
             for src in pages}
    graph = SiteGraph(charts=charts, pages=infos, config=FlowcheckConfig())
    assert list(guide_data(charts[0], "a/", guide_records(graph, title_of, excerpt_of))["charts"]) == ["a.md#1", RESET_ID]


def test_records_encoded_once_read_as_the_records_themselves() -> None:
    """Each record is encoded once for the panels and guide-data.json: the same text json.dumps writes."""
    found = records()
    encoded = encode_records(found)
    assert records_document(encoded) == json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    data = guide_data(site().charts[0], "two/", found)
    assert guide_panel(data, encoded) == guide_panel(data)


@pytest.mark.parametrize(
    ("path", "kind", "where", "steps", "trail"),
    [
        (["Q"], "question", (HOME, "Q"), [], []),
        # an answer that ends on a page with a chart goes on with that chart; its first node asks
        # nothing, so it is a thing to do before the first question
        (["Q", "P"], "question", (RESET_ID, "B"), [[RESET_ID, "A"]], ["何が起きていますか？ → パスワードを忘れた"]),
        (["Q", "P", "C"], "question", (RESET_ID, "D"), [[RESET_ID, "C"]],
         ["何が起きていますか？ → パスワードを忘れた", "どの画面ですか？ → 選ぶ画面"]),
        (["Q", "P", "C", "NO"], "result", (RESET_ID, "NO"), [],
         ["何が起きていますか？ → パスワードを忘れた", "どの画面ですか？ → 選ぶ画面", "メールは届きましたか？ → 届かない"]),
        (["Q", "O"], "result", (HOME, "O"), [], ["何が起きていますか？ → 開けない"]),
        # a page with two charts: the reader picks one, or answers its first question at once
        (["Q", "T"], "choose", (HOME, "T"), [], ["何が起きていますか？ → 二つの図"]),
        (["Q", "T", "~2"], "question", (TWO_ID, "Y"), [], ["何が起きていますか？ → 二つの図", "当てはまるものを選んでください → 二つ目"]),
        (["Q", "T", "~2:Y1"], "result", (TWO_ID, "Y1"), [], ["何が起きていますか？ → 二つの図", "二つ目？ → は"]),
    ],
)
def test_guide_view_follows_answers_across_pages(path, kind, where, steps, trail) -> None:
    view = guide_view(records(), HOME, path)
    assert (view["kind"], (view["chart"], view["node"]), view["steps"]) == (kind, where, steps)
    assert [f"{a['question']} → {a['answer']}" for a in view["trail"]] == trail


@pytest.mark.parametrize("path", [[], ["P"], ["Q", "B"], ["Q", "T", "~3"], ["Q", "T", "~0"], ["Q", "T", "~1:Z"],
                                  ["Q", "O", "Q"], ["Q", "P", "X"]])
def test_guide_view_refuses_a_path_the_charts_do_not_have(path) -> None:
    assert guide_view(records(), HOME, path) is None


def test_guide_view_names_the_chart_it_needs_next() -> None:
    """Without the records of the charts an answer leads into, the walk stops and names the one
    to fetch (guide.js fetches it, then walks again)."""
    home_only = {HOME: records()[HOME]}
    assert guide_view(home_only, HOME, ["Q", "P"])["kind"] == "missing"
    assert guide_view(home_only, HOME, ["Q", "P", "C", "NO"])["chart"] == RESET_ID
    assert guide_view(home_only, HOME, ["Q", "T", "~1"])["chart"] == ONE
    assert guide_view(home_only, HOME, ["Q", "O"])["kind"] == "result"


def test_guide_view_notices_a_question_asked_again() -> None:
    charts = records()
    assert guide_view(charts, HOME, ["Q", "P"])["again"] is False
    again = guide_view(charts, HOME, ["Q", "P", "H"])
    assert (again["chart"], again["node"], again["again"]) == (HOME, "Q", True)
    assert guide_answers(charts, again) == [("P", "パスワードを忘れた"), ("O", "開けない"), ("T", "二つの図")]
    # each chart's first question with its answers: picking a chart costs no extra step
    assert guide_answers(charts, guide_view(charts, HOME, ["Q", "T"])) == [
        ("~1:X1", "は"), ("~1:X2", "い"), ("~2:Y1", "は"), ("~2:Y2", "い")]


def test_guide_panel_draws_the_first_step_and_carries_safe_json() -> None:
    """The first step is in the HTML (no wait for scripts); the data cannot end its element early."""
    graph = site()
    evil = {"blocks": [{"p": "</template><!--<script>alert(1)</script> & more"}], "more": False}
    data = guide_data(graph.charts[1], "reset/", guide_records(graph, lambda src, anchor: "t", lambda src, anchor: evil))
    panel = guide_panel(data)
    body = re.search(r'<div class="flow-guide__body">(.*?)</div><template', panel).group(1)
    assert body == (
        '<ol class="flow-guide__steps" aria-label="やること"><li><a href="https://console.aws.amazon.com/">'
        "console.aws.amazon.com</a> を開く</li></ol>"
        '<p class="flow-guide__question" tabindex="-1">どの画面ですか？</p>'
        '<div class="flow-guide__answers" role="group" aria-label="どの画面ですか？">'
        '<button type="button" class="md-button" data-to="C">選ぶ画面</button>'
        '<button type="button" class="md-button" data-to="H">ホームに戻る</button></div>'
    )
    payload = re.search(r'<template class="flow-guide__data">(.*?)</template>', panel, re.S).group(1)
    assert "<" not in payload and ">" not in payload and "&" not in payload
    assert json.loads(payload) == data
    assert "</template><!--<script>" in json.dumps(data, ensure_ascii=False)  # the text is kept, only escaped
    assert panel.endswith('<p class="flow-guide__live" role="status" aria-live="polite" data-guide-live="1"></p>')


def test_slots_and_where_the_panel_goes() -> None:
    assert take_slot('<p>a</p><div class="flow-guide-slot" data-chart="2"></div><pre>', 2) == ("<p>a</p><pre>", 8)
    # inside an admonition or a tab Markdown wraps the indented slot in a paragraph
    assert take_slot('<div class="admonition"><p><div class="flow-guide-slot" data-chart="1"></div></p></div>', 1) \
        == ('<div class="admonition"></div>', 24)
    assert take_slot("<p>no slot</p>", 1) == ("<p>no slot</p>", -1)
    page = '<h1 id="a">A</h1><p>intro</p><h2 id="b">B</h2><p>long</p><pre>chart</pre>'
    chart = page.index("<pre>")
    assert place_panel(page, "[P]", chart) == page.replace("<pre>", "[P]<pre>")
    # the start page's first guide: at the end of the introduction, before the explainers
    assert place_panel(page, "[P]", chart, lead=True) == page.replace('<h2 id="b">', '[P]<h2 id="b">')
    assert place_panel("<h1>A</h1><pre>c</pre><h2>B</h2>", "[P]", 10, lead=True) == "<h1>A</h1>[P]<pre>c</pre><h2>B</h2>"
