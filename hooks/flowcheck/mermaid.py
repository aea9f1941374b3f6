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

import atexit
import concurrent.futures
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM", "MermaidRenderer", "MermaidUnavailable", "RenderResult", "RenderSettings", "close_renderers",
           "pinned_version", "shared_renderer"]

CHROMIUM = os.environ.get("FLOWCHECK_CHROMIUM", "/usr/bin/chromium")
_SCRIPT = Path(__file__).with_name("mermaid_render.js")
#: bump when the meaning of a cached entry changes in a way its key does not show
_CACHE_FORMAT = 6


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
            # labels as SVG text, not HTML in <foreignObject>: valid HTML once inlined (Mermaid's HTML
            # labels put a <p> in a <span>), fewer elements, nothing for the browser to lay out as
            # HTML. Also said under "flowchart": some of Mermaid 11's flowchart shapes read it there.
            "htmlLabels": False,
            "themeVariables": {"fontFamily": self.font_family, "fontSize": f"{self.font_size}px"},
            # tighter than Mermaid's 50/50/15: charts must fit a phone's column
            "flowchart": {"useMaxWidth": False, "htmlLabels": False,
                          "nodeSpacing": 24, "rankSpacing": 36, "padding": 10},
            "sequence": {"useMaxWidth": False},
        }


@dataclass
class RenderResult:
    """What Mermaid made of one chart text."""

    error: str | None = None
    #: the line of the chart text (1 = the first) Mermaid's parse error names, as written
    error_line: int | None = None
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


def pinned_version(project_dir: Path) -> str:
    """The Mermaid version package.json pins ("" when the project pins none)."""
    try:
        manifest = json.loads((project_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(manifest.get("dependencies", {}).get("mermaid", "")).lstrip("=")


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
        try:
            data = self._executor.submit(self._render_in_browser, f"fc-{key[:10]}", text).result()
        except MermaidUnavailable:
            raise
        except Exception as error:  # the browser failed on this chart (crashed, out of memory): told, not cached
            with contextlib.suppress(Exception):
                self._executor.submit(self._stop).result()  # the next chart starts a fresh browser
            first = (str(error).strip().split("\n") or [""])[0][:200]
            return RenderResult(error=f"the browser that runs Mermaid failed on it ({type(error).__name__}: {first})")
        result = RenderResult.from_json(data)
        result.svg_id = f"fc-{key[:10]}"
        self.rendered += 1
        self._write_cache(key, result)
        return result

    def close(self) -> None:
        if self._executor is None:
            return
        # at interpreter exit no task can be submitted: Playwright's driver ends with the process,
        # and the browser with it
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

    def _cache_path(self, key: str) -> str:
        """An entry: Mermaid's reading as one line of JSON, then the SVG as drawn."""
        return os.path.join(self.cache_dir, key[:2], f"{key}.entry")

    def _read_cache(self, key: str) -> RenderResult | None:
        if self.cache_dir is None:
            return None
        try:
            with open(self._cache_path(key), "rb") as entry:
                data = entry.read()
            at = data.index(b"\n")
            return RenderResult(**json.loads(data[:at]), svg=data[at + 1:].decode("utf-8"))
        except (OSError, ValueError, TypeError):
            return None  # not drawn yet, or a damaged entry: drawn again

    def _write_cache(self, key: str, result: RenderResult) -> None:
        if self.cache_dir is None:
            return
        path = Path(self._cache_path(key))
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        # the SVG after the rest, as it is: a JSON string of it (quotes escaped) reads twice as slowly
        fields = {name: value for name, value in result.__dict__.items() if name != "svg"}
        temporary.write_bytes(json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                              + b"\n" + result.svg.encode("utf-8"))
        temporary.replace(path)


#: one renderer (one browser) per Mermaid package and settings for the whole process. It lives
#: here, not in the hook file: MkDocs executes hook files anew on every `mkdocs serve` rebuild,
#: while this package is imported once.
_RENDERERS: dict[tuple[Path, RenderSettings], MermaidRenderer] = {}


def shared_renderer(package_dir: Path, cache_dir: Path | None, settings: RenderSettings) -> MermaidRenderer:
    """The process's renderer for ``package_dir`` and ``settings``, now caching in ``cache_dir``."""
    key = (package_dir.resolve(), settings)
    if key not in _RENDERERS:
        _RENDERERS[key] = MermaidRenderer(package_dir, cache_dir, settings)
    renderer = _RENDERERS[key]
    renderer.cache_dir = cache_dir
    return renderer


def close_renderers() -> None:
    """Close every browser this process started (``mkdocs`` calls on_shutdown; atexit otherwise)."""
    for renderer in _RENDERERS.values():
        renderer.close()
    _RENDERERS.clear()


atexit.register(close_renderers)
