"""Serving the pinned Mermaid from the site and keeping chart sources out of search."""

from __future__ import annotations

import json

import pytest
from sitebuild import ROOT

from mermaid_assets import (
    VENDOR_DIR,
    MermaidNotInstalled,
    exclude_charts_from_search,
    fix_bare_module_import,
    vendor_files,
)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script type="module">import mermaid from "javascripts/m.mjs";',
         '<script type="module">import mermaid from "./javascripts/m.mjs";'),
        ('import mermaid from "../javascripts/m.mjs";', 'import mermaid from "../javascripts/m.mjs";'),
        ('import mermaid from "./javascripts/m.mjs";', 'import mermaid from "./javascripts/m.mjs";'),
        ('import mermaid from "https://example.org/m.mjs";', 'import mermaid from "https://example.org/m.mjs";'),
    ],
)
def test_fix_bare_module_import(html: str, expected: str) -> None:
    """Only a bare specifier (mermaid2's path on the home page) gains './'."""
    assert fix_bare_module_import(html) == expected


def test_exclude_charts_from_search_marks_each_chart_once() -> None:
    html = ('<pre  class="mermaid"><code>a</code></pre><pre class="mermaid" data-search-exclude><code>b</code></pre>'
            '<pre class="language-python"><code>c</code></pre>')
    assert exclude_charts_from_search(html) == (
        '<pre  class="mermaid" data-search-exclude><code>a</code></pre>'
        '<pre class="mermaid" data-search-exclude><code>b</code></pre><pre class="language-python"><code>c</code></pre>'
    )


def test_vendor_files_lists_the_pinned_esm_build_without_source_maps() -> None:
    files = vendor_files(ROOT)
    assert f"{VENDOR_DIR}/mermaid.esm.min.mjs" in files
    assert len(files) > 50
    assert not [name for name in files if name.endswith(".map")]


@pytest.mark.parametrize(
    ("installed", "message"),
    [
        (None, "Mermaid 11.17.2 is not installed in '{pkg}': run 'make install' (npm ci)."),
        ("12.3.0", "node_modules has Mermaid 12.3.0 but package.json pins 11.17.2: run 'make install' (npm ci)."),
    ],
)
def test_vendor_files_names_a_missing_or_wrong_mermaid(tmp_path, installed, message) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"mermaid": "11.17.2"}}')
    package = tmp_path / "node_modules" / "mermaid"
    if installed:
        package.mkdir(parents=True)
        (package / "package.json").write_text(json.dumps({"version": installed}))
    with pytest.raises(MermaidNotInstalled) as error:
        vendor_files(tmp_path)
    assert str(error.value) == message.format(pkg=package)
