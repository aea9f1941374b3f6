"""Check every URL the site cites (`make links`, and weekly in .github/workflows/links.yml).

Collects every 'sources:' URL from the pages' front matter and every external link (http/https)
in the built site, checks each once with LinkChecker (https://linkchecker.github.io/linkchecker/,
pinned in requirements.txt), and writes a Markdown report of the broken ones with the pages that
cite them (the workflow opens an issue from it).

Exit status: 0 all good, 1 some URL is broken (report written), 2 the check itself failed.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import pagemeta  # noqa: E402


@dataclass(frozen=True)
class Broken:
    url: str
    result: str
    cited_in: tuple[str, ...]


def collect_urls(docs_dir: Path | None, site_dir: Path | None) -> dict[str, set[str]]:
    """Every URL to check, with where it is cited ('docs/x.md (sources)', 'site/x/index.html')."""
    cited: dict[str, set[str]] = {}
    if docs_dir is not None:
        for path in sorted(docs_dir.rglob("*.md")):
            src_uri = path.relative_to(docs_dir).as_posix()
            meta = pagemeta.read_front_matter(src_uri, path.read_text(encoding="utf-8-sig"))
            for source in pagemeta.read_sources(meta):
                cited.setdefault(source.url, set()).add(f"{docs_dir.name}/{src_uri} (sources)")
    if site_dir is not None:
        for path in sorted(site_dir.rglob("*.html")):
            where = f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}"
            for href, _text in pagemeta.page_links(path.read_text(encoding="utf-8")):
                if href.startswith(("http://", "https://")):
                    cited.setdefault(href.split("#", 1)[0], set()).add(where)
    return cited


def run_linkchecker(urls: list[str], timeout: int) -> list[tuple[str, str]]:
    """(url, result) for each URL LinkChecker finds broken."""
    checker = Path(sys.executable).with_name("linkchecker")
    command = [
        str(checker) if checker.exists() else "linkchecker",
        "--recursion-level=0",  # each URL itself, not the pages it links to
        "--no-status", "--no-warnings", "--output=csv", f"--timeout={timeout}", "--threads=4",
        *urls,
    ]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
    if result.returncode not in (0, 1):
        raise RuntimeError(f"linkchecker exited with {result.returncode}: {result.stderr.strip()[-2000:]}")
    rows = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    broken = []
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        if row.get("valid") == "False":
            broken.append((row["urlname"], row.get("result") or "invalid"))
    return broken


def report(broken: list[Broken], checked: int) -> str:
    lines = [
        f"# 引用している URL のうち {len(broken)} 件が開けません",
        "",
        f"`scripts/check_links.py` が {checked} 件の URL（front matter の `sources:` とサイト内の外部リンク）を"
        "確かめたところ、次の URL が開けませんでした。移動先の公式ページを探して `sources:` と本文のリンクを直し、"
        "内容を確かめ直したら `reviewed:` も更新してください。",
        "",
        "| URL | 結果 | 引用している場所 |",
        "|---|---|---|",
    ]
    for item in broken:
        where = "<br>".join(f"`{w}`" for w in item.cited_in)
        lines.append(f"| {item.url} | {item.result.replace('|', '/')} | {where} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, help="docs folder: check every 'sources:' URL")
    parser.add_argument("--site", type=Path, help="built site: check every external link")
    parser.add_argument("--report", type=Path, default=Path("links-report.md"), help="where to write the report")
    parser.add_argument("--timeout", type=int, default=30, help="seconds per URL")
    args = parser.parse_args(argv)
    if args.docs is None and args.site is None:
        parser.error("give --docs, --site or both")
    try:
        cited = collect_urls(args.docs, args.site)
    except pagemeta.FrontMatterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not cited:
        print("no URL to check")
        return 0
    try:
        found = run_linkchecker(sorted(cited), args.timeout)
    except (OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    broken = [Broken(url, result, tuple(sorted(cited.get(url, ())))) for url, result in sorted(found)]
    print(f"checked {len(cited)} URLs: {len(broken)} broken")
    for item in broken:
        print(f"  {item.url}: {item.result} (cited in {', '.join(item.cited_in)})")
    if broken:
        args.report.write_text(report(broken, len(cited)), encoding="utf-8")
        print(f"report: {args.report}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
