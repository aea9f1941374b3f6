"""MkDocs hook: check every flowchart branch, rewrite click targets, write flowcheck.json.

Only wiring lives here; the logic is in the ``flowcheck`` package beside this file.
Configuration: ``extra.flowcheck`` in mkdocs.yml (see hooks/flowcheck/README.md).
"""

from __future__ import annotations

import functools
import json
import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import flowcheck

log = get_plugin_logger("flowcheck")

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    try:
        settings = flowcheck.FlowcheckConfig.from_mapping(config.extra.get("flowcheck"))
    except flowcheck.ConfigError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    _state.clear()
    _state.update(settings=settings, charts={}, report=None, doc_files=set(), guides={}, guide_records={})
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    _state["doc_files"] = {f.src_uri for f in files.documentation_pages()}
    return files


@event_priority(50)  # before other hooks and plugins read or render the fences
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files, **kwargs) -> str:
    settings: flowcheck.FlowcheckConfig = _state["settings"]
    src_uri = page.file.src_uri
    try:
        charts = flowcheck.parse_page(src_uri, markdown)
    except flowcheck.FlowchartSyntaxError as error:
        raise PluginError(str(error)) from None
    _state["charts"][src_uri] = charts
    try:
        guided = flowcheck.guided_charts(src_uri, page.meta, charts)
    except flowcheck.GuideRequestError as error:
        raise PluginError(str(error)) from None
    if not charts:
        return markdown
    doc_files = _state["doc_files"]

    @functools.cache  # each target is looked up twice: click rewrite and text version
    def url_for(written: str) -> str | None:
        """The built URL of a target written on this page (all its charts share the page)."""
        target = flowcheck.resolve_target(written, src_uri, doc_files, settings.allowed_hosts)
        if target.kind == "external":
            return target.url
        if target.kind != "page":
            return None
        if target.src_uri == src_uri and target.anchor:
            return f"#{target.anchor}"
        url = flowcheck.relative_url(files.get_file_from_path(target.src_uri).url, page.url)
        return url + (f"#{target.anchor}" if target.anchor else "")

    markdown = flowcheck.rewrite_clicks(markdown, charts, url_for)
    lines = markdown.split("\n")
    for chart in reversed(charts):  # bottom up, so earlier line numbers stay valid
        if settings.text_version:
            lines[chart.end_line:chart.end_line] = ["", flowcheck.text_version(chart, url_for), ""]
        if chart in guided:  # indented like the fence, so it stays inside an admonition or a tab
            lines[chart.line - 1:chart.line - 1] = [chart.indent + flowcheck.guide_slot(chart.index), ""]
    _state["guides"][src_uri] = guided
    return "\n".join(lines)


@event_priority(-50)  # after every page has been rendered and its anchors collected
def on_env(env: Environment, config: MkDocsConfig, files: Files, **kwargs) -> Environment:
    settings: flowcheck.FlowcheckConfig = _state["settings"]
    pages = {
        f.src_uri: flowcheck.PageInfo(
            src_uri=f.src_uri, url=f.url, title=(f.page.title if f.page else "") or "",
            anchors=set((f.page.present_anchor_ids if f.page else None) or ()),
        )
        for f in files.documentation_pages()
    }
    charts = [chart for page_charts in _state["charts"].values() for chart in page_charts]
    site = flowcheck.SiteGraph(charts=charts, pages=pages, config=settings)
    problems = flowcheck.check_site(site)
    for problem in problems:
        level = settings.rules[problem.rule]
        if level != "ignore":
            log.log(logging.WARNING if level == "warn" else logging.INFO,
                    "%s [%s]", problem.message, problem.rule)
    _state["report"] = flowcheck.build_report(site, problems)
    _add_guides(site, files, settings.start_page)
    for file in files.documentation_pages():
        if file.page and flowcheck.SITE_MAP_MARKER in (file.page.content or ""):
            file.page.content = file.page.content.replace(
                flowcheck.SITE_MAP_MARKER, flowcheck.site_map(site, file.page.url))
    config.extra["flowcheck_triage"] = flowcheck.triage_choices(site, f"{settings.troubleshooting_dir}index.md")
    return env


def _add_guides(site: flowcheck.SiteGraph, files: Files, start_page: str) -> None:
    rendered = {f.src_uri: f.page.content or "" for f in files.documentation_pages() if f.page}  # before any panel

    @functools.cache
    def title_of(src_uri: str, anchor: str) -> str:
        page = files.get_file_from_path(src_uri).page
        title, heading = page.title or "", _toc_title(page.toc, anchor) if anchor else ""
        return f"{title}: {heading}" if heading and heading != title else title

    @functools.cache
    def excerpt_of(src_uri: str, anchor: str) -> dict | None:
        return flowcheck.section_excerpt(rendered[src_uri], anchor)

    records = flowcheck.guide_records(site, title_of, excerpt_of, _state["guides"])
    _state["guide_records"] = records  # written in on_post_build
    for src_uri, guided in _state["guides"].items():
        page = files.get_file_from_path(src_uri).page
        for chart in guided:
            panel = flowcheck.guide_panel(flowcheck.guide_data(chart, page.url, records))
            content, at = flowcheck.take_slot(page.content, chart.index)
            page.content = flowcheck.place_panel(content, panel, at, lead=src_uri == start_page and chart is guided[0])


def _toc_title(items: list, anchor: str) -> str:
    for item in items:
        if item.id == anchor:
            return item.title
        found = _toc_title(item.children, anchor)
        if found:
            return found
    return ""


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    report = _state.get("report")
    if report is None:
        return
    path = Path(config.site_dir) / _state["settings"].report
    path.parent.mkdir(parents=True, exist_ok=True)
    # compact: an indented dump falls back to the pure-Python encoder, ten times slower
    path.write_text(json.dumps(report, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    # every chart's record, for guide.js to fetch when a conversation goes on into another page's chart
    path = Path(config.site_dir) / flowcheck.GUIDE_DATA
    path.write_text(json.dumps(_state["guide_records"], ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
