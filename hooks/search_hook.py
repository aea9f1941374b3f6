"""MkDocs hook: symptom vocabulary and problem lines from front matter, on pages, on 症状から探す
and in the search index; MiniSearch copied into the site for the search worker.

Only wiring lives here; the logic is in ``japanese_search.py`` and ``symptoms_page.py`` beside
this file. Runs after the flowcheck hook (mkdocs.yml lists it first): 症状から探す is grouped by
the conversation graph flowcheck has checked by then.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

import flowcheck
import japanese_search
import symptoms_page

#: the page whose first chart groups 症状から探す
TRIAGE_PAGE = "troubleshooting/index.md"
TROUBLESHOOTING = "troubleshooting/"

_symptoms: dict[str, japanese_search.PageSymptoms] = {}
_pages: dict[str, symptoms_page.PageProblems] = {}
_sections: dict[str, list[symptoms_page.Section]] = {}
_first_sentences: dict[str, str] = {}  # search location -> first sentence under the heading
_full_content: dict[str, str] = {}  # src_uri -> the page's HTML while search reads it without exclusions


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    _symptoms.clear()
    _pages.clear()
    _sections.clear()
    _first_sentences.clear()
    _full_content.clear()
    return config


def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        markdown, meta = get_data(text)
        try:
            found = japanese_search.read_symptoms(file.src_uri, meta, markdown)
            problems = symptoms_page.read_problems(file.src_uri, meta, text)
        except (japanese_search.FrontMatterError, symptoms_page.ProblemsError) as error:
            raise PluginError(str(error)) from None
        if found:
            _symptoms[file.src_uri] = found
        _sections[file.src_uri] = symptoms_page.headings(text)
        _pages[file.src_uri] = symptoms_page.PageProblems(
            file.src_uri, file.url, japanese_search.first_heading(markdown), str(meta.get("description") or ""),
            problems, found.tags if found else [])
    return files


def on_page_markdown(markdown: str, page: Page, **kwargs) -> str:
    symptoms = _symptoms.get(page.file.src_uri)
    if symptoms:
        markdown = japanese_search.add_symptom_box(markdown, symptoms)
    return markdown


@event_priority(-50)  # after flowcheck (50) has drawn the charts and their text versions
def on_page_content(html: str, page: Page, **kwargs) -> str:
    for anchor, sentence in japanese_search.section_summaries(html).items():
        _first_sentences[f"{page.url}#{anchor}" if anchor else page.url] = sentence
    return html


@event_priority(-60)  # after flowcheck's on_env (-50) has checked the conversation graph
def on_env(env, config: MkDocsConfig, files: Files, **kwargs):
    for file in files.documentation_pages():
        if file.page and symptoms_page.LIST_MARKER in (file.page.content or ""):
            groups = symptoms_page.conversation_groups(flowcheck.latest_report() or {}, TRIAGE_PAGE, _sections)
            listing = symptoms_page.render_list(
                groups, symptoms_page.pages_listed(_pages.values(), TROUBLESHOOTING), file.url, _sections)
            file.page.content = file.page.content.replace(symptoms_page.LIST_MARKER, listing)
    return env


@event_priority(10)  # before Material's search plugin (0) reads the page
def _hide_excluded(context: dict, page: Page, **kwargs) -> dict:
    """Search reads the page without its ``data-search-exclude`` elements (whole, nested ones too)."""
    if page.content:
        _full_content[page.file.src_uri] = page.content
        page.content = japanese_search.without_search_excluded(page.content)
    return context


@event_priority(-90)  # after Material's search plugin, before flowcheck puts the drawn charts in (-100)
def _restore_excluded(context: dict, page: Page, **kwargs) -> dict:
    if page.file.src_uri in _full_content:
        page.content = _full_content.pop(page.file.src_uri)
    return context


on_page_context = CombinedEvent(_hide_excluded, _restore_excluded)


@event_priority(-100)  # after Material's search plugin has written the index
def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.exists():
        return
    tags = {_pages[src].url: symptoms.tags for src, symptoms in _symptoms.items()}
    summaries = dict(_first_sentences)
    problems: dict[str, str] = {}
    for page in _pages.values():
        if page.description:
            summaries[page.url] = page.description
        for anchor, line in page.problems.items():
            problems[f"{page.url}#{anchor}"] = line
    index.write_text(
        japanese_search.rewrite_search_index(index.read_text(encoding="utf-8"), tags, summaries, problems),
        encoding="utf-8",
    )
