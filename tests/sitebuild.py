"""Build tiny MkDocs sites (and the real one) in temporary folders, collecting their logs."""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

FLOWCHECK_HOOK = ROOT / "hooks" / "flowcheck_hook.py"
MERMAID = ROOT / "node_modules" / "mermaid"


def write_site(tmp_path: Path, pages: dict[str, str], extra_config: str = "") -> Path:
    """A tiny site with the flowcheck hook; returns the path of its mkdocs.yml."""
    docs = tmp_path / "docs"
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    extra_config = textwrap.dedent(extra_config)
    if "extra:" not in extra_config:
        extra_config += "extra:\n  flowcheck:\n"
    # every fixture site draws with the project's pinned Mermaid
    extra_config = extra_config.replace("  flowcheck:", f"  flowcheck:\n    mermaid: '{MERMAID}'", 1)
    config.write_text(
        "site_name: fixture\n"
        "markdown_extensions:\n"
        "  - attr_list\n"
        "  - admonition\n"
        "  - pymdownx.details\n"
        "  - pymdownx.tabbed:\n"
        "      alternate_style: true\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        f"hooks: ['{FLOWCHECK_HOOK}']\n" + extra_config,
        encoding="utf-8",
    )
    return config


def build_site(config_file: Path, **overrides) -> list[str]:
    """Build strictly; return the flowcheck log lines ('LEVEL:message'); raise on abort."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)  # not DEBUG: MkDocs skips anchor validation at DEBUG (#3991)
    try:
        config = load_config(config_file=str(config_file), strict=True, **overrides)
        build(config)
    finally:
        logger.setLevel(level)
        logger.removeHandler(handler)
        build_site.last_records = records
    return [f"{r.levelname}:{r.getMessage()}" for r in records if r.name == "mkdocs.plugins.flowcheck"]




_FENCE = re.compile(r"^```mermaid\n(.*?)^```", re.DOTALL | re.MULTILINE)


@functools.cache
def renderer():
    """One Mermaid renderer (and browser) for the whole test session, with no disk cache."""
    from flowcheck import MermaidRenderer, RenderSettings

    return MermaidRenderer(MERMAID, None, RenderSettings())


def charts_of(src_uri: str, markdown: str) -> list:
    """The flowcharts of one Markdown page, read by Mermaid as the build reads them."""
    from flowcheck import chart_from_mermaid, find_chart_sources

    texts = [match.group(1) for match in _FENCE.finditer(markdown)]
    charts = []
    for source in find_chart_sources(markdown, texts):
        result = renderer().render(source.text)
        if result.graph is not None:
            charts.append(chart_from_mermaid(src_uri, len(charts) + 1, source, result))
    return charts
