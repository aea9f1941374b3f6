"""A strict build fails on every rule at 'warn' whatever the log level: `mkdocs build --strict -q`
(MkDocs then counts no warnings, mkdocs#4126) is ended by the hooks themselves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import ROOT, write_site

MKDOCS = [sys.executable, "-m", "mkdocs"]
UNLINKED = """
# ホーム

```mermaid
flowchart TD
    accTitle: 開始
    accDescr: 二つの答え
    Q{"どちらですか？"} -->|はい| A["はい"]
    Q -->|いいえ| B["いいえ"]
    click A "#yes"
```

## はいのとき { #yes }

## いいえのとき { #no }
"""
LINKED = UNLINKED.replace('    click A "#yes"', '    click A "#yes"\n    click B "#no"')
PAGEMETA_CONFIG = f"""
hooks: ['{ROOT / "hooks" / "pagemeta_hook.py"}']
extra:
  official_hosts: [docs.aws.amazon.com]
"""


def _build(config: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([*MKDOCS, "build", "--strict", *flags, "-f", str(config), "-d", str(config.parent / "site")],
                          capture_output=True, text=True, env=env, cwd=config.parent, timeout=300)


def _pagemeta_site(tmp_path: Path, page: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: fixture\n" + PAGEMETA_CONFIG, encoding="utf-8")
    return config


@pytest.mark.parametrize("flags", [("-q",), ()])
def test_flowcheck_fails_a_quiet_strict_build(tmp_path, flags) -> None:
    config = write_site(tmp_path, {"index.md": UNLINKED}, "extra:\n  flowcheck:\n    cache_dir: ''\n")
    result = _build(config, *flags)
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    problem = ("Doc file 'index.md' line 8, flowchart '開始': node 'B' (「いいえ」) ends without a link: no click "
               "and no answer leads on from it; add 'click B \"page.md#anchor\"' to the page that resolves it. "
               "[dead_end]")
    if flags:  # quiet: one error from the hook, counting and listing the problems
        assert "Aborted: flowcheck found 1 problem at level 'warn' in strict mode" in output
        assert f"  - {problem}" in output
        assert "WARNING" not in output
    else:  # as before: MkDocs prints each warning once and counts it
        assert output.count(problem) == 1
        assert "Aborted with 1 warnings in strict mode!" in output
        assert "flowcheck found" not in output


def test_a_quiet_strict_build_of_a_good_site_passes(tmp_path) -> None:
    config = write_site(tmp_path, {"index.md": LINKED}, "extra:\n  flowcheck:\n    cache_dir: ''\n")
    result = _build(config, "-q")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


@pytest.mark.parametrize("flags", [("-q",), ()])
def test_pagemeta_fails_a_quiet_strict_build(tmp_path, flags) -> None:
    config = _pagemeta_site(tmp_path, "---\ndescription: ホーム\nreviewd: 2026-12-06\n---\n\n# ホーム\n")
    result = _build(config, *flags)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    if flags:
        assert "Aborted: pagemeta found 2 problems at level 'warn' in strict mode" in output
        assert "  - Doc file 'index.md' line 3 has an unknown front-matter key 'reviewd'" in output
        assert "  - Doc file 'index.md' has no 'reviewed:' date" in output
    else:
        assert "Aborted with 2 warnings in strict mode!" in output
        assert "pagemeta found" not in output


def test_a_quiet_strict_build_without_problems_passes_pagemeta(tmp_path) -> None:
    config = _pagemeta_site(tmp_path, "---\ndescription: ホーム\nreviewed: 2026-12-06\n---\n\n# ホーム\n")
    result = _build(config, "-q")
    assert result.returncode == 0, result.stdout + result.stderr
