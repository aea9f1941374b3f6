"""MkDocs hook: symptom vocabulary from front matter, on pages, on 症状から探す and in the index.

Only wiring lives here; the logic is in ``japanese_search.py`` beside this file.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

import japanese_search

#: the page whose first chart orders 症状から探す
TRIAGE_PAGE = "troubleshooting/index.md"

_symptoms: dict[str, japanese_search.PageSymptoms] = {}
_urls: dict[str, str] = {}
_markdown: dict[str, str] = {}


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    _symptoms.clear()
    _urls.clear()
    _markdown.clear()
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    for file in files.documentation_pages():
        markdown, meta = get_data(Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
        _markdown[file.src_uri] = markdown
        try:
            found = japanese_search.read_symptoms(file.src_uri, meta, markdown)
        except japanese_search.FrontMatterError as error:
            raise PluginError(str(error)) from None
        if found:
            _symptoms[file.src_uri] = found
            _urls[file.src_uri] = file.url
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs) -> str:
    symptoms = _symptoms.get(page.file.src_uri)
    if symptoms:
        markdown = japanese_search.add_symptom_box(markdown, symptoms)
    if japanese_search.SYMPTOM_LIST_MARKER in markdown:
        groups = japanese_search.symptom_groups(TRIAGE_PAGE, _markdown)
        listing = japanese_search.render_symptom_list(list(_symptoms.values()), page.file.src_uri, groups)
        markdown = markdown.replace(japanese_search.SYMPTOM_LIST_MARKER, listing)
    return markdown


@event_priority(-100)  # after Material's search plugin has written the index
def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.exists():
        return
    tags = {_urls[src]: symptoms.tags for src, symptoms in _symptoms.items()}
    index.write_text(
        japanese_search.rewrite_search_index(index.read_text(encoding="utf-8"), tags),
        encoding="utf-8",
    )
