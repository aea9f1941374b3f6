"""Helpers for the browser tests: serving a built site, visiting pages, waiting for diagrams."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: every chart is inline SVG, drawn at build time (hooks/flowcheck)
CHART = "figure.flow-figure svg"


def serve(root: Path, prefix: str = "") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``root`` on loopback, under ``/prefix/`` when given (as a project site is hosted)."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            # like GitHub Pages and most static hosts: a missing path gets the site's 404.html
            page = root / "404.html"
            if code != 404 or not page.exists():
                return super().send_error(code, message, explain)
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def translate_path(self, path: str) -> str:
            if prefix:
                if not path.startswith(f"/{prefix}/"):
                    return str(root / "__outside_prefix__")
                path = path[len(prefix) + 1:]
            return super().translate_path(path)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/" + (f"{prefix}/" if prefix else "")


@dataclass
class Visit:
    """A page in a fresh browser context, with what it requested and what went wrong."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about")
                and urlsplit(url).hostname not in ("127.0.0.1",)]

    def diagram_links(self) -> list[list[str]]:
        """For each chart on the page, the hrefs of its links (boxes and answers)."""
        return self.page.evaluate("""() => [...document.querySelectorAll("figure.flow-figure svg")].map(svg =>
            [...svg.querySelectorAll("a")].map(a => a.getAttribute("xlink:href") || a.getAttribute("href")))""")


def charts_on(page: Page, count: int | None = None) -> int:
    """The charts on the page: they are in the HTML, so there is nothing to wait for."""
    shown = page.locator(CHART).count()
    if count is not None:
        assert shown == count
    return shown
