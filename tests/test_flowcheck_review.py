"""The flowcheck review of 2026-11-27 (../shared/reviews/2026-11-27-flowcheck.md), one case per defect.

Each case is the review's reproducer, built as a tiny real site (strict, with the pinned Mermaid).
It is either refused with exactly the warnings listed (naming the file and the line counted in the
file, front matter included), or it builds. Either way the site it leaves behind is checked for what
the review found: no image, event handler or script from a chart, no link to evil.example, no
element that Material would hand to Mermaid, no link the build did not check.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from sitebuild import build_site, write_site

from flowcheck import Chart, Edge, Node, text_version

# --- the site ------------------------------------------------------------------------------------

INDEX = """\
# ホーム

```mermaid
flowchart TD
    accTitle: 開始
    accDescr: 困ったときへ
    A["始める"] --> T["困ったとき"]
    click T "troubleshooting/index.md"
```
"""
#: the triage chart; every page but case.md is reached from here, so a broken case chart leaves
#: no orphan behind
TRIAGE_HEAD = """\
---
description: 困ったとき
---
# 困ったとき

```mermaid
flowchart TD
    accTitle: 困りごと
    accDescr: 症状から解決へ
"""
TRIAGE_BODY = """\
    S{"何が起きていますか？"}
    S -->|忘れた| FC["忘れたとき"]
    S -->|入れない| SUP["サポート"]
    S -->|そのほか| OTH["そのほか"]
    click FC "forgot.md#reset"
    click SUP "support.md"
    click OTH "case.md"
"""
#: the page under test: its fence is on line 6, the header on line 7, the body from line 10
CASE_HEAD = "---\ndescription: 検証用のページ\n---\n# 検証\n\n"
GOOD = """\
    Q{"何が起きていますか？"}
    Q -->|忘れた| F["忘れたとき"]
    Q -->|入れない| S["サポート"]
    click F "forgot.md#reset"
    click S "support.md"
"""
#: one more answer (line 15) and its click (line 16)
OTHER = '    Q -->|そのほか| X["そのほか"]\n'

PAGES = {
    "index.md": INDEX,
    "troubleshooting/index.md": TRIAGE_HEAD + TRIAGE_BODY + "```\n",
    "troubleshooting/forgot.md": "# 忘れた\n\n## リセット { #reset }\n",
    "troubleshooting/support.md": "# サポート\n",
}


def case(body: str = GOOD, more: str = "", *, header: str = "flowchart TD", fence: str = "```mermaid",
         close: str = "```", before: str = "", after: str = "") -> dict[str, str]:
    """The site with ``troubleshooting/case.md`` holding one chart: ``body`` then ``more`` (from line 15)."""
    accessible = "    accTitle: 検証\n    accDescr: 症状から解決へ\n"
    text = f"{CASE_HEAD}{before}{fence}\n{header}\n{accessible}{body}{more}{close}\n{after}"
    return {**PAGES, "troubleshooting/case.md": text}


def link_x(target: str) -> str:
    """One more answer whose box links to ``target`` (the click on line 16)."""
    return OTHER + f'    click X "{target}"\n'


def triage(body: str) -> dict[str, str]:
    """The site with the triage chart's body replaced (case.md then is an orphan: it gets no chart)."""
    pages = {**PAGES, "troubleshooting/index.md": TRIAGE_HEAD + body + "```\n"}
    pages["troubleshooting/case.md"] = CASE_HEAD + "本文のみ。\n"
    return pages


def guided(pages: dict[str, str]) -> dict[str, str]:
    """``pages`` with 'guide: true' in case.md's front matter (every later line moves down by one)."""
    text = pages["troubleshooting/case.md"]
    return {**pages, "troubleshooting/case.md": "---\nguide: true\n" + text.removeprefix("---\n")}


def where(line: int, page: str = "case.md", chart: str = "検証") -> str:
    return f"Doc file 'troubleshooting/{page}' line {line}, flowchart '{chart}'"


# --- building and looking at a site ------------------------------------------------------------

@dataclass
class Built:
    warnings: list[str]  # flowcheck's warnings, "message [rule]"
    errors: list[str]  # build errors (PluginError), as MkDocs logs them
    site_dir: Path
    aborted: bool

    def page(self, name: str = "troubleshooting/case/index.html") -> str:
        return (self.site_dir / name).read_text(encoding="utf-8")

    def report(self) -> dict:
        return json.loads((self.site_dir / "flowcheck.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    """One render cache for the module: the pages every case shares are drawn once."""
    return tmp_path_factory.mktemp("flowcheck-cache")


@pytest.fixture
def build(tmp_path, cache_dir) -> Callable[..., Built]:
    def run(pages: dict[str, str], extra: str = "") -> Built:
        config = write_site(tmp_path, pages, f"extra:\n  flowcheck:\n    cache_dir: '{cache_dir}'\n" + extra)
        site_dir = tmp_path / "site"
        aborted = False
        try:
            build_site(config, site_dir=str(site_dir))
        except Abort:
            aborted = True
        records = build_site.last_records
        warnings = [r.getMessage().removeprefix("flowcheck: ") for r in records
                    if r.name == "mkdocs.plugins.flowcheck" and r.levelname == "WARNING"]
        errors = [r.getMessage() for r in records if r.levelname == "ERROR"]
        return Built(warnings, errors, site_dir, aborted)

    return run


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of its inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [(name, value or "") for name, value in attrs]))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


_UNSAFE_URL = re.compile(r"^(?:javascript|data|vbscript):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def unsafe_parts(site_dir: Path) -> list[str]:
    """What a reader's browser would run or fetch from a chart: should be nothing."""
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        page = _Elements()
        page.feed(path.read_text(encoding="utf-8"))
        name = path.relative_to(site_dir).as_posix()
        for tag, attrs in page.tags:
            if tag in ("img", "image", "iframe", "object", "embed"):
                found.append(f"{name}: <{tag}>")
            for attr, value in attrs:
                url = _CONTROL.sub("", html.unescape(value)).lower()
                if attr.startswith("on"):
                    found.append(f"{name}: {attr}= on <{tag}>")
                elif attr in ("href", "src", "xlink:href", "action", "formaction") and (
                        "evil.example" in url or _UNSAFE_URL.match(url)):
                    found.append(f"{name}: {attr}={value!r} on <{tag}>")
                elif attr == "class" and "mermaid" in value.split():
                    found.append(f"{name}: <{tag} class={value!r}> (Material would load Mermaid for it)")
        found += [f"{name}: inline script {text.strip()[:40]!r}" for text in page.scripts
                  if "alert(" in text or "evil.example" in text]
    return found


def drawn_links(page_html: str) -> dict[str, set[str]]:
    """Node id -> hrefs of every link in the page's drawn charts (boxes and the answers leading there)."""
    found: dict[str, set[str]] = {}
    for svg in re.findall(r"<svg .*?</svg>", page_html, re.S):
        for href, node in re.findall(r'<a xlink:href="([^"]*)"[^>]*? data-flowcheck-node="([^"]+)"', svg):
            found.setdefault(node, set()).add(html.unescape(href))
    return found


def text_links(page_html: str) -> list[str]:
    """The hrefs of the text versions, in order."""
    versions = re.findall(r'<details class="abstract flow-text">.*?</details>', page_html, re.S)
    return [html.unescape(href) for version in versions for href in re.findall(r'href="([^"]*)"', version)]


# --- refused: the exact warnings ------------------------------------------------------------

def _label(line: int, what: str, text: str) -> str:
    return (f"{where(line)}: {what} has HTML in its label ('{text}'); labels are plain text and only '<br>' "
            "breaks a line. Write the text without tags. [label_html]")


def _external(line: int, node: str, target: str, reason: str) -> str:
    return f"{where(line)}: click on {node} links to '{target}', but {reason}. [click_external]"


_URL_CHARACTERS = ("browsers read backslashes, '%', '@', spaces, control and non-ASCII characters in ways that "
                   "can change the host. Write the plain https URL")
_X = "node 'X' (「そのほか」)"


def _second_click(line: int, node: str, first: int) -> str:
    return (f"{where(line)}: 'click {node}' is a second link for this node (the first is on line {first}); "
            "Mermaid would keep only the last one. Give each node one click. [click_unknown_node]")


EVIL = '    click S "https://evil.example/"\n'
#: statements Mermaid reads after the flowchart header, for the fence variants of U5
U5_BODY = '    Q{"質問"} -->|a| F["f"]\n    Q -->|b| S["s"]\n    click F "forgot.md#reset"\n' + EVIL
_S = "node 'S' (「s」)"
_NOT_ALLOWED = "the host 'evil.example' is not on the allow list (extra.flowcheck.allowed_hosts)"
CHAIN_1000 = "".join(f"    N{i} --> N{i + 1}\n" for i in range(999)) + '    click N999 "support.md"\n'

def _checked_links_only(built: Built) -> None:
    """The drawing links each box only where the checked click says."""
    assert drawn_links(built.page()) == {"F": {"../forgot/#reset"}, "S": {"../support/"}}


def _hidden_chart_not_drawn(built: Built) -> None:
    page = built.page()
    assert page.count('<figure class="flow-figure') == 1
    assert "文章で読む: 隠れ" not in page


#: name -> (pages, the exact warnings, optional checks of the site left behind)
REFUSED: dict[str, tuple] = {
    # U1, U6: HTML in a label, as written (Mermaid's sanitizer would drop some of it silently)
    "U1 <img onerror> in a node label": (
        case(GOOD.replace('F["忘れたとき"]', 'F["<img src=x onerror=alert(1)>忘れたとき"]')),
        [_label(11, "node 'F'", "<img src=x onerror=alert(1)>忘れたとき")],
    ),
    "U1 <img onerror> with %%{init}%% asking for securityLevel loose": (
        case(GOOD.replace('F["忘れたとき"]', 'F["<img src=x onerror=alert(1)>忘れたとき"]'),
             header='%%{init: {"securityLevel": "loose"}}%%\nflowchart TD'),
        [_label(12, "node 'F'", "<img src=x onerror=alert(1)>忘れたとき")],
    ),
    "U1 <script> in a node label": (
        case(GOOD.replace('F["忘れたとき"]', 'F["<script>alert(1)</script>忘れたとき"]')),
        [_label(11, "node 'F'", "<script>alert(1)</script>忘れたとき")],
    ),
    "U1 <img onerror> on an answer": (
        case(GOOD.replace("-->|忘れた|", '-->|"<img src=x onerror=alert(1)>忘れた"|')),
        [_label(11, "the answer 'Q → F'", "<img src=x onerror=alert(1)>忘れた")],
    ),
    "U1 <img onerror> in a Markdown-string label": (
        case(GOOD.replace('F["忘れたとき"]', 'F["`**忘れた** <img src=x onerror=alert(1)>`"]')),
        [_label(11, "node 'F'", "**忘れた** <img src=x onerror=alert(1)>")],
    ),
    "U1 <img onerror> in a subgraph title": (
        case(more='    subgraph G["<img src=x onerror=alert(1)>"]\n      F\n    end\n'),
        [_label(15, "subgraph 'G'", "<img src=x onerror=alert(1)>")],
    ),
    "U1 <img onerror> in an @{ label }": (
        case(more='    F@{ label: "<img src=x onerror=alert(1)>" }\n'),
        [_label(15, "node 'F'", "<img src=x onerror=alert(1)>")],
    ),
    "U6 &lt;a href&gt; written as entities": (
        case(GOOD.replace('F["忘れたとき"]', 'F["&lt;a href=\'https://evil.example/\'&gt;忘れた&lt;/a&gt;"]')),
        [_label(11, "node 'F'", "&lt;a href='https://evil.example/'&gt;忘れた&lt;/a&gt;")],
    ),
    "U6 #lt;a href#gt; in Mermaid's entities": (
        case(GOOD.replace('F["忘れたとき"]', 'F["#lt;a href=\'https://evil.example/\'#gt;忘れた#lt;/a#gt;"]')),
        [_label(11, "node 'F'", "#lt;a href='https://evil.example/'#gt;忘れた#lt;/a#gt;")],
    ),
    "U6 <img> fetched from another host": (
        case(GOOD.replace('F["忘れたとき"]', "F[\"<img src='https://evil.example/p.png'>忘れた\"]")),
        [_label(11, "node 'F'", "<img src='https://evil.example/p.png'>忘れた")],
    ),
    "U6 @{ img } on a node": (
        case(more='    F@{ img: "https://evil.example/p.png", label: "忘れた" }\n'),
        [f"{where(11)}: node 'F' shows img 'https://evil.example/p.png'; charts draw no images or icons (they "
         "would be fetched from elsewhere). Remove it. [label_html]"],
    ),
    # U2: the triage chart's labels go to every 404 page; the chart refuses HTML before any template sees it
    "U2 <img onerror> on a triage answer": (
        {**PAGES, "troubleshooting/index.md": TRIAGE_HEAD + TRIAGE_BODY.replace(
            "-->|そのほか|", '-->|"<img src=x onerror=alert(document.domain)>アカウント停止・別のネットワークから"|')
         + "```\n", "troubleshooting/case.md": CASE_HEAD},
        [f"{where(13, 'index.md', '困りごと')}: the answer 'S → OTH' has HTML in its label ('<img src=x "
         "onerror=alert(document.domain)>アカウント停止・別のネットワークから'); labels are plain text and only "
         "'<br>' breaks a line. Write the text without tags. [label_html]"],
    ),
    # U3, T1: external targets read as browsers read them; none raises a traceback
    "U3 backslash before @": (
        case(more=link_x("https://evil.example\\@aws.amazon.com/")),
        [_external(16, _X, "https://evil.example\\@aws.amazon.com/",
                   f"external targets may not contain '\\': {_URL_CHARACTERS}")],
    ),
    "U3 backslash as a dot": (
        case(more=link_x("https://evil.example\\.aws.amazon.com/")),
        [_external(16, _X, "https://evil.example\\.aws.amazon.com/",
                   f"external targets may not contain '\\': {_URL_CHARACTERS}")],
    ),
    "U3 %2F before @": (
        case(more=link_x("https://evil.example%2F@aws.amazon.com/")),
        [_external(16, _X, "https://evil.example%2F@aws.amazon.com/",
                   f"external targets may not contain '%': {_URL_CHARACTERS}")],
    ),
    "U3 userinfo @": (
        case(more=link_x("https://evil.example@aws.amazon.com/")),
        [_external(16, _X, "https://evil.example@aws.amazon.com/",
                   f"external targets may not contain '@': {_URL_CHARACTERS}")],
    ),
    "T1 fullwidth number sign (NFKC)": (
        case(more=link_x("https://evil.example＃.aws.amazon.com/")),
        [_external(16, _X, "https://evil.example＃.aws.amazon.com/",
                   f"external targets may not contain '＃': {_URL_CHARACTERS}")],
    ),
    "T1 unclosed [ (IPv6)": (
        case(more=link_x("https://[aws.amazon.com/")),
        [_external(16, _X, "https://[aws.amazon.com/", "the URL cannot be read (Invalid IPv6 URL)")],
    ),
    "design note: *.awsapps.com is not allowed": (
        case(more=link_x("https://attacker-portal.awsapps.com/start")),
        [_external(16, _X, "https://attacker-portal.awsapps.com/start",
                   "the host 'attacker-portal.awsapps.com' is not on the allow list (extra.flowcheck.allowed_hosts)")],
    ),
    # M2 (C08, C26): a scheme split by a tab or a control character is told what browsers make of it
    # (Markdown turns a tab into spaces before Mermaid reads the chart)
    "M2 tab inside javascript:": (
        case(more=link_x("java\tscript:alert(1)")),
        [_external(16, _X, "java   script:alert(1)",
                   "the target is neither an https:// URL nor a relative path to a Markdown file ('page.md#anchor')")],
    ),
    "M2 control character inside javascript:": (
        case(more=link_x("java\x01script:alert(1)")),
        [_external(16, _X, "java\\x01script:alert(1)",
                   "it contains the control character U+0001; browsers drop tabs and line breaks inside a URL "
                   "('java\\tscript:' reads as 'javascript:'), so the link would not go where it seems. Write the "
                   "target without it")],
    ),
    # U4: clicks as Mermaid reads them: after ';', inside accDescr { }, a second one
    "U4 click after 'class …;'": (
        case(more='    class S foo; click S "https://evil.example/"\n'),
        [_second_click(15, "S", 14)], _checked_links_only,
    ),
    "U4 click after 'style …;'": (
        case(more='    style S fill:red; click S "https://evil.example/"\n'),
        [_second_click(15, "S", 14)], _checked_links_only,
    ),
    "U4 click after 'accDescr { … }' on one line": (
        case(more='    accDescr { d } click S "https://evil.example/"; Z["z\n    }\n    style Z "]\n'),
        [f"{where(6)}: the chart must have exactly one start node (a node with no incoming edge), but has: "
         "node 'Q' (「何が起きていますか？」), node 'Z' (「z } style Z」). [unreachable]",
         _second_click(15, "S", 14),
         where(15) + ": node 'Z' (「z } style Z」) ends without a link: no click and no answer leads on from it; add 'click Z "
         "\"page.md#anchor\"' to the page that resolves it. [dead_end]"],
        _checked_links_only,
    ),
    "U4 a second click on a node": (
        case(more='    click S "forgot.md"\n'),
        [_second_click(15, "S", 14)],
    ),
    # U5: every fence Mermaid draws is read by Mermaid's parser, so the evil click is seen
    "U5 statements on the header line": (
        case("", header="flowchart TD; " + U5_BODY.strip().replace("\n    ", "; ")),
        [_external(7, _S, "https://evil.example/", _NOT_ALLOWED)],
    ),
    "U5 Mermaid front matter": (
        case(U5_BODY, header="---\ntitle: 図\n---\nflowchart TD"),
        [_external(16, _S, "https://evil.example/", _NOT_ALLOWED)],
    ),
    "U5 flowchart-elk": (
        case(U5_BODY, header="flowchart-elk TD"),
        [_external(13, _S, "https://evil.example/", _NOT_ALLOWED)],
    ),
    "U5 a {.mermaid} fence": (
        case(U5_BODY, fence="``` {.mermaid}"),
        [_external(13, _S, "https://evil.example/", _NOT_ALLOWED)],
    ),
    "U5 a ```x``` paragraph above": (
        case(U5_BODY, before="```x``` は関係ありません。\n\n"),
        [_external(15, _S, "https://evil.example/", _NOT_ALLOWED)],
    ),
    "U5 a ~~~ fence": (
        case(U5_BODY, fence="~~~mermaid", close="~~~"),
        [_external(13, _S, "https://evil.example/", _NOT_ALLOWED)],
    ),
    "U5 sequenceDiagram link": (
        case("    participant A\n    A->>A: 確認\n    link A: 詳細 @ https://evil.example/\n",
             header="sequenceDiagram"),
        ["Doc file 'troubleshooting/case.md' line 6: this sequence diagram has links, which the build cannot "
         "check. Only flowcharts may link (with click lines); remove the links or draw a flowchart. [diagram_links]"],
    ),
    "U5 classDiagram click href": (
        case('    class A\n    click A href "https://evil.example/"\n', header="classDiagram"),
        ["Doc file 'troubleshooting/case.md' line 6: this class diagram has links, which the build cannot "
         "check. Only flowcharts may link (with click lines); remove the links or draw a flowchart. [diagram_links]"],
    ),
    # T2: no start node; the triage chart feeds the 404 page, which must not crash the build
    "T2 triage chart where every node has an incoming edge": (
        triage(TRIAGE_BODY + "    OTH --> S\n"),
        ["Doc file 'troubleshooting/case.md' is under 'troubleshooting/' but cannot be reached from 'index.md' by "
         "following flowchart edges and clicks; link a chart node to it. [orphan_page]",
         "Doc file 'troubleshooting/forgot.md' is under 'troubleshooting/' but cannot be reached from 'index.md' by "
         "following flowchart edges and clicks; link a chart node to it. [orphan_page]",
         f"{where(6, 'index.md', '困りごと')}: the chart must have exactly one start node (a node with no incoming "
         "edge), but has: none (every node has an incoming edge). [unreachable]",
         f"{where(10, 'index.md', '困りごと')}: a reader who follows the answers comes back to a question already "
         "asked: 'troubleshooting/index.md' line 10, flowchart '困りごと', node 'S' (「何が起きていますか？」) -> line 13, "
         "node 'OTH' (「そのほか」) -> back to line 10, node 'S' (「何が起きていますか？」). End one of these boxes at a "
         "section that fixes the problem (a section with no chart ends the conversation), or mark a box that starts "
         "over once the fix is done with ':::restart'. [loop]",
         "Doc file 'troubleshooting/support.md' is under 'troubleshooting/' but cannot be reached from 'index.md' "
         "by following flowchart edges and clicks; link a chart node to it. [orphan_page]"],
    ),
    "T2, M2 (E06) an empty triage chart": (
        triage(""),
        ["Doc file 'troubleshooting/case.md' is under 'troubleshooting/' but cannot be reached from 'index.md' by "
         "following flowchart edges and clicks; link a chart node to it. [orphan_page]",
         "Doc file 'troubleshooting/forgot.md' is under 'troubleshooting/' but cannot be reached from 'index.md' by "
         "following flowchart edges and clicks; link a chart node to it. [orphan_page]",
         f"{where(6, 'index.md', '困りごと')}: the chart has no nodes; draw at least a question and its answers. "
         "[unreachable]",
         "Doc file 'troubleshooting/support.md' is under 'troubleshooting/' but cannot be reached from 'index.md' "
         "by following flowchart edges and clicks; link a chart node to it. [orphan_page]"],
    ),
    # T3, B4: Mermaid's limits, and what it cannot read
    "T3 a 1,000-node chain (over Mermaid's 500 edges)": (
        case(CHAIN_1000),
        ["Doc file 'troubleshooting/case.md' line 6: Mermaid cannot draw the chart: it has more than 500 edges, "
         "Mermaid's limit. Split it into smaller charts that hand over to one another. [mermaid]"],
    ),
    "B4 more than 50,000 characters": (
        case(GOOD + '    Q -->|長い| L["' + "あ" * 50_000 + '"]\n    click L "support.md"\n'),
        ["Doc file 'troubleshooting/case.md' line 6: Mermaid cannot draw the chart: its text is 50223 characters "
         "long, over Mermaid's limit of 50000. Split it into smaller charts that hand over to one another. [mermaid]"],
    ),
    "B4 click with _blank and a tooltip": (
        case(more=OTHER + '    click X "support.md" _blank "tip"\n'),
        ["Doc file 'troubleshooting/case.md' line 16: Mermaid cannot read the chart at 'click X \"support.md\" "
         "_blank \"tip\"': Expecting 'SEMI', 'NEWLINE', 'EOF', got 'SPACE' [mermaid]"],
    ),
    "B4 click href with _blank and a tooltip": (
        case(more=OTHER + '    click X href "support.md" _blank "tip"\n'),
        ["Doc file 'troubleshooting/case.md' line 16: Mermaid cannot read the chart at 'click X href "
         "\"support.md\" _blank \"tip\"': Expecting 'SEMI', 'NEWLINE', 'EOF', got 'SPACE' [mermaid]"],
    ),
    "B4 unquoted label with parentheses": (
        case(more='    Q -->|そのほか| OTH[そのほか (停止など)]\n    click OTH "support.md"\n'),
        ["Doc file 'troubleshooting/case.md' line 15: Mermaid cannot read the chart at 'Q -->|そのほか| "
         "OTH[そのほか (停止など)]': Expecting 'SQE', 'DOUBLECIRCLEEND', 'PE', '-)', 'STADIUMEND', "
         "'SUBROUTINEEND', 'PIPE', 'CYLINDEREND', 'DIAMOND_STOP', 'TAGEND', 'TRAPEND', 'INVTRAPEND', "
         "'UNICODE_TEXT', 'TEXT', 'TAGSTART', got 'PS' [mermaid]"],
    ),
    "B4 a line 'class-x --> S'": (
        case(more="    class-x --> S\n"),
        ["Doc file 'troubleshooting/case.md' line 15: Mermaid cannot read the chart at 'class-x --> S': "
         "Expecting 'SPACE', got 'NODE_STRING' [mermaid]"],
    ),
    # B5: every node reachable from the start must be able to reach a linked box
    "B5 a loop with no exit": (
        case(more='    Q -->|何度やってもだめ| L1["輪1"]\n    L1 --> L2["輪2"]\n    L2 --> L1\n'),
        [f"{where(15)}: node 'L1' (「輪1」), node 'L2' (「輪2」) go round in a loop with no way out: no answer "
         "leads from it to a linked box. Give the loop an answer that leads to a page that resolves it. [dead_end]"],
    ),
    # B6: a chart readers never see makes nothing reachable (mfa.md stays an orphan)
    "B6 a chart inside an HTML comment": (
        {**case(after="\n<!--\n```mermaid\nflowchart TD\n    accTitle: 隠れ\n    accDescr: d\n"
                      '    A["a"] --> M["m"]\n    click M "mfa.md"\n```\n-->\n'),
         "troubleshooting/mfa.md": "# MFA\n"},
        ["Doc file 'troubleshooting/mfa.md' is under 'troubleshooting/' but cannot be reached from 'index.md' by "
         "following flowchart edges and clicks; link a chart node to it. [orphan_page]"],
        _hidden_chart_not_drawn,
    ),
    "B6 a chart in an indented code block": (
        {**case(after="\n例:\n\n    ```mermaid\n    flowchart TD\n        accTitle: 隠れ\n        accDescr: d\n"
                      '        A["a"] --> M["m"]\n        click M "mfa.md"\n    ```\n'),
         "troubleshooting/mfa.md": "# MFA\n"},
        ["Doc file 'troubleshooting/mfa.md' is under 'troubleshooting/' but cannot be reached from 'index.md' by "
         "following flowchart edges and clicks; link a chart node to it. [orphan_page]"],
        _hidden_chart_not_drawn,
    ),
    # "checked and held" before Mermaid read the charts, and still held
    "held: a two-way edge": (
        case(more='    Q <--> X["そのほか"]\n    click X "support.md"\n'),
        [f"{where(15)}: the edge between 'Q' and 'X' points both ways, so it does not say which box leads to "
         "which. Answers lead one way: write 'Q --> X'. [unreachable]"],
    ),
    "held: a node joined only by ~~~": (
        case(more='    Q ~~~ X["そのほか"]\n    click X "support.md"\n'),
        [f"{where(6)}: the chart must have exactly one start node (a node with no incoming edge), but has: "
         "node 'Q' (「何が起きていますか？」), node 'X' (「そのほか」). [unreachable]"],
    ),
    # M2 (A13): a click on a subgraph says so
    "M2 click on a subgraph": (
        case(more='    Q -->|そのほか| G\n    subgraph G [グループ]\n      X["x"]\n    end\n'
                  '    click X "support.md"\n    click G "support.md"\n'),
        [f"{where(20)}: 'click G' names a subgraph, and Mermaid links only nodes. Link a node inside it. "
         "[click_unknown_node]"],
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused(name: str, build) -> None:
    """The review's reproducer fails the strict build with exactly these warnings, and even the site it
    leaves behind (what a non-strict build would serve) shows nothing unchecked."""
    pages, expected, *checks = REFUSED[name]
    built = build(pages)
    assert built.aborted and built.errors == []  # warnings only: no traceback, no "flowcheck bug"
    assert built.warnings == expected
    assert unsafe_parts(built.site_dir) == []
    for check in checks:
        check(built)


# --- built: safe, and drawn as checked -------------------------------------------------------

def _links(expected: dict[str, set[str]]) -> Callable[[Built], None]:
    def check(built: Built) -> None:
        assert drawn_links(built.page()) == expected
    return check


def _serialised(built: Built) -> None:
    assert drawn_links(built.page())["X"] == {"https://docs.aws.amazon.com/signin/"}
    assert "https://docs.aws.amazon.com/signin/" in text_links(built.page())


def _one_line_clicks(built: Built) -> None:
    """Two clicks on one line each resolve to their own target (they once shared the first one's)."""
    assert drawn_links(built.page()) == {"F": {"../forgot/#reset"}, "S": {"../support/"}}
    chart = next(c for c in built.report()["charts"] if c["page"] == "troubleshooting/case.md")
    assert {n["id"]: (n["click"] or {}).get("page") for n in chart["nodes"]} == {
        "Q": None, "F": "troubleshooting/forgot.md", "S": "troubleshooting/support.md"}


def _markdown_strings_read_as_text(built: Built) -> None:
    page = built.page()
    assert "**" not in re.search(r'<details class="abstract flow-text">.*?</details>', page, re.S).group(0)
    assert "「太字の答え」→ <a href=\"../support/\">太字 ラベル</a>" in page
    payload = re.search(r'<template class="flow-guide__data">(.*?)</template>', page, re.S)
    data = json.loads(payload.group(1))
    chart = data["charts"][data["entry"]]
    assert chart["nodes"]["X"]["label"] == "太字 ラベル"
    assert ["X", "太字の答え"] in chart["nodes"]["Q"]["out"]


def _line_break(built: Built) -> None:
    page = built.page()
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    # a line break in the drawing (a second line of SVG text), not text
    assert re.search(r">一行目</tspan><tspan [^>]*>二行目</tspan>", svg)
    assert '<a href="../support/">一行目二行目</a>' in page  # Japanese joins without a space


def _deep_chain(built: Built) -> None:
    page = built.page()
    assert page.count("<ul>") >= 120  # the text version nests every step (5,000 deep: see below)
    assert drawn_links(page)["N119"] == {"../support/"}


def _edge_to_subgraph(built: Built) -> None:
    chart = next(c for c in built.report()["charts"] if c["page"] == "troubleshooting/case.md")
    assert {"from": "G", "to": "X", "label": "", "line": 16} in chart["edges"]
    assert drawn_links(built.page())["X"] == {"../support/"}


BUILT: dict[str, tuple[dict[str, str], Callable[[Built], None]]] = {
    # U3: an allowed URL is written back as browsers serialise it
    "U3 an allowed URL, written back serialised": (case(more=link_x("https://Docs.AWS.Amazon.com./signin/")),
                                                   _serialised),
    # false refusals of valid Mermaid (all valid for mermaid.parse in 11.17.2)
    "valid: edge ids": (case(more='    Q e9@-->|そのほか| X["そのほか"]\n    click X "support.md"\n'),
                        _links({"F": {"../forgot/#reset"}, "S": {"../support/"}, "X": {"../support/"}})),
    "valid: two clicks on one line": (
        case(GOOD.replace('    click F "forgot.md#reset"\n    click S "support.md"\n',
                          '    click F "forgot.md#reset"; click S "support.md"\n')),
        _one_line_clicks),
    "valid: a node and its click on one line": (
        case(GOOD.replace('    click F "forgot.md#reset"\n', ""),
             '    F["忘れたとき"]; click F "forgot.md#reset"\n'),
        _links({"F": {"../forgot/#reset"}, "S": {"../support/"}})),
    "valid: a quoted label over two lines": (
        case(more='    Q -->|そのほか| X["二行の\n    ラベル"]\n    click X "support.md"\n'),
        _links({"F": {"../forgot/#reset"}, "S": {"../support/"}, "X": {"../support/"}})),
    "valid, M2 (E10): an edge to a subgraph": (
        case(more='    Q -->|そのほか| G\n    subgraph G [グループ]\n      X["x"]\n    end\n    click X "support.md"\n'),
        _edge_to_subgraph),
    "valid: subgraph title with a space": (
        case(more='    Q -->|そのほか| X\n    subgraph ルート ユーザー\n      X["x"]\n    end\n    click X "support.md"\n'),
        _links({"F": {"../forgot/#reset"}, "S": {"../support/"}, "X": {"../support/"}})),
    "valid: an answer as '--text-->'": (
        case(more='    Q --IAM--> IAM["IAM ユーザー"]\n    click IAM "support.md"\n'),
        _links({"F": {"../forgot/#reset"}, "S": {"../support/"}, "IAM": {"../support/"}})),
    # B3: a click on several nodes, and a tab-indented fence in a container
    "B3 one click for two nodes": (
        case(GOOD.replace('    click F "forgot.md#reset"\n    click S "support.md"\n',
                          '    click F,S "forgot.md#reset"\n')),
        _links({"F": {"../forgot/#reset"}, "S": {"../forgot/#reset"}})),
    "B3 a tab-indented fence in a collapsible block": (
        {**PAGES, "troubleshooting/case.md": CASE_HEAD + "??? note \"図\"\n\n\t```mermaid\n\tflowchart TD\n"
         "\t    accTitle: 検証\n\t    accDescr: 説明\n\t    Q{\"質問\"} -->|a| F[\"f\"]\n\t    Q -->|b| PK[\"pk\"]\n"
         "\t    click F \"forgot.md#reset\"\n\t    click PK \"support.md\"\n\t```\n"},
        _links({"F": {"../forgot/#reset"}, "PK": {"../support/"}})),
    # T3: deep charts draw and read without recursion
    "T3 a 120-step chain": (case("".join(f"    N{i} --> N{i + 1}\n" for i in range(119))
                                 + '    click N119 "support.md"\n'), _deep_chain),
    # cosmetic: Markdown strings and <br> read as a reader reads them
    "cosmetic: Markdown-string labels": (
        guided(case(more='    Q -->|"`**太字**の答え`"| X["`**太字** ラベル`"]\n    click X "support.md"\n')),
        _markdown_strings_read_as_text),
    "cosmetic: <br> in a label": (case(more='    Q -->|そのほか| X["一行目<br>二行目"]\n    click X "support.md"\n'),
                                  _line_break),
}


@pytest.mark.parametrize("name", list(BUILT))
def test_builds_safely(name: str, build) -> None:
    """Valid charts the review found refused (or broken) build clean, drawn with the links the build checked."""
    pages, check = BUILT[name]
    built = build(pages)
    assert (built.warnings, built.errors) == ([], [])
    assert unsafe_parts(built.site_dir) == []
    check(built)


# --- single cases -------------------------------------------------------------------------------

def test_duplicate_click_links_only_the_checked_target(build) -> None:
    """U4: a second click is refused, and the drawing, the text version and the report all keep the first
    (Mermaid alone would draw the last one, unchecked)."""
    built = build(case(more='    click S "https://evil.example/"\n'))
    assert built.warnings == [_second_click(15, "S", 14)]
    page = built.page()
    assert drawn_links(page) == {"F": {"../forgot/#reset"}, "S": {"../support/"}}
    assert text_links(page) == ["../forgot/#reset", "../support/"]
    chart = next(c for c in built.report()["charts"] if c["page"] == "troubleshooting/case.md")
    assert next(n for n in chart["nodes"] if n["id"] == "S")["click"]["written"] == "support.md"


def test_refused_diagrams_are_never_drawn(build) -> None:
    """U5, U6: a diagram with links the build cannot check, or with label HTML, is shown as its source
    only; no SVG of it reaches the page."""
    built = build(case("    participant A\n    link A: 詳細 @ https://evil.example/\n", header="sequenceDiagram"))
    page = built.page()
    assert "<svg" not in page
    assert '<pre class="flowchart-error"><code>sequenceDiagram' in page


def test_line_numbers_count_front_matter(build) -> None:
    """M1: lines in messages and in flowcheck.json are lines of the file, front matter included."""
    built = build(case(more=link_x("missing.md")))
    assert built.warnings == [f"{where(16)}: click on {_X} links to 'missing.md', but the target "
                              "'troubleshooting/missing.md' is not found among documentation files. [click_not_found]"]
    report = built.report()
    chart = next(c for c in report["charts"] if c["page"] == "troubleshooting/case.md")
    assert chart["line"] == 6
    assert {n["id"]: n["line"] for n in chart["nodes"]} == {"Q": 10, "F": 11, "S": 12, "X": 15}
    assert [(e["to"], e["line"]) for e in chart["edges"]] == [("F", 11), ("S", 12), ("X", 15)]
    assert [(p["file"], p["line"]) for p in report["problems"]] == [("troubleshooting/case.md", 16)]


def test_text_version_of_a_very_deep_chart() -> None:
    """T3: the text version walks without recursion, whatever the depth."""
    depth = 5_000
    chart = Chart("deep.md", 1, 1, 2, title="深い")
    chart.nodes = {f"N{i}": Node(f"N{i}", f"段{i}", "square", 1) for i in range(depth)}
    chart.edges = [Edge(f"N{i}", f"N{i + 1}", "", 1) for i in range(depth - 1)]
    written = text_version(chart, lambda target: None)
    assert written.count("<ul>") == depth


@pytest.mark.parametrize("guide", [1, 2])
def test_guide_lands_before_its_chart_inside_a_container(build, guide: int) -> None:
    """B1: 'guide: N' puts the panel right before chart N, also when the chart is inside a collapsible
    block, and the chart is still drawn (not shown as code)."""
    second = ('```mermaid\nflowchart TD\n    accTitle: 二つ目\n    accDescr: d\n'
              '    A{"a"} -->|x| B["b"]\n    A -->|y| C["c"]\n    click B "forgot.md#reset"\n    click C "support.md"\n```\n')
    text = (f"---\nguide: {guide}\n---\n# 検証\n\n??? note \"図\"\n\n    ```mermaid\n    flowchart TD\n"
            "        accTitle: 一つ目\n        accDescr: d\n" + "".join(f"    {line}\n" for line in GOOD.splitlines())
            + "    ```\n\n" + second)
    built = build({**PAGES, "troubleshooting/case.md": text})
    assert (built.warnings, built.errors) == ([], [])
    page = built.page()
    figures = [m.start() for m in re.finditer(r'<figure class="flow-figure', page)]
    assert len(figures) == 2 and "flowchart TD" not in page
    panel = page.index(f'data-guide-chart="{guide}"')
    if guide == 1:
        assert panel < figures[0]
        assert page.rfind("<details", 0, panel) > page.rfind("</details>", 0, panel)  # inside the block
    else:
        assert page.index("文章で読む: 一つ目") < panel < figures[1]


def test_guide_data_cannot_close_its_element(build) -> None:
    """B2: a description with '<!--<script>' stays inside the guide's JSON; the headings after it are kept."""
    pages = guided(case())
    pages["troubleshooting/support.md"] = "---\ndescription: <!--<script> </script>\n---\n# サポート\n"
    pages["troubleshooting/case.md"] += "\n## 後の見出し { #after }\n"
    built = build(pages)
    assert (built.warnings, built.errors) == ([], [])
    page = built.page()
    payload = re.search(r'<template class="flow-guide__data">(.*?)</template>', page, re.S)
    assert "<" not in payload.group(1)
    json.loads(payload.group(1))
    assert 'id="after"' in page


def test_guide_message_quotes_front_matter_as_written(build) -> None:
    """M2 (F06): 'guide: true' is quoted as written in YAML, not as Python's True."""
    built = build({**PAGES, "troubleshooting/case.md": "---\nguide: true\n---\n# 検証\n"})
    assert built.errors[-1] == ("Doc file 'troubleshooting/case.md' line 2: front matter 'guide: true' asks for a guide, "
                                "but the page has no flowchart.")


@pytest.mark.parametrize("fragment", [
    '<a xlink:href="../a/">箱</a>',
    "<A HREF='b.html#x' class=c>箱</A>",
    '<svg><a XLink:Href="c/">x</a><a data-x="href=\'no\'" href=d>y</a></svg>',
    '<a title="a > b" href="e/">x</a>',
    '<p>href="text/" is text &lt;a href="escaped/"&gt;</p>',
    '<a title="İİİ" href="f/">İ</a><a href="g/">x</a>',
    '<a\nhref\n=\n"h/">x</a><ahref="no/">',
    '<a href="&amp;i&#47;">x</a>',
])
def test_hrefs_in_reads_what_a_browser_reads(fragment: str) -> None:
    """Checked = shown reads every href and xlink:href of a fragment as an HTML parser does."""
    from flowcheck import hrefs_in

    parsed = _Elements()
    parsed.feed(fragment)
    assert hrefs_in(fragment) == [value for _, attrs in parsed.tags for name, value in attrs
                                  if name in ("href", "xlink:href")]


@pytest.mark.parametrize(("drawing", "refused"), [
    ('<svg><a data-flowcheck-node="A"><g/></a></svg>', None),
    ('<svg><a data-flowcheck-node="A"><text>href を書く</text></a></svg>', None),
    ('<svg><a data-flowcheck-node="A"><g/></a><image HREF="https://evil.example/x.png"/></svg>',
     "https://evil.example/x.png"),
    ('<svg><a data-flowcheck-node="A"><g/></a><use xlink:href="#A"/></svg>', "#A"),
])
def test_a_drawing_shows_only_the_links_the_build_wrote(drawing: str, refused: str | None) -> None:
    """Checked = shown for each drawing: a link the build did not write (a bug, never content) stops the page."""
    from flowcheck import ChecksFailed, PageCharts, RenderResult, draw_page
    from flowcheck.checks import Readability
    from flowcheck.graph import Click

    chart = Chart("case.md", 1, 3, 9, nodes={"A": Node("A", "箱", "square", 5)}, clicks=[Click("A", "#fix", "", 6)])
    found = PageCharts("case.md", blocks=[(None, RenderResult(type="flowchart-v2", svg=drawing, width=100))],
                       charts=[chart])
    page = '<p>前</p><pre class="mermaid"><code>flowchart TD</code></pre>'
    if refused is None:
        draw_page(page, found, lambda written: "#fix", Readability(), text_versions=False)
        assert list(found.svgs.values())[0].count('xlink:href="#fix"') == 1
    else:
        with pytest.raises(ChecksFailed) as error:
            draw_page(page, found, lambda written: "#fix", Readability(), text_versions=False)
        assert str(error.value) == (f"Doc file 'case.md': the drawn chart links to '{refused}', which the build did "
                                    "not check. This is a flowcheck bug; please report it.")


@pytest.mark.parametrize(("name", "text"), [
    ("A", "    A --> B"), ("A", "    A-->B"), ("A", "    AB --> A2"), ("A", "    B.A --> C"), ("A", "    x-A --> C"),
    ("A", "    A_1 --> A"), ("A", "A"), ("A", ""), ("E1", '    E1["E1 です"] --> E12'), ("質問", "    質問 --> 答え"),
    ("質問", "    大質問 --> 質問い"), ("n.1", "    n.1 --> n.12"), ("a-b", "    a-b --> a-bc"), ("Q", "    Q;Q2"),
])
def test_a_node_id_is_found_as_the_pattern_finds_it(name: str, text: str) -> None:
    """Line numbers: a node's line is where its id stands whole, read without a pattern per id."""
    from flowcheck.graph import _stands_in

    assert _stands_in(name, text) == bool(re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", text))
