"""MkDocs hook: draw every chart at build time with the pinned Mermaid, check every flowchart
branch on the graph Mermaid's own parser read, inline the SVG, write flowcheck.json.

Only wiring lives here; the logic is in the ``flowcheck`` package beside this file. The guided
mode (the ``guide`` package beside it) is a feature over the checked graph: it is called from
here because only this hook holds that graph.
Configuration: ``extra.flowcheck`` in mkdocs.yml (see hooks/flowcheck/README.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import flowcheck
import guide
import pagemeta
from flowcheck.strict import WarningTally, uncounted_message

log = get_plugin_logger("flowcheck")
#: the rules' warnings, so a strict build fails on them also when MkDocs does not count them (-q)
_tally = WarningTally(log)

_state: dict[str, Any] = {}


def on_shutdown(**kwargs) -> None:
    """One browser serves every build of the process (kept across `mkdocs serve` rebuilds)."""
    flowcheck.close_renderers()


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    try:
        settings = flowcheck.FlowcheckConfig.from_mapping(config.extra.get("flowcheck"))
    except flowcheck.ConfigError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    _state.clear()
    _tally.reset()
    _state.update(settings=settings, pages={}, report=None, guides={}, guide_records={},
                  checked={}, targets={},
                  project_dir=Path(config.config_file_path or ".").resolve().parent)
    return config


def _doc_pages(files: Files) -> dict[str, File]:
    """The documentation pages by source path, as every plugin's on_files left them (read once a build)."""
    if "doc_pages" not in _state:
        _state["doc_pages"] = {f.src_uri: f for f in files.documentation_pages()}
    return _state["doc_pages"]


def _renderer() -> flowcheck.MermaidRenderer:
    """The process's renderer, looked up once a build (the browser itself starts on the first miss)."""
    if _state.get("renderer") is not None:
        return _state["renderer"]
    settings: flowcheck.FlowcheckConfig = _state["settings"]
    project_dir: Path = _state["project_dir"]
    cache = (project_dir / settings.cache_dir) if settings.cache_dir else None
    render_settings = flowcheck.RenderSettings(
        font_size=settings.readability.font_size,
        min_target=settings.readability.min_target / settings.readability.mobile_scale,
        font_family=settings.font_family,
    )
    try:
        renderer = flowcheck.shared_renderer(project_dir / settings.mermaid, cache, render_settings)
    except flowcheck.MermaidUnavailable as error:
        raise PluginError(str(error)) from None
    pinned = flowcheck.pinned_version(project_dir)
    if pinned and pinned != renderer.version:
        raise PluginError(f"node_modules has Mermaid {renderer.version}, but package.json pins {pinned}: "
                          "run 'npm ci' (or 'make install').")
    _state["renderer"] = renderer
    return renderer


@event_priority(50)  # before the search plugin and other hooks read the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files, **kwargs) -> str:
    settings: flowcheck.FlowcheckConfig = _state["settings"]
    src_uri = page.file.src_uri
    if not flowcheck.has_charts(html):
        _state["pages"][src_uri] = flowcheck.PageCharts(src_uri)
        stray = flowcheck.stray_mermaid(html)
        if stray is not None:  # an element Material would draw with Mermaid from a CDN, unchecked
            line = flowcheck.stray_line(page.file.content_string, set())
            raise PluginError(flowcheck.stray_message(src_uri, stray, line))
        try:
            guide.guided_charts(src_uri, page.meta, [])
        except guide.GuideRequestError as error:
            raise PluginError(_on_its_line(str(error), page)) from None
        return html
    file_text = page.file.content_string  # for line numbers: the file as written, front matter included
    renderer = _renderer()
    try:
        found = flowcheck.read_page(src_uri, html, file_text, renderer.render)
    except flowcheck.MermaidUnavailable as error:
        raise PluginError(str(error)) from None
    _state["pages"][src_uri] = found
    doc_pages = _doc_pages(files)
    checked: set[str] = _state["checked"].setdefault(src_uri, set())

    urls: dict[str, str | None] = {}  # each target written on the page, resolved once

    def url_for(written: str) -> str | None:
        """The built URL of a target written on this page, relative to it (None: the checks report it)."""
        if written in urls:
            return urls[written]
        target = flowcheck.resolve_target(written, src_uri, doc_pages.keys(), settings.allowed_hosts)
        _state["targets"][(src_uri, written)] = target  # the checks read the same resolution
        if target.kind == "external":
            url = target.url
        elif target.kind != "page":
            url = None
        elif target.src_uri == src_uri and target.anchor:
            url = f"#{target.anchor}"
        else:
            url = flowcheck.relative_url(doc_pages[target.src_uri].url, page.url)
            url += f"#{target.anchor}" if target.anchor else ""
        if url is not None:
            checked.add(url)
        urls[written] = url
        return url

    try:
        html = flowcheck.draw_page(html, found, url_for, settings.readability, settings.text_version, file_text)
        guided = guide.guided_charts(src_uri, page.meta, [c for c in found.charts if c])
    except flowcheck.ChecksFailed as error:
        raise PluginError(str(error)) from None
    except guide.GuideRequestError as error:
        raise PluginError(_on_its_line(str(error), page)) from None
    _state["guides"][src_uri] = guided
    for chart in guided:  # the panel goes just before its chart, inside an admonition or a tab too
        html = flowcheck.insert_before_chart(html, chart.index, guide.guide_slot(chart.index))
    _verify_links(src_uri, flowcheck.generated_fragments(html), checked)  # draw_page checked each drawing
    return html


def _on_its_line(message: str, page: Page) -> str:
    """A front-matter message ("Doc file 'a.md': front matter guide: 2 …") on the line of its key."""
    key = "guide_reason" if message.startswith(f"Doc file '{page.file.src_uri}': front matter has 'guide_reason'") \
        else "guide"
    line = pagemeta.front_matter_lines(page.file.content_string).get(key)
    prefix = f"Doc file '{page.file.src_uri}':"
    return message.replace(prefix, f"Doc file '{page.file.src_uri}' line {line}:", 1) if line else message


def _verify_links(src_uri: str, fragments: list[str], checked: set[str]) -> None:
    """Checked = shown: every href the hook wrote around the drawings (text versions) is one the build checked."""
    for fragment in fragments:
        for href in flowcheck.hrefs_in(fragment):
            if href not in checked:
                raise PluginError(f"Doc file '{src_uri}': the chart links to '{href}', which the build did not "
                                  "check. This is a flowcheck bug; please report it.")


@event_priority(-50)  # after every page has been rendered and its anchors collected
def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    settings: flowcheck.FlowcheckConfig = _state["settings"]
    pages = {
        f.src_uri: flowcheck.PageInfo(
            src_uri=f.src_uri, url=f.url, title=(f.page.title if f.page else "") or "",
            anchors=set((f.page.present_anchor_ids if f.page else None) or ()),
            hides_toc="toc" in ((f.page.meta.get("hide") or []) if f.page else []),
        )
        for f in files.documentation_pages()
    }
    found_pages: dict[str, flowcheck.PageCharts] = _state["pages"]
    charts = [chart for found in found_pages.values() for chart in found.charts if chart is not None]
    rendered = {f.src_uri: f.page.content or "" for f in files.documentation_pages() if f.page}

    @functools.cache
    def charts_in(src_uri: str, anchor: str) -> list[int]:
        return flowcheck.charts_in_section(rendered.get(src_uri, ""), anchor)

    site = flowcheck.SiteGraph(charts=charts, pages=pages, config=settings, targets=_state["targets"],
                               found=[p for found in found_pages.values() for p in found.problems],
                               charts_in=charts_in)
    problems = flowcheck.check_site(site)
    for problem in problems:
        level = settings.rules[problem.rule]
        if level == "warn":
            _tally.warning(f"{problem.message} [{problem.rule}]")
        elif level == "info":
            log.info("%s [%s]", problem.message, problem.rule)
    _state["report"] = flowcheck.build_report(site, problems)
    title_of = _add_guides(site, files)
    for file in files.documentation_pages():
        if file.page and flowcheck.SITE_MAP_MARKER in (file.page.content or ""):
            file.page.content = file.page.content.replace(
                flowcheck.SITE_MAP_MARKER, flowcheck.site_map(site, file.page.url, title_of))
    triage = guide.triage_choices(site, f"{settings.troubleshooting_dir}index.md")
    config.extra["flowcheck_triage"] = triage
    unchecked = flowcheck.unchecked_links(_state["guide_records"], triage, flowcheck.checked_site_urls(site))
    if unchecked:  # checked = shown, for the guide and the 404 page too
        raise PluginError(f"The guide or the 404 page links to {', '.join(unchecked)}, which the build did not "
                          "check. This is a flowcheck bug; please report it.")
    return env


def _add_guides(site: flowcheck.SiteGraph, files: Files) -> Callable[[str, str], str]:
    """One panel a page with guided charts, carrying their records (see the guide package); gives back
    how links are named (the site map names them so too)."""
    rendered = {f.src_uri: f.page.content or "" for f in files.documentation_pages() if f.page}  # before any panel

    @functools.cache
    def title_of(src_uri: str, anchor: str) -> str:
        page = _doc_pages(files)[src_uri].page
        title, heading = page.title or "", _toc_title(page.toc, anchor) if anchor else ""
        return f"{title}: {heading}" if heading and heading != title else title

    @functools.cache
    def excerpt_of(src_uri: str, anchor: str) -> dict | None:
        return guide.section_excerpt(rendered[src_uri], anchor)

    @functools.cache
    def sections_of(src_uri: str) -> dict[int, str]:
        return guide.chart_sections(rendered[src_uri])

    guided = {src_uri: charts for src_uri, charts in _state["guides"].items() if charts}
    records = _state["guide_records"] = guide.guide_records(site, title_of, excerpt_of, guided, sections_of)
    encoded = guide.encode_records(records)
    for src_uri, charts in guided.items():
        page = _doc_pages(files)[src_uri].page
        panel = guide.guide_panel(guide.guide_data(charts, page.url, records), encoded)
        starts = {chart.index: guide.chart_start(chart) for chart in charts}
        page.content = guide.place_panels(page.content, charts, starts, panel)
    return title_of


def _toc_title(items: list, anchor: str) -> str:
    for item in items:
        if item.id == anchor:
            return item.title
        found = _toc_title(item.children, anchor)
        if found:
            return found
    return ""


@event_priority(-100)  # after the search plugin and the other hooks have read the page
def on_page_context(context: dict[str, Any], page: Page, **kwargs) -> dict[str, Any]:
    """The drawn charts join the page just before its template is rendered: into the page's own
    HTML, not into the whole written page (with the navigation, ten times longer)."""
    found = _state["pages"].get(page.file.src_uri)
    if found is not None and found.svgs:
        page.content = flowcheck.put_svgs(page.content, found.svgs)
    return context


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    report = _state.get("report")
    if report is not None:
        _write_report(config, report)
    message = uncounted_message("flowcheck", _tally.messages, _tally.uncounted)
    if config.strict and message:  # MkDocs did not count them (-q, a host's logging): the build ends here
        raise Abort(message)


def _write_report(config: MkDocsConfig, report: str) -> None:
    path = Path(config.site_dir) / _state["settings"].report
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report, encoding="utf-8")
