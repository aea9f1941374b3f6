"""The drawings the build inlines are valid HTML: SVG text labels (Mermaid's htmlLabels: false),
no HTML inside the SVG (the Nu Html Checker refused Mermaid's <p> in <span> in <foreignObject>),
and only what a reader sees kept (issue 17, item 5).

Read with the standard library's html.parser, no network; the full check is the Nu Html Checker
(python3 ../shared/tools/html_eval.py site VNU_JAR).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

PAGES = {
    "index.md": """
        # ホーム

        ```mermaid
        flowchart TD
            accTitle: 開始
            accDescr: 各ページへ
            A{"どこで<br>止まりますか？"} -->|パスワードの<br>画面| B["パスワードを<br>忘れたとき"]
            A -->|MFA| C["MFA コードが<br>通らないとき"]
            A -->|"`**太字**の答え`"| D["この<br>見出し"]
            click B "other.md"
            click C "other.md#mfa"
            click D "#local"
        ```

        ## ここ { #local }
    """,
    "other.md": "# 別のページ\n\n## MFA { #mfa }\n",
}

#: elements whose content is phrasing only: a <p>, <div> or <section> inside one is what vnu refuses
PHRASING_ONLY = {"span", "p", "a", "b", "em", "strong", "label", "button", "h1", "h2", "h3", "h4", "h5", "h6"}
FLOW_ONLY = {"p", "div", "section", "ul", "ol", "figure", "details", "table", "h2", "h3"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Reader(HTMLParser):
    """Every element with its open ancestors; the drawn SVGs' elements apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.misplaced: list[str] = []
        self.in_svg: list[tuple[str, dict[str, str | None], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in self.stack]
        if tag in FLOW_ONLY and names and names[-1] in PHRASING_ONLY:
            self.misplaced.append(f"<{tag}> in <{names[-1]}>")
        if "svg" in names or tag == "svg":
            self.in_svg.append((tag, dict(attrs), names))
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(name == "svg" for name, _ in self.stack):
            self.in_svg.append((tag, dict(attrs), [name for name, _ in self.stack]))

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, -1, -1):
            if self.stack[at][0] == tag:
                del self.stack[at:]
                return


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> tuple[str, Reader]:
    from sitebuild import build_site, write_site

    root = tmp_path_factory.mktemp("valid")
    config = write_site(root, PAGES)
    build_site(config, site_dir=str(root / "site"))
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    reader = Reader()
    reader.feed(page)
    return page, reader


def drawn(reader: Reader) -> list[tuple[str, dict[str, str | None], list[str]]]:
    """The elements of the chart the build drew (Material's icons are SVG too)."""
    return [element for element in reader.in_svg
            if element[0] != "svg" or element[1].get("aria-roledescription") == "flowchart-v2"]


def test_no_flow_content_where_only_phrasing_is_allowed(home) -> None:
    _page, reader = home
    assert reader.misplaced == []


def test_labels_are_svg_text_with_no_html_inside_the_drawing(home) -> None:
    _page, reader = home
    tags = {tag for tag, _attrs, _names in drawn(reader)}
    assert tags.isdisjoint({"foreignobject", "div", "span", "p", "br", "b"}), tags
    assert "text" in tags and "tspan" in tags


def test_a_br_in_a_label_is_a_second_line(home) -> None:
    page, _reader = home
    assert re.search(r">パスワードを</tspan><tspan [^>]*>忘れたとき</tspan>", page)
    assert re.search(r">どこで</tspan><tspan [^>]*>止まりますか？</tspan>", page)


def test_each_line_is_one_tspan_centred_by_its_text(home) -> None:
    _page, reader = home
    texts = [attrs for tag, attrs, _names in drawn(reader) if tag == "text"]
    assert texts and all(attrs.get("text-anchor") == "middle" for attrs in texts)
    for tag, attrs, names in drawn(reader):
        if tag == "tspan" and names[-1] == "text":
            assert set(attrs) <= {"x", "y"}, attrs  # Mermaid's class, dy and anchor folded away


def test_markdown_bold_keeps_its_weight(home) -> None:
    page, _reader = home
    assert re.search(r'<tspan font-weight="bold">太字</tspan>', page)


def test_nothing_a_reader_cannot_see_is_kept(home) -> None:
    """No empty <rect>, no <g> without attributes, no drop shadow or gradient nobody uses."""
    _page, reader = home
    for tag, attrs, _names in drawn(reader):
        assert not (tag == "rect" and "width" not in attrs), attrs
        assert not (tag == "g" and not attrs)
        assert tag not in ("filter", "lineargradient", "defs")


def test_linked_boxes_and_answers_are_links_of_their_own(home) -> None:
    """Each linked box and each answer leading to one is an <a>, with a hit area around its text."""
    _page, reader = home
    links = [(attrs.get("data-flowcheck-node"), attrs.get("class")) for tag, attrs, _names in drawn(reader)
             if tag == "a"]
    assert sorted(links, key=str) == sorted([("B", None), ("C", None), ("D", None), ("B", "flowcheck-answer"),
                                             ("C", "flowcheck-answer"), ("D", "flowcheck-answer")], key=str)
    hits = [attrs for tag, attrs, _names in drawn(reader) if tag == "rect" and attrs.get("class") == "flowcheck-hit"]
    assert len(hits) == 3 and all(float(hit["height"]) >= 32 for hit in hits)


class Head(HTMLParser):
    """The stylesheets and scripts a page loads, and its dialogs."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.dialogs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") == "stylesheet":
            self.stylesheets.append(found["href"] or "")
        elif tag == "script" and found.get("src"):
            self.scripts.append(found)
        elif found.get("role") == "dialog":
            self.dialogs.append(found)


@pytest.mark.parametrize("page", ["index.html", "troubleshooting/mfa/index.html", "symptoms/index.html"])
def test_the_first_screen_waits_for_one_stylesheet_of_ours_and_no_script(built_site, page) -> None:
    """Material's two stylesheets and site.css block the first paint; every script is deferred,
    search-ja.js before Material's bundle (it swaps the search worker the bundle starts); the search
    dialog has a name."""
    head = Head()
    head.feed((built_site / page).read_text(encoding="utf-8"))
    ours = [href for href in head.stylesheets if "assets/" not in href]
    assert [href.rsplit("/", 1)[-1] for href in ours] == ["site.css"]
    assert all("defer" in script for script in head.scripts), head.scripts
    names = [script["src"].rsplit("/", 1)[-1] for script in head.scripts]
    assert names[0] == "search-ja.js" and names[1].startswith("bundle.")
    assert [dialog.get("aria-label") for dialog in head.dialogs] == ["サイト内検索"]
