"""The guide's HTML: one panel a page, next to the chart the reader is answering.

The panel holds the step (the answers as buttons, a result's first lines and link) and the
records of the page's guided charts as JSON in a ``<template>``; the drawing beside it shows the
question (guide.js marks the current box, the answers taken, and makes the answer boxes answer).
Every guided chart gets a spot just before its figure (a link that starts its questions); the
panel stands after the spot of the chart it is on, at first the page's first guided chart.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping

from flowcheck import Chart, relative_url

from .records import chart_id
from .walk import guide_answers, guide_view, step_fragment

__all__ = ["GUIDE_SLOT", "POINT", "encode_records", "guide_data", "guide_panel", "guide_slot", "place_panels",
           "spot_html", "step_html", "take_slot"]

GUIDE_SLOT = '<div class="flow-guide-slot" data-chart="{index}"></div>'
#: said in the panel instead of the question when the drawing beside it shows the question
POINT = "図の太枠の質問に答えてください。"
START_LINK = "この図の質問に答えて進む"
TRAIL = "これまでの答え（選ぶとその質問に戻ります）"


def guide_slot(index: int) -> str:
    """Placeholder written into the page just before chart ``index``; replaced once every page is known."""
    return GUIDE_SLOT.format(index=index)


def take_slot(content: str, index: int) -> tuple[str, int]:
    """Remove the slot of chart ``index`` from a rendered page: (content, where it was, or -1).

    Markdown wraps a slot indented inside an admonition or a tab in ``<p>``; that goes too.
    """
    slot = guide_slot(index)
    at = content.find(slot)
    if at < 0:
        return content, -1
    start = at - 3 if at >= 3 and content.startswith("<p>", at - 3) else at
    end = at + len(slot)
    end += 4 if content.startswith("</p>", end) else 0
    return content[:start] + content[end:], start


def spot_html(index: int, start: str, here: bool) -> str:
    """The spot before a guided chart: a link to its first step (hidden while the panel is there)."""
    hidden = " hidden" if here else ""
    href = html.escape("#" + step_fragment(index, [start]))
    return (f'<p class="flow-guide-spot" data-guide-spot="{index}" data-search-exclude{hidden}>'
            f'<a href="{href}">{START_LINK}</a></p>')


def place_panels(content: str, charts: list[Chart], starts: Mapping[int, str], panel: str) -> str:
    """Every guided chart's slot replaced by its spot; the panel after the first one's."""
    for number, chart in enumerate(charts):
        content, at = take_slot(content, chart.index)
        if at < 0:
            raise ValueError(f"no place for the guide of chart {chart.index}: its slot was not found in the page")
        spot = spot_html(chart.index, starts[chart.index], here=number == 0)
        content = content[:at] + spot + (panel if number == 0 else "") + content[at:]
    return content


# --- the data ---------------------------------------------------------------------------------


def guide_data(charts: list[Chart], page_url: str, records: Mapping[str, dict]) -> dict:
    """What the page's panel carries: the records of its guided charts (``entry``: the first one,
    where the panel starts), and ``root``, which leads from the page to the site root."""
    first = charts[0]
    return {"chart": first.index, "title": first.title or first.name, "entry": chart_id(first),
            "root": relative_url("", page_url), "charts": {chart_id(c): records[chart_id(c)] for c in charts}}


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_records(records: Mapping[str, dict]) -> dict[str, str]:
    """Each chart's record as compact JSON, encoded once."""
    return {chart: _ENCODE(record) for chart, record in records.items()}


def _inert_json(data: dict, encoded: Mapping[str, str] | None = None) -> str:
    """JSON safe inside an HTML element: no ``<`` at all (so no ``</script>``, ``</template>`` or
    ``<!--``), no ``&`` (no character references) and no ``>``. The records in ``data["charts"]``
    are taken from ``encoded`` when given (the same text)."""
    if encoded is None:
        text = _ENCODE(data)
    else:
        head = _ENCODE({key: value for key, value in data.items() if key != "charts"})
        records = ",".join(f"{_ENCODE(chart)}:{encoded[chart]}" for chart in data["charts"])
        text = f'{head[:-1]},"charts":{{{records}}}}}'
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- one step, as guide.js draws it -----------------------------------------------------------


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _href(url: str, root: str) -> str:
    """A site-root URL of a record as a link from the panel's page; external URLs stay as they are."""
    return url if _SCHEME.match(url) else root + url


def _a(url: str, text: str, root: str) -> str:
    return f'<a href="{html.escape(_href(url, root))}">{html.escape(text)}</a>'


def _rich(label: str, urls: list[dict]) -> str:
    """A step's label with its URL-looking words as links (same split as guide.js)."""
    out, rest = [], label
    for link in urls:
        before, found, after = rest.partition(link["text"])
        if not found:
            continue
        out.append(html.escape(before))
        out.append(f'<a href="{html.escape(link["url"])}">{html.escape(found)}</a>')
        rest = after
    out.append(html.escape(rest))
    return "".join(out)


def _excerpt_html(link: dict) -> str:
    blocks = []
    for block in link.get("blocks", []):
        if "h" in block:
            blocks.append(f'<p class="flow-guide__excerpt-heading">{html.escape(block["h"])}</p>')
        elif "p" in block:
            blocks.append(f"<p>{html.escape(block['p'])}</p>")
        else:
            tag = "ol" if "ol" in block else "ul"
            blocks.append(f"<{tag}>" + "".join(f"<li>{html.escape(item)}</li>" for item in block[tag]) + f"</{tag}>")
    return f'<div class="flow-guide__excerpt">{"".join(blocks)}</div>' if blocks else ""


def step_html(record: Mapping, index: int, view: Mapping, root: str) -> str:
    """The panel's body for one step of chart ``index`` (the question itself is in the drawing)."""
    nodes, links = record["nodes"], record["links"]

    def hash_of(path: list[str]) -> str:
        return html.escape("#" + step_fragment(index, path))

    parts = []
    if view["trail"]:
        items = "".join(f'<li><a href="{hash_of(answer["path"])}">{html.escape(answer["answer"])}</a></li>'
                        for answer in view["trail"])
        parts.append(f'<ol class="flow-guide__trail" aria-label="{TRAIL}">{items}</ol>')
    if view["steps"]:
        items = []
        for step in view["steps"]:
            node = nodes[step]
            more = f" {_a(links[node['link']]['url'], '詳しく', root)}" if "link" in node else ""
            items.append(f"<li>{_rich(node['label'], node.get('urls', []))}{more}</li>")
        parts.append(f'<ol class="flow-guide__steps" aria-label="やること">{"".join(items)}</ol>')
    node = nodes.get(view["node"] or "", {})
    link = links[node["link"]] if "link" in node else None
    if view["kind"] == "question":
        question = html.escape(node["label"])
        buttons = "".join(
            f'<button type="button" class="md-button" data-to="{html.escape(to)}">{html.escape(text)}</button>'
            for to, text in guide_answers(record, view))
        parts.append(f'<p class="flow-guide__question" tabindex="-1"><span class="flow-guide__ask" hidden>{question}'
                     f'</span><span class="flow-guide__point">{POINT}</span></p>')
        parts.append(f'<div class="flow-guide__answers" role="group" aria-label="{question}">{buttons}</div>')
        if link:
            parts.append(f'<p class="flow-guide__more">詳しい説明: {_a(link["url"], link["title"], root)}</p>')
    elif view["kind"] == "handover":
        title = html.escape(link["title"])
        parts.append(f'<p class="flow-guide__question" tabindex="-1">続きは次の図で答えます: {title}</p>')
        parts.append('<div class="flow-guide__answers">'
                     '<button type="button" class="md-button" data-hop>次へ</button></div>')
    elif view["kind"] == "result" and link:
        parts.append(f'<p class="flow-guide__question" tabindex="-1">解決方法: {html.escape(link["title"])}</p>')
        parts.append(_excerpt_html(link))
        parts.append(f'<p class="flow-guide__read">{_a(link["url"], "続きを読む: " + link["title"], root)}</p>')
    else:
        parts.append(f'<p class="flow-guide__question" tabindex="-1">{html.escape(node.get("label", ""))}</p>')
    if view["trail"]:
        parts.append(f'<p class="flow-guide__restart"><a href="{hash_of(view["path"][:1])}">最初から</a></p>')
    return "".join(parts)


def guide_panel(data: dict, encoded: Mapping[str, str] | None = None) -> str:
    """The page's panel, on the first step of its first guided chart; guide.js takes over.

    The data is JSON in a ``<template>`` (inert; an inline ``<script>`` would be re-run as
    JavaScript by Material's instant navigation). The live region that announces each new step
    sits just after the panel, outside it.
    """
    index, record = data["chart"], data["charts"][data["entry"]]
    view = guide_view(record, [record["start"]])
    body = step_html(record, index, view, data["root"]) if view else ""
    return (
        # a region named by its title, not a <section>: a section needs a heading (Nu Html Checker)
        f'<div class="flow-guide" role="region" data-guide data-guide-chart="{index}" '
        f'data-step="{html.escape(record["start"])}" '
        'data-search-exclude aria-labelledby="flow-guide-title">'
        f'<p class="flow-guide__title" id="flow-guide-title">質問に答えて解決: {html.escape(record["title"])}</p>'
        f'<div class="flow-guide__body">{body}</div>'
        f'<template class="flow-guide__data">{_inert_json(data, encoded)}</template>'
        "</div>"
        '<p class="flow-guide__live" role="status" aria-live="polite" data-guide-live></p>'
    )
