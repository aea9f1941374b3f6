"""Build tiny MkDocs sites (and the real one) in temporary folders, collecting their logs."""

from __future__ import annotations

import logging
import os
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

FLOWCHECK_HOOK = ROOT / "hooks" / "flowcheck_hook.py"


def write_site(tmp_path: Path, pages: dict[str, str], extra_config: str = "") -> Path:
    """A tiny site with the flowcheck hook; returns the path of its mkdocs.yml."""
    docs = tmp_path / "docs"
    for name, text in pages.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: fixture\n"
        "markdown_extensions: [attr_list, pymdownx.details]\n"
        f"hooks: ['{FLOWCHECK_HOOK}']\n" + textwrap.dedent(extra_config),
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


