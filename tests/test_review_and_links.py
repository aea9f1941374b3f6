"""`make review` (scripts/review.py) and the weekly link check (scripts/check_links.py, run by
.github/workflows/links.yml), against pages in tmp_path and a web server on 127.0.0.1."""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from sitebuild import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

import review  # noqa: E402


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_review_lists_pages_oldest_first(tmp_path, monkeypatch, capsys) -> None:
    write(tmp_path, {
        "mkdocs.yml": "site_name: x\nextra:\n  review_after_days: 180\n  official_hosts: [docs.aws.amazon.com]\n",
        "docs/index.md": "---\nreviewed: 2026-11-01\n---\n# ホーム\n",
        "docs/troubleshooting/mfa.md": "---\nreviewed: 2026-05-01\n---\n# MFA のトラブル { #mfa }\n",
        "docs/glossary.md": "---\ntitle: 用語集\n---\n# Glossary\n",
        "docs/b.md": "---\nreviewed: 2026-05-01\n---\n# B\n",
        "docs/bad.md": "---\nreviewed: 1 May\n---\n# Bad\n",
    })
    monkeypatch.setenv("REVIEW_TODAY", "2026-11-27")
    assert review.main(["-f", str(tmp_path / "mkdocs.yml")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "reviewed    due         page",
        "-           -           bad.md  Bad  ['reviewed:' is not a date]",
        "-           -           glossary.md  用語集  [no 'reviewed:' date]",
        "2026-05-01  2026-10-28  b.md  B  [OVERDUE by 30 days]",
        "2026-05-01  2026-10-28  troubleshooting/mfa.md  MFA のトラブル  [OVERDUE by 30 days]",
        "2026-11-01  2027-04-30  index.md  ホーム",
        "5 pages: 2 overdue, 2 without a date (today 2026-11-27, review every 180 days: extra.review_after_days)",
    ]


def test_make_review_runs_the_script() -> None:
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "review: install\n\t$(BIN)/python scripts/review.py\n" in make


# ---------------------------------------------------------------------------------------------
# The link check


@pytest.fixture
def server(tmp_path) -> Iterator[str]:
    """A web server on 127.0.0.1 with one page, good.html; everything else is a 404."""
    www = tmp_path / "www"
    write(www, {"good.html": "<!doctype html><title>good</title><p>ok</p>\n"})

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(www)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def check_links(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_links.py"), *args, "--report", str(tmp_path / "report.md"),
         "--timeout", "10"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )


def test_a_broken_source_and_a_broken_site_link_are_reported(tmp_path, server) -> None:
    write(tmp_path, {
        "docs/troubleshooting/mfa.md": (
            f"---\nreviewed: 2026-11-27\nsources:\n  - {server}/good.html\n  - url: {server}/moved.html\n"
            "    title: 移動したページ\n---\n# MFA\n"
        ),
        "site/troubleshooting/mfa/index.html": (
            f'<a href="{server}/good.html#top">公式</a> <a href="../../">ホーム</a> <a href="{server}/gone.html">古い</a>'
        ),
    })
    result = check_links(tmp_path, "--docs", "docs", "--site", "site")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        "checked 3 URLs: 2 broken",
        f"  {server}/gone.html: 404 File not found (cited in site/troubleshooting/mfa/index.html)",
        f"  {server}/moved.html: 404 File not found (cited in docs/troubleshooting/mfa.md (sources))",
        f"report: {tmp_path / 'report.md'}",
    ]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# 引用している URL のうち 2 件が開けません\n")
    assert f"| {server}/moved.html | 404 File not found | `docs/troubleshooting/mfa.md (sources)` |" in report
    assert f"| {server}/gone.html | 404 File not found | `site/troubleshooting/mfa/index.html` |" in report
    assert "good.html" not in report


def test_all_good_links_pass_and_write_no_report(tmp_path, server) -> None:
    write(tmp_path, {"docs/a.md": f"---\nsources: ['{server}/good.html']\n---\n# A\n"})
    result = check_links(tmp_path, "--docs", "docs")
    assert (result.returncode, result.stdout) == (0, "checked 1 URLs: 0 broken\n"), result.stderr
    assert not (tmp_path / "report.md").exists()


def test_the_weekly_workflow_runs_the_check_and_opens_an_issue() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"][0]["cron"]  # 'on' is read as true by YAML 1.1
    assert "workflow_dispatch" in workflow[True]
    steps = workflow["jobs"]["check"]["steps"]
    assert any("make links" in step.get("run", "") for step in steps)
    uses = [step.get("uses", "") for step in workflow["jobs"]["report"]["steps"]]
    assert any(u.startswith("peter-evans/create-issue-from-file@") for u in uses)
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "links: install browser\n\t$(BIN)/mkdocs build --no-strict\n\t$(BIN)/python scripts/check_links.py --docs docs --site site --report links-report.md\n" in make
