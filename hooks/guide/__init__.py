"""The guided mode: each chart's interactive mode, over the graph flowcheck checked.

Plain Python with no MkDocs imports; ``hooks/flowcheck_hook.py`` calls it once the site's graph
is checked. ``request`` (which charts get a guide, from front matter), ``records`` (each guided
chart as JSON the guide walks), ``walk`` (the walk along answers, the same rules as guide.js),
``excerpt`` (the first lines of a result's section), ``panel`` (the page's panel and spots).
"""

from .excerpt import section_excerpt
from .panel import (
    encode_records,
    guide_data,
    guide_panel,
    guide_slot,
    place_panels,
    spot_html,
    step_html,
    take_slot,
)
from .records import chart_id, chart_start, guide_records, triage_choices
from .request import GuideRequestError, asks_question, guided_charts, is_question
from .sections import chart_sections
from .walk import guide_answers, guide_view, settle, step_fragment

__all__ = [
    "GuideRequestError", "asks_question", "chart_id", "chart_sections", "chart_start", "encode_records",
    "guide_answers", "guide_data", "guide_panel", "guide_records", "guide_slot", "guide_view", "guided_charts",
    "is_question", "place_panels", "section_excerpt", "settle", "spot_html", "step_fragment", "step_html",
    "take_slot", "triage_choices",
]
