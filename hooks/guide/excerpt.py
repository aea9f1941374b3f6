"""Section excerpts: the first lines of what to do under a heading of a rendered page.

The page's HTML (what Markdown rendered, well-formed) is read with the standard library's
:class:`html.parser.HTMLParser` into a light tree; only the part from the heading to the next one
of its level is parsed (:func:`_slice`), so an excerpt costs little even on a long page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["section_excerpt"]


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADING = re.compile(r"h([1-6])")
#: blocks that are not "what to do": code, tables, collapsed notes, admonitions, charts, guides
_SKIP_TAGS = {"pre", "table", "details", "script", "style", "figure", "section", "form", "nav", "hr", "svg",
              "img", "iframe", "noscript", "template", "button", "input", "label"}
_SKIP_CLASSES = {"admonition", "flow-guide-slot", "flow-guide-spot", "flow-guide", "flow-guide__live", "mermaid",
                 "tabbed-labels", "headerlink", "flow-text"}


class _TreeBuilder(HTMLParser):
    """Elements, their attributes and text (character references decoded); comments dropped.
    A closing tag closes the nearest open element of its name, and those opened inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse(content: str) -> _Element:
    """A light tree of rendered Markdown (see :class:`_TreeBuilder`)."""
    builder = _TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def _find(parent: _Element, anchor: str) -> tuple[_Element, int] | None:
    """The element with ``id == anchor`` as (its parent, its position there)."""
    for position, child in enumerate(parent.children):
        if isinstance(child, str):
            continue
        if child.attrs.get("id") == anchor:
            return parent, position
        found = _find(child, anchor)
        if found:
            return found
    return None


def _level(node: _Element | str) -> int | None:
    if isinstance(node, str):
        return None
    match = _HEADING.fullmatch(node.tag)
    return int(match.group(1)) if match else None


def _section(root: _Element, anchor: str) -> list[_Element | str] | None:
    """The blocks under the element ``anchor`` names (the whole page after its ``<h1>`` if empty)."""
    if not anchor:
        h1 = next((i for i, child in enumerate(root.children) if _level(child) == 1), None)
        return root.children[h1 + 1:] if h1 is not None else root.children
    found = _find(root, anchor)
    if found is None:
        return None
    parent, position = found
    level = _level(parent.children[position])
    if level is None:  # an id on a paragraph or list item: it, then on to the next heading
        level = 7
        blocks = [parent.children[position]]
    else:
        blocks = []
    for sibling in parent.children[position + 1:]:
        sibling_level = _level(sibling)
        if sibling_level is not None and sibling_level <= min(level, 6):
            break
        blocks.append(sibling)
    return blocks


def _text(node: _Element | str, *, skip_lists: bool = False) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return "\n"
    if node.classes() & _SKIP_CLASSES or (skip_lists and node.tag in ("ul", "ol")):
        return ""
    return "".join(_text(child, skip_lists=skip_lists) for child in node.children)


def _clean(text: str) -> str:
    """Join lines the way a reader sees them: no space between Japanese characters."""
    text = re.sub(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _units(blocks: list[_Element | str]):
    """Readable units in order: ('p', text), ('h', text) or (list tag, [item texts])."""
    for block in blocks:
        if isinstance(block, str) or block.tag in _SKIP_TAGS or block.classes() & _SKIP_CLASSES \
                or "data-guide" in block.attrs:
            continue
        if _level(block):
            yield "h", _clean(_text(block))
        elif block.tag in ("p", "li", "dd", "dt"):
            yield "p", _clean(_text(block, skip_lists=True))
        elif block.tag in ("ol", "ul"):
            items = [_clean(_text(li, skip_lists=True)) for li in block.children
                     if not isinstance(li, str) and li.tag == "li"]
            yield block.tag, [item for item in items if item]
        elif "tabbed-set" in block.classes():
            content = next((c for c in block.children if not isinstance(c, str) and "tabbed-content" in c.classes()),
                           None)
            first = next((c for c in content.children if not isinstance(c, str)), None) if content else None
            if first is not None:
                yield from _units(first.children)
        else:  # a plain container (md_in_html, a tab block, a definition list)
            yield from _units(block.children)


def _clip(text: str, room: int) -> tuple[str, bool]:
    """``text`` cut to ``room`` characters, at the end of a sentence when one is near."""
    if len(text) <= room:
        return text, False
    cut = text.rfind("。", 0, room)
    if cut >= room // 2:
        return text[:cut + 1], True
    return text[:room].rstrip() + "…", True


#: an element with an id (one static pattern: one per anchor would be compiled anew for each)
_ELEMENT_ID = re.compile(r"""<([A-Za-z][\w-]*)\b[^>]*\sid=["']([^"']*)["']""")


def _slice(content: str, anchor: str) -> str | None:
    """The part of the page an excerpt can come from, found without parsing the whole page: from
    the element ``anchor`` names to the next heading of its level or higher (any heading, for an
    element that is not one); with no anchor, everything after the ``<h1>``."""
    if not anchor:
        h1 = re.search(r"</h1\s*>", content)
        return content[h1.end():] if h1 else content
    found = next((m for m in _ELEMENT_ID.finditer(content) if m.group(2) == anchor), None)
    if found is None:
        return None
    heading = _HEADING.fullmatch(found.group(1).lower())
    level = int(heading.group(1)) if heading else 6
    end = re.compile(rf"<h[1-{level}][\s>]").search(content, found.end())
    return content[found.start():end.start() if end else len(content)]


def section_excerpt(content: str, anchor: str = "", max_chars: int = 240, max_items: int = 4) -> dict | None:
    """The first lines of what to do under the element ``anchor`` names in a page's HTML.

    ``content`` is the rendered page (Markdown's HTML); with ``anchor`` empty, the page from its
    ``<h1>`` on. Paragraphs, list items and sub-headings are kept as plain text (at most
    ``max_items`` of them and about ``max_chars`` characters); code, tables, admonitions, collapsed
    notes and charts are left out. Returns ``{"blocks": [...], "more": bool}`` with blocks
    ``{"p": text}``, ``{"h": text}``, ``{"ol": [items]}`` or ``{"ul": [items]}``, or ``None`` when
    the page has no element with that id.
    """
    part = _slice(content, anchor)
    section = _section(_parse(part), anchor) if part is not None else None
    if section is None:
        return None
    blocks: list[dict] = []
    used = items = 0
    more = False
    for kind, value in _units(section):
        if not value:
            continue
        if used >= max_chars or items >= max_items:
            more = True
            break
        if kind == "h":
            if blocks and "h" in blocks[-1]:  # the previous heading had nothing under it
                blocks.pop()
                items -= 1
            blocks.append({"h": value})
            items += 1
            continue
        texts = [value] if kind == "p" else value
        kept = []
        for text in texts:
            if used >= max_chars or items >= max_items:
                more = True
                break
            text, clipped = _clip(text, max(max_chars - used, 1))
            if clipped and not text.endswith("。") and (kept or blocks):
                more = True  # rather no item than half of one
                break
            more = more or clipped
            kept.append(text)
            used += len(text)
            items += 1
        if kept:
            blocks.append({"p": kept[0]} if kind == "p" else {kind: kept})
        if more:
            break
    while blocks and "h" in blocks[-1]:  # a heading with nothing under it is no excerpt
        blocks.pop()
        more = True
    return {"blocks": blocks, "more": more}
