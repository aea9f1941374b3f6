"""List every page by its 'reviewed:' date, oldest first (`make review`).

Each line: the day the page was last checked against its sources, the day it is due again
(extra.review_after_days later), the page and its title, and whether it is overdue. Pages without
a usable date come first. The build fails on the same overdue pages; this list shows what is
coming. REVIEW_TODAY=YYYY-MM-DD looks ahead (or back): `REVIEW_TODAY=2027-04-01 make review`.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import pagemeta  # noqa: E402

_HEADING_RE = re.compile(r"^#\s+(.+?)\s*(\{[^}]*\})?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Row:
    src_uri: str
    title: str
    reviewed: datetime.date | None
    note: str = ""


def read_rows(docs_dir: Path) -> list[Row]:
    rows = []
    for path in sorted(docs_dir.rglob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        text = path.read_text(encoding="utf-8-sig")
        try:
            meta = pagemeta.read_front_matter(src_uri, text)
        except pagemeta.FrontMatterError as error:
            rows.append(Row(src_uri, "", None, str(error)))
            continue
        heading = _HEADING_RE.search(text)
        title = str(meta.get("title") or (heading.group(1) if heading else ""))
        day = pagemeta.reviewed_date(meta)
        note = "" if day else ("no 'reviewed:' date" if "reviewed" not in meta else "'reviewed:' is not a date")
        rows.append(Row(src_uri, title, day, note))
    return sorted(rows, key=lambda r: (r.reviewed is not None, r.reviewed or datetime.date.min, r.src_uri))


def render(rows: list[Row], today: datetime.date, after_days: int) -> str:
    lines = [f"{'reviewed':<10}  {'due':<10}  page"]
    overdue = 0
    for row in rows:
        if row.reviewed is None:
            lines.append(f"{'-':<10}  {'-':<10}  {row.src_uri}  {row.title}  [{row.note}]".rstrip())
            continue
        due = row.reviewed + datetime.timedelta(days=after_days)
        state = ""
        if due < today:
            overdue += 1
            state = f"  [OVERDUE by {(today - due).days} days]"
        elif row.reviewed > today:
            state = "  [in the future]"
        lines.append(f"{row.reviewed.isoformat()}  {due.isoformat()}  {row.src_uri}  {row.title}{state}")
    missing = sum(1 for r in rows if r.reviewed is None)
    lines.append(
        f"{len(rows)} pages: {overdue} overdue, {missing} without a date "
        f"(today {today.isoformat()}, review every {after_days} days: extra.review_after_days)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", default=str(ROOT / "mkdocs.yml"))
    args = parser.parse_args(argv)
    from mkdocs.config import load_config

    config = load_config(config_file=args.config_file)
    try:
        settings = pagemeta.Settings.from_extra(config.extra)
        today = pagemeta.today()
    except pagemeta.ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(render(read_rows(Path(config.docs_dir)), today, settings.review_after_days))
    return 0


if __name__ == "__main__":
    sys.exit(main())
