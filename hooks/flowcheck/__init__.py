"""flowcheck: parse the site's Mermaid flowcharts into a graph and check every branch.

Plain Python with no MkDocs imports; ``hooks/flowcheck_hook.py`` wires it to MkDocs events.
"""

from .checks import RULES, ConfigError, FlowcheckConfig, PageInfo, Problem, SiteGraph, check_site, start_nodes
from .guide import guide_data, guide_panel, guide_slot
from .parser import Chart, Click, Edge, FlowchartSyntaxError, Node, parse_page
from .render import build_report, rewrite_clicks, text_version
from .targets import Target, host_allowed, relative_url, resolve_target

__all__ = [
    "RULES", "Chart", "Click", "ConfigError", "Edge", "FlowcheckConfig", "FlowchartSyntaxError",
    "Node", "PageInfo", "Problem", "SiteGraph", "Target", "build_report", "check_site",
    "guide_data", "guide_panel", "guide_slot", "host_allowed", "parse_page", "relative_url",
    "resolve_target", "rewrite_clicks", "start_nodes", "text_version",
]
