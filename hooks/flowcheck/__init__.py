"""flowcheck: draw the site's Mermaid charts at build time and check every flowchart branch.

Plain Python with no MkDocs imports; ``hooks/flowcheck_hook.py`` wires it to MkDocs events.
"""

from .checks import (
    RULES,
    ConfigError,
    FlowcheckConfig,
    PageInfo,
    Problem,
    Readability,
    SiteGraph,
    check_site,
    start_nodes,
)
from .graph import Chart, ChartSource, Click, Edge, Node, chart_from_mermaid, find_chart_sources, label_text
from .mermaid import (
    MermaidRenderer,
    MermaidUnavailable,
    RenderResult,
    RenderSettings,
    close_renderers,
    pinned_version,
    shared_renderer,
)
from .pages import (
    ChecksFailed,
    PageCharts,
    chart_under_heading,
    charts_in_section,
    draw_page,
    generated_fragments,
    has_charts,
    hrefs_in,
    insert_before_chart,
    put_svgs,
    read_page,
    stray_line,
    stray_mermaid,
    stray_message,
)
from .render import (
    SITE_MAP_MARKER,
    build_report,
    checked_site_urls,
    latest_report,
    site_map,
    text_version,
    unchecked_links,
)
from .targets import Target, host_allowed, relative_url, resolve_target

__all__ = [
    "Chart", "ChartSource", "ChecksFailed", "Click", "ConfigError", "Edge", "FlowcheckConfig",
    "MermaidRenderer", "MermaidUnavailable", "Node", "PageCharts", "PageInfo", "Problem",
    "RULES", "Readability", "RenderResult", "RenderSettings", "SITE_MAP_MARKER", "SiteGraph", "Target",
    "build_report", "chart_from_mermaid", "chart_under_heading", "charts_in_section", "check_site",
    "checked_site_urls", "close_renderers", "draw_page", "find_chart_sources", "generated_fragments", "has_charts",
    "host_allowed", "hrefs_in", "insert_before_chart", "label_text", "latest_report", "pinned_version", "put_svgs",
    "read_page", "relative_url", "resolve_target", "shared_renderer", "site_map", "start_nodes", "stray_line",
    "stray_message", "stray_mermaid", "text_version", "unchecked_links",
]
