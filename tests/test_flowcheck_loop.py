"""Rule ``loop``: the charts as one conversation. Following answers, and the hand-over from a
clicked box to the chart where it links (a page's first chart, or the charts of a #section), a
reader must never come back to a box already passed; a box marked ':::restart' ends the conversation."""

from __future__ import annotations

import re

import pytest
from mkdocs.exceptions import Abort
from sitebuild import build_site, charts_of
from test_flowcheck_rules import START as HOME

from flowcheck.conversation import find_loops


def chart(title: str, body: str) -> str:
    return f"```mermaid\nflowchart TD\n    accTitle: {title}\n    accDescr: 説明\n{body}\n```\n"


SUPPORT = {"troubleshooting/support.md": "# サポート\n"}

CASES = {
    "inside one chart": (
        {"index.md": HOME, **SUPPORT,
         "troubleshooting/index.md": "# 困ったとき\n\n" + chart("診断", (
             '    A["はじめ"] --> Q{"何が起きていますか？"}\n'
             '    Q -->|分からない| W["もう一度見る"]\n'
             '    W --> Q\n'
             '    Q -->|入れない| S["サポート"]\n'
             '    click S "support.md"'))},
        "Doc file 'troubleshooting/index.md' line 7, flowchart '診断': a reader who follows the answers comes "
        "back to a question already asked: 'troubleshooting/index.md' line 7, flowchart '診断', node 'Q' "
        "(「何が起きていますか？」) -> line 8, node 'W' (「もう一度見る」) -> back to line 7, node 'Q' "
        "(「何が起きていますか？」).",
    ),
    "across two pages": (
        {"index.md": HOME, **SUPPORT,
         "troubleshooting/index.md": "# 困ったとき\n\n" + chart("診断", (
             '    Q{"何を忘れましたか？"} -->|パスワード| P["パスワードのページ"]\n'
             '    Q -->|どれでもない| S["サポート"]\n'
             '    click P "password.md"\n'
             '    click S "support.md"')),
         "troubleshooting/password.md": "# パスワード\n\n" + chart("パスワード", (
             '    R{"どのユーザーですか？"} -->|分からない| U["種類を見分ける"]\n'
             '    R -->|ルート| F["リセット"]\n'
             '    click U "index.md"\n'
             '    click F "#reset"')) + "\n## リセット { #reset }\n"},
        "Doc file 'troubleshooting/index.md' line 7, flowchart '診断': a reader who follows the answers comes "
        "back to a question already asked: 'troubleshooting/index.md' line 7, flowchart '診断', node 'Q' "
        "(「何を忘れましたか？」) -> line 7, node 'P' (「パスワードのページ」) links to 'password.md' -> "
        "'troubleshooting/password.md' line 7, flowchart 'パスワード', node 'R' (「どのユーザーですか？」) -> "
        "line 7, node 'U' (「種類を見分ける」) links to 'index.md' -> back to 'troubleshooting/index.md' line 7, "
        "flowchart '診断', node 'Q' (「何を忘れましたか？」).",
    ),
    "through a section": (
        {"index.md": HOME, **SUPPORT,
         "troubleshooting/index.md": "# 困ったとき\n\n" + chart("診断", (
             '    Q{"どこで止まりますか？"} -->|MFA| M["MFA の確かめ方"]\n'
             '    Q -->|どれでもない| S["サポート"]\n'
             '    click M "mfa.md#which"\n'
             '    click S "support.md"')),
         "troubleshooting/mfa.md": "# MFA\n\n## 最初に { #intro }\n\n" + chart("はじめ", (
             '    A["はじめに読む"] --> B["サポート"]\n'
             '    click B "support.md"')) + "\n## どちらか { #which }\n\n### 詳しく { #detail }\n\n" + chart("どちら", (
             '    W{"どのデバイスですか？"} -->|分からない| X["最初から"]\n'
             '    W -->|アプリ| Y["サポート"]\n'
             '    click X "index.md"\n'
             '    click Y "support.md"'))},
        "Doc file 'troubleshooting/index.md' line 7, flowchart '診断': a reader who follows the answers comes "
        "back to a question already asked: 'troubleshooting/index.md' line 7, flowchart '診断', node 'Q' "
        "(「どこで止まりますか？」) -> line 7, node 'M' (「MFA の確かめ方」) links to 'mfa.md#which' -> "
        "'troubleshooting/mfa.md' line 21, flowchart 'どちら', node 'W' (「どのデバイスですか？」) -> line 21, "
        "node 'X' (「最初から」) links to 'index.md' -> back to 'troubleshooting/index.md' line 7, flowchart '診断', "
        "node 'Q' (「どこで止まりますか？」).",
    ),
}
ADVICE = (" End one of these boxes at a section that fixes the problem (a section with no chart ends the "
          "conversation), or mark a box that starts over once the fix is done with ':::restart'. [loop]")


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_loop_fails_the_build_naming_every_hop(case: str, site) -> None:
    pages, message = CASES[case]
    with pytest.raises(Abort):
        site(pages)
    logged = [r.getMessage() for r in build_site.last_records if r.name == "mkdocs.plugins.flowcheck"]
    assert logged == [f"flowcheck: {message}{ADVICE}"]


def test_a_box_marked_restart_ends_the_conversation(site) -> None:
    """「新しいパスワードでサインイン」 sends the reader back to the start once the fix is done: not a loop."""
    pages, _ = CASES["across two pages"]
    pages = dict(pages)
    pages["troubleshooting/password.md"] = pages["troubleshooting/password.md"].replace(
        '    click U "index.md"', '    class U restart\n    click U "index.md"')
    logged, _ = site(pages)
    assert logged == []


def test_a_section_without_a_chart_is_a_fix(site) -> None:
    """A link to a #section that holds no chart ends there, even when a later section of the page asks again."""
    pages, _ = CASES["through a section"]
    pages = dict(pages)
    pages["troubleshooting/mfa.md"] = pages["troubleshooting/mfa.md"].replace(
        '    click X "index.md"', '    click X "#intro"').replace("## 最初に { #intro }\n\n", "")
    pages["troubleshooting/mfa.md"] = pages["troubleshooting/mfa.md"].replace(
        "# MFA\n\n", "# MFA\n\n## 最初に { #intro }\n\nまず読みます。\n\n## 図 { #chart }\n\n")
    logged, _ = site(pages)
    assert logged == []


def test_loops_found_directly_on_charts() -> None:
    """The pure function: one cycle per group of boxes a reader can go round in, reported at its first
    question; boxes going round inside one chart with nothing to choose are dead_end's to report."""
    page = "# p\n\n" + chart("輪", (
        '    A["はじめ"] --> Q{"質問？"}\n'
        '    Q -->|a| B["b"]\n'
        '    B --> Q\n'
        '    Q -->|c| C["c"]\n'
        '    C --> C2["c2"]\n'
        '    C2 --> C'))
    def asks(chart, node_id):
        return chart.nodes[node_id].shape == "decision"

    found = find_loops(charts_of("p.md", page), target_of=None, charts_in=None, is_question=asks)
    assert [(stop.node_id, re.split(r"already (?:asked|passed): ", message)[1].split(". ")[0]) for stop, message in found] == [
        ("Q", "'p.md' line 7, flowchart '輪', node 'Q' (「質問？」) -> line 8, node 'B' (「b」) -> back to line 7, node 'Q' (「質問？」)"),
    ]
