"""MkDocs hook: check every flowchart branch, rewrite click targets, write flowcheck.json.

Only wiring lives here; the logic is in the ``flowcheck`` package beside this file.
Configuration: ``extra.flowcheck`` in mkdocs.yml (see hooks/flowcheck/README.md).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

import flowcheck

log = get_plugin_logger("flowcheck")

_state: dict[str, Any] = {}


def on_config(config, **kwargs):
    try:
        settings = flowcheck.FlowcheckConfig.from_mapping(config.extra.get("flowcheck"))
    except flowcheck.ConfigError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    _state.clear()
    _state.update(settings=settings, charts={}, report=None)
    return config


@event_priority(50)  # before other hooks and plugins read or render the fences
def on_page_markdown(markdown, page, config, files, **kwargs):
    settings: flowcheck.FlowcheckConfig = _state["settings"]
    src_uri = page.file.src_uri
    try:
        charts = flowcheck.parse_page(src_uri, markdown)
    except flowcheck.FlowchartSyntaxError as error:
        raise PluginError(str(error)) from None
    _state["charts"][src_uri] = charts
    if not charts:
        return markdown
    doc_files = {f.src_uri for f in files.documentation_pages()}

    def url_for(written: str, chart_src: str) -> str | None:
        target = flowcheck.resolve_target(written, chart_src, doc_files, settings.allowed_hosts)
        if target.kind != "page":
            return None
        url = flowcheck.relative_url(files.get_file_from_path(target.src_uri).url, page.url)
        return url + (f"#{target.anchor}" if target.anchor else "")

    markdown = flowcheck.rewrite_clicks(markdown, charts, url_for)
    if settings.text_version:
        lines = markdown.split("\n")
        for chart in reversed(charts):
            lines[chart.end_line:chart.end_line] = ["", flowcheck.text_version(chart), ""]
        markdown = "\n".join(lines)
    return markdown


@event_priority(-50)  # after every page has been rendered and its anchors collected
def on_env(env, config, files, **kwargs):
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
    return env


def on_post_build(config, **kwargs):
    report = _state.get("report")
    if report is None:
        return
    path = Path(config.site_dir) / _state["settings"].report
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
