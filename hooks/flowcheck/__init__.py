"""flowcheck: parse the site's Mermaid flowcharts into a graph and check every branch.

Plain Python with no MkDocs imports; ``hooks/flowcheck_hook.py`` wires it to MkDocs events.
"""

from .checks import RULES, ConfigError, FlowcheckConfig, PageInfo, Problem, SiteGraph, check_site, start_nodes
from .guide import (
    GUIDE_DATA,
    GuideRequestError,
    guide_data,
    guide_panel,
    guide_records,
    guide_slot,
    guide_view,
    guided_charts,
    place_panel,
    section_excerpt,
    take_slot,
    triage_choices,
)
from .parser import Chart, Click, Edge, FlowchartSyntaxError, Node, parse_page
from .render import SITE_MAP_MARKER, build_report, rewrite_clicks, site_map, text_version
from .targets import Target, host_allowed, relative_url, resolve_target

__all__ = [
    "SITE_MAP_MARKER", "site_map", "GUIDE_DATA",
    "Chart", "Click", "ConfigError", "Edge", "FlowchartSyntaxError", "FlowcheckConfig",
    "GuideRequestError", "Node", "PageInfo", "Problem", "RULES", "SiteGraph", "Target",
    "build_report", "check_site", "guide_data", "guide_panel", "guide_records", "guide_slot", "guide_view",
    "guided_charts", "place_panel", "section_excerpt", "take_slot",
    "host_allowed", "parse_page", "relative_url", "resolve_target", "rewrite_clicks", "start_nodes",
    "text_version", "triage_choices",
]
