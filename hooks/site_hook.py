"""MkDocs hook: serve Mermaid from node_modules (never committed) and keep charts out of search.

Only wiring lives here; the logic is in ``mermaid_assets.py`` beside this file.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

import mermaid_assets


def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    project_dir = Path(config.config_file_path).parent
    try:
        vendored = mermaid_assets.vendor_files(project_dir)
    except mermaid_assets.MermaidNotInstalled as error:
        raise PluginError(str(error)) from None
    for site_path, source in vendored.items():
        files.append(File.generated(config, site_path, abs_src_path=str(source)))
    return files


def on_page_content(html: str, page: Page, **kwargs) -> str:
    return mermaid_assets.exclude_charts_from_search(html)


@event_priority(-100)  # after mermaid2 has added its script
def on_post_page(output: str, page: Page, **kwargs) -> str:
    return mermaid_assets.fix_bare_module_import(output)

