"""The guide in tiny real sites built in tmp_path: one chart, several charts on a page, a hand-over
to another page and to the chart under a heading, and a path chart with steps."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from guide_walk import chart_costs, guide_costs, panels, records


def fence(title: str, body: str) -> str:
    return f"```mermaid\nflowchart TD\n    accTitle: {title}\n    accDescr: 説明\n{body}\n```\n"


PAGES = {
    "index.md": "# ホーム\n\n" + fence("入口", '''    Q{"何をしますか？"}
    Q -->|手順を見る| A["サインインの手順"]
    Q -->|二つ目へ| B["二つ目の図"]
    Q -->|ここで直す| C["ここで直す"]
    click A "path.md"
    click B "several.md#second"
    click C "#fix"''') + "\n## 直し方 { #fix }\n\nここで直します。\n",
    "path.md": "# 手順\n\n" + fence("手順の図", '''    S1["console.aws.amazon.com を開く"] --> S2["メールアドレスを入れる"] --> Q{"何が出ましたか？"}
    Q -->|エラー| R["エラーを直す"]
    Q -->|ホーム画面| E["コンソールに入れた"]
    click R "#error"
    click E "#done"''') + "\n## エラー { #error }\n\nエラーの直し方です。\n\n## 入れた { #done }\n\nホーム画面です。\n",
    "several.md": "# 二つの図\n\n" + fence("一つ目", '''    X{"一つ目ですか？"} -->|はい| X1["一つ目の答え"]
    X -->|いいえ| X2["いいえのとき"]
    click X1 "#one"
    click X2 "#two"''') + "\n## 二つ目 { #second }\n\n" + fence("二つ目", '''    Y{"二つ目ですか？"} -->|はい| Y1["はいのとき"]
    Y -->|いいえ| Y2["いいえのとき"]
    click Y1 "#one"
    click Y2 "#two"''') + "\n## 一 { #one }\n\n一つ目の直し方です。\n\n## 二 { #two }\n\n二つ目の直し方です。\n",
}


def test_one_panel_a_page_and_the_conversation_across_pages(site) -> None:
    logged, site_dir = site(PAGES)
    assert [line for line in logged if line.startswith("WARNING")] == []
    pages = {name: (site_dir / url / "index.html").read_text(encoding="utf-8")
             for name, url in {"index.md": "", "path.md": "path", "several.md": "several"}.items()}
    for text in pages.values():
        assert text.count('<div class="flow-guide" role="region"') == 1
    # one chart: the panel just before it, nothing to fetch
    home = panels(pages["index.md"])[0]
    record = home["charts"]["index.md#1"]
    assert pages["index.md"].index("data-guide") < pages["index.md"].index('<figure class="flow-figure')
    assert not (site_dir / "guide-data.json").exists()
    # hand-overs: a page goes on with its first guided chart, a heading with the chart under it
    assert (record["nodes"]["A"]["hop"], record["nodes"]["B"]["hop"]) == ("guide-1/S1", "guide-2/Y")
    assert record["links"][record["nodes"]["C"]["link"]]["blocks"] == [{"p": "ここで直します。"}]
    # several charts: one panel before the first, a spot before the second; both records carried
    several = panels(pages["several.md"])[0]
    assert list(several["charts"]) == ["several.md#1", "several.md#2"]
    assert several["charts"]["several.md#2"]["section"] == "second"
    soup = BeautifulSoup(pages["several.md"], "html.parser")
    spots = soup.select(".flow-guide-spot")
    assert [(s["data-guide-spot"], s.has_attr("hidden"), s.a["href"]) for s in spots] == [
        ("1", True, "#guide-1/X"), ("2", False, "#guide-2/Y")]
    assert "flow-guide" in spots[0].find_next_sibling()["class"]
    # a path chart: its steps are listed before the first question, the host as a link
    panel = BeautifulSoup(pages["path.md"], "html.parser").select_one("[data-guide]")
    assert [li.get_text() for li in panel.select(".flow-guide__steps li")] == [
        "console.aws.amazon.com を開く", "メールアドレスを入れる"]
    assert panel.select_one(".flow-guide__steps a")["href"] == "https://console.aws.amazon.com/"
    assert [b.get_text() for b in panel.select("button[data-to]")] == ["エラー", "ホーム画面"]
    assert panel.select_one(".flow-guide__answers")["aria-label"] == "何が出ましたか？"
    assert "何が出ましたか？" not in panel.select_one(".flow-guide__question").get_text(" ", strip=True).replace(
        panel.select_one(".flow-guide__ask").get_text(), "")  # said only when the drawing is far (hidden here)
    # every fix at one answer per question plus the final click
    report = json.loads((site_dir / "flowcheck.json").read_text(encoding="utf-8"))
    report["start_page"] = "index.md"
    guided = records(site_dir)
    expected = chart_costs(report, guided)
    got, _ = guide_costs(guided, "index.md#1")
    assert {"#fix", "path/#error", "path/#done", "several/#second", "several/#one", "several/#two"} <= set(expected)
    assert {target: got.get(target) for target in expected if target != "several/#second"} == {
        target: cost for target, cost in expected.items() if target != "several/#second"}
    # the hand-over lands on the heading's URL itself: the answer's click reaches it
    assert (got["several/#second"], expected["several/#second"]) == (1, 2)


def test_the_drawing_keeps_its_links_for_readers_without_javascript(site) -> None:
    """Linked boxes stay real links in the SVG; the panel's answers point at them by node id."""
    _, site_dir = site(PAGES)
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert re.search(r'<a xlink:href="path/"[^>]* data-flowcheck-node="A"', svg)
    buttons = re.findall(r'<button type="button" class="md-button" data-to="(\w+)"', page)
    assert buttons == ["A", "B", "C"]
