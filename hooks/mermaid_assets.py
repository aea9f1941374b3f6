"""Serve the pinned Mermaid from the site itself, and keep chart sources out of search.

Plain Python with no MkDocs imports; ``hooks/site_hook.py`` wires it to MkDocs events.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = [
    "MermaidNotInstalled",
    "VENDOR_DIR",
    "exclude_charts_from_search",
    "fix_bare_module_import",
    "vendor_files",
]

#: where the Mermaid ES modules are served from, relative to the site root
VENDOR_DIR = "javascripts/vendor/mermaid"


class MermaidNotInstalled(RuntimeError):
    """node_modules lacks the Mermaid version that package.json pins."""


def pinned_version(project_dir: Path) -> str:
    manifest = json.loads((project_dir / "package.json").read_text(encoding="utf-8"))
    return manifest["dependencies"]["mermaid"]


def vendor_files(project_dir: Path) -> dict[str, Path]:
    """Site path -> installed file for Mermaid's ESM entry and its chunks (no source maps)."""
    package = project_dir / "node_modules" / "mermaid"
    wanted = pinned_version(project_dir)
    try:
        installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except FileNotFoundError:
        raise MermaidNotInstalled(
            f"Mermaid {wanted} is not installed in '{package}': run 'make install' (npm ci)."
        ) from None
    if installed != wanted:
        raise MermaidNotInstalled(
            f"node_modules has Mermaid {installed} but package.json pins {wanted}: "
            "run 'make install' (npm ci)."
        )
    dist = package / "dist"
    files = {f"{VENDOR_DIR}/mermaid.esm.min.mjs": dist / "mermaid.esm.min.mjs"}
    for chunk in sorted((dist / "chunks" / "mermaid.esm.min").glob("*.mjs")):
        files[f"{VENDOR_DIR}/chunks/mermaid.esm.min/{chunk.name}"] = chunk
    return files


# mermaid2 writes the import path with os.path.relpath, which gives a bare specifier
# ("javascripts/x.mjs") on the home page; browsers refuse bare specifiers in import.
_BARE_IMPORT = re.compile(r'(import\s+mermaid\s+from\s+")(?![./]|[a-z][a-z0-9+.-]*:)')


def fix_bare_module_import(html: str) -> str:
    """Make mermaid2's ``import mermaid from "path"`` relative ("./path") when it is bare."""
    return _BARE_IMPORT.sub(r"\1./", html)


_CHART_PRE = re.compile(r'<pre\b([^>]*\bclass="mermaid"[^>]*)>')


def exclude_charts_from_search(html: str) -> str:
    """Mark every ``<pre class="mermaid">`` so Material's search skips the chart source."""

    def mark(match: re.Match[str]) -> str:
        attrs = match.group(1)
        return match.group(0) if "data-search-exclude" in attrs else f"<pre{attrs} data-search-exclude>"

    return _CHART_PRE.sub(mark, html)

