"""Charts in a rendered page: find them in the HTML Markdown produced, draw them, put them back.

Charts are taken from what Markdown actually rendered (``pymdownx.superfences`` writes a mermaid
fence as ``<pre class="mermaid"><code>…</code></pre>``, escaped), so a chart inside an HTML
comment or an indented code block is not a chart. Each one is replaced by its inline SVG, whose
links are written here for the page they land on, and by the text version of the same graph.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .checks import Problem, Readability
from .graph import Chart, ChartSource, chart_from_mermaid, find_chart_sources
from .mermaid import RenderResult
from .render import text_version

__all__ = ["ChecksFailed", "PageCharts", "chart_under_heading", "charts_in_section", "draw_page",
           "generated_fragments", "has_charts", "hrefs_in", "insert_before_chart", "put_svgs", "read_page",
           "stray_line", "stray_message", "stray_mermaid"]

#: what superfences writes for a mermaid fence (pymdownx.superfences.fence_code_format); an HTML
#: comment is matched too, so a chart inside one (superfences renders fences before Markdown sees
#: the comment) is passed over: readers never see it
_CHART_BLOCK = re.compile(r'<!--.*?-->|<pre(?P<attrs>\s[^>]*)?><code>(?P<code>.*?)</code></pre>', re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_NODE_LINK = re.compile(r'<a (?P<before>[^>]*?)data-flowcheck-node="(?P<node>[^"]*)"')
#: a start tag and its attributes (a quoted value may hold '>'); text, where '<' is escaped, never matches
_START_TAG = re.compile(r"""<[A-Za-z][^\s/>]*(?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTRIBUTE = re.compile(r"""\s([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_LINE_IN_ERROR = re.compile(r"\bon line (\d+)")
_GENERATED = re.compile(r'<figure class="flow-figure[ "].*?</figure>|<details class="abstract flow-text">.*?</details>',
                        re.DOTALL)


def _chart_blocks(page_html: str) -> Iterator[re.Match[str]]:
    """Each chart block superfences wrote (``<pre class="mermaid"><code>``, whatever other classes,
    id or attributes a fence added: ```` ```mermaid {.wide #id} ````, ```` ``` {.mermaid} ````), and
    each HTML comment (a chart inside one is passed over: readers never see it)."""
    for match in _CHART_BLOCK.finditer(page_html):
        if match["code"] is None or _has_mermaid_class(match["attrs"] or ""):
            yield match


def _has_mermaid_class(attributes: str) -> bool:
    return any(name.lower() == "class" and "mermaid" in (double or single or bare).split()
               for name, double, single, bare in _ATTRIBUTE.findall(attributes))


def _id_of(attributes: str) -> str:
    return next((html.unescape(double or single or bare) for name, double, single, bare
                 in _ATTRIBUTE.findall(attributes) if name.lower() == "id"), "")


def has_charts(page_html: str) -> bool:
    """Whether Markdown wrote a chart block into the page."""
    return "mermaid" in page_html and any(m["code"] is not None for m in _chart_blocks(page_html))


def stray_mermaid(page_html: str) -> str | None:
    """The start tag of an element with class 'mermaid' that is no chart block the hook draws (a
    highlighted ``{.python .mermaid}`` fence, raw HTML), outside comments; Material would fetch
    Mermaid from a CDN and draw it unchecked in the reader's browser."""
    if "mermaid" not in page_html.lower():
        return None
    text = _COMMENT.sub("", page_html)
    for tag in _START_TAG.finditer(text):
        if "mermaid" in tag.group(0).lower() and any(
                name.lower() == "class" and "mermaid" in (double or single or bare).lower().split()
                for name, double, single, bare in _ATTRIBUTE.findall(tag.group(0))):
            return tag.group(0)
    return None


def stray_line(file_text: str, drawn: set[int]) -> int:
    """The line of the file that most likely wrote a stray 'mermaid' element: a fence or an HTML
    tag naming the class, other than the fences drawn (``drawn``: their opening lines); 0 if none."""
    for number, line in enumerate(file_text.split("\n"), start=1):
        if number in drawn or "mermaid" not in line.lower():
            continue
        if _FENCE_WITH_INFO.match(line) or re.search(r"class\s*=", line, re.IGNORECASE):
            return number
    return 0


_FENCE_WITH_INFO = re.compile(r"^\s*(?:>\s*)*(?:`{3,}|~{3,}).*mermaid", re.IGNORECASE)


def stray_message(src_uri: str, tag: str, line: int) -> str:
    where = f"Doc file '{src_uri}' line {line}" if line else f"Doc file '{src_uri}'"
    return (f"{where}: an element with class 'mermaid' ({tag[:80]}) is left in the page, and the build does not "
            "draw or check it; Material would load Mermaid from a CDN to draw it. Write charts as ```mermaid "
            "fences (extra classes and ids are fine: ```mermaid {.wide}), and give code blocks another class.")


class ChecksFailed(RuntimeError):
    """The page would show a link the build did not check (a bug in the hook, never content)."""


@dataclass
class PageCharts:
    """Every chart of one page: its graph (flowcharts), what Mermaid drew, and the problems."""

    src_uri: str
    blocks: list[tuple[ChartSource, RenderResult]] = field(default_factory=list)
    charts: list[Chart | None] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: each drawn SVG, by the placeholder that stands for it in the page until the page is written
    svgs: dict[str, str] = field(default_factory=dict)


def read_page(
    src_uri: str, page_html: str, file_text: str, render: Callable[[str], RenderResult]
) -> PageCharts:
    """Draw every chart of a rendered page and read its graph; problems are collected, not raised."""
    texts = [html.unescape(match["code"]) for match in _chart_blocks(page_html) if match["code"] is not None]
    found = PageCharts(src_uri)
    flowcharts = 0
    for source in find_chart_sources(file_text, texts):
        result = render(source.text)
        chart = None
        if result.error is None and result.graph is not None:
            try:
                chart = chart_from_mermaid(src_uri, flowcharts + 1, source, result)
                flowcharts += 1
            except Exception as error:  # noqa: BLE001 - any chart the build cannot read is told, with its line
                result = RenderResult(error=f"the build cannot read the graph Mermaid gave "
                                            f"({type(error).__name__}: {str(error)[:200]})")
        found.blocks.append((source, result))
        if result.error is not None:
            found.problems.append(_mermaid_error(src_uri, source, result.error, result.error_line))
        elif result.foreign_links:
            found.problems.append(Problem(
                "diagram_links", src_uri, source.line,
                f"Doc file '{src_uri}' line {source.line}: this {_kind(result.type)} diagram has links, which the "
                "build cannot check. Only flowcharts may link (with click lines); remove the links or draw a "
                "flowchart.",
            ))
        if chart is not None and result.unsafe:
            chart.width, chart.targets = 0.0, []  # never drawn (see draw_page): nothing to measure
        told = chart is not None and any(issue.rule == "label_html" for issue in chart.issues)
        if result.error is None and result.unsafe and not told:
            parts = ", ".join(dict.fromkeys(result.unsafe))
            found.problems.append(Problem(
                "label_html", src_uri, source.line,
                f"Doc file '{src_uri}' line {source.line}: Mermaid drew {parts} from the chart text; a chart shows "
                "its drawing and its links only. Write labels as plain text ('<br>' breaks a line).",
            ))
        found.charts.append(chart)
    return found


#: Mermaid's limits, told as what the author can do about them (the limits themselves are set
#: by the build, not by the chart)
_LIMITS = (
    (re.compile(r"Edge limit exceeded\. (?P<found>\d+) edges found, but the limit is (?P<limit>\d+)"),
     "it has more than {limit} edges, Mermaid's limit"),
    (re.compile(r"Maximum text size in diagram exceeded \((?P<found>\d+) characters; the limit is (?P<limit>\d+)\)"),
     "its text is {found} characters long, over Mermaid's limit of {limit}"),
)


def _kind(diagram_type: str) -> str:
    """Mermaid's diagram type as a reader names it: 'classDiagram' and 'stateDiagram-v2' are 'class', 'state'."""
    return re.sub(r"(?:Diagram)?(?:-v\d+)?$", "", diagram_type) or diagram_type


def _mermaid_error(src_uri: str, source: ChartSource, error: str, error_line: int | None = None) -> Problem:
    """Mermaid's parse error ("Parse error on line N: … Expecting …") on the file's own line
    (``error_line``: Mermaid's line N as a line of the chart as written, comments counted)."""
    parts = [part.strip() for part in error.strip().split("\n") if part.strip()]
    inside = _LINE_IN_ERROR.search(parts[0]) if parts else None
    if inside and error_line:
        inside = re.match(r"(\d+)", str(error_line))
    limit = next(((match, told) for pattern, told in _LIMITS if (match := pattern.search(error))), None)
    if limit is not None:
        match, told = limit
        line = source.line
        what = (f"cannot draw the chart: {told.format(**match.groupdict())}. Split it into smaller charts "
                "that hand over to one another.")
    elif inside and source.line and int(inside.group(1)) < len(source.lines):
        number = int(inside.group(1))
        line = source.line + number
        what = f"cannot read the chart at '{source.lines[number].strip()}': {parts[-1]}"
    else:
        line = source.line
        what = "cannot draw the chart: " + " ".join(" ".join(parts).split())
    return Problem("mermaid", src_uri, line, f"Doc file '{src_uri}' line {line}: Mermaid {what}")


def draw_page(
    page_html: str, found: PageCharts, url_for: Callable[[str], str | None], sizes: Readability,
    text_versions: bool = True, file_text: str = "",
) -> str:
    """The page with each chart replaced by its inline SVG (and text version)."""
    figures = iter(zip(found.blocks, found.charts, strict=True))

    def replace(match: re.Match[str]) -> str:
        if match["code"] is None or not _has_mermaid_class(match["attrs"] or ""):
            return match.group(0)  # an HTML comment, or a code block of another kind
        (source, result), chart = next(figures)
        if result.error is not None or result.unsafe or result.foreign_links:
            # refused above: shown as the source it is, never drawn
            return f'<pre class="flowchart-error"><code>{match["code"]}</code></pre>'
        figure = _figure(found, result, chart, url_for, sizes)
        given = _id_of(match["attrs"] or "")
        if given:  # ```mermaid {#id}: links to the chart keep working
            figure = figure.replace(" data-search-exclude>", f' data-search-exclude id="{html.escape(given)}">', 1)
        return figure + (
            text_version(chart, url_for) if chart is not None and text_versions else "")

    lines = {source.line for source, _result in found.blocks if source is not None}
    drawn = _CHART_BLOCK.sub(replace, page_html)
    # drawn: the SVGs wait in ``svgs``; Mermaid's readings (hundreds of small objects a chart) can go
    found.blocks.clear()
    stray = stray_mermaid(drawn)
    if stray is not None:
        raise ChecksFailed(stray_message(found.src_uri, stray, stray_line(file_text, lines) if file_text else 0))
    return drawn


def _figure(found: PageCharts, result: RenderResult, chart: Chart | None,
            url_for: Callable[[str], str | None], sizes: Readability) -> str:
    written: list[str] = []  # each one resolved and checked by url_for

    def link(match: re.Match[str]) -> str:
        node_id = html.unescape(match["node"])
        click = chart.click_for(node_id) if chart is not None else None
        url = url_for(click.target) if click is not None else None
        if url is None:
            return match.group(0)
        written.append(url)
        # xlink:href, not href: with instant navigation Material rewrites every [href] element's
        # .href property, which an SVG <a> has only as a getter (the assignment throws)
        return f'<a xlink:href="{html.escape(url)}" {match["before"]}data-flowcheck-node="{match["node"]}"'

    svg = _NODE_LINK.sub(link, result.svg)
    _assert_links_checked(found.src_uri, svg, written)
    width = result.width
    # rounded up: a chart drawn a fraction of a pixel narrower would put its labels under the minimum
    style = f"width:100%;max-width:{math.ceil(width)}px;min-width:{math.ceil(width * sizes.mobile_scale)}px"
    svg = svg.replace("<svg ", f'<svg style="{style}" ', 1)
    title = html.escape(chart.title if chart is not None else "")
    label = f"図: {title}" if title else "図"
    # on a phone a chart narrower than this fits the column; a wider one scrolls in its own box
    wide = " flow-figure--scrolls" if width * sizes.mobile_scale > sizes.mobile_width else ""
    hint = ('<figcaption class="flow-figure__hint">図は横にスクロールできます</figcaption>' if wide else "")
    flowchart = f' data-flowchart="{chart.index}"' if chart is not None else ""
    # the SVG joins the page just before its template is rendered (put_svgs): the search index,
    # the other hooks and the guide's excerpts read the page without tens of kilobytes of drawing each
    placeholder = f"<!--flowcheck-svg:{len(found.svgs)}-->"
    found.svgs[placeholder] = svg
    return (f'<figure class="flow-figure{wide}"{flowchart} data-search-exclude>'
            f'<div class="flow-figure__scroll" role="group" aria-label="{label}">{placeholder}</div>{hint}</figure>')


def _assert_links_checked(src_uri: str, svg: str, written: list[str]) -> None:
    """Checked = shown for a drawing: its only links are the ones just written. Counting 'href' in
    any ASCII case (as HTML reads attribute names) settles it at once; a label or URL that holds
    the word itself gets the full reading."""
    if svg.encode("utf-8").lower().count(b"href") == len(written):
        return
    unchecked = sorted(set(hrefs_in(svg)) - set(written))
    if unchecked:
        raise ChecksFailed(f"Doc file '{src_uri}': the drawn chart links to '{unchecked[0]}', which the build did "
                           "not check. This is a flowcheck bug; please report it.")


def put_svgs(page_html: str, svgs: dict[str, str]) -> str:
    """The page's HTML with every drawn SVG in its place."""
    for placeholder, svg in svgs.items():
        page_html = page_html.replace(placeholder, svg, 1)
    return page_html


# static patterns, the wanted number or id compared after: a pattern per chart or heading would be
# compiled anew for each one (Python keeps only the last few hundred)
_FIGURE = re.compile(r'<figure class="flow-figure[^"]*" data-flowchart="(\d+)"')
_HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]*)"')
_ANY_HEADING = re.compile(r"<h[1-6][\s>]")


def insert_before_chart(page_html: str, index: int, fragment: str) -> str:
    """``fragment`` inserted just before the page's ``index``-th flowchart (its figure)."""
    match = next((m for m in _FIGURE.finditer(page_html) if m.group(1) == str(index)), None)
    if match is None:
        return page_html + fragment
    return page_html[:match.start()] + fragment + page_html[match.start():]


def chart_under_heading(page_html: str, anchor: str) -> int | None:
    """The number of the flowchart that stands in the section of the heading ``anchor`` (before
    the next heading), or None."""
    heading = next((m for m in _HEADING_ID.finditer(page_html) if m.group(1) == anchor), None)
    if heading is None:
        return None
    next_heading = _ANY_HEADING.search(page_html, heading.end())
    figure = _FIGURE.search(page_html, heading.end(), next_heading.start() if next_heading else len(page_html))
    return int(figure.group(1)) if figure else None


_HEADING_LEVEL = re.compile(r"<h([1-6])(?=[\s>])([^>]*)>")
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')


def charts_in_section(page_html: str, anchor: str) -> list[int]:
    """The numbers of the flowcharts in the section of the heading ``anchor``, its subsections
    included (up to the next heading of the same or a higher level); [] without such a heading."""
    headings = [(m.start(), int(m.group(1)), _ID_ATTRIBUTE.search(m.group(2)))
                for m in _HEADING_LEVEL.finditer(page_html)]
    for k, (start, level, id_match) in enumerate(headings):
        if id_match and id_match.group(1) == anchor:
            end = next((at for at, other, _ in headings[k + 1:] if other <= level), len(page_html))
            return [int(m.group(1)) for m in _FIGURE.finditer(page_html, start, end)]
    return []


def generated_fragments(page_html: str) -> list[str]:
    """The HTML the hook wrote into a page: each drawn chart and each text version."""
    return _GENERATED.findall(page_html)


_HREF_ATTRIBUTE = re.compile(r"\s(?:xlink:)?href\s*=", re.IGNORECASE)


def _href_attributes(fragment: str) -> Iterator[re.Match[str]]:
    """Each ' href=' and ' xlink:href=' (in any case), in order. A drawn chart is tens of
    kilobytes: finding the literal is many times faster than scanning with the pattern."""
    # attribute names ignore ASCII case only, as bytes.lower() does: when every 'href' in any case
    # is a lower-case one (always, in what the build writes), str.find sees them all
    if fragment.encode("utf-8").lower().count(b"href") != fragment.count("href"):
        yield from _HREF_ATTRIBUTE.finditer(fragment)
        return
    at = fragment.find("href")
    while at >= 0:
        found = _HREF_ATTRIBUTE.match(fragment, at - 1) if at >= 1 else None
        if found is None and at >= 7:
            found = _HREF_ATTRIBUTE.match(fragment, at - 7)  # ' xlink:href'
        if found is not None:
            yield found
        at = fragment.find("href", at + 4)


def hrefs_in(fragment: str) -> list[str]:
    """Every href (and xlink:href) on an element of an HTML fragment, unescaped; text is passed over."""
    tags: dict[int, str] = {}
    for found in _href_attributes(fragment):  # only the tags that may hold one are read
        start = fragment.rfind("<", 0, found.start())
        tag = _START_TAG.match(fragment, start) if start >= 0 else None
        if tag is None:
            tags = dict(enumerate(_START_TAG.findall(fragment)))  # unusual markup: read every tag
            break
        if tag.end() > found.start():  # else the text after a tag, not an attribute
            tags[start] = tag.group(0)
    return [
        html.unescape(double or single or bare)
        for tag in tags.values()
        for name, double, single, bare in _ATTRIBUTE.findall(tag)
        if name.lower() in ("href", "xlink:href")
    ]
