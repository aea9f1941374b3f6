"""What the hook writes into the built site: rewritten click targets, the text version of each
chart, and flowcheck.json."""

from __future__ import annotations

import html
import json
import re

import pytest
from bs4 import BeautifulSoup

PAGES = {
    "index.md": """
        # ホーム

        ```mermaid
        flowchart LR
            accTitle: 開始
            accDescr: 各ページへ
            A{"どこへ？"} -->|下の階層| B["入れ子のページ"]
            A -->|同じ階層| C["同じ階層のページ"]
            A -->|見出し| D["このページの見出し"]
            click B "guide/deep/page.md#target"
            click C "other.md"
            click D "#local"
        ```

        ## ここ { #local }
    """,
    "other.md": "# 別のページ\n",
    "guide/index.md": """
        # ガイド

        ```mermaid
        flowchart TD
            accTitle: ガイド
            accDescr: 上と横へ
            A{"どこへ？"} -->|ホーム| H["ホーム"]
            A -->|横| S["入れ子"]
            click H "../index.md"
            click S "deep/page.md"
        ```
    """,
    "guide/deep/page.md": """
        # 深いページ

        ```mermaid
        flowchart TD
            accTitle: 深い
            accDescr: 上へ
            A{"どこへ？"} -->|ガイド| G["ガイド"]
            A -->|別| O["別のページ"]
            click G "../index.md#top-section"
            click O "../../other.md"
        ```

        ## 目標 { #target }
    """,
}
PAGES["guide/index.md"] = PAGES["guide/index.md"].rstrip() + "\n\n        ## 上 { #top-section }\n"


def click_targets(page_html: str) -> dict[str, str]:
    """Node id -> href of every link in the drawn chart (boxes and the answers leading to them)."""
    svg = re.search(r"<svg .*?</svg>", page_html, re.S).group(0)
    found: dict[str, set[str]] = {}
    for href, node in re.findall(r'<a xlink:href="([^"]*)"[^>]*? data-flowcheck-node="(\w+)"', svg):
        found.setdefault(node, set()).add(html.unescape(href))
    assert all(len(hrefs) == 1 for hrefs in found.values()), found
    return {node: hrefs.pop() for node, hrefs in found.items()}


@pytest.mark.parametrize(
    ("use_directory_urls", "page", "expected"),
    [
        (True, "index.html", {"B": "guide/deep/page/#target", "C": "other/", "D": "#local"}),
        (True, "guide/index.html", {"H": "../", "S": "deep/page/"}),
        (True, "guide/deep/page/index.html", {"G": "../../#top-section", "O": "../../../other/"}),
        (False, "index.html", {"B": "guide/deep/page.html#target", "C": "other.html", "D": "#local"}),
        (False, "guide/index.html", {"H": "../index.html", "S": "deep/page.html"}),
        (False, "guide/deep/page.html", {"G": "../index.html#top-section", "O": "../../other.html"}),
    ],
)
def test_click_targets_are_rewritten_to_built_urls(site, use_directory_urls, page, expected) -> None:
    """Relative .md targets become page-relative built URLs in the inline SVG; anchors are kept."""
    extra = "" if use_directory_urls else "use_directory_urls: false\n"
    logged, site_dir = site(PAGES, extra)
    assert logged == []
    assert click_targets((site_dir / page).read_text(encoding="utf-8")) == expected


def test_text_version_links_the_same_targets(site) -> None:
    """Below each chart, a collapsed nested list links the same pages (validated by MkDocs)."""
    _, site_dir = site(PAGES)
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    details = re.search(r"<details.*?</details>", page, re.S).group(0)
    assert "文章で読む: 開始" in details
    assert re.findall(r'href="([^"]+)"', details) == ["guide/deep/page/#target", "other/", "#local"]
    assert "「下の階層」→" in details


def test_report_lists_charts_nodes_and_resolved_targets(site) -> None:
    """flowcheck.json carries every chart with nodes, edges, resolved targets and reachability."""
    _, site_dir = site(PAGES)
    report = json.loads((site_dir / "flowcheck.json").read_text(encoding="utf-8"))
    assert report["version"] == 2
    assert [c["id"] for c in report["charts"]] == ["index.md#1", "guide/index.md#1", "guide/deep/page.md#1"]
    chart = report["charts"][0]
    assert chart["start"] == "A"
    assert chart["edges"][0] == {"from": "A", "to": "B", "label": "下の階層", "line": 7}
    node_b = next(n for n in chart["nodes"] if n["id"] == "B")
    assert node_b["click"] == {"written": "guide/deep/page.md#target", "kind": "page", "page": "guide/deep/page.md",
                               "anchor": "target", "url": "guide/deep/page/#target", "title": "深いページ"}
    assert all(n["reachable"] for n in chart["nodes"])
    assert report["pages"]["other.md"] == {"url": "other/", "title": "別のページ", "reachable": True}


def guide_payloads(page_html: str) -> list[dict]:
    return [json.loads(text) for text in re.findall(r'<template class="flow-guide__data">(.*?)</template>', page_html, re.S)]


def test_guide_panel_carries_the_checked_graph(site) -> None:
    """Every chart that asks something gets a guide, by default, with its own nodes, edges and
    resolved links; an end on a page or heading with a guided chart hands over to that chart."""
    _, site_dir = site(PAGES)
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    data = guide_payloads(page)[0]
    assert page.index("data-guide") < page.index('<figure class="flow-figure')
    assert (data["entry"], data["root"], list(data["charts"])) == ("index.md#1", "./", ["index.md#1"])
    home = data["charts"]["index.md#1"]
    assert (home["title"], home["start"], home["page"]) == ("開始", "A", "")
    assert home["nodes"]["A"]["out"][0] == ["B", "下の階層"]
    assert home["links"][home["nodes"]["B"]["link"]] == {
        "url": "guide/deep/page/#target", "title": "深いページ: 目標", "blocks": [], "more": False}
    assert home["links"][home["nodes"]["D"]["link"]]["url"] == "#local"
    assert "hop" not in home["nodes"]["C"]  # 'other.md' has no chart: the conversation ends there
    assert '<span class="flow-guide__ask" hidden>どこへ？</span>' in page
    assert not (site_dir / "guide-data.json").exists()  # each page carries its own charts: nothing to fetch
    # from 'guide/', both answers lead to pages with charts: the conversation goes on there
    record = guide_payloads((site_dir / "guide" / "index.html").read_text(encoding="utf-8"))[0]
    assert record["root"] == "../"
    record = record["charts"]["guide/index.md#1"]
    assert (record["nodes"]["H"]["hop"], record["nodes"]["S"]["hop"]) == ("guide-1/A", "guide-1/A")
    assert record["links"][record["nodes"]["S"]["link"]] == {"url": "guide/deep/page/", "title": "深いページ"}


GUIDE_PAGE = """
---
{front}
---
# 二つの図

```mermaid
flowchart TD
    accTitle: 一つ目
    accDescr: 説明
    A{{"一つ目？"}} -->|は| A1["a1"]
    A -->|い| A2["a2"]
    click A1 "#a1"
    click A2 "#a2"
```

{admonition}

## a1 {{ #a1 }}

`<!--<script>` と書かれた段落も、そのまま文字として見せます。

## a2 {{ #a2 }}
"""
SECOND = """```mermaid
flowchart TD
    accTitle: 二つ目
    accDescr: 説明
    B{"二つ目？"} -->|は| B1["b1"]
    B -->|い| B2["b2"]
    click B1 "#a1"
    click B2 "#a2"
```"""


def guide_site(front: str, admonition: str) -> dict[str, str]:
    return {"index.md": GUIDE_PAGE.format(front=front, admonition=admonition).lstrip()}


@pytest.mark.parametrize(
    ("front", "wrap", "inside"),
    [
        ("guide: 2", "{chart}", None),
        ("guide: 2", '!!! note "図"\n\n{chart}', "div.admonition"),
        ("guide: 2", '=== "タブ 1"\n\n{chart}\n\n=== "タブ 2"\n\n    もう一つ', "div.tabbed-block"),
        ("guide: true", '??? note "図"\n\n{chart}', "details.note"),
    ],
)
def test_guide_lands_before_its_own_chart_also_in_an_admonition_or_a_tab(site, front, wrap, inside) -> None:
    """'guide: 2' puts the panel before chart 2 (after chart 1 and its text version); a chart
    indented in an admonition or a tab stays a chart, with its panel inside the same block. With
    two guided charts the page still has one panel (before the first) and a spot before each."""
    indented = "\n".join(("    " + line) if line and inside else line for line in SECOND.split("\n"))
    pages = guide_site(front, wrap.replace("{chart}", indented))
    logged, site_dir = site(pages)  # the fixture sites have admonitions, details and tabs
    assert logged == []
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    figures = [m.start() for m in re.finditer('<figure class="flow-figure', page)]
    assert len(figures) == 2 and "flowchart TD" not in page
    first_text = page.index("文章で読む: 一つ目")
    panels = [m.start() for m in re.finditer('<div class="flow-guide" role="region"', page)]
    spots = [m.start() for m in re.finditer('<p class="flow-guide-spot"', page)]
    assert len(panels) == 1
    data = guide_payloads(page)[0]
    if front == "guide: true":
        assert panels[0] < figures[0] and first_text < spots[1] < figures[1]
        assert list(data["charts"]) == ["index.md#1", "index.md#2"]
    else:
        assert first_text < panels[0] < figures[1] and len(spots) == 1
        assert data["title"] == "二つ目"
    if inside:  # the spot and the chart in the same admonition or tab
        block = BeautifulSoup(page, "html.parser").select_one(f"{inside}:has(.flow-guide-spot)")
        assert block.select_one("figure.flow-figure svg title").get_text() == "二つ目"


def test_guide_json_cannot_end_its_element(site) -> None:
    """Text of a target page ('<!--<script>') goes into the panel's JSON without a '<' (B2)."""
    _, site_dir = site(guide_site("guide: 1", ""))
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    data = guide_payloads(page)[0]
    chart = data["charts"][data["entry"]]
    excerpt = chart["links"][chart["nodes"]["A1"]["link"]]["blocks"]
    assert excerpt == [{"p": "<!--<script> と書かれた段落も、そのまま文字として見せます。"}]
    assert "<!--<script>" not in page.split('class="flow-guide__data">')[1].split("</template>")[0]
    assert page.index("</template>") < page.index('<figure class="flow-figure')  # the chart after the panel is there


def test_the_panel_stands_next_to_its_chart_on_the_start_page_too(site) -> None:
    """The panel's question is the drawing's: it stands just before its chart on every page."""
    pages = dict(PAGES)
    pages["index.md"] = PAGES["index.md"].replace("# ホーム\n", "# ホーム\n\n        はじめに。\n\n        ## 説明 { #about }\n\n        長い説明。\n", 1)
    _, site_dir = site(pages)
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    assert page.index('id="about"') < page.index("data-guide") < page.index('<figure class="flow-figure')
    assert "flow-guide-slot" not in page


@pytest.mark.parametrize(
    ("page", "value", "message"),
    [
        ("guide/index.md", "2", "Doc file 'guide/index.md' line 2: front matter 'guide: 2' must be true (a guide on every chart "
                                "that asks something, the default), false (with 'guide_reason'), or the number of a "
                                "flowchart on the page (1 to 1)."),
        ("guide/index.md", "'yes'", "Doc file 'guide/index.md' line 2: front matter 'guide: \"yes\"' must be true (a guide on "
                                    "every chart that asks something, the default), false (with 'guide_reason'), or the "
                                    "number of a flowchart on the page (1 to 1)."),
        ("guide/index.md", "false", "Doc file 'guide/index.md' line 2: front matter 'guide: false' turns the guided mode off, "
                                    "but gives no reason; add 'guide_reason: \"…\"' saying why readers of this page are "
                                    "better off without it."),
        ("other.md", "true", "Doc file 'other.md' line 2: front matter 'guide: true' asks for a guide, but the page has no "
                             "flowchart."),
    ],
)
def test_guide_front_matter_must_be_clear(site, page, value, message) -> None:
    from mkdocs.exceptions import Abort
    from sitebuild import build_site

    pages = dict(PAGES)
    # the key's own line (2), not only the file: before the fix the message named the file alone
    pages[page] = f"---\nguide: {value}\n---\n" + PAGES[page].replace("\n        ", "\n").lstrip()
    with pytest.raises(Abort):
        site(pages)
    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert errors[-1] == message


def test_guide_false_with_a_reason_turns_the_panel_off(site) -> None:
    pages = dict(PAGES)
    pages["guide/index.md"] = "---\nguide: false\nguide_reason: 道案内だけの図\n---\n" + PAGES["guide/index.md"].replace("\n        ", "\n").lstrip()
    _, site_dir = site(pages)
    assert "data-guide" not in (site_dir / "guide" / "index.html").read_text(encoding="utf-8")
    assert "data-guide" in (site_dir / "index.html").read_text(encoding="utf-8")


def test_site_map_is_the_conversation_as_the_charts_ask_it(site) -> None:
    """'<!-- flowcheck:map -->' becomes the whole conversation from the start page: question, answers,
    and where each ends, the next chart (on another page too) or the fix, named by page and heading."""
    pages = {
        "index.md": """
            # ホーム

            ```mermaid
            flowchart TD
                accTitle: 開始
                accDescr: 困ったときへ
                A{"どうしましたか？"} -->|入れない| T["診断へ"]
                A -->|地図| M["地図"]
                click T "troubleshooting/index.md"
                click M "map.md"
            ```
        """,
        "map.md": "# 地図\n\n<!-- flowcheck:map -->\n",
        "troubleshooting/index.md": """
            # 診断

            ```mermaid
            flowchart TD
                accTitle: 診断
                accDescr: 症状から
                Q{"症状は？"} -->|MFA| F["MFA のトラブル"]
                Q -->|どれでもない| S["サポート"]
                click F "mfa.md#lost"
                click S "support.md"
            ```
        """,
        "troubleshooting/mfa.md": "# MFA\n\n## なくした { #lost }\n",
        "troubleshooting/support.md": "# サポート\n",
    }
    _, site_dir = site(pages)
    page = html.unescape((site_dir / "map" / "index.html").read_text(encoding="utf-8"))
    top = BeautifulSoup(page, "html.parser").find("ul", id="map-index-1").find("li", recursive=False)
    assert top.contents[0].strip() == "どうしましたか？"
    answers = top.find("ul").find_all("li", recursive=False)
    assert answers[0].contents[0].strip() == "「入れない」→ 診断へ"
    handover = answers[0].find("li", class_="flow-map__chart")
    assert (handover["id"], handover.contents[0].strip(), handover.a.get_text(), handover.a["href"]) == (
        "map-troubleshooting-index-1", "→", "診断", "../troubleshooting/")
    fixes = [(li.get_text(" ", strip=True), li.a["href"]) for li in handover.find_all("li") if li.a and not li.ul]
    assert fixes == [("「MFA」→ MFA のトラブル: MFA: なくした", "../troubleshooting/mfa/#lost"),
                     ("「どれでもない」→ サポート: サポート", "../troubleshooting/support/")]
    assert answers[1].get_text(" ", strip=True) == "「地図」→ 地図: 地図"


@pytest.mark.parametrize(
    ("records", "triage", "expected"),
    [
        ({"a.md#1": {"links": [{"url": "mfa/#lost"}, {"url": "https://docs.aws.amazon.com/"}]}},
         {"choices": [{"url": "."}, {"url": "mfa/#lost"}]}, []),
        ({"a.md#1": {"links": [{"url": "mfa/#found"}]}}, None, ["mfa/#found"]),
        ({}, {"choices": [{"url": "https://evil.example/"}]}, ["https://evil.example/"]),
    ],
)
def test_guide_and_404_links_must_be_ones_the_build_checked(records, triage, expected) -> None:
    """Checked = shown: a URL in the guide's records or the 404 triage that no click resolved to is reported."""
    from flowcheck import unchecked_links

    checked = {"", "mfa/#lost", "https://docs.aws.amazon.com/"}
    assert unchecked_links(records, triage, checked) == expected
