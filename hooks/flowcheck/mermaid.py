"""Run the pinned Mermaid once, at build time, in headless Chromium.

One browser per build process, started only when a chart misses the cache, and kept until
:meth:`MermaidRenderer.close` (``mkdocs serve`` keeps it across rebuilds). Playwright's sync API
is bound to the thread that started it, and ``mkdocs serve`` rebuilds on another thread, so every
browser call runs on one worker thread of the renderer's own.

A chart's result (Mermaid's graph, the finished SVG, sizes) is cached on disk, keyed by the chart
text, Mermaid's version, the render settings and this module's own sources, so a rebuild renders
only what changed.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "MermaidUnavailable", "RenderResult", "RenderSettings", "MermaidRenderer"]

CHROMIUM = os.environ.get("FLOWCHECK_CHROMIUM", "/usr/bin/chromium")
_SCRIPT = Path(__file__).with_name("mermaid_render.js")
#: bump when the meaning of a cached entry changes in a way its key does not show
_CACHE_FORMAT = 3


class MermaidUnavailable(RuntimeError):
    """Mermaid or the browser that runs it is not installed."""


@dataclass(frozen=True)
class RenderSettings:
    """What Mermaid is told; part of every cache key."""

    font_family: str = "sans-serif"
    font_size: int = 16
    #: smallest link box, in chart px, drawn around an answer on an arrow
    min_target: float = 32.0
    max_text_size: int = 50_000
    max_edges: int = 500

    def mermaid_config(self) -> dict[str, Any]:
        return {
            "startOnLoad": False,
            "securityLevel": "strict",
            "theme": "base",
            "fontFamily": self.font_family,
            "maxTextSize": self.max_text_size,
            "maxEdges": self.max_edges,
            "themeVariables": {"fontFamily": self.font_family, "fontSize": f"{self.font_size}px"},
            "flowchart": {"useMaxWidth": False, "htmlLabels": True},
            "sequence": {"useMaxWidth": False},
        }


@dataclass
class RenderResult:
    """What Mermaid made of one chart text."""

    error: str | None = None
    type: str = ""
    graph: dict[str, Any] | None = None
    clicks: list[dict[str, Any]] = field(default_factory=list)
    foreign_links: int = 0
    unsafe: list[str] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    svg: str = ""
    svg_id: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RenderResult:
        known = cls.__dataclass_fields__
        return cls(**{("foreign_links" if k == "foreignLinks" else k): v for k, v in data.items()
                      if k in known or k == "foreignLinks"})


def mermaid_dist(package_dir: Path) -> Path:
    return package_dir / "dist" / "mermaid.min.js"


def mermaid_version(package_dir: Path) -> str:
    package = package_dir / "package.json"
    try:
        return json.loads(package.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return ""


class MermaidRenderer:
    """Render chart texts to Mermaid graphs and SVG, from the cache when it can."""

    def __init__(self, package_dir: Path, cache_dir: Path | None, settings: RenderSettings) -> None:
        """``package_dir`` is the npm package (node_modules/mermaid) pinned in package-lock.json."""
        self.script = mermaid_dist(package_dir)
        self.version = mermaid_version(package_dir)
        if not self.script.is_file() or not self.version:
            raise MermaidUnavailable(
                f"Mermaid is not installed: '{self.script}' is missing. Run 'npm ci' (or 'make install'); "
                "the version is pinned in package-lock.json."
            )
        self.cache_dir = cache_dir
        self.settings = settings
        self._salt = hashlib.sha256(
            json.dumps([_CACHE_FORMAT, self.version, settings.mermaid_config(), settings.min_target]).encode()
            + _SCRIPT.read_bytes() + Path(__file__).read_bytes()
        ).hexdigest()
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._browser: Any = None
        self._playwright: Any = None
        self._page: Any = None
        #: how many charts were drawn by the browser (not taken from the cache) since start
        self.rendered = 0

    def key(self, text: str) -> str:
        return hashlib.sha256((self._salt + "\0" + text).encode("utf-8")).hexdigest()

    def render(self, text: str) -> RenderResult:
        """Mermaid's reading of ``text``: an error, or its graph and finished SVG."""
        key = self.key(text)
        cached = self._read_cache(key)
        if cached is not None:
            return cached
        if self._executor is None:
            self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="flowcheck-mermaid")
        data = self._executor.submit(self._render_in_browser, f"fc-{key[:10]}", text).result()
        result = RenderResult.from_json(data)
        result.svg_id = f"fc-{key[:10]}"
        self.rendered += 1
        self._write_cache(key, result)
        return result

    def close(self) -> None:
        if self._executor is None:
            return
        # RuntimeError: the interpreter is exiting; Playwright's driver ends with it, and the browser with that
        with contextlib.suppress(RuntimeError):
            self._executor.submit(self._stop).result()
        self._executor.shutdown()
        self._executor = None

    # --- the browser, on the worker thread only -------------------------------------------

    def _start(self) -> None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:  # pragma: no cover - requirements.txt pins it
            raise MermaidUnavailable(f"Playwright is not installed ({error}); run 'make install'.") from None
        if not Path(CHROMIUM).exists():
            raise MermaidUnavailable(
                f"Chromium is not installed at '{CHROMIUM}': the build draws the charts with it. "
                "Run 'make browser' (apt-get install chromium fonts-noto-cjk), or set FLOWCHECK_CHROMIUM."
            )
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        page = self._browser.new_page()
        # nothing leaves the machine: the page gets Mermaid from disk and may fetch nothing
        page.route("**/*", lambda route: route.abort())
        page.set_content("<!doctype html><html lang='ja'><head><meta charset='utf-8'></head><body></body></html>")
        page.add_script_tag(path=str(self.script))
        page.add_script_tag(path=str(_SCRIPT))
        page.evaluate("config => window.flowcheck.setup(config)", self.settings.mermaid_config())
        self._page = page

    def _render_in_browser(self, svg_id: str, text: str) -> dict[str, Any]:
        if self._page is None:
            self._start()
        return self._page.evaluate(
            "([id, text, min]) => window.flowcheck.render(id, text, min)", [svg_id, text, self.settings.min_target]
        )

    def _stop(self) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._browser = self._playwright = self._page = None

    # --- cache --------------------------------------------------------------------------------

    def _cache_path(self, key: str) -> Path | None:
        return None if self.cache_dir is None else self.cache_dir / key[:2] / f"{key}.json"

    def _read_cache(self, key: str) -> RenderResult | None:
        path = self._cache_path(key)
        if path is None or not path.is_file():
            return None
        try:
            return RenderResult(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None  # a damaged entry is drawn again

    def _write_cache(self, key: str, result: RenderResult) -> None:
        path = self._cache_path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(result.__dict__, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        temporary.replace(path)
