"""Fixtures: tiny MkDocs sites built in tmp_path, and the real site built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import ROOT, build_site, write_site


@pytest.fixture
def site(tmp_path):
    """Write and build a fixture site: ``site(pages, extra_config)`` -> (log lines, site_dir)."""

    def make(pages: dict[str, str], extra_config: str = "", **overrides):
        config = write_site(tmp_path, pages, extra_config)
        site_dir = tmp_path / "site"
        return build_site(config, site_dir=str(site_dir), **overrides), site_dir

    return make


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with --strict into a temporary folder."""
    site_dir = tmp_path_factory.mktemp("real-site")
    warnings = [line for line in build_site(ROOT / "mkdocs.yml", site_dir=str(site_dir)) if line.startswith("WARNING")]
    assert warnings == []
    return site_dir
