"""MkDocs hook: front matter that is read, checked and shown — known keys, review dates, official
sources, links only to AWS and this repository, the edit and issue links, and the URLs the
templates link to.

Only wiring lives here; the logic is in ``pagemeta.py`` beside this file.
Configuration: ``review_after_days``, ``official_hosts``, ``sources_required_under`` and
``template_links`` in mkdocs.yml ``extra``; ``repo_url``/``edit_uri`` (README, "front matter").
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import pagemeta
from flowcheck.strict import WarningTally, uncounted_message

log = get_plugin_logger("pagemeta")
#: every warning, so a strict build fails on them also when MkDocs does not count them (-q)
_tally = WarningTally(log)

_state: dict[str, Any] = {}


def on_config(config: MkDocsConfig, **kwargs) -> MkDocsConfig:
    try:
        settings = pagemeta.Settings.from_extra(config.extra)
        now = pagemeta.today()
        if config.repo_url:
            pagemeta.check_repo_url(config.repo_url)
    except pagemeta.ConfigError as error:
        raise PluginError(f"mkdocs.yml: {error}") from None
    if not config.repo_url:
        config.edit_uri = None  # no repository, no edit link (and no warning per page from MkDocs)
    own_urls = tuple(url for url in (config.repo_url, config.site_url) if url)
    _state.clear()
    _tally.reset()
    _state.update(settings=settings, today=now, own_urls=own_urls, link_texts={})
    return config


@event_priority(100)  # before any other hook reads front matter
def on_files(files: Files, config: MkDocsConfig, **kwargs) -> Files:
    settings: pagemeta.Settings = _state["settings"]
    now: datetime.date = _state["today"]
    for file in files.documentation_pages():
        try:
            meta = pagemeta.read_front_matter(file.src_uri, file.content_string)
        except pagemeta.FrontMatterError as error:
            raise PluginError(str(error)) from None
        lines = pagemeta.front_matter_lines(file.content_string) if meta else {}
        problems = pagemeta.check_keys(file.src_uri, meta, lines)
        problems += pagemeta.check_reviewed(file.src_uri, meta, now, settings.review_after_days, lines)
        problems += pagemeta.check_sources(file.src_uri, meta, settings, lines)
        for problem in problems:
            _tally.warning(problem)
    urls = {}
    for name, src_uri in settings.template_links.items():
        target = files.get_file_from_path(src_uri)
        if target is None or not target.is_documentation_page():
            raise PluginError(
                f"mkdocs.yml: extra.template_links.{name} is '{src_uri}', which is not among the documentation "
                "files: the templates (overrides/) would link to a missing page."
            )
        urls[name] = target.url
    config.extra["template_urls"] = urls
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, **kwargs) -> str:
    links = pagemeta.page_links(html)
    settings: pagemeta.Settings = _state["settings"]
    for problem in pagemeta.check_content_links(page.file.src_uri, links, settings.official_hosts, _state["own_urls"]):
        _tally.warning(problem)
    texts: dict[str, str] = {}
    for href, text in links:
        texts.setdefault(href, text)
    _state["link_texts"][page.file.src_uri] = texts
    return pagemeta.mark_external_links(html)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation, **kwargs) -> dict:
    sources = pagemeta.read_sources(page.meta)
    chrome: dict[str, Any] = {
        "sources": pagemeta.source_links(sources, _state["link_texts"].get(page.file.src_uri, {})),
        "edit_url": page.edit_url,
        "issue_url": None,
    }
    if config.repo_url:
        docs = Path(config.docs_dir).resolve()
        project = Path(config.config_file_path).resolve().parent if config.config_file_path else docs.parent
        try:
            src_path = (docs / page.file.src_path).relative_to(project).as_posix()
        except ValueError:
            src_path = page.file.src_uri
        page_url = page.canonical_url or "/" + page.url
        chrome["issue_url"] = pagemeta.issue_url(config.repo_url, page.title or "", page_url, src_path)
    context["pagemeta"] = chrome
    return context


def on_post_build(config: MkDocsConfig, **kwargs) -> None:
    message = uncounted_message("pagemeta", _tally.messages, _tally.uncounted)
    if config.strict and message:  # MkDocs did not count them (-q, a host's logging): the build ends here
        raise Abort(message)
