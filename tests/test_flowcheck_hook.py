"""What the hook writes into the built site: rewritten click targets, the text version of each
chart, and flowcheck.json."""

from __future__ import annotations

import html
import json
import re

import pytest

PAGES = {
    "index.md": """
        # ホーム

        ```mermaid
        flowchart TD
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


def test_guide_panel_carries_the_checked_graph(site) -> None:
    """'guide: true' puts the chart's own nodes, edges and resolved links before the chart."""
    pages = dict(PAGES)
    pages["index.md"] = "---\nguide: true\n---\n" + PAGES["index.md"].replace("\n        ", "\n").lstrip()
    _, site_dir = site(pages)
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    payload = re.search(r'<script type="application/json" class="flow-guide__data">(.*?)</script>', page, re.S)
    data = json.loads(payload.group(1))
    assert page.index("data-guide") < page.index('<figure class="flow-figure')
    assert data["start"] == "A"
    assert data["edges"][0] == {"from": "A", "to": "B", "label": "下の階層"}
    assert data["nodes"]["B"]["link"] == {"url": "guide/deep/page/#target", "title": "深いページ: 目標", "summary": ""}
    assert data["nodes"]["D"]["link"]["url"] == "./#local"


@pytest.mark.parametrize(
    ("page", "value", "message"),
    [
        ("guide/index.md", "2", "Doc file 'guide/index.md': front matter 'guide: 2' must be true or the number of a "
                                "flowchart on the page (1 to 1)."),
        ("guide/index.md", "'yes'", "Doc file 'guide/index.md': front matter 'guide: yes' must be true or the number "
                                    "of a flowchart on the page (1 to 1)."),
        ("other.md", "true", "Doc file 'other.md': front matter 'guide: true' asks for a guide, but the page has no "
                             "flowchart."),
    ],
)
def test_guide_front_matter_must_name_a_chart(site, page, value, message) -> None:
    from mkdocs.exceptions import Abort
    from sitebuild import build_site

    pages = dict(PAGES)
    pages[page] = f"---\nguide: {value}\n---\n" + PAGES[page].replace("\n        ", "\n").lstrip()
    with pytest.raises(Abort):
        site(pages)
    errors = [r.getMessage() for r in build_site.last_records if r.levelname == "ERROR"]
    assert errors[-1] == message


def test_site_map_lists_each_trouble_with_the_answers_that_lead_there(site) -> None:
    """'<!-- flowcheck:map -->' becomes every troubleshooting page and its path from the start."""
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
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a><ol class="flow-map__path">(.*?)</ol></li>', page)
    assert [(href, title) for href, title, _ in items] == [
        ("../troubleshooting/", "診断"), ("../troubleshooting/mfa/", "MFA"), ("../troubleshooting/support/", "サポート")]
    steps = re.findall(r"<li>(.*?)</li>", items[1][2])
    assert [re.sub(r"<[^>]+>", "", step) for step in steps] == [
        "ホーム: 「入れない」 → 診断へ", "診断: 「MFA」 → MFA のトラブル"]
