"""Which heading each chart of a rendered page stands under, read with :mod:`html.parser`."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["chart_sections"]

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Sections(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.heading: str | None = None  # the id of the last heading, until a chart takes it
        self.found: dict[int, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _HEADINGS:
            self.heading = values.get("id") or None
        elif tag == "figure" and self.heading and (values.get("data-flowchart") or "").isdigit():
            self.found[int(values["data-flowchart"])] = self.heading
            self.heading = None  # the section's first chart is the one a link to it goes on with


def chart_sections(page_html: str) -> dict[int, str]:
    """Each flowchart's number → the id of the heading whose section it is the first chart of
    (before the next heading); a chart with no such heading is left out."""
    parser = _Sections()
    parser.feed(page_html)
    parser.close()
    return parser.found
